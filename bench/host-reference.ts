// Child process of the benchmark: times a fixed workload that uses none of cattleprod's code, so a slow figure can be
// told apart from a slow machine. The host's speed drifts by half within an hour here; a fleet figure means little
// without the reference measured beside it. Prints the median of five repetitions, in milliseconds, as JSON.

/** The workload: the simulator's kind of work (small objects kept in string-keyed maps, lookups, a numeric sort). */
function workload(): number {
  let state = 1;
  const next = (): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  const size = 150_000;
  const objects = new Map<string, { readonly id: string; readonly n: number; readonly atMs: number }>();
  for (let i = 0; i < size; i++) {
    const id = `i-${String(i).padStart(6, "0")}`;
    objects.set(id, { id, n: i, atMs: next() * 3e9 });
  }
  let sum = 0;
  for (let j = 0; j < 600_000; j++) sum += objects.get(`i-${String(Math.floor(next() * size)).padStart(6, "0")}`)?.n ?? 0;
  const times = Array.from(objects.values(), (o) => o.atMs).sort((a, b) => a - b);
  return sum + (times[0] ?? 0);
}

const millis: number[] = [];
let checksum = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  checksum += workload();
  millis.push(performance.now() - t0);
}
millis.sort((a, b) => a - b);
process.stdout.write(`${JSON.stringify({ medianMs: millis[2], allMs: millis, checksum })}\n`);
