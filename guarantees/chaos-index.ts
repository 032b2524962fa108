import type { HistoryEvent, HistoryView } from "../core/index.ts";

/** One chaos step as the history tells it: what was injected and whether it did anything. */
export interface ChaosStepFacts {
  readonly injection: HistoryEvent<"chaos.injected">;
  readonly outcome: HistoryEvent<"chaos.outcome"> | undefined;
  /** False only when the step's outcome says it took no effect. */
  readonly effective: boolean;
}

/** Chaos steps by the seq of their `chaos.injected` event. */
export interface ChaosIndex {
  readonly steps: ReadonlyMap<number, ChaosStepFacts>;
}

/**
 * Indexes chaos steps and links each `chaos.outcome` to its injection: through `cause` when it
 * points at the injection, else to the latest earlier injection of the same step and action.
 */
export function buildChaosIndex(history: HistoryView): ChaosIndex {
  const steps = new Map<number, { injection: HistoryEvent<"chaos.injected">; outcome: HistoryEvent<"chaos.outcome"> | undefined; effective: boolean }>();
  const waiting = new Map<string, number[]>();
  for (const injection of history.ofKind("chaos.injected")) {
    steps.set(injection.seq, { injection, outcome: undefined, effective: true });
    const key = `${injection.step}|${injection.action}`;
    const list = waiting.get(key) ?? [];
    list.push(injection.seq);
    waiting.set(key, list);
  }
  for (const outcome of history.ofKind("chaos.outcome")) {
    let target = outcome.cause === undefined ? undefined : steps.get(outcome.cause);
    if (!target) {
      const list = waiting.get(`${outcome.step}|${outcome.action}`) ?? [];
      const candidates = list.filter((seq) => seq < outcome.seq && steps.get(seq)?.outcome === undefined);
      const seq = candidates[candidates.length - 1];
      target = seq === undefined ? undefined : steps.get(seq);
    }
    if (target && target.outcome === undefined) {
      target.outcome = outcome;
      target.effective = outcome.tookEffect;
    }
  }
  return { steps };
}

/** The chaos step an event is a direct effect of (its `cause` is a `chaos.injected`). */
export function chaosStepOf(chaos: ChaosIndex, event: HistoryEvent): ChaosStepFacts | undefined {
  return event.cause === undefined ? undefined : chaos.steps.get(event.cause);
}

/**
 * True when `event` is an effect of a chaos step that took effect. An event with actor "chaos"
 * but no cause still counts (FLT-AUD-001 reports the missing cause).
 */
export function isChaosEffect(chaos: ChaosIndex, event: HistoryEvent): boolean {
  const step = chaosStepOf(chaos, event);
  if (step) return step.effective;
  return event.actor === "chaos" && event.cause === undefined;
}

/** Steps of the given actions, in injection order. */
export function stepsOf(chaos: ChaosIndex, actions: readonly string[]): ChaosStepFacts[] {
  return [...chaos.steps.values()].filter((step) => actions.includes(step.injection.action));
}

/**
 * Why a control has no evidence, naming chaos that took no effect when there was some:
 * `no effective kill on a cattle group (kill at step 2 took no effect)`.
 */
export function noEvidence(chaos: ChaosIndex, actions: readonly string[], what: string): string {
  const idle = stepsOf(chaos, actions).filter((step) => !step.effective);
  if (idle.length === 0) return what;
  const first = idle[0] as ChaosStepFacts;
  const more = idle.length > 1 ? ` and ${idle.length - 1} more` : "";
  return `${what} (${first.injection.action} at step ${first.injection.step} took no effect${more})`;
}
