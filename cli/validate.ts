import { CattleprodError } from "../core/index.ts";
// The loader alone, not the scenarios barrel: `validate` starts without the runner, the checkers and the platform.
import { findScenarioFiles, loadScenario } from "../scenarios/load.ts";
import type { CliIo } from "./main.ts";

/**
 * `cattleprod validate PATH...`: loads every scenario under the paths and prints
 * `ok <file> (<n> steps)` for each. Stops at the first bad file by throwing its one
 * CattleprodError (the caller prints it and exits 2). Returns 0 when all are valid.
 */
export async function validateCommand(paths: readonly string[], io: CliIo): Promise<number> {
  const files = await findScenarioFiles(paths);
  if (files.length === 0) {
    throw new CattleprodError(
      "E_SCENARIO_IO",
      `Failed to validate: no *.yaml or *.yml files under ${paths.join(", ")}. Pass scenario files or folders that hold them.`,
    );
  }
  for (const file of files) {
    const scenario = await loadScenario(file);
    io.out(`ok ${scenario.file ?? file} (${scenario.steps.length} steps)\n`);
  }
  return 0;
}
