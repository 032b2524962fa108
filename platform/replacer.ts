import type { ControllerContext, HistoryEvent, Instance } from "../core/index.ts";
import { drainOff } from "./drain.ts";
import { ReplacementView } from "./replacement-ledger.ts";
import { retry } from "./retry.ts";

/** Replaces instances from their group's current image. */
export interface Replacer {
  /** Launches a replacement, waits until it runs, then terminates the old one (capacity never dips). */
  surge(old: Instance, reason: string, onDone?: () => void, cause?: number): void;
  /** Terminates first, then launches (for instances that must go at once: malware, dead nodes). */
  now(old: Instance, reason: string, cause?: number): void;
  /** True while a surge replacement of `instanceId` is under way. */
  replacing(instanceId: string): boolean;
}

interface Pending {
  readonly old: string;
  readonly reason: string;
  readonly cause: number | undefined;
}

/** Creates a replacer acting as the controller of `ctx`. */
export function createReplacer(ctx: ControllerContext): Replacer {
  return new ReplacerOf(ctx);
}

/**
 * A replacer's state and steps. A class rather than closures: a world builds several replacers per run, and the
 * explorer builds thousands of worlds.
 */
class ReplacerOf implements Replacer {
  private readonly byReplacement = new Map<string, Pending>();
  /** Old instance id -> callbacks waiting for its replacement to finish. */
  private readonly inFlight = new Map<string, Array<() => void>>();
  /** Old instance id (not terminated) -> the latest replacement any controller launched for it. */
  private readonly launchedFor: ReplacementView;

  constructor(private readonly ctx: ControllerContext) {
    this.launchedFor = new ReplacementView(ctx);
    ctx.on(["instance.running"], (event) => this.retireFor((event as HistoryEvent<"instance.running">).instanceId));
    ctx.on(["instance.terminated"], (event) => {
      const id = (event as HistoryEvent<"instance.terminated">).instanceId;
      const pending = this.byReplacement.get(id);
      if (!pending) return;
      this.byReplacement.delete(id);
      const old = ctx.fleet.instance(pending.old);
      if (old && old.state !== "terminated") this.launchFor(old, pending, pending.cause);
      else this.finish(pending);
    });
  }

  surge(old: Instance, reason: string, onDone?: () => void, cause?: number): void {
    const waiting = this.inFlight.get(old.id);
    if (waiting) {
      if (onDone) waiting.push(onDone);
      return;
    }
    this.inFlight.set(old.id, onDone ? [onDone] : []);
    this.launchFor(old, { old: old.id, reason, cause }, cause);
  }

  now(old: Instance, reason: string, cause?: number): void {
    const ctx = this.ctx;
    retry(ctx, () => {
      const current = ctx.fleet.instance(old.id);
      return !current || current.state === "terminated" || ctx.fleet.terminate(old.id, ctx.actor, reason, cause);
    });
    this.launchFor(old, undefined, cause);
  }

  replacing(instanceId: string): boolean {
    return this.inFlight.has(instanceId);
  }

  /**
   * A replacement another controller already has under way for `old`: a second one would leave the group a node
   * over capacity, which the self-healer then counts against the next real loss. (One on an older image is stale
   * in its turn, and rebuilt as such.)
   */
  private underWay(old: Instance): Instance | undefined {
    const id = this.launchedFor.replacementOf(old.id);
    const other = id === undefined ? undefined : this.ctx.fleet.instance(id);
    return other && !other.impaired && (other.state === "pending" || other.state === "running") ? other : undefined;
  }

  private launchFor(old: Instance, pending: Pending | undefined, cause?: number): void {
    const ctx = this.ctx;
    retry(ctx, () => {
      if (old.group === undefined) return true;
      if (pending && !ctx.fleet.instance(old.id)) return this.finish(pending);
      const adopted = pending ? this.underWay(old) : undefined;
      if (adopted && pending) {
        // Follow that replacement instead: retire the old node once it runs.
        this.byReplacement.set(adopted.id, pending);
        if (adopted.state === "running") this.retireFor(adopted.id);
        return true;
      }
      const result = ctx.fleet.launch(
        { group: old.group, imageId: ctx.fleet.currentImage(old.group).id, zone: old.zone, replaces: old.id },
        ctx.actor,
        cause,
      );
      if (result.ok && pending) this.byReplacement.set(result.instance.id, pending);
      return result.ok;
    });
  }

  private finish(pending: Pending): boolean {
    const waiting = this.inFlight.get(pending.old) ?? [];
    this.inFlight.delete(pending.old);
    for (const done of waiting) done();
    return true;
  }

  /** Retires the old node of the surge `replacementId` belongs to, now that the replacement runs (drained first). */
  private retireFor(replacementId: string): void {
    const pending = this.byReplacement.get(replacementId);
    if (!pending) return;
    this.byReplacement.delete(replacementId);
    this.retire(replacementId, pending);
  }

  /** The retry of {@link retireFor}: its own method, so the check above allocates nothing for the closure's context. */
  private retire(replacementId: string, pending: Pending): void {
    const ctx = this.ctx;
    retry(ctx, () => {
      const old = ctx.fleet.instance(pending.old);
      if (!old || old.state === "terminated") return this.finish(pending);
      if (!drainOff(ctx, old, replacementId)) return false;
      return ctx.fleet.terminate(pending.old, ctx.actor, pending.reason, pending.cause) && this.finish(pending);
    });
  }
}
