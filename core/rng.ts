/**
 * Seeded randomness. Every subsystem takes its own stream with `fork(label)`, so adding a
 * controller never changes the chaos sequence.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A new, independent stream derived from this stream's seed and `label`. */
  fork(label: string): Rng;
  /** Picks `count` distinct items (order is the draw order). */
  sample<T>(items: readonly T[], count: number): T[];
  /** The positions `sample` would pick from `length` items, in draw order (the same draws; no items needed). */
  sampleIndexes(length: number, count: number): number[];
  /** The seed this stream was made from. */
  readonly seed: number;
}

function hashLabel(seed: number, label: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  }
  return mix32(h);
}

function mix32(x: number): number {
  let z = (x + 0x6d2b79f5) >>> 0;
  z = Math.imul(z ^ (z >>> 15), z | 1);
  z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
  return (z ^ (z >>> 14)) >>> 0;
}

/** mulberry32: small, fast, good enough for simulation; never Math.random. */
class Mulberry32 implements Rng {
  readonly seed: number;
  private state: number;
  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.state = this.seed;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  fork(label: string): Rng {
    return new Mulberry32(hashLabel(this.seed, label));
  }
  sample<T>(items: readonly T[], count: number): T[] {
    return this.sampleIndexes(items.length, count).map((at) => items[at] as T);
  }
  sampleIndexes(length: number, count: number): number[] {
    // Fisher-Yates over the first `take` positions, with the swapped positions kept in a map:
    // the same draws as shuffling a copy, without copying a large pool for a small sample.
    const take = Math.min(count, length);
    const swapped = new Map<number, number>();
    const out: number[] = [];
    for (let i = 0; i < take; i++) {
      const j = i + this.int(length - i);
      const atJ = swapped.get(j) ?? j;
      swapped.set(j, swapped.get(i) ?? i);
      out.push(atJ);
    }
    return out;
  }
}

/** Creates the root random stream of a run. */
export function createRng(seed: number): Rng {
  return new Mulberry32(seed);
}
