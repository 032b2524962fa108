/** One shard of a run: the `index`-th (1-based) of `total`. */
export interface Shard {
  readonly index: number;
  readonly total: number;
}

/**
 * The scenarios of one shard: the list sorted by name (then file) and dealt round-robin, so
 * shard i of n gets items i-1, i-1+n, ... Every scenario lands in exactly one shard, and the
 * split depends only on the names.
 *
 * @example selectShard(["a", "b", "c"].map((name) => ({ name })), { index: 2, total: 2 }) // [{ name: "b" }]
 */
export function selectShard<T extends { readonly name: string; readonly file?: string | undefined }>(
  items: readonly T[],
  shard: Shard,
): T[] {
  return sortByName(items).filter((_, i) => i % shard.total === shard.index - 1);
}

/** Sorted by name, then file: the order of scenarios in every run record. */
export function sortByName<T extends { readonly name: string; readonly file?: string | null | undefined }>(items: readonly T[]): T[] {
  const key = (item: T) => `${item.name}\u0000${item.file ?? ""}`;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
