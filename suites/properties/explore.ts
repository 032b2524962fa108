import fc from "fast-check";
import { type FleetSpec, type Platform, type Scenario, type VmType } from "../../core/index.ts";
import { SimSession } from "../../scenarios/index.ts";
import { chaosPlans, SETTLE_MS } from "./chaos-plans.ts";
import { advanceArbitrary, chaosArbitrary, planOf } from "./commands.ts";
import { cattleFleet, immutableFleet, petFleet } from "./fleets.ts";
import type { ExploreModel, ExploreReal } from "./model.ts";

/** Options of one exploration of a VM type. */
export interface ExploreOptions {
  readonly vmType: VmType;
  readonly platform: Platform;
  readonly runs: number;
  readonly seed: number;
  /** Most commands in one run (chaos steps and time advances). Default 30. */
  readonly maxCommands?: number;
  /** Called after every run (for progress displays). */
  readonly onRun?: (runsDone: number) => void;
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
  readonly shrinks: number;
}

/** What one exploration did. */
export interface ExploreResult {
  readonly vmType: VmType;
  readonly runs: number;
  readonly seed: number;
  readonly finding?: Finding;
}

/** The random fleets of each VM type. */
export const FLEETS: Readonly<Record<VmType, () => fc.Arbitrary<FleetSpec>>> = {
  cattle: cattleFleet,
  immutable: immutableFleet,
  pet: petFleet,
};

/** Runs one generated case: commands with safety checks after each, then a settle phase that checks liveness. */
export async function runCase(
  fleet: FleetSpec,
  simSeed: number,
  commands: Iterable<fc.AsyncCommand<ExploreModel, ExploreReal>>,
  platform: Platform,
  name: string,
): Promise<void> {
  const real: ExploreReal = { session: new SimSession({ name, fleet }, platform, simSeed) };
  const model: ExploreModel = { fleet, nowMs: 0, nextIndex: 0, losses: [], agedMs: 0 };
  await fc.asyncModelRun(() => ({ model, real }), commands);
  const failed = real.session.finish(model.nowMs + SETTLE_MS).find((v) => v.status === "fail");
  if (failed) throw new Error(failed.headline);
}

/** The scenario a (shrunk) counterexample stands for: same fleet, seed and steps; run = commands + settle. */
export function scenarioOf(
  vmType: VmType,
  fleet: FleetSpec,
  simSeed: number,
  commands: Iterable<fc.AsyncCommand<ExploreModel, ExploreReal>>,
  name: string,
): Scenario {
  const { steps, endMs } = planOf(commands, { fleet, nowMs: 0, nextIndex: 0, losses: [], agedMs: 0 });
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
 * Explores chaos sequences on random fleets of one VM type with fast-check: model-based runs
 * whose commands are chaos steps and time advances inside the fault budget. Returns data;
 * a failure comes back shrunk, as a scenario that replays it.
 */
export async function explore(options: ExploreOptions): Promise<ExploreResult> {
  const name = `found-${options.vmType}-${options.seed}`;
  const commandArbs = [advanceArbitrary(), ...chaosPlans(options.vmType).map(chaosArbitrary)];
  let runsDone = 0;
  const property = fc.asyncProperty(
    FLEETS[options.vmType](),
    fc.integer({ min: 0, max: 0x7fffffff }),
    fc.commands(commandArbs, { maxCommands: options.maxCommands ?? 30 }),
    async (fleet, simSeed, commands) => {
      try {
        await runCase(fleet, simSeed, commands, options.platform, name);
      } finally {
        if (runsDone < options.runs) options.onRun?.(++runsDone);
      }
    },
  );
  const details = await fc.check(property, { seed: options.seed, numRuns: options.runs, endOnFailure: false });
  if (!details.failed || !details.counterexample) return { vmType: options.vmType, runs: details.numRuns, seed: options.seed };
  const [fleet, simSeed, commands] = details.counterexample;
  const scenario = scenarioOf(options.vmType, fleet, simSeed, commands, name);
  const message = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return {
    vmType: options.vmType,
    runs: details.numRuns,
    seed: options.seed,
    finding: {
      scenario,
      headline: message,
      control: /^([A-Z]+-[A-Z]+-\d{3})/.exec(message)?.[1] ?? "unknown",
      seed: options.seed,
      path: details.counterexamplePath ?? "",
      shrinks: details.numShrinks,
    },
  };
}
