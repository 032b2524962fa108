import type { Controller, HistoryEvent } from "../../core/index.ts";
import { controller } from "../define.ts";
import { createReplacer } from "../replacer.ts";

/** Options of the age reaper. */
export interface AgeReaperOptions {
  /** How long before the maximum age replacement starts. Default 12h. */
  readonly leadMs?: number;
}

/**
 * Replaces every immutable instance before it reaches the maximum age (28 days by default),
 * measuring age from creation so stop/start cannot reset it. One timer per instance: no scans.
 */
export function ageReaper(options: AgeReaperOptions = {}): Controller {
  const leadMs = options.leadMs ?? 12 * 3_600_000;
  return controller("age-reaper", (ctx) => {
    const replacer = createReplacer(ctx);
    const timers = new Map<string, () => void>();

    /** The timer that replaces the instance in time (most instances are not immutable: they get none). */
    const reapAt = (instanceId: string, dueMs: number): void => {
      timers.set(
        instanceId,
        ctx.after(dueMs - ctx.clock.nowMs(), () => {
          timers.delete(instanceId);
          const current = ctx.fleet.instance(instanceId);
          if (current && current.state !== "terminated") replacer.surge(current, "max-age");
        }),
      );
    };

    ctx.on(["instance.launched", "instance.backdated"], (event) => {
      const instanceId = (event as HistoryEvent<"instance.launched">).instanceId;
      timers.get(instanceId)?.();
      const instance = ctx.fleet.instance(instanceId);
      if (!instance || instance.vmType !== "immutable" || instance.state === "terminated") return;
      reapAt(instanceId, instance.createdAtMs + ctx.spec.bounds.maxAgeMs - leadMs);
    });
    ctx.on(["instance.terminated"], (event) => {
      const id = (event as HistoryEvent<"instance.terminated">).instanceId;
      timers.get(id)?.();
      timers.delete(id);
    });
  });
}
