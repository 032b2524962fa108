import {
  createRng,
  type ChaosStep,
  type ControlId,
  type HistoryEvent,
  type Platform,
  type Rng,
  type Scenario,
  type Verdict,
} from "../core/index.ts";
import { commandLine } from "../core/index.ts";
import { scheduleChaosStep } from "../chaos/index.ts";
import { evaluateControls } from "../guarantees/index.ts";
import { startPlatform } from "../platform/index.ts";
import { SimFleet } from "../simulators/index.ts";
import { guardHistory } from "./run-guard.ts";
import { buildTimeline, type ScenarioTimeline } from "./timeline.ts";

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
}

/** Options for one scenario run. */
export interface RunScenarioOptions {
  readonly platform: Platform;
  /** How the platform was named on the command line (for the replay line). */
  readonly platformRef?: string;
  /** Overrides the scenario's seed. */
  readonly seed?: number;
}

/**
 * A scenario run in progress on the simulated fleet, driven step by step: the property
 * explorer injects chaos and advances time command by command; `runScenario` injects a whole
 * plan up front. Both give the same history for the same seed and steps.
 */
export class SimSession {
  readonly world: SimFleet;
  readonly seed: number;
  private readonly chaosRng: Rng;
  private readonly steps: ChaosStep[] = [];

  constructor(
    readonly scenario: Pick<Scenario, "name" | "fleet">,
    platform: Platform,
    seed: number,
    makeWorld: (spec: Scenario["fleet"], rng: Rng) => SimFleet = (spec, rng) => new SimFleet(spec, rng),
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
    startPlatform(platform, { fleet: this.world, scheduler: this.world, rng: rng.fork("platform") });
    this.chaosRng = rng.fork("chaos");
  }

  /** Schedules a chaos step (its `atMs` must not be in the past). */
  inject(step: ChaosStep): void {
    this.steps.push(step);
    scheduleChaosStep(this.world, step, this.chaosRng);
  }

  /** Runs every task due before `atMs` (tasks due exactly then, such as chaos, wait). */
  advanceBefore(atMs: number): void {
    this.world.runUntil(atMs - 1);
  }

  /** Checks every control against the history so far (deadlines after now stay undecided). */
  check(overrides: Partial<Record<ControlId, number>> = {}): Verdict[] {
    return evaluateControls({ history: this.world.history, spec: this.scenario.fleet, runMs: this.world.nowMs(), overrides });
  }

  /** Runs to `runMs` (if not there yet), closes the history and checks every control. */
  finish(runMs: number, overrides: Partial<Record<ControlId, number>> = {}): Verdict[] {
    if (this.world.nowMs() < runMs) this.world.runUntil(runMs);
    const healthy: Record<string, number> = {};
    for (const group of this.scenario.fleet.groups) healthy[group.name] = this.world.healthyCount(group.name);
    this.world.history.append(runMs, "run.ended", "harness", { healthy });
    return evaluateControls({ history: this.world.history, spec: this.scenario.fleet, runMs, overrides });
  }

  /** The steps injected so far, in injection order. */
  injected(): readonly ChaosStep[] {
    return this.steps;
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
  const session = new SimSession(scenario, options.platform, seed);
  injectPlan(session, scenario);
  const verdicts = session.finish(scenario.runMs, overridesOf(scenario));
  return { ...resultOf(scenario, session, verdicts, options, "sim"), world: session.world };
}

/** A world whose state lives behind an API: it runs the clock itself, awaiting the API between tasks. */
export interface ApiWorld extends SimFleet {
  run(endMs: number): Promise<void>;
  stats(): object;
}

/**
 * Runs a scenario on a world behind an API (LocalStack, an AWS account): the same platform,
 * chaos and checkers as `runScenario`, with the world's writes flushed to the API after every
 * task.
 */
export async function runScenarioOn(
  scenario: Scenario,
  options: RunScenarioOptions & {
    readonly backend: string;
    readonly makeWorld: (spec: Scenario["fleet"], rng: Rng) => ApiWorld;
    readonly methods?: Readonly<Record<string, string>>;
  },
): Promise<ScenarioResult & { readonly world: ApiWorld }> {
  const seed = options.seed ?? scenario.seed;
  const session = new SimSession(scenario, options.platform, seed, options.makeWorld);
  const world = session.world as ApiWorld;
  injectPlan(session, scenario);
  await world.run(scenario.runMs);
  const methods = options.methods ?? {};
  const stats = { ...(world.stats() as Record<string, unknown>) };
  // A write the account never took means the account may differ from the model: no pass stands on that.
  const failedWrites = Number(stats["failedWrites"] ?? 0);
  const verdicts = session.finish(scenario.runMs, overridesOf(scenario)).map((v): Verdict => {
    const method = methods[v.control] ? `${options.backend}: ${methods[v.control]}` : v.evidence.method;
    const evidence = { ...v.evidence, ...(method ? { method } : {}) };
    if (failedWrites > 0 && v.status === "pass") {
      return {
        ...v,
        status: "inconclusive",
        headline: `${v.control} inconclusive: ${failedWrites} API write(s) failed after retries, so the account may differ from the model`,
        evidence,
      };
    }
    return { ...v, evidence };
  });
  return { ...resultOf(scenario, session, verdicts, options, options.backend), backendStats: stats, world };
}

function injectPlan(session: SimSession, scenario: Scenario): void {
  for (const step of [...scenario.steps].sort((a, b) => a.atMs - b.atMs || a.index - b.index)) session.inject(step);
}

function overridesOf(scenario: Scenario): Partial<Record<ControlId, number>> {
  const overrides: Partial<Record<ControlId, number>> = {};
  for (const e of scenario.expect) if (e.withinMs !== undefined) overrides[e.control] = e.withinMs;
  return overrides;
}

function resultOf(
  scenario: Scenario,
  session: SimSession,
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
    replay: replayCommand(scenario.file ?? scenario.name, session.seed, platformRef) + (backend === "sim" ? "" : ` --backend ${backend}`),
    timeline: buildTimeline(world.history, scenario.runMs),
    events: world.history.all(),
  };
}

/** `npx cattleprod run --seed 42 scenarios/library/x.yaml [--platform P]`. */
export function replayCommand(file: string, seed: number, platformRef: string): string {
  return commandLine(["run", "--seed", String(seed), file, ...(platformRef === "reference" ? [] : ["--platform", platformRef])]);
}
