import fc from "fast-check";
import { formatDuration, type ControlId } from "../../core/index.ts";
import { describeStep } from "../../chaos/index.ts";
import { account, toStep, withinBudget, type ExploreModel, type ExploreReal, type PlannedChaos } from "./model.ts";

/** Safety check after a command: the first failing control's headline, if any. */
function firstViolation(real: ExploreReal, only?: ReadonlySet<ControlId>): string | undefined {
  const failed = real.session.check().find((v) => v.status === "fail" && (!only || only.has(v.control as ControlId)));
  return failed?.headline;
}

/** Advances virtual time; then checks every safety guarantee against the history so far. */
export class AdvanceCommand implements fc.AsyncCommand<ExploreModel, ExploreReal> {
  constructor(readonly byMs: number) {}
  check(): boolean {
    return true;
  }
  async run(model: ExploreModel, real: ExploreReal): Promise<void> {
    model.nowMs += this.byMs;
    real.session.advanceBefore(model.nowMs);
    const length = real.session.world.history.length;
    if (length === real.checkedLength) return;
    real.checkedLength = length;
    const violation = firstViolation(real);
    if (violation) {
      real.violation = violation;
      throw new Error(violation);
    }
  }
  toString(): string {
    return `advance(${formatDuration(this.byMs).replace(/ /g, "")})`;
  }
}

/** Injects one chaos step at the model's current time, if it stays inside the fault budget. */
export class ChaosCommand implements fc.AsyncCommand<ExploreModel, ExploreReal> {
  constructor(readonly planned: PlannedChaos) {}
  check(model: Readonly<ExploreModel>): boolean {
    return withinBudget(model as ExploreModel, this.planned);
  }
  async run(model: ExploreModel, real: ExploreReal): Promise<void> {
    real.session.inject(toStep(model, this.planned));
    account(model, this.planned);
  }
  toString(): string {
    return describeStep({ index: 0, atMs: 0, ...this.planned });
  }
}

/** Time advances between chaos: one minute to six hours. */
export function advanceArbitrary(): fc.Arbitrary<AdvanceCommand> {
  return fc.integer({ min: 1, max: 360 }).map((minutes) => new AdvanceCommand(minutes * 60_000));
}

/** Wraps planned-chaos arbitraries as commands. */
export function chaosArbitrary(planned: fc.Arbitrary<PlannedChaos>): fc.Arbitrary<ChaosCommand> {
  return planned.map((p) => new ChaosCommand(p));
}

/**
 * Replays the model over a (shrunk) command list without the real system: the steps that
 * ran, with their times, and the total time the commands covered.
 */
export function planOf(
  commands: Iterable<fc.AsyncCommand<ExploreModel, ExploreReal>>,
  initial: ExploreModel,
): { steps: ReturnType<typeof toStep>[]; endMs: number } {
  const model: ExploreModel = { ...initial, losses: [], agedMs: 0 };
  const steps: ReturnType<typeof toStep>[] = [];
  for (const entry of commands) {
    // fast-check hands back its own wrappers; only the commands that ran belong to the plan.
    const wrapper = entry as unknown as { cmd?: fc.AsyncCommand<ExploreModel, ExploreReal>; hasRan?: boolean };
    if (wrapper.hasRan === false) continue;
    const command = wrapper.cmd ?? entry;
    if (!command.check(model)) continue;
    if (command instanceof AdvanceCommand) model.nowMs += command.byMs;
    else if (command instanceof ChaosCommand) {
      steps.push(toStep(model, command.planned));
      account(model, command.planned);
    }
  }
  return { steps, endMs: model.nowMs };
}
