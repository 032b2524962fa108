import {
  createRng,
  type ChaosStep,
  type ControlId,
  type FaultSurface,
  type FleetDriver,
  type HistoryEvent,
  type Observable,
  type Platform,
  type Rng,
  type Scenario,
  type Scheduler,
  type Verdict,
  type World,
  type CommandRecord,
  CattleprodError,
} from "../core/index.ts";
import { commandLine } from "../core/index.ts";
import { scheduleChaosStep } from "../chaos/index.ts";
import { evaluateControls } from "../guarantees/index.ts";
import { startPlatform } from "../platform/index.ts";
import { SimFleet } from "../simulators/index.ts";
import { guardHistory } from "./run-guard.ts";
import { buildTimeline, type ScenarioTimeline } from "./timeline.ts";
import { checkCommandScenario, CommandSchedule, type CommandHost, type CommandListener } from "./command-schedule.ts";

/** Whether one expectation of a scenario held. */
export interface ExpectationResult {
  readonly control: ControlId;
  readonly expected: "pass" | "fail";
  readonly actual: Verdict["status"];
  readonly met: boolean;
}

/** The result of one scenario run: data, never a throw. */
export interface ScenarioResult {
  readonly name: string;
  readonly file: string | undefined;
  readonly seed: number;
  readonly platform: string;
  /** "sim", "localstack" or "aws". */
  readonly backend: string;
  /** pass: every expectation met and no control failed; fail: a control failed or an expectation failed. */
  readonly status: "pass" | "fail" | "inconclusive";
  readonly verdicts: readonly Verdict[];
  readonly expectations: readonly ExpectationResult[];
  readonly stats: {
    readonly events: number;
    readonly instancesLaunched: number;
    readonly simulatedMs: number;
    readonly chaosSteps: number;
    readonly chaosWithoutEffect: number;
  };
  /** The command that replays this run. */
  readonly replay: string;
  /** Capacity, lifetimes and chaos marks for the report's charts. */
  readonly timeline: ScenarioTimeline;
  /** What the backend did (API calls, reconciles), for API backends. */
  readonly backendStats?: Readonly<Record<string, unknown>>;
  /** The whole history the verdicts were decided from (kept beside the record as events.ndjson). */
  readonly events: readonly HistoryEvent[];
  /** A command platform's calls. */
  readonly commands?: CommandRecord;
}

/** Options for one scenario run. */
export interface RunScenarioOptions {
  readonly platform: Platform;
  /** How the platform was named on the command line (for the replay line). */
  readonly platformRef?: string;
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** The platform was named on the command line (the replay line then names it, even the reference one). */
  readonly platformGiven?: boolean;
  /** The run id given on the command line (API backends), for the replay line. */
  readonly runId?: string;
  /** Told after each call of a command platform (the progress display). */
  readonly onCommand?: CommandListener;
}

/** What chaos and the platform act on: a world that is its own driver, fault surface and scheduler. */
export type ActingWorld<Done extends void | Promise<void> = void | Promise<void>> = World<Done> & FleetDriver & FaultSurface & Scheduler;

/**
 * A scenario run in progress on a world: the history opened, the fleet built, the platform started, chaos
 * scheduled as it is injected. The simulated and the account sessions below differ only in how time runs.
 */
class ScenarioSession<W extends ActingWorld> {
  readonly world: W;
  readonly seed: number;
  private readonly chaosRng: Rng;
  private readonly steps: ChaosStep[] = [];

  constructor(
    readonly scenario: Pick<Scenario, "name" | "fleet">,
    platform: Platform,
    seed: number,
    makeWorld: (spec: Scenario["fleet"], rng: Rng) => W,
  ) {
    this.seed = seed;
    const rng = createRng(seed);
    this.world = makeWorld(scenario.fleet, rng.fork("world"));
    guardHistory(this.world.history, scenario.name);
    this.world.history.append(0, "run.started", "harness", {
      seed,
      scenario: scenario.name,
      groups: scenario.fleet.groups.map((g) => g.name),
    });
    this.world.buildInitialFleet();
    startPlatform(platform, { fleet: this.world.driver, scheduler: this.world.scheduler, rng: rng.fork("platform") });
    this.chaosRng = rng.fork("chaos");
  }

  /** Schedules a chaos step (its `atMs` must not be in the past). */
  inject(step: ChaosStep): void {
    this.steps.push(step);
    scheduleChaosStep(this.world, step, this.chaosRng);
  }

  /** Checks every control against the history so far (deadlines after now stay undecided). */
  check(overrides: Partial<Record<ControlId, number>> = {}): Verdict[] {
    return this.evaluate(this.world.clock.nowMs(), overrides);
  }

  /** The steps injected so far, in injection order. */
  injected(): readonly ChaosStep[] {
    return this.steps;
  }

  /** Closes the history at `runMs` with the world's serving counts and checks every control. */
  protected end(runMs: number, overrides: Partial<Record<ControlId, number>>): Verdict[] {
    this.world.history.append(runMs, "run.ended", "harness", { healthy: { ...this.world.observations().healthy } });
    return this.evaluate(runMs, overrides);
  }

  private evaluate(runMs: number, overrides: Partial<Record<ControlId, number>>): Verdict[] {
    const world = this.world;
    // A model world offers everything from the model: the default, without a call per control.
    const evidence = world.kind === "model" ? {} : { evidence: (o: Observable) => world.evidence(o) };
    return evaluateControls({ history: world.history, spec: this.scenario.fleet, runMs, overrides, ...evidence });
  }
}

/**
 * A scenario run in progress on the simulated fleet, driven step by step: the property explorer injects chaos
 * and advances time command by command; `runScenario` injects a whole plan up front. Both give the same
 * history for the same seed and steps. Everything here is synchronous.
 */
export class SimSession extends ScenarioSession<SimFleet> {
  constructor(
    scenario: Pick<Scenario, "name" | "fleet">,
    platform: Platform,
    seed: number,
    makeWorld: (spec: Scenario["fleet"], rng: Rng) => SimFleet = (spec, rng) => new SimFleet(spec, rng),
  ) {
    super(scenario, platform, seed, makeWorld);
  }

  /** Runs every task due before `atMs` (tasks due exactly then, such as chaos, wait). */
  advanceBefore(atMs: number): void {
    this.world.runUntil(atMs - 1);
  }

  /** Runs to `runMs` (if not there yet), closes the history and checks every control. */
  finish(runMs: number, overrides: Partial<Record<ControlId, number>> = {}): Verdict[] {
    if (this.world.nowMs() < runMs) this.world.runUntil(runMs);
    return this.end(runMs, overrides);
  }
}

/** A scenario run in progress on a world behind an API: time runs asynchronously, the world talks to the account. */
export class AccountSession<W extends ActingWorld<Promise<void>>> extends ScenarioSession<W> {
  /** Runs to `runMs`, closes the history and checks every control. */
  async finish(runMs: number, overrides: Partial<Record<ControlId, number>> = {}): Promise<Verdict[]> {
    await this.world.runUntil(runMs);
    return this.end(runMs, overrides);
  }
}

/**
 * Runs a scenario on the simulated fleet: builds the world from the seed, starts the platform,
 * schedules the chaos, runs the virtual clock to the end and checks every control.
 *
 * @example const result = runScenario(scenario, { platform: referencePlatform() });
 */
export function runScenario(scenario: Scenario, options: RunScenarioOptions): ScenarioResult & { readonly world: SimFleet } {
  const seed = options.seed ?? scenario.seed;
  if (options.platform.command)
    throw new CattleprodError(
      "E_PLATFORM_COMMAND",
      `Failed to run platform "${options.platform.command.manifest}" on the simulated fleet: a command platform acts on an account. ` +
        "Use --backend localstack (or aws).",
    );
  const session = new SimSession(scenario, options.platform, seed);
  injectPlan(session, scenario);
  const verdicts = session.finish(scenario.runMs, overridesOf(scenario));
  return { ...resultOf(scenario, session, verdicts, options, "sim"), world: session.world };
}

/**
 * Runs a scenario on a world behind an API (LocalStack, an AWS account): the same platform, chaos and
 * checkers as `runScenario`; the world builds its history from what the account reports. The world is opened
 * before the run and closed after it, also when the run throws.
 *
 * @example
 * const result = await runScenarioOn(scenario, { platform, backend: "localstack", makeWorld: backend.worldFor(0) });
 */
export async function runScenarioOn<W extends ActingWorld<Promise<void>>>(
  scenario: Scenario,
  options: RunScenarioOptions & {
    readonly backend: string;
    readonly makeWorld: (spec: Scenario["fleet"], rng: Rng) => W;
  },
): Promise<ScenarioResult & { readonly world: W }> {
  const seed = options.seed ?? scenario.seed;
  const session = new AccountSession(scenario, options.platform, seed, options.makeWorld);
  const world = session.world;
  const platform = options.platform;
  let schedule: CommandSchedule | undefined;
  try {
    await world.open();
    if (platform.command) {
      const host = world as unknown as Partial<CommandHost>;
      if (typeof host.automationTarget !== "function" || typeof host.at !== "function")
        throw new CattleprodError(
          "E_PLATFORM_COMMAND",
          `Failed to run platform "${platform.command.manifest}": this world runs no commands.`,
        );
      checkCommandScenario(scenario, platform.command, host as CommandHost);
      schedule = new CommandSchedule({ ...platform, command: platform.command }, host as CommandHost, options.onCommand);
      schedule.plan(scenario.runMs, scenario.steps);
    }
    injectPlan(session, scenario);
    const verdicts = await session.finish(scenario.runMs, overridesOf(scenario));
    const backendStats = world.observations().backend ?? {};
    const commands = schedule?.report();
    return { ...resultOf(scenario, session, verdicts, options, options.backend), backendStats, world, ...(commands ? { commands } : {}) };
  } finally {
    schedule?.dispose();
    await world.close();
  }
}

function injectPlan(session: ScenarioSession<ActingWorld>, scenario: Scenario): void {
  for (const step of [...scenario.steps].sort((a, b) => a.atMs - b.atMs || a.index - b.index)) session.inject(step);
}

function overridesOf(scenario: Scenario): Partial<Record<ControlId, number>> {
  const overrides: Partial<Record<ControlId, number>> = {};
  for (const e of scenario.expect) if (e.withinMs !== undefined) overrides[e.control] = e.withinMs;
  return overrides;
}

function resultOf(
  scenario: Scenario,
  session: ScenarioSession<ActingWorld>,
  verdicts: Verdict[],
  options: RunScenarioOptions,
  backend: string,
): ScenarioResult {
  const world = session.world;
  const byId = new Map(verdicts.map((v) => [v.control, v]));
  const expectations = scenario.expect.map((e): ExpectationResult => {
    const actual = byId.get(e.control)?.status ?? "error";
    return { control: e.control, expected: e.status, actual, met: actual === e.status };
  });
  const unexpectedFail = verdicts.some(
    (v) => v.status === "fail" && !scenario.expect.some((e) => e.control === v.control && e.status === "fail"),
  );
  const status =
    unexpectedFail || expectations.some((e) => !e.met && e.actual === "fail")
      ? "fail"
      : expectations.every((e) => e.met)
        ? "pass"
        : "inconclusive";
  const outcomes = world.history.ofKind("chaos.outcome");
  const platformRef = options.platformRef ?? scenario.platform;
  return {
    name: scenario.name,
    file: scenario.file,
    seed: session.seed,
    platform: options.platform.name,
    backend,
    status,
    verdicts,
    expectations,
    stats: {
      events: world.history.length,
      instancesLaunched: world.history.ofKind("instance.launched").length,
      simulatedMs: scenario.runMs,
      chaosSteps: outcomes.length,
      chaosWithoutEffect: outcomes.filter((o) => !o.tookEffect).length,
    },
    replay: replayCommand(scenario.file ?? scenario.name, session.seed, platformRef, {
      ...(options.platformGiven ? { platformGiven: true } : {}),
      ...(backend === "sim" ? {} : { backend }),
      ...(options.runId === undefined ? {} : { runId: options.runId }),
    }),
    timeline: buildTimeline(world.history, scenario.runMs),
    events: world.history.all(),
  };
}

/**
 * `npx cattleprod run --seed 42 scenarios/library/x.yaml [--platform P] [--backend B] [--run-id ID]`: the platform
 * when it was given or is not the reference one, the backend when it is not the simulator, the run id when given.
 */
export function replayCommand(
  file: string,
  seed: number,
  platformRef: string,
  given: { readonly platformGiven?: boolean; readonly backend?: string; readonly runId?: string } = {},
): string {
  return commandLine([
    "run",
    "--seed",
    String(seed),
    file,
    ...(given.platformGiven || platformRef !== "reference" ? ["--platform", platformRef] : []),
    ...(given.backend === undefined || given.backend === "sim" ? [] : ["--backend", given.backend]),
    ...(given.runId === undefined ? [] : ["--run-id", given.runId]),
  ]);
}
