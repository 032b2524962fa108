import type { Controller, HistoryEvent } from "../../core/index.ts";
import { controller } from "../define.ts";
import { reactionMs, retry } from "../retry.ts";

/** Inventory: an instance without a VM type tag is flagged and terminated. */
export function inventory(): Controller {
  return controller("inventory", (ctx) => {
    ctx.on(["instance.launched"], (event) => {
      const launched = event as HistoryEvent<"instance.launched">;
      if (launched.vmType !== undefined) return;
      ctx.after(reactionMs(ctx), () => {
        if (ctx.fleet.instance(launched.instanceId)?.state === "terminated") return;
        ctx.fleet.record("instance.untagged-detected", { instanceId: launched.instanceId }, ctx.actor, launched.seq);
        retry(
          ctx,
          () =>
            ctx.fleet.instance(launched.instanceId)?.state === "terminated" ||
            ctx.fleet.terminate(launched.instanceId, ctx.actor, "untagged", launched.seq),
        );
      });
    });
  });
}

/** Only the pipeline (and the platform itself) deploys immutable servers; manual launches are terminated. */
export function deployGuard(): Controller {
  return controller("deploy-guard", (ctx) => {
    ctx.on(["instance.launched"], (event) => {
      const launched = event as HistoryEvent<"instance.launched">;
      if (launched.vmType !== "immutable" || launched.actor === "pipeline" || launched.actor.startsWith("platform/")) return;
      ctx.after(reactionMs(ctx), () =>
        retry(
          ctx,
          () =>
            ctx.fleet.instance(launched.instanceId)?.state === "terminated" ||
            ctx.fleet.terminate(launched.instanceId, ctx.actor, "manual-launch", launched.seq),
        ),
      );
    });
  });
}
