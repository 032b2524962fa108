/** One stretch of time during which a group's healthy count stayed below a threshold. */
export interface Dip {
  readonly startMs: number;
  /** End of the stretch (exclusive), or the end of the examined range when it never recovered. */
  readonly endMs: number;
  /** Lowest healthy count within the stretch. */
  readonly lowest: number;
  /** Seq of the event that started the stretch. */
  readonly seq: number;
  readonly recovered: boolean;
}

/**
 * Healthy-count change points of one group. The count at a time is the count after every event
 * at that time, so a dip that opens and closes within the same millisecond is not a dip.
 */
export class HealthTimeline {
  private readonly times: number[] = [];
  private readonly counts: number[] = [];
  private readonly seqs: number[] = [];
  private readonly nextCache = new Map<number, Int32Array>();

  constructor(readonly group: string) {}

  /** Number of change points (for tests and diagnostics). */
  get size(): number {
    return this.times.length;
  }

  /** Records the count after the event `seq` at `atMs` (a time earlier than the last counts as the last). */
  record(eventAtMs: number, count: number, seq: number): void {
    if (this.nextCache.size > 0) this.nextCache.clear();
    const last = this.times.length - 1;
    const atMs = last >= 0 ? Math.max(eventAtMs, this.times[last] as number) : eventAtMs;
    if (last >= 0 && this.times[last] === atMs) {
      this.counts[last] = count;
      this.seqs[last] = seq;
      if (last >= 1 && this.counts[last - 1] === count) this.pop();
      return;
    }
    if (last >= 0 && this.counts[last] === count) return;
    if (last < 0 && count === 0) return;
    this.times.push(atMs);
    this.counts.push(count);
    this.seqs.push(seq);
  }

  /** Healthy count at `atMs` (after every event at that time). */
  at(atMs: number): number {
    const i = this.indexAt(atMs);
    return i < 0 ? 0 : (this.counts[i] as number);
  }

  /**
   * The first time in `[fromMs, untilMs]` at which the count is at least `n`, with the seq of the
   * event that made it so; undefined when it never is in that range. O(log n) after the first call per `n`.
   */
  firstAtLeast(n: number, fromMs: number, untilMs: number): { atMs: number; seq: number } | undefined {
    const i = this.indexAt(fromMs);
    if (i >= 0 && (this.counts[i] as number) >= n) return { atMs: fromMs, seq: this.seqs[i] as number };
    const next = this.nextAtLeast(n);
    const j = i + 1 < this.times.length ? (next[i + 1] as number) : -1;
    if (j < 0 || (this.times[j] as number) > untilMs) return undefined;
    return { atMs: this.times[j] as number, seq: this.seqs[j] as number };
  }

  /** First time at or after `fromMs` at which the count reaches `n`; undefined if never. */
  firstReaching(n: number, fromMs = Number.NEGATIVE_INFINITY): number | undefined {
    return this.firstAtLeast(n, fromMs, Number.POSITIVE_INFINITY)?.atMs;
  }

  /** Lowest healthy count in `[fromMs, toMs]`. */
  lowestBetween(fromMs: number, toMs: number): number {
    let i = this.indexAt(fromMs);
    let lowest = i < 0 ? 0 : (this.counts[i] as number);
    for (i += 1; i < this.times.length && (this.times[i] as number) <= toMs; i++) lowest = Math.min(lowest, this.counts[i] as number);
    return lowest;
  }

  /** Every stretch in `[fromMs, toMs)` during which the count was below `n`. */
  dipsBelow(n: number, fromMs: number, toMs: number): Dip[] {
    const dips: Dip[] = [];
    let open: { startMs: number; lowest: number; seq: number } | undefined;
    const start = this.indexAt(fromMs);
    if (start < 0 ? n > 0 : (this.counts[start] as number) < n) {
      open = {
        startMs: fromMs,
        lowest: start < 0 ? 0 : (this.counts[start] as number),
        seq: start < 0 ? -1 : (this.seqs[start] as number),
      };
    }
    for (let i = Math.max(start + 1, 0); i < this.times.length && (this.times[i] as number) < toMs; i++) {
      const atMs = this.times[i] as number;
      const count = this.counts[i] as number;
      if (atMs < fromMs) continue;
      if (count < n) {
        if (open) open.lowest = Math.min(open.lowest, count);
        else open = { startMs: atMs, lowest: count, seq: this.seqs[i] as number };
      } else if (open) {
        dips.push({ ...open, endMs: atMs, recovered: true });
        open = undefined;
      }
    }
    if (open) dips.push({ ...open, endMs: toMs, recovered: false });
    return dips;
  }

  /** For each change point, the index of the first point at or after it with a count >= n (-1 if none). */
  private nextAtLeast(n: number): Int32Array {
    let next = this.nextCache.get(n);
    if (next && next.length === this.times.length) return next;
    next = new Int32Array(this.times.length);
    let found = -1;
    for (let i = this.times.length - 1; i >= 0; i--) {
      if ((this.counts[i] as number) >= n) found = i;
      next[i] = found;
    }
    this.nextCache.set(n, next);
    return next;
  }

  private pop(): void {
    this.times.pop();
    this.counts.pop();
    this.seqs.pop();
  }

  /** Index of the last change point at or before `atMs`, or -1. */
  private indexAt(atMs: number): number {
    let lo = 0;
    let hi = this.times.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.times[mid] as number) <= atMs) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
