import { relative } from "node:path";
import cliProgress from "cli-progress";
import { commandLine, isCattleprodError, packagePath, type Platform, type RunRecord, type Scenario, type Severity } from "../core/index.ts";
import {
  buildRunRecord,
  findScenarioFiles,
  loadPlatform,
  loadScenarios,
  runScenario,
  runLoadProblem,
  runScenarioOn,
  type ScenarioFailure,
  type ScenarioResult,
} from "../scenarios/index.ts";
import { attachHistory, type RunHistory, type ScenarioHistory } from "../reports/index.ts";
import type { StartedBackend } from "../simulators/localstack/index.ts";
import type { RealAwsOptions } from "./backend.ts";
import type { BackendName } from "./backend-names.ts";
import { runEnvironment } from "./environment.ts";
import { describeError } from "./debug.ts";
import { ReconcileProgress } from "./reconcile-progress.ts";
import { gateRecord } from "./gate.ts";
import { haltIfInterrupted, interruptSignal, onInterrupt, sweepOnInterrupt } from "./interrupt.ts";
import { publishRecord } from "./publish.ts";
import { readRunRecord } from "./read-record.ts";
import { withReportFolder } from "./with-report-folder.ts";
import { selectShard, sortByName, type Shard } from "./shard.ts";
import { harnessVersion } from "./version.ts";
import { loadWaivers, type LoadedWaivers } from "./waivers.ts";

/** Options of `cattleprod run`. */
export interface RunOptions {
  readonly seed?: number;
  readonly platform?: string;
  readonly out: string;
  readonly failOn: Severity;
  /** A waivers YAML file. */
  readonly waivers?: string;
  /** Print GitHub workflow annotations for failures. */
  readonly annotations?: boolean;
  /** Run only this shard of the sorted scenario list. */
  readonly shard?: Shard;
  /** Worlds to run on (default sim); several give a differential run. */
  readonly backends?: readonly BackendName[];
  /** Safety settings for `--backend aws`. */
  readonly realAws?: RealAwsOptions;
  /** Run id for API backends (default: a new one); with `--platform external` the account's fleet carries it. */
  readonly runId?: string;
  /** A run.json to compare with: the HTML report shows what changed since. */
  readonly baseline?: string;
}

/** A finished run: its record (with history digests and environment) and the history it references. */
export interface ExecutedRun {
  readonly record: RunRecord;
  readonly history: RunHistory;
}

/** The platforms the scenarios name, for the record when no --platform was given. */
function platformNames(scenarios: readonly Scenario[]): string {
  return [...new Set(scenarios.map((s) => s.platform))].join(", ");
}

/** The stock scenario library, relative to the working directory. */
export function libraryPath(): string {
  return relative(process.cwd(), packagePath("scenarios", "library")) || ".";
}

/** `npx cattleprod sweep --backend B --run-id ID`: what removes a run's resources by hand. */
function sweepCommand(backend: string, runId: string): string {
  return commandLine(["sweep", "--backend", backend, "--run-id", runId]);
}

export { writeAtomic } from "./write-atomic.ts";

/** Reads the --baseline record, printing its error: the record, undefined when none, or exit code 2. */
async function readBaselineOption(file: string | undefined): Promise<RunRecord | undefined | 2> {
  if (file === undefined) return undefined;
  try {
    return await readRunRecord(file, "read baseline");
  } catch (error) {
    process.stderr.write(`${isCattleprodError(error) ? error.message : String(error)}\n`);
    return 2;
  }
}

/** Loads the --waivers file, printing its error: the waivers, undefined when none, or exit code 2. */
export async function loadWaiversOption(file: string | undefined): Promise<LoadedWaivers | undefined | 2> {
  if (file === undefined) return undefined;
  try {
    return await loadWaivers(file);
  } catch (error) {
    process.stderr.write(`${isCattleprodError(error) ? error.message : String(error)}\n`);
    return 2;
  }
}

/**
 * Loads the scenarios under `paths` (default: the stock library), keeps `options.shard`'s
 * share of the name-sorted list, runs each and builds the run record (not yet gated by
 * waivers). Bad input is printed and returned as exit code 2.
 */
export async function executeRun(
  paths: readonly string[],
  options: Omit<RunOptions, "out" | "waivers" | "annotations" | "baseline">,
): Promise<ExecutedRun | 2> {
  const startedAt = new Date();
  let scenarios: Scenario[];
  try {
    scenarios = sortByName(await loadScenarios(await findScenarioFiles(paths.length > 0 ? paths : [libraryPath()])));
  } catch (error) {
    process.stderr.write(`${isCattleprodError(error) ? error.message : String(error)}\n`);
    return 2;
  }
  if (scenarios.length === 0) {
    process.stderr.write(
      `Failed to run: no scenario files under ${paths.join(", ") || libraryPath()}. Give .yaml scenario files or folders.\n`,
    );
    return 2;
  }
  if (options.shard) scenarios = selectShard(scenarios, options.shard);
  const tooMuch = runLoadProblem(scenarios, options.backends?.length ?? 1);
  if (tooMuch) {
    process.stderr.write(`${tooMuch}\n`);
    return 2;
  }
  const platforms = new Map<string, Promise<Platform>>();
  const platformFor = (ref: string): Promise<Platform> => {
    let loaded = platforms.get(ref);
    if (!loaded) platforms.set(ref, (loaded = loadPlatform(ref)));
    return loaded;
  };
  const bar =
    process.stderr.isTTY && scenarios.length > 0
      ? new cliProgress.SingleBar(
          { format: "{bar} {value}/{total} scenarios · {name}{reconcile}", hideCursor: true, stream: process.stderr },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(scenarios.length, 0, { name: "", reconcile: "" });
  const progress = new ReconcileProgress(bar);
  const backends = options.backends ?? ["sim"];
  if (
    backends.includes("sim") &&
    (options.platform === "external" || (options.platform === undefined && scenarios.some((s) => s.platform === "external")))
  ) {
    bar?.stop();
    process.stderr.write(
      "Failed to run with platform external on the simulated fleet: it has no automation of its own. " +
        "Use --backend localstack or --backend aws, whose account's automation is then under test.\n",
    );
    return 2;
  }
  const apis = new Map<string, StartedBackend>();
  const releases: Array<() => void> = [];
  let inFlight: Promise<unknown> = Promise.resolve();
  try {
    for (const name of backends) {
      if (name === "sim") continue;
      // The AWS SDK loads only when an API backend is asked for: a simulated run starts without it.
      const { openBackend } = await import("./backend.ts");
      const opened = await openBackend(name, options.realAws, options.runId, (line) => process.stderr.write(`${line}\n`));
      apis.set(name, opened);
      releases.push(onInterrupt(() => sweepOnInterrupt(opened, inFlight)));
      process.stderr.write(`${name}: ${opened.description} · run id ${opened.runId} (${sweepCommand(name, opened.runId)})\n`);
    }
  } catch (error) {
    bar?.stop();
    process.stderr.write(`${isCattleprodError(error) ? error.message : String(error)}\n`);
    for (const api of apis.values()) await api.close().catch(() => undefined);
    return 2;
  }
  const results: Array<ScenarioResult | ScenarioFailure> = [];
  const history: ScenarioHistory[] = [];
  const scenarioWallMs: Record<string, number> = {};
  const backendFigures: Record<string, unknown> = {};
  try {
    for (const [index, scenario] of scenarios.entries()) {
      bar?.update({ name: scenario.name, reconcile: "" });
      progress.scenario();
      const ref = options.platform ?? scenario.platform;
      for (const backend of backends) {
        const t0 = performance.now();
        const key = backends.length > 1 ? `${backend}:${scenario.name}` : scenario.name;
        try {
          const platform = await platformFor(ref);
          const common = {
            platform,
            platformRef: ref,
            ...(options.platform === undefined ? {} : { platformGiven: true }),
            ...(options.runId === undefined ? {} : { runId: options.runId }),
            ...(options.seed === undefined ? {} : { seed: options.seed }),
          };
          const api = apis.get(backend);
          if (!api) {
            const { world: _world, ...result } = runScenario(scenario, common);
            results.push(result);
            history.push({ scenario: result.name, backend: result.backend, events: result.events });
          } else {
            const {
              world: _world,
              backendStats,
              ...result
            } = await (inFlight = runScenarioOn(scenario, {
              ...common,
              backend,
              // An interrupted run's world stops at its next flush of writes, so the sweep waits for one call at most.
              makeWorld: api.worldFor(index, { external: ref === "external", signal: interruptSignal }),
              ...(platform.command ? { onCommand: progress.reconciled } : {}),
            }));
            results.push(result);
            history.push({ scenario: result.name, backend: result.backend, events: result.events });
            backendFigures[key] = { where: api.description, ...backendStats };
          }
        } catch (error) {
          if (
            isCattleprodError(error, "E_PLATFORM_LOAD") ||
            isCattleprodError(error, "E_LIMIT") ||
            isCattleprodError(error, "E_PLATFORM_COMMAND")
          ) {
            bar?.stop();
            process.stderr.write(`${error.message}\n`);
            return 2;
          }
          results.push({
            name: scenario.name,
            file: scenario.file,
            seed: options.seed ?? scenario.seed,
            backend,
            error: describeError(error),
          });
        }
        scenarioWallMs[key] = Math.round(performance.now() - t0);
      }
      await haltIfInterrupted(); // a Ctrl-C during a simulated scenario is handled here, between scenarios
      bar?.increment();
    }
  } finally {
    for (const release of releases) release();
    for (const api of apis.values())
      await api
        .close()
        .catch((error: Error) =>
          process.stderr.write(
            `Failed to clean up ${api.name} run ${api.runId}: ${error.message}. Run ${sweepCommand(api.name, api.runId)}.\n`,
          ),
        );
  }
  bar?.stop();
  const record = buildRunRecord(results, {
    harnessVersion: harnessVersion(),
    platform: options.platform ?? platformNames(scenarios),
    seed: options.seed ?? null,
    failOn: options.failOn,
    backend: backends.join(","),
    ...(Object.keys(backendFigures).length > 0 ? { backends: backendFigures } : {}),
    startedAt,
    finishedAt: new Date(),
    scenarioWallMs,
    ...(options.shard ? { shard: options.shard } : {}),
  });
  const described = Object.fromEntries([...apis.values()].map((api) => [api.name, api.version ?? api.description]));
  const environment = await runEnvironment(record, described);
  return { record: { ...attachHistory(record, history).record, environment }, history };
}

/**
 * `cattleprod run [PATH...]`: runs scenarios, applies the gate (--fail-on, --waivers), writes
 * DIR/run.json and every report, prints a summary (and with --annotations GitHub annotations),
 * and returns the exit code.
 */
export async function runCommand(paths: readonly string[], options: RunOptions): Promise<number> {
  return withReportFolder(options.out, async (folder) => {
    const waivers = await loadWaiversOption(options.waivers);
    if (waivers === 2) return 2;
    const baseline = await readBaselineOption(options.baseline);
    if (baseline === 2) return 2;
    const run = await executeRun(paths, options);
    if (run === 2) return 2;
    const { record, history } = run;
    const gated = waivers ? gateRecord(record, { failOn: options.failOn, waivers, now: new Date() }) : record;
    await publishRecord(gated, folder, { waivers, annotations: options.annotations, history, ...(baseline ? { baseline } : {}) });
    return gated.exitCode;
  });
}
