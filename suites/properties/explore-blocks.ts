import { availableParallelism } from "node:os";
import type { ExploreCoverage, Platform } from "../../core/index.ts";
import { planBlocks, type Block, type ExploreShard } from "./blocks.ts";
import { explore, type Finding } from "./explore.ts";
import { WorkerPool } from "./worker-pool.ts";

/** What one block found and exercised. */
export interface BlockResult {
  readonly block: Block;
  /** Runs generated (the block stops at its first failure). */
  readonly runs: number;
  readonly finding?: Finding;
  readonly coverage: ExploreCoverage;
}

/** Options of {@link exploreBlocks}. */
export interface ExploreBlocksOptions {
  readonly types: readonly Block["vmType"][];
  /** Runs per VM type; Infinity with a budget explores until the budget is spent. */
  readonly runsPerType: number;
  readonly seed: number;
  /** The platform, and how to load it again in a worker ("reference" or a module path). */
  readonly platform: Platform;
  readonly platformRef: string;
  /** Worker threads (default: the machine's cores); 1 explores in this thread. */
  readonly workers?: number;
  readonly shard?: ExploreShard;
  /** Start no block after this many milliseconds (blocks under way finish, shrinking included). */
  readonly budgetMs?: number;
  readonly maxCommands?: number;
  /** Called as each block finishes (in finishing order). */
  readonly onBlock?: (result: BlockResult) => void;
}

/** The machine's cores: the default number of workers. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Explores the blocks of a plan ({@link planBlocks}: the seed-splitting rule) in this thread or on
 * worker threads, until the plan or the budget ends. Results come back in plan order whatever the
 * number of workers, so the same seed, runs and shard give the same findings and coverage.
 */
export async function exploreBlocks(options: ExploreBlocksOptions): Promise<BlockResult[]> {
  const started = performance.now();
  const withinBudget = (): boolean => options.budgetMs === undefined || performance.now() - started < options.budgetMs;
  const plan = planBlocks(options.types, options.runsPerType, options.shard);
  const results: Array<{ position: number; result: BlockResult }> = [];
  const workers = Math.max(1, options.workers ?? defaultWorkers());
  if (workers === 1) {
    let position = 0;
    for (const block of plan) {
      if (!withinBudget()) break;
      const result = await exploreBlock(block, options.platform, options.seed, options.maxCommands);
      results.push({ position: position++, result });
      options.onBlock?.(result);
    }
    return results.map((r) => r.result);
  }
  // This thread explores too, beside workers - 1 threads: it starts at once, while the threads load the sources.
  const pool = new WorkerPool<BlockTask, BlockResult>(
    new URL(`./explore-worker${extensionOf(import.meta.url)}`, import.meta.url),
    workers - 1,
  );
  try {
    let position = 0;
    const next = (): { position: number; task: BlockTask } | undefined => {
      if (!withinBudget()) return undefined;
      const step = plan.next();
      if (step.done) return undefined;
      const task: BlockTask = {
        block: step.value,
        seed: options.seed,
        platformRef: options.platformRef,
        ...(options.maxCommands ? { maxCommands: options.maxCommands } : {}),
      };
      return { position: position++, task };
    };
    const record = (at: number, result: BlockResult): void => {
      results.push({ position: at, result });
      options.onBlock?.(result);
    };
    const here = async (): Promise<void> => {
      for (let item = next(); item !== undefined; item = next()) {
        record(item.position, await exploreBlock(item.task.block, options.platform, options.seed, options.maxCommands));
        // A block runs without yielding to the event loop: let the threads' replies in, so they get their next blocks.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all([pool.drain(next, record), here()]);
  } finally {
    await pool.close();
  }
  return results.sort((a, b) => a.position - b.position).map((r) => r.result);
}

/** What a worker is asked to explore. */
export interface BlockTask {
  readonly block: Block;
  readonly seed: number;
  readonly platformRef: string;
  readonly maxCommands?: number;
}

/** Explores one block in this thread. */
export async function exploreBlock(block: Block, platform: Platform, seed: number, maxCommands?: number): Promise<BlockResult> {
  const result = await explore({
    vmType: block.vmType,
    platform,
    seed,
    runs: block.runs,
    firstRun: block.firstRun,
    ...(maxCommands ? { maxCommands } : {}),
  });
  return { block, runs: result.runs, coverage: result.coverage, ...(result.finding ? { finding: result.finding } : {}) };
}

/** ".ts" when running from the sources, ".js" from the built package. */
function extensionOf(url: string): string {
  return url.endsWith(".ts") ? ".ts" : ".js";
}
