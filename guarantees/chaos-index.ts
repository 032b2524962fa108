import type { HistoryEvent, HistoryView } from "../core/index.ts";
import { pushTo } from "./collections.ts";

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
  /** The history the steps were read from (to follow cause chains). */
  readonly history: HistoryView;
}

/** How many `cause` links `chaosStepOf` follows before giving up. */
export const MAX_CAUSE_HOPS = 8;

/**
 * Indexes chaos steps and links each `chaos.outcome` to its injection: through `cause` when it
 * points at the injection, else to the latest earlier injection of the same step and action.
 */
export function buildChaosIndex(history: HistoryView): ChaosIndex {
  const steps = new Map<
    number,
    { injection: HistoryEvent<"chaos.injected">; outcome: HistoryEvent<"chaos.outcome"> | undefined; effective: boolean }
  >();
  const injections = history.ofKind("chaos.injected");
  const unpaired = new Map<string, number[]>();
  let next = 0;
  for (const outcome of history.ofKind("chaos.outcome")) {
    for (; next < injections.length && (injections[next]?.seq ?? Infinity) < outcome.seq; next++) {
      const injection = injections[next] as HistoryEvent<"chaos.injected">;
      steps.set(injection.seq, { injection, outcome: undefined, effective: true });
      pushTo(unpaired, `${injection.step}|${injection.action}`, injection.seq);
    }
    const stack = unpaired.get(`${outcome.step}|${outcome.action}`) ?? [];
    const byCause = outcome.cause === undefined ? undefined : steps.get(outcome.cause);
    const target = byCause?.outcome === undefined && byCause ? byCause : steps.get(stack[stack.length - 1] ?? -1);
    if (!target || target.outcome !== undefined) continue;
    target.outcome = outcome;
    target.effective = outcome.tookEffect;
    const at = stack.lastIndexOf(target.injection.seq);
    if (at >= 0) stack.splice(at, 1);
  }
  for (; next < injections.length; next++) {
    const injection = injections[next] as HistoryEvent<"chaos.injected">;
    steps.set(injection.seq, { injection, outcome: undefined, effective: true });
  }
  return { steps, history };
}

/**
 * The chaos step an event is an effect of: its `cause` is a `chaos.injected`, or points at an
 * event by the same actor that is (e.g. `controller.resumed` -> `controller.paused` -> step).
 * Chains through another actor stop: a platform reaction to a chaos crash is not chaos.
 */
export function chaosStepOf(chaos: ChaosIndex, event: HistoryEvent): ChaosStepFacts | undefined {
  let current: HistoryEvent | undefined = event;
  for (let hop = 0; hop < MAX_CAUSE_HOPS && current?.cause !== undefined; hop++) {
    const step = chaos.steps.get(current.cause);
    if (step) return step;
    current = chaos.history.at(current.cause);
    if (current?.actor !== event.actor || current.seq >= event.seq) return undefined;
  }
  return undefined;
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
