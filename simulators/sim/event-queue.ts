/** A task due at a virtual time. Ties break by priority, then insertion order, so runs are deterministic. */
interface Entry {
  readonly atMs: number;
  /** Lower runs first among tasks due at the same time (chaos injections use 0). */
  readonly priority: number;
  readonly order: number;
  readonly task: () => void;
  cancelled: boolean;
}

/**
 * Binary min-heap of timed tasks: O(log n) schedule and pop, never a scan of pending work.
 */
export class EventQueue {
  private readonly heap: Entry[] = [];
  private order = 0;

  get size(): number {
    return this.heap.length;
  }

  /**
   * Schedules `task` at `atMs`; returns a cancel function (cancelled tasks are skipped on pop).
   * Among tasks due at the same time, lower `priority` runs first, then insertion order.
   */
  push(atMs: number, task: () => void, priority = 1): () => void {
    const entry: Entry = { atMs, priority, order: this.order++, task, cancelled: false };
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent] as Entry)) break;
      heap[i] = heap[parent] as Entry;
      i = parent;
    }
    heap[i] = entry;
    return () => {
      entry.cancelled = true;
    };
  }

  /** Time of the next live task, or undefined. */
  peekMs(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.atMs;
  }

  /** Removes and returns the next live task. */
  pop(): { atMs: number; task: () => void } | undefined {
    this.dropCancelled();
    return this.take();
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && (this.heap[0] as Entry).cancelled) this.take();
  }

  private take(): Entry | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top;
    let i = 0;
    const n = heap.length;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right] as Entry, heap[left] as Entry) ? right : left;
      if (!before(heap[child] as Entry, last)) break;
      heap[i] = heap[child] as Entry;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

function before(a: Entry, b: Entry): boolean {
  if (a.atMs !== b.atMs) return a.atMs < b.atMs;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.order < b.order;
}
