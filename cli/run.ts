import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import cliProgress from "cli-progress";
import { isCattleprodError, type Platform, type Scenario, type Severity } from "../core/index.ts";
import { buildRunRecord, findScenarioFiles, loadPlatform, loadScenarios, runScenario, type ScenarioFailure, type ScenarioResult } from "../scenarios/index.ts";
import { renderSummary } from "./summary.ts";
import { harnessVersion } from "./version.ts";

/** Options of `cattleprod run`. */
export interface RunOptions {
  readonly seed?: number;
  readonly platform?: string;
  readonly out: string;
  readonly failOn: Severity;
}

/** The stock scenario library, relative to the working directory. */
export function libraryPath(): string {
  return relative(process.cwd(), resolve(dirname(fileURLToPath(import.meta.url)), "..", "scenarios", "library")) || ".";
}

/** Writes a file whole or not at all (temp file, then rename). */
export async function writeAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, path);
}

/** `cattleprod run [PATH...]`: runs scenarios, writes DIR/run.json, prints a summary, returns the exit code. */
export async function runCommand(paths: readonly string[], options: RunOptions): Promise<number> {
  const startedAt = new Date();
  let scenarios: Scenario[];
  try {
    scenarios = await loadScenarios(await findScenarioFiles(paths.length > 0 ? paths : [libraryPath()]));
  } catch (error) {
    process.stderr.write(`${isCattleprodError(error) ? error.message : String(error)}\n`);
    return 2;
  }
  if (scenarios.length === 0) {
    process.stderr.write(`Failed to run: no scenario files under ${paths.join(", ") || libraryPath()}. Give .yaml scenario files or folders.\n`);
    return 2;
  }
  const platforms = new Map<string, Promise<Platform>>();
  const platformFor = (ref: string): Promise<Platform> => {
    let loaded = platforms.get(ref);
    if (!loaded) platforms.set(ref, (loaded = loadPlatform(ref)));
    return loaded;
  };
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar({ format: "{bar} {value}/{total} scenarios · {name}", hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(scenarios.length, 0, { name: "" });
  const results: Array<ScenarioResult | ScenarioFailure> = [];
  const scenarioWallMs: Record<string, number> = {};
  for (const scenario of scenarios) {
    bar?.update({ name: scenario.name });
    const ref = options.platform ?? scenario.platform;
    const t0 = performance.now();
    try {
      const platform = await platformFor(ref);
      const { world: _world, ...result } = runScenario(scenario, { platform, platformRef: ref, ...(options.seed === undefined ? {} : { seed: options.seed }) });
      results.push(result);
    } catch (error) {
      if (isCattleprodError(error, "E_PLATFORM_LOAD")) {
        bar?.stop();
        process.stderr.write(`${error.message}\n`);
        return 2;
      }
      results.push({ name: scenario.name, file: scenario.file, seed: options.seed ?? scenario.seed, error: (error as Error).stack ?? String(error) });
    }
    scenarioWallMs[scenario.name] = Math.round(performance.now() - t0);
    bar?.increment();
  }
  bar?.stop();
  const record = buildRunRecord(results, {
    harnessVersion: harnessVersion(), platform: options.platform ?? "per scenario", seed: options.seed ?? null, failOn: options.failOn,
    startedAt, finishedAt: new Date(), scenarioWallMs,
  });
  await writeAtomic(join(options.out, "run.json"), `${JSON.stringify(record, null, 2)}\n`);
  process.stdout.write(renderSummary(record, options.out));
  return record.exitCode;
}
