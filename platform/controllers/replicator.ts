import type { Controller, ControllerContext, HistoryEvent, Instance } from "../../core/index.ts";
import { controller } from "../define.ts";
import { reactionMs } from "../retry.ts";

/**
 * Cattle re-replication: after a replica is lost, copies each under-replicated shard from a
 * survivor to the healthy member with the lightest load that lacks it.
 */
export function replicator(): Controller {
  return controller("replicator", (ctx) => {
    const scheduled = new Set<string>();
    const repairSoon = (group: string): void => {
      if (scheduled.has(group)) return;
      scheduled.add(group);
      ctx.after(reactionMs(ctx, 60_000, 60_000), () => {
        scheduled.delete(group);
        if (!repair(ctx, group)) ctx.after(30_000, () => repairSoon(group));
      });
    };
    ctx.on(["data.replica-lost"], (event) => repairSoon((event as HistoryEvent<"data.replica-lost">).group));
    ctx.on(["instance.running"], (event) => {
      const group = (event as HistoryEvent<"instance.running">).group;
      if (group !== undefined && ctx.fleet.underReplicated(group).length > 0) repairSoon(group);
    });
  });
}

/** Returns true when every shard of the group is back at its replication factor. */
function repair(ctx: ControllerContext, group: string): boolean {
  const spec = ctx.fleet.group(group);
  if (!spec) return true;
  const short = ctx.fleet.underReplicated(group);
  if (short.length > 0) {
    // Healthy members in group order, found as far as the search needs them: a repair mostly copies a shard or two
    // to the first members that lack it, and each member looked at is a fetch from memory.
    const members = ctx.fleet.members(group);
    const healthy: Instance[] = [];
    let scanned = 0;
    const healthyAt = (i: number): Instance | undefined => {
      while (healthy.length <= i && scanned < members.length) {
        const m = members[scanned++] as Instance;
        if (m.state === "running" && !m.impaired) healthy.push(m);
      }
      return healthy[i];
    };
    // Copies made on each member (by position in `healthy`) in this pass.
    const load = new Int32Array(members.length);
    for (const shard of short) {
      const replicas = ctx.fleet.replicas(group, shard);
      if (replicas.length === 0) continue;
      let missing = spec.replicationFactor - replicas.length;
      // Least loaded first (loads as they stood before this shard), members in group order among equals.
      const before = load.slice();
      let most = 0;
      for (let i = 0; i < healthy.length; i++) most = Math.max(most, before[i] as number);
      for (let level = 0; level <= most && missing > 0; level++)
        for (let i = 0; missing > 0; i++) {
          const member = healthyAt(i);
          if (member === undefined) break;
          if (before[i] !== level || replicas.includes(member.id)) continue;
          if (ctx.fleet.replicate(group, shard, member.id, ctx.actor)) {
            load[i] = (load[i] as number) + 1;
            missing--;
          }
        }
    }
  }
  return ctx.fleet.underReplicated(group).every((shard) => ctx.fleet.replicas(group, shard).length === 0);
}
