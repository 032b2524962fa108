// Explorer throughput on every core, on the worker threads `explore --workers N` uses (suites/properties/worker-pool.ts):
// each thread runs its own cases (20-instance fleets, 30-command sequences, as `measureExplore`). Every thread first
// explores a warm-up slice (the JIT compiles the simulator, the platform and the checkers), then all start their
// timed slice together; the figure is all timed runs over the window from the first start to the last end, so time a
// thread waited for a core counts. A nightly exploration runs for minutes: this is its pace
// once the JIT has settled (the compiler keeps working through the first few thousand runs of a thread).
// Usage: node --import tsx bench/explore-workers.ts [workers=2] [runs per type per worker=1000] [warm-up=1000]
import { WorkerPool } from "../suites/properties/worker-pool.ts";
import type { SliceResult, SliceTask } from "./explore-slice-worker.ts";

/** Throughput of one measurement. */
export interface WorkersFigure {
  readonly workers: number;
  readonly runsPerSecond: number;
  readonly runs: number;
  readonly seconds: number;
}

/**
 * Explorer throughput with `workers` threads, each running `runsPerWorker` cases per VM type after
 * `warmupRuns` per type. Returns runs per second over the union of the timed windows.
 */
export async function measureExploreWorkers(workers: number, runsPerWorker: number, warmupRuns = 1000): Promise<WorkersFigure> {
  const extension = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
  const pool = new WorkerPool<SliceTask, SliceResult>(new URL(`./explore-slice-worker${extension}`, import.meta.url), workers);
  // One slice per thread: the pool hands a thread its next slice only when its last one is done.
  const slices = async (runs: number, seedBase: number): Promise<SliceResult[]> => {
    const results: SliceResult[] = [];
    let k = 0;
    await pool.drain(
      () => (k < workers ? { position: k, task: { runs, seed: seedBase + k++ } } : undefined),
      (_, result) => results.push(result),
    );
    return results;
  };
  try {
    await slices(warmupRuns, 1_000);
    const timed = await slices(runsPerWorker, 1);
    const runs = timed.reduce((sum, s) => sum + s.runs, 0);
    const seconds = (Math.max(...timed.map((s) => s.endMs)) - Math.min(...timed.map((s) => s.startMs))) / 1000;
    return { workers, runsPerSecond: runs / seconds, runs, seconds };
  } finally {
    await pool.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workers = Number(process.argv[2] ?? 2);
  const figure = await measureExploreWorkers(workers, Number(process.argv[3] ?? 1000), Number(process.argv[4] ?? 1000));
  process.stdout.write(`${JSON.stringify(figure)}\n`);
}
