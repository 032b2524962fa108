import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { VM_TYPES, type Platform, type Scenario, type VmType } from "../../core/index.ts";
import { buildRunRecord, loadPlatform, loadScenarios, runScenario, type ScenarioResult } from "../../scenarios/index.ts";

/** The stock scenario library folder. */
export const LIBRARY = fileURLToPath(new URL("../../scenarios/library", import.meta.url));

/** The VM type part a library scenario belongs to: its file name's prefix (`cattle-...`), else its first group's type. */
export function partOf(scenario: Scenario): VmType {
  const prefix = (scenario.file ?? "").split("/").pop()?.split("-")[0];
  return VM_TYPES.find((t) => t === prefix) ?? scenario.fleet.groups[0]?.vmType ?? "cattle";
}

/** The library scenarios of one VM type part, sorted by name. */
export async function libraryPart(vmType: VmType): Promise<Scenario[]> {
  return (await loadScenarios([LIBRARY])).filter((s) => partOf(s) === vmType).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Runs scenarios on the simulated fleet, each with its own platform (loaded once per ref). */
export async function runPart(scenarios: readonly Scenario[]): Promise<Map<string, ScenarioResult>> {
  const platforms = new Map<string, Promise<Platform>>();
  const results = new Map<string, ScenarioResult>();
  for (const scenario of scenarios) {
    if (!platforms.has(scenario.platform)) platforms.set(scenario.platform, loadPlatform(scenario.platform));
    const platform = await (platforms.get(scenario.platform) as Promise<Platform>);
    const { world: _world, ...result } = runScenario(scenario, { platform, platformRef: scenario.platform });
    results.set(scenario.name, result);
  }
  return results;
}

/**
 * With CATTLEPROD_RECORD_DIR set, writes the part's run record to `<dir>/run-<vmType>.json` as
 * shard k/3 (pet 1, cattle 2, immutable 3), so the records of vitest `--shard` jobs merge with
 * `cattleprod merge` into the record `cattleprod run` writes for the library (apart from timing).
 */
export async function writePartRecord(
  vmType: VmType,
  results: ReadonlyMap<string, ScenarioResult>,
  startedAt: Date,
): Promise<string | undefined> {
  const dir = process.env["CATTLEPROD_RECORD_DIR"];
  if (!dir) return undefined;
  const { version } = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  const record = buildRunRecord([...results.values()], {
    harnessVersion: version,
    platform: "per scenario",
    seed: null,
    failOn: "high",
    startedAt,
    finishedAt: new Date(),
    scenarioWallMs: {},
    shard: { index: VM_TYPES.indexOf(vmType) + 1, total: VM_TYPES.length },
  });
  await mkdir(dir, { recursive: true });
  const file = join(dir, `run-${vmType}.json`);
  await writeFile(file, `${JSON.stringify(record, null, 2)}\n`);
  return file;
}
