import type { Controller, ControllerContext, HistoryEvent, Instance } from "../../core/index.ts";
import { controller } from "../define.ts";
import { reactionMs, retry } from "../retry.ts";

/**
 * Patches pets and cattle in place, spread over the first half of the patch SLA (at most a
 * day); immutable servers are never patched in place: the patcher builds a new image through
 * the pipeline and the rebuilder rolls it out by replacement.
 */
export function patcher(): Controller {
  return controller("patcher", (ctx) => {
    const patchSoon = (instance: Instance, level: number, spreadMs: number, cause: number): void => {
      ctx.after(reactionMs(ctx, 10 * 60_000, spreadMs), () =>
        retry(ctx, () => {
          const current = ctx.fleet.instance(instance.id);
          return (
            !current ||
            current.state === "terminated" ||
            current.patchLevel >= level ||
            ctx.fleet.patchInPlace(instance.id, level, ctx.actor, cause)
          );
        }),
      );
    };
    ctx.on(["patch.released"], (event) => {
      const release = event as HistoryEvent<"patch.released">;
      const spreadMs = Math.max(60_000, Math.min(ctx.spec.bounds.patchSlaMs / 2, 86_400_000) - 10 * 60_000);
      for (const instance of ctx.fleet.list()) {
        if (instance.vmType === "pet" || instance.vmType === "cattle") patchSoon(instance, release.level, spreadMs, release.seq);
      }
      for (const group of ctx.spec.groups) if (group.vmType === "immutable") buildPatchedImage(ctx, group.name, release.level, release.seq);
    });
    ctx.on(["instance.running"], (event) => {
      const instance = ctx.fleet.instance((event as HistoryEvent<"instance.running">).instanceId);
      const level = ctx.fleet.releasedPatchLevel();
      if (!instance || instance.patchLevel >= level || (instance.vmType !== "pet" && instance.vmType !== "cattle")) return;
      patchSoon(instance, level, 5 * 60_000, event.seq);
    });
  });
}

function buildPatchedImage(ctx: ControllerContext, group: string, level: number, cause: number): void {
  const base = ctx.fleet.currentImage(group);
  if (base.patchLevel >= level) return;
  const image = ctx.fleet.registerImage(
    {
      name: `${base.name.replace(/-p\d+$/, "")}-p${level}`,
      group,
      stage: 3,
      builtBy: "pipeline",
      patchLevel: level,
      vulnerable: false,
      manifest: { accounts: [], remoteShell: false },
    },
    "pipeline",
    cause,
  );
  ctx.fleet.submitImage(image.id, "pipeline", cause, `release:patch-${level}`);
}
