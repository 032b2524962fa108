import type { Controller, ControllerContext, HistoryEvent, Instance } from "../../core/index.ts";
import { controller } from "../define.ts";
import { createReplacer, type Replacer } from "../replacer.ts";
import { reactionMs } from "../retry.ts";

/**
 * Keeps groups on their current approved image: an instance launched from an unapproved image
 * is removed (or replaced when the group needs it), and when a group's image is promoted the
 * stale instances are rebuilt in a rolling, surge-first wave of at most maxUnavailable at a time.
 */
export function imageRebuilder(): Controller {
  return controller("image-rebuilder", (ctx) => {
    const replacer = createReplacer(ctx);
    ctx.on(["instance.launched"], (event) => {
      const launched = event as HistoryEvent<"instance.launched">;
      if (launched.group === undefined || launched.vmType !== "cattle") return;
      if (ctx.fleet.imageStatus(launched.imageId) === "approved") return;
      ctx.after(reactionMs(ctx), () => removeUnapproved(ctx, replacer, launched.instanceId));
    });
    ctx.on(["image.promoted"], (event) => {
      const promoted = event as HistoryEvent<"image.promoted">;
      const group = ctx.fleet.group(promoted.group);
      if (!group || group.vmType === "pet" || promoted.previousImageId === "") return;
      ctx.after(reactionMs(ctx), () => rollingRebuild(ctx, replacer, promoted.group, promoted.imageId, promoted.seq));
    });
  });
}

function removeUnapproved(ctx: ControllerContext, replacer: Replacer, instanceId: string): void {
  const instance = ctx.fleet.instance(instanceId);
  if (!instance || instance.state === "terminated" || instance.group === undefined) return;
  const group = ctx.fleet.group(instance.group);
  const others = ctx.fleet.members(instance.group).filter((m) => m.id !== instanceId && !m.impaired).length;
  if (group && others >= group.capacity) ctx.fleet.terminate(instanceId, ctx.actor, "unapproved-image");
  else replacer.surge(instance, "unapproved-image");
}

function rollingRebuild(ctx: ControllerContext, replacer: Replacer, groupName: string, imageId: string, cause: number): void {
  const group = ctx.fleet.group(groupName);
  if (!group) return;
  const queue: Instance[] = ctx.fleet.members(groupName).filter((m) => m.imageId !== imageId);
  const next = (): void => {
    const old = queue.shift();
    if (!old) return;
    if (ctx.fleet.currentImage(groupName).id !== imageId) return;
    const current = ctx.fleet.instance(old.id);
    if (!current || current.state === "terminated") return next();
    replacer.surge(current, "stale-image", next, cause);
  };
  for (let i = 0; i < Math.max(1, group.maxUnavailable); i++) next();
}
