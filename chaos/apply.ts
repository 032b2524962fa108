import type { ChaosStep, Rng } from "../core/index.ts";
import { ACTIONS } from "./actions.ts";
import { describeStep } from "./describe.ts";
import { CHAOS_PARAMS } from "./params.ts";
import { selectTargets } from "./targets.ts";
import { CHAOS_ACTOR, type ChaosWorld } from "./world.ts";

/**
 * Runs one chaos step now: records `chaos.injected` (with its replayable form and targets),
 * applies the action with that event as the cause of every effect, then records
 * `chaos.outcome` saying whether it took effect. Returns whether it did.
 */
export function applyChaosStep(world: ChaosWorld, step: ChaosStep, rng: Rng): boolean {
  const scope = CHAOS_PARAMS[step.action].scope;
  const targets = scope === "instances" ? selectTargets(world, step.target, rng) : [];
  const injected = world.record(
    "chaos.injected",
    {
      step: step.index,
      action: step.action,
      spec: describeStep(step),
      targets: targets.map((t) => t.id),
    },
    CHAOS_ACTOR,
  );
  const result = ACTIONS[step.action]({ world, step, targets, rng, cause: injected.seq });
  world.record(
    "chaos.outcome",
    {
      step: step.index,
      action: step.action,
      tookEffect: result.affected.length > 0,
      affected: [...result.affected],
      note: result.note,
    },
    CHAOS_ACTOR,
    injected.seq,
  );
  return result.affected.length > 0;
}

/**
 * Schedules one step at its `atMs` with its own stream forked from the run's chaos stream
 * (`step:<index>`). Scheduling a plan up front or step by step gives the same history.
 */
export function scheduleChaosStep(world: ChaosWorld, step: ChaosStep, chaosRng: Rng): void {
  const stepRng = chaosRng.fork(`step:${step.index}`);
  world.injectAt(step.atMs, () => applyChaosStep(world, step, stepRng));
}

/** Schedules every step of a plan on the world's clock (ordered by time, then step index). */
export function scheduleChaos(world: ChaosWorld, steps: readonly ChaosStep[], chaosRng: Rng): void {
  const ordered = [...steps].sort((a, b) => a.atMs - b.atMs || a.index - b.index);
  for (const step of ordered) scheduleChaosStep(world, step, chaosRng);
}
