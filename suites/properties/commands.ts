import type fc from "fast-check";
import { HOUR_MS, formatDuration, type Verdict } from "../../core/index.ts";
import { describeStep } from "../../chaos/index.ts";
import { account, withinBudget } from "./budget.ts";
import { durationArbitrary, durationMs, SHORT_BOUNDS, type DrawnDuration } from "./durations.ts";
import { initialModel, toStep, type ExploreModel, type ExploreReal, type PlannedChaos } from "./model.ts";

/** Virtual time between two checks on the way through a run (the check at its end sees every violation anyway). */
export const CHECK_EVERY_MS = 3 * HOUR_MS;

/** A run's failure: the failing control's verdict (its headline is the message). */
export class RunFailure extends Error {
  constructor(readonly verdict: Verdict) {
    super(verdict.headline);
  }
}

/** Safety check after a command: the first failing control's verdict, if any. */
function firstViolation(real: ExploreReal): Verdict | undefined {
  return real.session.check().find((v) => v.status === "fail");
}

/** Advances virtual time; then checks every guarantee against the history so far (deadlines after now stay undecided). */
export class AdvanceCommand implements fc.AsyncCommand<ExploreModel, ExploreReal> {
  constructor(readonly by: DrawnDuration) {}
  check(): boolean {
    return true;
  }
  async run(model: ExploreModel, real: ExploreReal): Promise<void> {
    model.nowMs += durationMs(this.by, model.fleet.bounds);
    real.session.advanceBefore(model.nowMs);
    // The check at the end sees every violation (the history only grows); checks on the way only stop a failing
    // run early (worth it while fast-check shrinks), so they wait for something new and CHECK_EVERY_MS of virtual time.
    const length = real.session.world.history.length;
    if (!real.checkOnTheWay || length === real.checkedLength || model.nowMs - (real.checkedAtMs ?? 0) < CHECK_EVERY_MS) return;
    real.checkedLength = length;
    real.checkedAtMs = model.nowMs;
    const violation = firstViolation(real);
    if (violation) {
      real.violation = violation.headline;
      throw new RunFailure(violation);
    }
  }
  toString(): string {
    return `advance(${typeof this.by === "number" ? formatDuration(this.by).replace(/ /g, "") : String(this.by)})`;
  }
}

/** Injects one chaos step at the model's current time, if it stays inside the fault budget. */
export class ChaosCommand implements fc.AsyncCommand<ExploreModel, ExploreReal> {
  constructor(readonly planned: PlannedChaos) {}
  check(model: Readonly<ExploreModel>): boolean {
    return withinBudget(model as ExploreModel, this.planned);
  }
  async run(model: ExploreModel, real: ExploreReal): Promise<void> {
    real.injected.push({ index: model.nextIndex, planned: this.planned });
    real.session.inject(toStep(model, this.planned));
    account(model, this.planned);
  }
  toString(): string {
    const drawn = Object.entries(this.planned.with).map(([key, value]) => [key, typeof value === "object" ? String(value) : value]);
    return describeStep({ index: 0, atMs: 0, action: this.planned.action, target: this.planned.target, with: Object.fromEntries(drawn) });
  }
}

/**
 * Time advances between chaos: seconds to six hours, and the edges of the fleet's shorter bounds.
 * Short ones come up most, so chaos lands at any moment of what earlier chaos set going (a rollout,
 * an outage, a grant's lifetime); the settle phase at the end lets every deadline come due.
 */
export function advanceArbitrary(): fc.Arbitrary<AdvanceCommand> {
  return durationArbitrary(6 * HOUR_MS, SHORT_BOUNDS, { seconds: 3, minutes: 4, hours: 1, days: 0, bounds: 2 }).map(
    (by) => new AdvanceCommand(by),
  );
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
  fleet: ExploreModel["fleet"],
): { steps: ReturnType<typeof toStep>[]; endMs: number } {
  const model = initialModel(fleet);
  const steps: ReturnType<typeof toStep>[] = [];
  for (const entry of commands) {
    // fast-check hands back its own wrappers; only the commands that ran belong to the plan.
    const wrapper = entry as unknown as { cmd?: fc.AsyncCommand<ExploreModel, ExploreReal>; hasRan?: boolean };
    if (wrapper.hasRan === false) continue;
    const command = wrapper.cmd ?? entry;
    if (!command.check(model)) continue;
    if (command instanceof AdvanceCommand) model.nowMs += durationMs(command.by, fleet.bounds);
    else if (command instanceof ChaosCommand) {
      steps.push(toStep(model, command.planned));
      account(model, command.planned);
    }
  }
  return { steps, endMs: model.nowMs };
}
