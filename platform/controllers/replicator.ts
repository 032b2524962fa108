import type { Controller, ControllerContext, HistoryEvent } from "../../core/index.ts";
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
  const load = new Map<string, number>();
  const healthy = ctx.fleet.members(group).filter((m) => m.state === "running" && !m.impaired);
  for (const shard of ctx.fleet.underReplicated(group)) {
    const holders = new Set(ctx.fleet.replicas(group, shard));
    if (holders.size === 0) continue;
    let missing = spec.replicationFactor - holders.size;
    const candidates = healthy.filter((m) => !holders.has(m.id));
    // Least loaded first, members in group order among equals (a stable sort); nothing to sort before the first copy.
    if (load.size > 0) candidates.sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0));
    for (const candidate of candidates) {
      if (missing <= 0) break;
      if (ctx.fleet.replicate(group, shard, candidate.id, ctx.actor)) {
        load.set(candidate.id, (load.get(candidate.id) ?? 0) + 1);
        missing--;
      }
    }
  }
  return ctx.fleet.underReplicated(group).every((shard) => ctx.fleet.replicas(group, shard).length === 0);
}
