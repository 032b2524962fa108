import type { HistoryEvent } from "../core/index.ts";
import { isChaosEffect } from "./chaos-index.ts";
import type { CheckContext } from "./context.ts";
import type { InstanceIndex } from "./instance-index.ts";

/** A chaos kill (`instance.terminated`) or crash (`instance.crashed`). */
export type ChaosFailure = HistoryEvent<"instance.terminated"> | HistoryEvent<"instance.crashed">;

/**
 * Effective chaos kills and crashes of a group's instances, in history order. With `firstPerInstance`,
 * only an instance's first failure counts (a crashed node killed again is one failure).
 */
export function chaosFailures(ctx: CheckContext, group: string, firstPerInstance = false): readonly ChaosFailure[] {
  // Several controls ask for the same group's failures: found once per index.
  let known = KNOWN.get(ctx.index);
  if (!known) KNOWN.set(ctx.index, (known = new Map()));
  const key = firstPerInstance ? `first|${group}` : `all|${group}`;
  let failures = known.get(key);
  if (!failures) known.set(key, (failures = findChaosFailures(ctx, group, firstPerInstance)));
  return failures;
}

/** Failures already found, per index and group. */
const KNOWN = new WeakMap<InstanceIndex, Map<string, readonly ChaosFailure[]>>();

function findChaosFailures(ctx: CheckContext, group: string, firstPerInstance: boolean): ChaosFailure[] {
  const failures: ChaosFailure[] = [];
  const chaos = ctx.index.chaos;
  for (const facts of ctx.index.byGroup.get(group) ?? []) {
    if (facts.crashes.length === 0 && facts.terminated === undefined) continue;
    // The instance's effective failures, in history order (crashes are recorded in order; a kill may come between them).
    let first: ChaosFailure | undefined;
    for (const event of facts.crashes) {
      if (!isChaosEffect(chaos, event)) continue;
      if (!firstPerInstance) failures.push(event);
      else if (first === undefined || event.seq < first.seq) first = event;
    }
    const term = facts.terminated;
    if (term !== undefined && isChaosEffect(chaos, term)) {
      if (!firstPerInstance) failures.push(term);
      else if (first === undefined || term.seq < first.seq) first = term;
    }
    if (first !== undefined) failures.push(first);
  }
  return failures.sort((a, b) => a.seq - b.seq);
}

/** `killed` or `crashed`, for headlines. */
export function failureVerb(event: ChaosFailure): string {
  return event.kind === "instance.crashed" ? "crashed" : "killed";
}

/** `3 kills` / `2 kills and 1 crash`, for headlines. */
export function describeFailures(failures: readonly ChaosFailure[]): string {
  const crashes = failures.filter((event) => event.kind === "instance.crashed").length;
  const kills = failures.length - crashes;
  const parts = [
    kills > 0 ? `${kills} ${kills === 1 ? "kill" : "kills"}` : "",
    crashes > 0 ? `${crashes} ${crashes === 1 ? "crash" : "crashes"}` : "",
  ];
  return parts.filter(Boolean).join(" and ") || "0 kills";
}

/** Number of sorted times in `(fromMs, toMs]`. */
export function countInWindow(sortedTimes: readonly number[], fromMs: number, toMs: number): number {
  return upperBound(sortedTimes, toMs) - upperBound(sortedTimes, fromMs);
}

/** Index of the first sorted item whose key is greater than `value`. */
export function upperBound(sorted: readonly number[], value: number): number {
  return upperBoundBy(sorted, value, (x) => x);
}

/** Index of the first item (sorted by `key`) whose key is greater than `value`. */
export function upperBoundBy<T>(sorted: readonly T[], value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(sorted[mid] as T) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
