import { CattleprodError, isCattleprodError } from "../core/index.ts";
// The loader alone, not the scenarios barrel: `validate` starts without the runner, the checkers and the platform.
import { findScenarioFiles, loadScenario } from "../scenarios/load.ts";
import type { CliIo } from "./main.ts";

/**
 * `cattleprod validate PATH...`: loads every scenario under the paths and prints
 * `ok <file> (<n> steps)` for each valid one on stdout, and every problem of each bad one on
 * stderr (its first line `Failed to load scenario "<file>": ...`, then one line per further
 * problem). Returns 0 when all are valid, 2 when one is not. Every file is checked against
 * the same limits `run` holds it to.
 */
export async function validateCommand(paths: readonly string[], io: CliIo): Promise<number> {
  const files = await findScenarioFiles(paths);
  if (files.length === 0) {
    throw new CattleprodError(
      "E_SCENARIO_IO",
      `Failed to validate: no *.yaml or *.yml files under ${paths.join(", ")}. Pass scenario files or folders that hold them.`,
    );
  }
  let bad = 0;
  for (const file of files) {
    try {
      const scenario = await loadScenario(file);
      io.out(`ok ${scenario.file ?? file} (${scenario.steps.length} steps)\n`);
    } catch (error) {
      if (!isCattleprodError(error)) throw error;
      io.err(`${error.message}\n`);
      bad += 1;
    }
  }
  return bad > 0 ? 2 : 0;
}
