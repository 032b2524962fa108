import { InvalidArgumentError, Option, type Command } from "commander";
import { SEVERITIES, VM_TYPES } from "../core/index.ts";
import type { Severity, VmType } from "../core/index.ts";
import { parseSeed } from "./arguments.ts";

/** Default runs per VM type: enough to catch every broken-platform fixture, quick enough for CI. */
export const DEFAULT_EXPLORE_RUNS = 200;

function parseRuns(value: string): number {
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1) throw new InvalidArgumentError("Use a whole number of at least 1.");
  return runs;
}

/** Registers `cattleprod explore` on the program. */
export function addExploreCommand(program: Command, done: (code: number) => void): void {
  program
    .command("explore")
    .description("explore chaos sequences per VM type with fast-check; shrink each failure to a scenario file")
    .addOption(new Option("--type <type>", "VM type to explore").choices([...VM_TYPES, "all"]).default("all"))
    .option("--runs <N>", "runs per VM type", parseRuns, DEFAULT_EXPLORE_RUNS)
    .option("--seed <N>", "fast-check seed (same seed, same runs, same findings)", parseSeed, 1)
    .option("--platform <MODULE>", 'platform module, or "reference"', "reference")
    .option("--emit <DIR>", "where shrunk scenarios are written", "cattleprod-found")
    .option("--out <DIR>", "write DIR/explore.json and DIR/explore.html")
    .addOption(new Option("--fail-on <severity>", "lowest severity whose failure fails the run").choices(SEVERITIES).default("high"))
    .option("--require-coverage", "exit 3 when a control of an explored type was never decided (passed or failed)", false)
    .action(
      async (flags: {
        type: VmType | "all";
        runs: number;
        seed: number;
        platform: string;
        emit: string;
        out?: string;
        failOn: Severity;
        requireCoverage: boolean;
      }) => {
        const { exploreCommand } = await import("./explore.ts");
        done(await exploreCommand({ ...flags }));
      },
    );
}
