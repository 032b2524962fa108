/** Ties at the same time break by priority, then insertion order: both packed in one rank (exact in a double). */
const ORDERS_PER_PRIORITY = 2 ** 32;

/**
 * Binary min-heap of timed tasks: O(log n) schedule and pop, never a scan of pending work. Ties break by priority,
 * then insertion order, so runs are deterministic. The keys live in typed arrays (a sift compares numbers side by
 * side instead of following a pointer per comparison); a cancelled task is marked by its insertion number and
 * skipped when it reaches the top.
 */
export class EventQueue {
  private times = new Float64Array(64);
  private ranks = new Float64Array(64);
  /** Tasks by heap position; positions past the end hold {@link NOOP} (the array never shrinks). */
  private readonly tasks: Array<() => void> = [];
  /** One flag per insertion number: set when that task was cancelled. */
  private cancelled = new Uint8Array(64);
  private length = 0;
  private order = 0;

  get size(): number {
    return this.length;
  }

  /**
   * Schedules `task` at `atMs`; returns a cancel function (cancelled tasks are skipped on pop).
   * Among tasks due at the same time, lower `priority` runs first, then insertion order.
   */
  push(atMs: number, task: () => void, priority = 1): () => void {
    const order = this.order++;
    if (order === this.cancelled.length) this.cancelled = grown(this.cancelled, this.cancelled.length * 2);
    this.insert(atMs, priority * ORDERS_PER_PRIORITY + order, task);
    return () => {
      this.cancelled[order] = 1;
    };
  }

  /** Time of the next live task, or undefined. */
  peekMs(): number | undefined {
    this.dropCancelled();
    return this.length > 0 ? this.times[0] : undefined;
  }

  /** Removes the next live task and returns it (call {@link peekMs} first for its time); undefined when none is left. */
  popTask(): (() => void) | undefined {
    this.dropCancelled();
    if (this.length === 0) return undefined;
    const task = this.tasks[0] as () => void;
    this.removeTop();
    return task;
  }

  /** Removes and returns the next live task with its time. */
  pop(): { atMs: number; task: () => void } | undefined {
    const atMs = this.peekMs();
    if (atMs === undefined) return undefined;
    return { atMs, task: this.popTask() as () => void };
  }

  private dropCancelled(): void {
    while (this.length > 0 && this.cancelled[(this.ranks[0] as number) % ORDERS_PER_PRIORITY] === 1) this.removeTop();
  }

  private insert(atMs: number, rank: number, task: () => void): void {
    if (this.length === this.times.length) {
      this.times = grown(this.times, this.length * 2);
      this.ranks = grown(this.ranks, this.length * 2);
    }
    const { times, ranks, tasks } = this;
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentMs = times[parent] as number;
      if (parentMs < atMs || (parentMs === atMs && (ranks[parent] as number) < rank)) break;
      times[i] = parentMs;
      ranks[i] = ranks[parent] as number;
      tasks[i] = tasks[parent] as () => void;
      i = parent;
    }
    times[i] = atMs;
    ranks[i] = rank;
    tasks[i] = task;
  }

  private removeTop(): void {
    const { times, ranks, tasks } = this;
    const n = --this.length;
    const lastMs = times[n] as number;
    const lastRank = ranks[n] as number;
    const lastTask = tasks[n] as () => void;
    tasks[n] = NOOP;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      let childMs = times[child] as number;
      let childRank = ranks[child] as number;
      const right = child + 1;
      if (right < n) {
        const rightMs = times[right] as number;
        const rightRank = ranks[right] as number;
        if (rightMs < childMs || (rightMs === childMs && rightRank < childRank)) {
          child = right;
          childMs = rightMs;
          childRank = rightRank;
        }
      }
      if (lastMs < childMs || (lastMs === childMs && lastRank < childRank)) break;
      times[i] = childMs;
      ranks[i] = childRank;
      tasks[i] = tasks[child] as () => void;
      i = child;
    }
    times[i] = lastMs;
    ranks[i] = lastRank;
    tasks[i] = lastTask;
  }
}

const NOOP = (): void => {};

function grown<T extends Float64Array | Uint8Array>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}
