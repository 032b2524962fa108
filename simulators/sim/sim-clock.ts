import type { Clock, Scheduler } from "../../core/index.ts";
import { EventQueue } from "./event-queue.ts";

/**
 * Virtual time and the one queue of timed tasks: the clock jumps from task to task and never reads the wall
 * clock. Tasks due at the same time run by priority (chaos first), then in the order they were scheduled.
 */
export class SimClock implements Clock, Scheduler {
  private now = 0;
  private readonly queue = new EventQueue();

  nowMs(): number {
    return this.now;
  }

  after(delayMs: number, task: () => void): () => void {
    return this.queue.push(this.now + Math.max(0, delayMs), task);
  }

  /** Runs `task` at `atMs` (not before now), before any other task due then. */
  injectAt(atMs: number, task: () => void): void {
    this.queue.push(Math.max(atMs, this.now), task, 0);
  }

  /** When the next task is due, if any. */
  nextMs(): number | undefined {
    return this.queue.peekMs();
  }

  /** Pops the next task, moves the clock to its time and runs it. */
  runNext(): void {
    this.now = this.queue.peekMs() as number;
    (this.queue.popTask() as () => void)();
  }

  /** Moves the clock forward to `atMs` without running anything (never backwards). */
  advanceTo(atMs: number): void {
    if (atMs > this.now) this.now = atMs;
  }

  /** Runs every task due up to `endMs`, calling `settle` after each, and leaves the clock at `endMs`. */
  runUntil(endMs: number, settle: () => void): void {
    for (;;) {
      const next = this.queue.peekMs();
      if (next === undefined || next > endMs) break;
      this.now = next;
      (this.queue.popTask() as () => void)();
      settle();
    }
    this.now = endMs;
  }
}
