/** Appends `value` to the list under `key`, creating it. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Groups items into lists by key, keeping their order. */
export function groupBy<K, V>(items: Iterable<V>, keyOf: (item: V) => K | undefined): Map<K, V[]> {
  const map = new Map<K, V[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key !== undefined) pushTo(map, key, item);
  }
  return map;
}
