/** Appends `value` to the list under `key`, creating it. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Groups items into lists by key, keeping their order. */
export function groupBy<K, V>(items: readonly V[], keyOf: (item: V) => K | undefined): Map<K, V[]> {
  const map = new Map<K, V[]>();
  // By position: a for-of loop allocates a result object per item until the loop is optimized, and a checker's loop
  // over every event or instance runs once.
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as V;
    const key = keyOf(item);
    if (key !== undefined) pushTo(map, key, item);
  }
  return map;
}
