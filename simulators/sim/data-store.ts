/**
 * Replicated data of cattle groups: which instances hold which shard. Models placement only;
 * it ignores bytes, bandwidth and consistency.
 */
export class DataStore {
  /** group -> shard -> holders (insertion ordered). */
  private readonly holders = new Map<string, Array<Set<string>>>();
  /** instance -> shards it holds. */
  private readonly byInstance = new Map<string, Array<{ group: string; shard: number }>>();
  private readonly factor = new Map<string, number>();
  /** group -> shards below the replication factor, kept on every place and drop (no scan of the shards). */
  private readonly short = new Map<string, Set<number>>();

  /** Declares a data group. */
  addGroup(group: string, shards: number, replicationFactor: number): void {
    this.holders.set(
      group,
      Array.from({ length: shards }, () => new Set<string>()),
    );
    this.factor.set(group, replicationFactor);
    this.short.set(group, new Set(replicationFactor > 0 ? Array.from({ length: shards }, (_, shard) => shard) : []));
  }

  hasGroup(group: string): boolean {
    return this.holders.has(group);
  }

  shardCount(group: string): number {
    return this.holders.get(group)?.length ?? 0;
  }

  replicationFactor(group: string): number {
    return this.factor.get(group) ?? 0;
  }

  replicas(group: string, shard: number): readonly string[] {
    return [...(this.holders.get(group)?.[shard] ?? [])];
  }

  /** Adds a copy; returns the new copy count, or -1 if it was already there or the shard is unknown. */
  place(group: string, shard: number, instanceId: string): number {
    const set = this.holders.get(group)?.[shard];
    if (!set || set.has(instanceId)) return -1;
    set.add(instanceId);
    if (set.size >= this.replicationFactor(group)) this.short.get(group)?.delete(shard);
    let list = this.byInstance.get(instanceId);
    if (!list) this.byInstance.set(instanceId, (list = []));
    list.push({ group, shard });
    return set.size;
  }

  /** Drops every copy an instance held; returns each shard with its remaining copies. */
  dropInstance(instanceId: string): Array<{ group: string; shard: number; copies: number }> {
    const list = this.byInstance.get(instanceId);
    if (!list) return [];
    this.byInstance.delete(instanceId);
    return list.map(({ group, shard }) => {
      const set = this.holders.get(group)?.[shard] as Set<string>;
      set.delete(instanceId);
      if (set.size < this.replicationFactor(group)) this.short.get(group)?.add(shard);
      return { group, shard, copies: set.size };
    });
  }

  /** Shards below the replication factor. */
  underReplicated(group: string): readonly number[] {
    const short = this.short.get(group);
    return short === undefined || short.size === 0 ? NO_SHARDS : [...short].sort((a, b) => a - b);
  }

  /** How many shards an instance holds. */
  load(instanceId: string): number {
    return this.byInstance.get(instanceId)?.length ?? 0;
  }
}

/** The answer for a group with every shard at its replication factor (most groups, most of the time). */
const NO_SHARDS: readonly number[] = Object.freeze([]);
