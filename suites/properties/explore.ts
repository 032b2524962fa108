import fc from "fast-check";
import { type ExploreCoverage, type FleetSpec, type Platform, type Scenario, type Verdict, type VmType } from "../../core/index.ts";
import { CATALOG } from "../../guarantees/index.ts";
import { SimSession } from "../../scenarios/index.ts";
import { chaosPlans, SETTLE_MS, type ChaosPlanOptions } from "./chaos-plans.ts";
import { advanceArbitrary, chaosArbitrary, planOf, RunFailure } from "./commands.ts";
import { CoverageCollector } from "./coverage.ts";
import { cattleFleet, immutableFleet, petFleet } from "./fleets.ts";
import { initialModel, type ExploreModel, type ExploreReal } from "./model.ts";
import { keepWorldsYoung } from "./young-worlds.ts";

/** Options of one exploration of a VM type. */
export interface ExploreOptions {
  readonly vmType: VmType;
  readonly platform: Platform;
  readonly runs: number;
  readonly seed: number;
  /** Most commands in one run (chaos steps and time advances). Default 40 (20 on average). */
  readonly maxCommands?: number;
  /** Called after every run (for progress displays). */
  readonly onRun?: (runsDone: number) => void;
  /** The chaos action table to draw from (default: CHAOS_PARAMS). */
  readonly specs?: ChaosPlanOptions["specs"];
  /**
   * The first run of the seed's stream to explore (default 0): runs `firstRun` to `firstRun + runs - 1`
   * are the same cases whichever run they start from (see `planBlocks`).
   */
  readonly firstRun?: number;
}

/** A failure found and shrunk, as a scenario that replays it. */
export interface Finding {
  readonly scenario: Scenario;
  /** The failing control's headline on the shrunk run. */
  readonly headline: string;
  readonly control: string;
  /** fast-check's replay coordinates for the whole exploration. */
  readonly seed: number;
  readonly path: string;
  /** Shrink iterations fast-check made (attempts that still failed), not steps of the scenario. */
  readonly shrinks: number;
}

/** What one exploration did. */
export interface ExploreResult {
  readonly vmType: VmType;
  readonly runs: number;
  readonly seed: number;
  readonly finding?: Finding;
  /** What the generated runs (not the shrink attempts) decided and exercised. */
  readonly coverage: ExploreCoverage;
}

/** The random fleets of each VM type. */
export const FLEETS: Readonly<Record<VmType, () => fc.Arbitrary<FleetSpec>>> = {
  cattle: cattleFleet,
  immutable: immutableFleet,
  pet: petFleet,
};

/** How a case runs: whether it checks on the way, and where its coverage goes. */
export interface CaseOptions {
  /** Check every guarantee on the way too (every few virtual hours), so a failing run stops early. */
  readonly checkOnTheWay?: boolean;
  readonly coverage?: CoverageCollector;
}

/**
 * Runs one generated case: its commands, then a settle phase with chaos off that lets every bound
 * come due, then a check of every guarantee against the whole history. Records the run in
 * `coverage` when given; throws on the first failure. The first case a process runs turns off V8's
 * allocation-site pretenuring ({@link keepWorldsYoung}): a world per run is garbage within milliseconds.
 */
export async function runCase(
  fleet: FleetSpec,
  simSeed: number,
  commands: Iterable<fc.AsyncCommand<ExploreModel, ExploreReal>>,
  platform: Platform,
  name: string,
  options: CaseOptions = {},
): Promise<void> {
  keepWorldsYoung();
  const { coverage, checkOnTheWay = false } = options;
  const real: ExploreReal = { session: new SimSession({ name, fleet }, platform, simSeed), injected: [], checkOnTheWay };
  const model = initialModel(fleet);
  let verdicts: Verdict[] | undefined;
  try {
    await fc.asyncModelRun(() => ({ model, real }), commands);
    verdicts = real.session.finish(model.nowMs + SETTLE_MS);
  } finally {
    if (coverage) {
      const outcomes = new Map(real.session.world.history.ofKind("chaos.outcome").map((o) => [o.step, o.tookEffect]));
      const steps = real.injected
        .filter((s) => outcomes.has(s.index))
        .map((s) => ({ planned: s.planned, tookEffect: outcomes.get(s.index) === true }));
      coverage.record(verdicts ?? real.session.check(), steps);
    }
  }
  const failed = verdicts.find((v) => v.status === "fail");
  if (failed) throw new RunFailure(failed);
}

/** The scenario a (shrunk) counterexample stands for: same fleet, seed and steps; run = commands + settle. */
export function scenarioOf(
  vmType: VmType,
  fleet: FleetSpec,
  simSeed: number,
  commands: Iterable<fc.AsyncCommand<ExploreModel, ExploreReal>>,
  name: string,
): Scenario {
  const { steps, endMs } = planOf(commands, fleet);
  return {
    apiVersion: "cattleprod/v1",
    name,
    description: `Found by cattleprod explore on ${vmType} fleets.`,
    seed: simSeed,
    fleet,
    platform: "reference",
    steps,
    runMs: endMs + SETTLE_MS,
    expect: [],
  };
}

/**
 * How often an action is drawn for fleets of a VM type: one, plus the catalog controls of that
 * type it exercises (at most three). Every action stays in play; the ones a type's controls answer
 * come up up to four times as often. Read from the catalog, so a new control weighs in.
 */
export function relevance(action: string, vmType: VmType): number {
  const controls = CATALOG.filter((entry) => entry.scope === vmType && (entry.chaos as readonly string[]).includes(action)).length;
  return 1 + Math.min(3, controls);
}

/** The commands one run draws from: time advances, and every chaos action derived from the schema. */
export function commandArbitraries(
  vmType: VmType,
  platform: Platform,
  specs?: ChaosPlanOptions["specs"],
): Array<fc.Arbitrary<fc.AsyncCommand<ExploreModel, ExploreReal>>> {
  const controllers = platform.controllers.map((c) => c.name);
  const chaos = fc.oneof(
    ...chaosPlans(vmType, { controllers, ...(specs ? { specs } : {}) }).map(({ action, arbitrary }) => ({
      arbitrary: chaosArbitrary(arbitrary),
      weight: relevance(action, vmType),
    })),
  );
  return [fc.oneof({ arbitrary: advanceArbitrary(), weight: 1 }, { arbitrary: chaos, weight: 2 })];
}

/**
 * Explores chaos sequences on random fleets of one VM type with fast-check: model-based runs
 * whose commands are chaos steps and time advances inside the fault budget. Returns data;
 * a failure comes back shrunk, as a scenario that replays it, with the coverage of the runs.
 */
export async function explore(options: ExploreOptions): Promise<ExploreResult> {
  const name = `found-${options.vmType}-${options.seed}`;
  const commandArbs = commandArbitraries(options.vmType, options.platform, options.specs);
  const coverage = new CoverageCollector();
  let runsDone = 0;
  let shrinking = false;
  const property = fc.asyncProperty(
    FLEETS[options.vmType](),
    fc.integer({ min: 0, max: 0x7fffffff }),
    // "medium" size: lengths spread over 0..maxCommands (about half on average; fast-check's default stops at 10).
    fc.commands(commandArbs, { maxCommands: options.maxCommands ?? 40, size: "medium" }),
    async (fleet, simSeed, commands) => {
      // fast-check stops generating at the first failure: every later run is a shrink attempt.
      const counted = !shrinking;
      try {
        // While shrinking, checks on the way stop each failing attempt early; generated runs are checked at their end.
        await runCase(fleet, simSeed, commands, options.platform, name, counted ? { coverage } : { checkOnTheWay: true });
      } catch (error) {
        shrinking = true;
        throw error;
      } finally {
        if (counted) options.onRun?.(++runsDone);
      }
    },
  );
  const firstRun = options.firstRun ?? 0;
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: options.runs,
    endOnFailure: false,
    ...(firstRun > 0 ? { path: String(firstRun) } : {}),
  });
  const base = { vmType: options.vmType, runs: details.numRuns, seed: options.seed, coverage: coverage.toRecord() };
  if (!details.failed || !details.counterexample) return base;
  const [fleet, simSeed, commands] = details.counterexample;
  const scenario = scenarioOf(options.vmType, fleet, simSeed, commands, name);
  const error = details.errorInstance;
  const message = error instanceof Error ? error.message : String(error);
  return {
    ...base,
    finding: {
      scenario,
      headline: message,
      control: error instanceof RunFailure ? error.verdict.control : (/^([A-Z]+-[A-Z]+-\d{3})/.exec(message)?.[1] ?? "unknown"),
      seed: options.seed,
      path: details.counterexamplePath ?? "",
      shrinks: details.numShrinks,
    },
  };
}
