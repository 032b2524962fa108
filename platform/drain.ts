import type { ControllerContext, Instance } from "../core/index.ts";

/**
 * Copies every shard `old` holds onto another healthy member of its group before `old` goes, so a
 * planned removal never drops a shard below its replication factor. `preferred` (a replacement)
 * gets the copies first; otherwise the least loaded member lacking the shard does. Returns false
 * while a needed copy could not be made (the caller retries and must not remove `old` yet).
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
      continue;
    }
    if (holders.length - 1 >= group.replicationFactor) continue;
    const target = healthy
      .filter((m) => !holders.includes(m.id))
      .sort((a, b) => (load.get(a.id) ?? 0) - (load.get(b.id) ?? 0) || (a.id < b.id ? -1 : 1))[0];
    if (!target || !ctx.fleet.replicate(group.name, shard, target.id, ctx.actor)) return false;
    load.set(target.id, (load.get(target.id) ?? 0) + 1);
  }
  return true;
}
