import type { Controller, ControllerContext, GroupSpec, HistoryEvent, Instance } from "../../core/index.ts";
import { controller } from "../define.ts";
import { reactionMs, retry } from "../retry.ts";

/**
 * Keeps cattle and immutable groups at capacity: a crashed node is terminated, and every
 * deficit is filled from the group's current image in the least loaded zone. Pets are never
 * replaced: a crashed pet is rebooted in place.
 */
export function selfHealer(): Controller {
  return controller("self-healer", (ctx) => {
    const lost = new Map<string, string[]>();
    const scheduled = new Set<string>();

    const reconcileSoon = (group: string): void => {
      if (scheduled.has(group)) return;
      scheduled.add(group);
      ctx.after(reactionMs(ctx), () => {
        scheduled.delete(group);
        reconcile(ctx, group, lost);
      });
    };

    ctx.on(["instance.terminated", "instance.crashed"], (event) => {
      const { instanceId, group } = event as HistoryEvent<"instance.terminated">;
      const spec = group === undefined ? undefined : ctx.fleet.group(group);
      if (!spec || group === undefined) return;
      if (spec.vmType === "pet") {
        if (event.kind === "instance.crashed")
          ctx.after(reactionMs(ctx, 5 * 60_000, 5 * 60_000), () =>
            retry(ctx, () => ctx.fleet.recover(instanceId, ctx.actor, event.seq) || !ctx.fleet.instance(instanceId)?.impaired),
          );
        return;
      }
      const instance = ctx.fleet.instance(instanceId);
      if (event.kind === "instance.terminated" && instance && countsTowardCapacity(ctx, instance)) {
        let list = lost.get(group);
        if (!list) lost.set(group, (list = []));
        list.push(instanceId);
      }
      reconcileSoon(group);
    });

    // Desired capacity works both ways: once nothing is booting, surplus nodes (a stopped node
    // that came back after it was replaced) are removed, stale and oldest first.
    const scaleInScheduled = new Set<string>();
    ctx.on(["instance.running"], (event) => {
      const group = (event as HistoryEvent<"instance.running">).group;
      const spec = group === undefined ? undefined : ctx.fleet.group(group);
      if (!spec || spec.vmType === "pet" || group === undefined || scaleInScheduled.has(group)) return;
      scaleInScheduled.add(group);
      ctx.after(reactionMs(ctx), () => {
        scaleInScheduled.delete(group);
        scaleIn(ctx, spec);
      });
    });
  });
}

function scaleIn(ctx: ControllerContext, group: GroupSpec): void {
  const members = ctx.fleet.members(group.name).filter((m) => countsTowardCapacity(ctx, m) && !m.impaired);
  if (members.some((m) => m.state !== "running")) return;
  const current = ctx.fleet.currentImage(group.name).id;
  const surplus = members
    .sort((a, b) => Number(a.imageId === current) - Number(b.imageId === current) || a.createdAtMs - b.createdAtMs)
    .slice(0, Math.max(0, members.length - group.capacity));
  for (const extra of surplus) ctx.fleet.terminate(extra.id, ctx.actor, "scale-in");
}

/**
 * Instances that other controllers will remove do not fill capacity: untagged ones, ones on
 * unapproved images, and immutable servers not deployed by the pipeline or the platform.
 */
export function countsTowardCapacity(ctx: ControllerContext, instance: Instance): boolean {
  if (instance.vmType === undefined) return false;
  if (ctx.fleet.imageStatus(instance.imageId) !== "approved") return false;
  return instance.vmType !== "immutable" || instance.launchedBy === "pipeline" || instance.launchedBy.startsWith("platform/");
}

function reconcile(ctx: ControllerContext, groupName: string, lost: Map<string, string[]>): void {
  const group = ctx.fleet.group(groupName) as GroupSpec;
  const gone = lost.get(groupName) ?? [];
  lost.delete(groupName);
  for (const member of ctx.fleet.members(groupName).filter((m) => m.impaired)) {
    if (ctx.fleet.terminate(member.id, ctx.actor, "unhealthy")) gone.push(member.id);
  }
  // One pass over the group: zone load and the instances that count toward capacity.
  const zoneLoad = new Map(group.zones.map((zone) => [zone, 0]));
  let serving = 0;
  for (const member of ctx.fleet.members(groupName)) {
    zoneLoad.set(member.zone, (zoneLoad.get(member.zone) ?? 0) + 1);
    if (!member.impaired && member.state !== "stopped" && countsTowardCapacity(ctx, member)) serving++;
  }
  const imageId = ctx.fleet.currentImage(groupName).id;
  for (let i = serving; i < group.capacity; i++) {
    const replaces = gone.shift();
    let zone = group.zones[0] as string;
    for (const candidate of group.zones) if ((zoneLoad.get(candidate) ?? 0) < (zoneLoad.get(zone) ?? 0)) zone = candidate;
    const result = ctx.fleet.launch({ group: groupName, imageId, zone, ...(replaces ? { replaces } : {}) }, ctx.actor);
    if (!result.ok) {
      // Throttled or refused: keep what is left for the next attempt.
      lost.set(groupName, [...(replaces ? [replaces] : []), ...gone, ...(lost.get(groupName) ?? [])]);
      ctx.after(10_000 + ctx.rng.int(10_000), () => reconcile(ctx, groupName, lost));
      return;
    }
    zoneLoad.set(zone, (zoneLoad.get(zone) ?? 0) + 1);
  }
}
