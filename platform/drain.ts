import type { ControllerContext, GroupSpec, Instance } from "../core/index.ts";

/**
 * Makes sure every shard `old` holds has its replication factor of copies on other healthy members
 * of its group before `old` goes, so a planned removal never drops a shard below RF. `preferred` (a
 * replacement) gets a copy of each shard first; further copies go to the least loaded members
 * lacking the shard. Returns false while a copy could not be made or no member can take one yet
 * (the caller retries and must not remove `old` before it returns true).
 */
export function drainOff(ctx: ControllerContext, old: Instance, preferred?: string): boolean {
  const group = old.group === undefined ? undefined : ctx.fleet.group(old.group);
  // Most groups hold no data: answered here, before anything (closures included) is allocated.
  if (!group || group.replicationFactor === 0) return true;
  return copyShards(ctx, group, old, preferred);
}

/** {@link drainOff} for a group that replicates data. */
function copyShards(ctx: ControllerContext, group: GroupSpec, old: Instance, preferred: string | undefined): boolean {
  // Members that may take a copy, listed once the first copy beyond `preferred` is needed (copies change no state).
  let healthy: Instance[] | undefined;
  const load = new Map<string, number>();
  for (let shard = 0; shard < group.shards; shard++) {
    const holders = ctx.fleet.replicas(group.name, shard);
    if (!holders.includes(old.id)) continue;
    if (preferred !== undefined && !holders.includes(preferred)) {
      if (!ctx.fleet.replicate(group.name, shard, preferred, ctx.actor)) return false;
    }
    const elsewhere = new Set(ctx.fleet.replicas(group.name, shard));
    elsewhere.delete(old.id);
    while (elsewhere.size < group.replicationFactor) {
      healthy ??= ctx.fleet.members(group.name).filter((m) => m.id !== old.id && m.state === "running" && !m.impaired);
      const target = leastLoaded(healthy, elsewhere, load);
      if (!target || !ctx.fleet.replicate(group.name, shard, target.id, ctx.actor)) return false;
      elsewhere.add(target.id);
      load.set(target.id, (load.get(target.id) ?? 0) + 1);
    }
  }
  return true;
}

/** The member without the shard that took the fewest copies so far (ties: the smallest id); undefined when none. */
function leastLoaded(members: readonly Instance[], holders: ReadonlySet<string>, load: ReadonlyMap<string, number>): Instance | undefined {
  let best: Instance | undefined;
  let bestLoad = 0;
  for (const member of members) {
    if (holders.has(member.id)) continue;
    const taken = load.get(member.id) ?? 0;
    if (best === undefined || taken < bestLoad || (taken === bestLoad && member.id < best.id)) {
      best = member;
      bestLoad = taken;
    }
  }
  return best;
}
