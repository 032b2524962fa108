import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { CattleprodError } from "../core/index.ts";
import type { Scenario } from "../core/index.ts";
import { parseScenario } from "./parse.ts";
import { ioReason, readInputText } from "./read-input.ts";

const SCENARIO_FILE = /\.ya?ml$/i;

/** The path as `Scenario.file` and messages show it: relative to the working directory when inside it, else absolute. */
function displayPath(file: string): string {
  const absolute = path.resolve(file);
  const relative = path.relative(process.cwd(), absolute);
  if (relative === "") return file;
  return relative.startsWith("..") ? absolute : relative.split(path.sep).join("/");
}

/**
 * Reads and parses one scenario file. Throws E_SCENARIO_IO when it cannot be read (E_LIMIT
 * when it is larger than `LIMITS.fileBytes`, refused before it is read), else as
 * {@link parseScenario}. `Scenario.file` is the path relative to the working directory.
 */
export async function loadScenario(file: string): Promise<Scenario> {
  const shown = displayPath(file);
  const read = await readInputText(file);
  if (!("text" in read)) {
    const allowed = read.limit ? "Split it into several scenario files." : "Pass a scenario file or a folder of *.yaml files.";
    throw new CattleprodError(read.limit ? "E_LIMIT" : "E_SCENARIO_IO", `Failed to load scenario "${shown}": ${read.reason}. ${allowed}`);
  }
  return parseScenario(read.text, shown);
}

async function walk(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: unknown) => {
    throw new CattleprodError(
      "E_SCENARIO_IO",
      `Failed to find scenarios: "${displayPath(folder)}": ${ioReason(error)}. Pass scenario files or folders of *.yaml files.`,
      { cause: error },
    );
  });
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

/**
 * Loads every scenario under `paths` (see {@link findScenarioFiles}). When some are bad, throws
 * one error holding every bad file's problems (the first file's first line first, so the
 * message starts as a single file's would), with the first bad file's code.
 */
export async function loadScenarios(paths: readonly string[]): Promise<Scenario[]> {
  const scenarios: Scenario[] = [];
  const failures: CattleprodError[] = [];
  for (const file of await findScenarioFiles(paths)) {
    try {
      scenarios.push(await loadScenario(file));
    } catch (error) {
      if (!(error instanceof CattleprodError)) throw error;
      failures.push(error);
    }
  }
  const [first] = failures;
  if (first) throw new CattleprodError(first.code, failures.map((f) => f.message).join("\n"));
  return scenarios;
}
