import type { EventKind, History, HistoryEvent } from "../../core/index.ts";

type Handler = (event: HistoryEvent) => void;

const NO_HANDLERS: readonly Handler[] = [];

/**
 * Hands history events to subscribers after the task that appended them, as a controller's informer would:
 * never in the middle of a write. Chaos bookkeeping (`chaos.*`) is not delivered.
 */
export class EventBus {
  private readonly subscribers = new Map<EventKind | "*", Handler[]>();
  /** Events not delivered yet: slots `pendingHead` to `pendingEnd`. The array is reused (truncating it would free it). */
  private readonly pending: HistoryEvent[] = [];
  private pendingHead = 0;
  private pendingEnd = 0;

  constructor(history: History) {
    history.onAppend((event) => {
      if (!event.kind.startsWith("chaos.")) this.pending[this.pendingEnd++] = event;
    });
  }

  subscribe(kinds: readonly EventKind[] | "*", handler: Handler): void {
    for (const kind of kinds === "*" ? (["*"] as const) : kinds) {
      let list = this.subscribers.get(kind);
      if (!list) this.subscribers.set(kind, (list = []));
      list.push(handler);
    }
  }

  /** Delivers every event appended since the last delivery, including those appended by handlers meanwhile. */
  deliver(): void {
    while (this.pendingHead < this.pendingEnd) {
      const event = this.pending[this.pendingHead++] as HistoryEvent;
      for (const handler of this.subscribers.get(event.kind) ?? NO_HANDLERS) handler(event);
      for (const handler of this.subscribers.get("*") ?? NO_HANDLERS) handler(event);
    }
    this.pendingHead = 0;
    this.pendingEnd = 0;
  }
}
