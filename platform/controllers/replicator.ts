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
    const healthy = ctx.fleet.members(group).filter((m) => m.state === "running" && !m.impaired);
    // Members by position in `healthy`: copies made on each in this pass, and whether it holds the shard at hand.
    const at = new Map(healthy.map((m, i) => [m.id, i]));
    const load = new Int32Array(healthy.length);
    const holds = new Uint8Array(healthy.length);
    for (const shard of short) {
      const replicas = ctx.fleet.replicas(group, shard);
      if (replicas.length === 0) continue;
      let missing = spec.replicationFactor - replicas.length;
      for (const id of replicas) holds[at.get(id) ?? -1] = 1;
      // Least loaded first (loads as they stood before this shard), members in group order among equals.
      const before = load.slice();
      const most = before.reduce((a, b) => Math.max(a, b), 0);
      for (let level = 0; level <= most && missing > 0; level++)
        for (let i = 0; i < healthy.length && missing > 0; i++) {
          if (holds[i] === 1 || before[i] !== level) continue;
          if (ctx.fleet.replicate(group, shard, (healthy[i] as Instance).id, ctx.actor)) {
            load[i] = (load[i] as number) + 1;
            missing--;
          }
        }
      holds.fill(0);
    }
  }
  return ctx.fleet.underReplicated(group).every((shard) => ctx.fleet.replicas(group, shard).length === 0);
}
