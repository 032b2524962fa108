// Explorer throughput on every core: `workers` processes each run their own cases (20-instance fleets, 30-command
// sequences, as `measureExplore`). Each warms up, says it is ready and waits; all start together, and the figure is
// all timed runs over the window from the first start to the last end, so time a process waited for a core counts.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { VM_TYPES } from "../core/index.ts";
import { referencePlatform } from "../platform/index.ts";
import { runCase } from "../suites/properties/explore.ts";
import { benchCases } from "./explore-run.ts";

/** What one process measured: its runs and its timed window (epoch milliseconds). */
interface Slice {
  readonly runs: number;
  readonly startMs: number;
  readonly endMs: number;
}

/** Runs `runs` cases per VM type (seeded by `seed`) after a warm-up and `go()`; returns the timed window. */
async function runSlice(runs: number, seed: number, go: () => Promise<void>): Promise<Slice> {
  const platform = referencePlatform();
  const play = async (cases: ReturnType<typeof benchCases>): Promise<number> => {
    for (const [fleet, simSeed, list] of cases) {
      try {
        await runCase(fleet, simSeed, list, platform, "bench");
      } catch {
        // A finding is still a run: the benchmark measures throughput, not verdicts.
      }
    }
    return cases.length;
  };
  for (const vmType of VM_TYPES) await play(benchCases(vmType, 30, seed + 1_000));
  const cases = VM_TYPES.map((vmType) => benchCases(vmType, runs, seed));
  await go();
  const startMs = performance.timeOrigin + performance.now();
  let done = 0;
  for (const list of cases) done += await play(list);
  return { runs: done, startMs, endMs: performance.timeOrigin + performance.now() };
}

/**
 * Explorer throughput with `workers` processes, each running `runsPerWorker` cases per VM type.
 * Returns runs per second over the union of the timed windows.
 */
export async function measureExploreWorkers(
  workers: number,
  runsPerWorker: number,
): Promise<{ runsPerSecond: number; runs: number; seconds: number }> {
  const self = fileURLToPath(import.meta.url);
  let ready = 0;
  const children: Array<{ stdin: NodeJS.WritableStream }> = [];
  const slices = await Promise.all(
    Array.from(
      { length: workers },
      (_, k) =>
        new Promise<Slice>((resolve, reject) => {
          const child = spawn(process.execPath, ["--import", "tsx", self, "--slice", String(runsPerWorker), String(1 + k)], {
            stdio: ["pipe", "pipe", "inherit"],
          });
          children.push(child);
          let out = "";
          child.stdout.on("data", (chunk: Buffer) => {
            out += chunk.toString();
            // Every process warmed up: start them all at once.
            if (chunk.toString().includes("ready\n") && ++ready === workers) for (const c of children) c.stdin.end("go\n");
          });
          child.on("error", reject);
          child.on("close", (code) =>
            code === 0
              ? resolve(JSON.parse(out.trim().split("\n").at(-1) as string) as Slice)
              : reject(new Error(`Failed to run a bench worker: exit ${code}`)),
          );
        }),
    ),
  );
  const runs = slices.reduce((sum, s) => sum + s.runs, 0);
  const seconds = (Math.max(...slices.map((s) => s.endMs)) - Math.min(...slices.map((s) => s.startMs))) / 1000;
  return { runsPerSecond: runs / seconds, runs, seconds };
}

if (process.argv[2] === "--slice") {
  const go = (): Promise<void> =>
    new Promise((resolve) => {
      process.stdin.once("data", () => resolve());
      process.stdout.write("ready\n");
    });
  const slice = await runSlice(Number(process.argv[3]), Number(process.argv[4]), go);
  process.stdout.write(`${JSON.stringify(slice)}\n`);
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const workers = Number(process.argv[2] ?? 2);
  process.stdout.write(`${JSON.stringify(await measureExploreWorkers(workers, Number(process.argv[3] ?? 200)))}\n`);
}
