import type { Controller, HistoryEvent } from "../../core/index.ts";
import { controller } from "../define.ts";
import { createReplacer } from "../replacer.ts";
import { reactionMs, retry } from "../retry.ts";

/**
 * Handles configuration drift by VM type: cattle get the desired configuration re-applied,
 * immutable instances are replaced (never repaired in place), pets get the manual change
 * recorded with the actor who made it.
 */
export function driftManager(): Controller {
  return controller("drift-manager", (ctx) => {
    const replacer = createReplacer(ctx);
    ctx.on(["config.drifted"], (event) => {
      const drift = event as HistoryEvent<"config.drifted">;
      const instance = ctx.fleet.instance(drift.instanceId);
      if (!instance) return;
      ctx.after(reactionMs(ctx, 60_000, 4 * 60_000), () => {
        const current = ctx.fleet.instance(drift.instanceId);
        if (!current) return;
        // A manual change on a pet is recorded even when the pet is gone by now: the audit trail outlives it.
        if (current.state === "terminated" && current.vmType !== "pet") return;
        if (current.vmType === "cattle") {
          retry(
            ctx,
            () => current.actualConfig === current.desiredConfig || ctx.fleet.applyDesiredConfig(current.id, ctx.actor, drift.seq),
          );
        } else if (current.vmType === "immutable") {
          replacer.surge(current, "drift", undefined, drift.seq);
        } else if (current.vmType === "pet") {
          ctx.fleet.record(
            "config.recorded",
            { instanceId: current.id, changedBy: drift.actor, driftSeq: drift.seq },
            ctx.actor,
            drift.seq,
          );
        }
      });
    });
  });
}
