import { CattleprodError, formatDuration } from "../../core/index.ts";
import type { EventBus, SimClock } from "../sim/index.ts";
import type { AccountContext, Touches } from "./account-context.ts";
import type { AccountObserver } from "./account-observer.ts";
import { readAccount } from "./account-reads.ts";
import type { AccountTime } from "./account-time.ts";
import type { WriteQueue } from "./account-writes.ts";

/** Rounds of write, read and deliver within one task before the world gives up (a loop, not a busy platform). */
const MAX_SETTLE_ROUNDS = 200;

/** A callback at a virtual time, between tasks (tests change the account there). */
export type LoopHook = () => Promise<void> | void;

/** The pieces the loop drives. */
export interface LoopParts {
  readonly ctx: AccountContext;
  readonly time: SimClock;
  readonly bus: EventBus;
  readonly writes: WriteQueue;
  readonly observer: AccountObserver;
  readonly accountTime: AccountTime;
  /** Virtual time between full polls. */
  readonly reconcileEveryMs: number;
}

/**
 * How time runs in an account world: the model's tasks one by one on the virtual clock; after each, its events are
 * delivered, the writes they made are sent and what those touched is read back, until nothing is left; a full poll
 * of the account every reconcile interval (and at the start and the end) sees what anyone else changed.
 */
export class AccountLoop {
  private readonly hooks: Array<{ atMs: number; hook: LoopHook }> = [];
  private readonly afterStart: Array<() => void> = [];
  private started = false;
  private lastPollMs = Number.NEGATIVE_INFINITY;
  readonly counters = { polls: 0, targetedReads: 0, failedReads: 0 };

  constructor(private readonly parts: LoopParts) {}

  /** True until the fleet at time zero has come up (its instances run at once). */
  get initialPhase(): boolean {
    return !this.started;
  }

  /** Runs `task` once the fleet at time zero is up (initial data placement). */
  whenStarted(task: () => void): void {
    this.afterStart.push(task);
  }

  /** Runs `hook` when the clock reaches `atMs`, before tasks due then; a full poll follows it. */
  at(atMs: number, hook: LoopHook): void {
    this.hooks.push({ atMs, hook });
    this.hooks.sort((a, b) => a.atMs - b.atMs);
  }

  async runUntil(endMs: number): Promise<void> {
    const { time, bus, observer } = this.parts;
    if (!this.started) {
      await this.settle();
      await this.poll();
      this.started = true;
      for (const task of this.afterStart.splice(0)) task();
      await this.settle();
    }
    for (;;) {
      const next = time.nextMs();
      const hook = this.hooks[0];
      if (hook && hook.atMs <= endMs && (next === undefined || hook.atMs <= next)) {
        this.hooks.shift();
        time.advanceTo(hook.atMs);
        await hook.hook();
        await this.poll();
        continue;
      }
      if (next === undefined || next > endMs) break;
      time.runNext();
      await this.settle();
      if (time.nowMs() - this.lastPollMs >= this.parts.reconcileEveryMs) await this.poll();
    }
    time.advanceTo(endMs);
    await this.poll();
    observer.finalize();
    bus.deliver();
  }

  /** A full poll of the account now, and what it leads to. */
  async poll(): Promise<void> {
    await this.settle();
    await this.observe({}, true);
    this.lastPollMs = this.parts.time.nowMs();
    this.parts.accountTime.move = undefined;
    await this.settle();
  }

  /** Delivers events, sends the writes they led to and reads back what those touched, until nothing is left. */
  private async settle(): Promise<void> {
    const { bus, writes, time } = this.parts;
    for (let round = 0; ; round++) {
      bus.deliver();
      if (writes.pending.length === 0) return;
      if (round >= MAX_SETTLE_ROUNDS)
        throw new CattleprodError(
          "E_BACKEND",
          `Failed to settle the account at ${formatDuration(time.nowMs())}: writes still led to writes after ${round} rounds ` +
            `(last: ${writes.pending.map((op) => op.operation).join(", ")}). This is a harness bug: report it with the scenario.`,
        );
      await this.observe(await writes.flush(), false);
    }
  }

  private async observe(touches: Touches, full: boolean): Promise<void> {
    if (full) this.counters.polls++;
    else this.counters.targetedReads++;
    const snap = await readAccount(this.parts.ctx, touches, full, (call, error) => {
      this.counters.failedReads++;
      this.parts.ctx.emit("api.fault", "world", { operation: call, fault: error.name || String(error) });
    });
    this.parts.observer.reconcile(snap);
  }
}
