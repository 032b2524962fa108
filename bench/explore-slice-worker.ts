// A worker thread of the explorer benchmark (bench/explore-workers.ts): runs the cases it is sent, one slice at a time.
import { parentPort } from "node:worker_threads";
import { VM_TYPES } from "../core/index.ts";
import { referencePlatform } from "../platform/index.ts";
import { runCase } from "../suites/properties/explore.ts";
import { benchCases } from "./explore-run.ts";

/** A slice: `runs` cases per VM type drawn from `seed`. */
export interface SliceTask {
  readonly runs: number;
  readonly seed: number;
}

/** What a slice took: its runs and its window on this thread's clock (epoch milliseconds). */
export interface SliceResult {
  readonly runs: number;
  readonly startMs: number;
  readonly endMs: number;
}

const platform = referencePlatform();

/** Runs a slice's cases (drawn before the window opens) and times them. */
async function runSlice(task: SliceTask): Promise<SliceResult> {
  const cases = VM_TYPES.map((vmType) => benchCases(vmType, task.runs, task.seed));
  const startMs = performance.timeOrigin + performance.now();
  let runs = 0;
  for (const list of cases)
    for (const [fleet, simSeed, commands] of list) {
      try {
        await runCase(fleet, simSeed, commands, platform, "bench");
      } catch {
        // A finding is still a run: the benchmark measures throughput, not verdicts.
      }
      runs++;
    }
  return { runs, startMs, endMs: performance.timeOrigin + performance.now() };
}

parentPort?.on("message", (message: { id: number; task: SliceTask }) => {
  runSlice(message.task).then(
    (result) => parentPort?.postMessage({ id: message.id, result }),
    (error: unknown) => parentPort?.postMessage({ id: message.id, error: String(error) }),
  );
});
