import type { EventKind, History, HistoryEvent } from "../../core/index.ts";

type Handler = (event: HistoryEvent) => void;

/**
 * Hands history events to subscribers after the task that appended them, as a controller's informer would:
 * never in the middle of a write. Chaos bookkeeping (`chaos.*`) is not delivered.
 */
export class EventBus {
  private readonly subscribers = new Map<EventKind | "*", Handler[]>();
  private readonly pending: HistoryEvent[] = [];
  private pendingHead = 0;

  constructor(history: History) {
    history.onAppend((event) => {
      if (!event.kind.startsWith("chaos.")) this.pending.push(event);
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
    while (this.pendingHead < this.pending.length) {
      const event = this.pending[this.pendingHead++] as HistoryEvent;
      for (const handler of this.subscribers.get(event.kind) ?? []) handler(event);
      for (const handler of this.subscribers.get("*") ?? []) handler(event);
    }
    this.pending.length = 0;
    this.pendingHead = 0;
  }
}
