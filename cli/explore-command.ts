import { InvalidArgumentError, Option, type Command } from "commander";
import { SEVERITIES, VM_TYPES } from "../core/index.ts";
import type { Severity, VmType } from "../core/index.ts";
import { parseDuration } from "../core/index.ts";
import { parseSeed, parseShard } from "./arguments.ts";

/** Default runs per VM type: enough to catch every broken-platform fixture, quick enough for CI. */
export const DEFAULT_EXPLORE_RUNS = 200;

function parseRuns(value: string): number {
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1) throw new InvalidArgumentError("Use a whole number of at least 1.");
  return runs;
}

/** Runs per VM type when only `--budget` bounds the exploration. */
export const BUDGET_ONLY_RUNS = 1_000_000;

function parseBudget(value: string): number {
  if (!/[a-z]$/i.test(value.trim())) throw new InvalidArgumentError("Use a duration with its unit, such as 90s, 10m or 1h.");
  let ms: number;
  try {
    ms = parseDuration(value as Parameters<typeof parseDuration>[0]);
  } catch {
    throw new InvalidArgumentError("Use a duration such as 90s, 10m or 1h.");
  }
  if (!Number.isFinite(ms) || ms <= 0) throw new InvalidArgumentError("Use a duration such as 90s, 10m or 1h.");
  return ms;
}

function parseWorkers(value: string): number {
  const workers = Number(value);
  if (!Number.isInteger(workers) || workers < 1 || workers > 256) throw new InvalidArgumentError("Use a whole number from 1 to 256.");
  return workers;
}

/** Registers `cattleprod explore` on the program. */
export function addExploreCommand(program: Command, done: (code: number) => void): void {
  program
    .command("explore")
    .description("explore chaos sequences per VM type with fast-check; shrink each failure to a scenario file")
    .addOption(new Option("--type <type>", "VM type to explore").choices([...VM_TYPES, "all"]).default("all"))
    .option("--runs <N>", `runs per VM type (default ${DEFAULT_EXPLORE_RUNS}; with --budget alone, until the budget)`, parseRuns)
    .option("--budget <duration>", "start no more runs after this long (e.g. 10m); stops at --runs if that comes first", parseBudget)
    .option(
      "--workers <N>",
      "threads exploring: this one and N - 1 workers (default: the machine's cores; the findings do not depend on it)",
      parseWorkers,
    )
    .option("--shard <i/n>", "explore only shard i of n of the blocks of runs (merge the explore.json files with `merge`)", parseShard)
    .option("--seed <N>", "fast-check seed (same seed, same runs, same findings)", parseSeed, 1)
    .option("--platform <MODULE>", 'platform module, or "reference"', "reference")
    .option("--emit <DIR>", "where shrunk scenarios are written", "cattleprod-found")
    .option("--out <DIR>", "write DIR/explore.json and DIR/explore.html")
    .addOption(new Option("--fail-on <severity>", "lowest severity whose failure fails the run").choices(SEVERITIES).default("high"))
    .option("--require-coverage", "exit 3 when a control of an explored type was never decided (passed or failed)", false)
    .action(
      async (flags: {
        type: VmType | "all";
        runs?: number;
        budget?: number;
        workers?: number;
        shard?: { index: number; total: number };
        seed: number;
        platform: string;
        emit: string;
        out?: string;
        failOn: Severity;
        requireCoverage: boolean;
      }) => {
        const { exploreCommand } = await import("./explore.ts");
        const { budget, workers, shard, runs, ...rest } = flags;
        done(
          await exploreCommand({
            ...rest,
            runs: runs ?? (budget === undefined ? DEFAULT_EXPLORE_RUNS : BUDGET_ONLY_RUNS),
            ...(budget !== undefined ? { budgetMs: budget } : {}),
            ...(workers !== undefined ? { workers } : {}),
            ...(shard ? { shard } : {}),
          }),
        );
      },
    );
}
