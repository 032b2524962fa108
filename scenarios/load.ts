import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { CattleprodError } from "../core/index.ts";
import type { Scenario } from "../core/index.ts";
import { parseScenario } from "./parse.ts";

const SCENARIO_FILE = /\.ya?ml$/i;

function ioReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "no such file or folder";
  if (code === "EISDIR") return "it is a folder";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

/** The path as `Scenario.file` and messages show it: relative to the working directory. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative === "" ? file : relative.split(path.sep).join("/");
}

/**
 * Reads and parses one scenario file. Throws E_SCENARIO_IO when it cannot be read, else as
 * {@link parseScenario}. `Scenario.file` is the path relative to the working directory.
 */
export async function loadScenario(file: string): Promise<Scenario> {
  const shown = displayPath(file);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CattleprodError(
      "E_SCENARIO_IO",
      `Failed to load scenario "${shown}": ${ioReason(error)}. Pass a scenario file or a folder of *.yaml files.`,
      { cause: error },
    );
  }
  return parseScenario(text, shown);
}

async function walk(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const found: string[] = [];
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...(await walk(full)));
    else if (SCENARIO_FILE.test(entry.name)) found.push(full);
  }
  return found;
}

/**
 * Expands paths into scenario files: files are kept as given, folders are searched
 * recursively for `*.yaml` / `*.yml` (sorted). Duplicates are dropped. A missing path is an
 * E_SCENARIO_IO error naming it.
 *
 * @example await findScenarioFiles(["scenarios/library"]) // ["scenarios/library/cattle-....yaml", ...]
 */
export async function findScenarioFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    let isFolder: boolean;
    try {
      isFolder = (await stat(given)).isDirectory();
    } catch (error) {
      throw new CattleprodError(
        "E_SCENARIO_IO",
        `Failed to find scenarios: "${given}": ${ioReason(error)}. Pass scenario files or folders of *.yaml files.`,
        { cause: error },
      );
    }
    if (!isFolder) files.push(given);
    else files.push(...(await walk(given)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return [...new Set(files)];
}

/** Loads every scenario under `paths` (see {@link findScenarioFiles}); the first bad one throws. */
export async function loadScenarios(paths: readonly string[]): Promise<Scenario[]> {
  const scenarios: Scenario[] = [];
  for (const file of await findScenarioFiles(paths)) scenarios.push(await loadScenario(file));
  return scenarios;
}
