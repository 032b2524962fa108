import type { ControllerContext, Instance } from "../core/index.ts";

/**
 * Makes sure every shard `old` holds has its replication factor of copies on other healthy members
 * of its group before `old` goes, so a planned removal never drops a shard below RF. `preferred` (a
 * replacement) gets a copy of each shard first; further copies go to the least loaded members
 * lacking the shard. Returns false while a copy could not be made or no member can take one yet
 * (the caller retries and must not remove `old` before it returns true).
 */
export function drainOff(ctx: ControllerContext, old: Instance, preferred?: string): boolean {
  const group = old.group === undefined ? undefined : ctx.fleet.group(old.group);
  if (!group || group.replicationFactor === 0) return true;
  const healthy = ctx.fleet.members(group.name).filter((m) => m.id !== old.id && m.state === "running" && !m.impaired);
  const load = new Map<string, number>();
  for (let shard = 0; shard < group.shards; shard++) {
    const holders = ctx.fleet.replicas(group.name, shard);
    if (!holders.includes(old.id)) continue;
    if (preferred !== undefined && !holders.includes(preferred)) {
      if (!ctx.fleet.replicate(group.name, shard, preferred, ctx.actor)) return false;
    }
    const elsewhere = new Set(ctx.fleet.replicas(group.name, shard).filter((id) => id !== old.id));
    while (elsewhere.size < group.replicationFactor) {
      const target = healthy
        .filter((m) => !elsewhere.has(m.id))
        .sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || (a.id < b.id ? -1 : 1))[0];
      if (!target || !ctx.fleet.replicate(group.name, shard, target.id, ctx.actor)) return false;
      elsewhere.add(target.id);
      load.set(target.id, (load.get(target.id) ?? 0) + 1);
    }
  }
  return true;
}
