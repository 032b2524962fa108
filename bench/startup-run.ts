// Start-up of the installed command: the packed tarball installed into a fresh project (test/support/packed-install.ts),
// then `npx cattleprod --help` and `npx cattleprod validate FILE` there, timed as a user's shell runs them.
// `npx tsx bench/startup-run.ts [runs]` prints the figures as JSON.
import { spawnSync } from "node:child_process";
import { chmodSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { packAndInstall, userEnv } from "../test/support/packed-install.ts";

/** One command's start-up figures over its timed runs. */
export interface StartupFigures {
  readonly command: string;
  /** Median, fastest and slowest wall seconds. */
  readonly medianSeconds: number;
  readonly minSeconds: number;
  readonly maxSeconds: number;
  /** Median CPU seconds (user + system) of the process tree: what contention on the machine does not inflate. */
  readonly medianCpuSeconds: number;
  readonly runs: number;
}

/** What the start-up benchmark measured. */
export interface StartupReport {
  readonly figures: StartupFigures[];
  /** The 1-minute load average before and after: a busy machine lengthens every wall figure. */
  readonly loadAverage: readonly [before: number, after: number];
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** Times `command` in `dir` through `sh -c`: one untimed warm-up (file cache), then `runs` timed runs. */
function time(dir: string, command: string, runs: number): StartupFigures {
  const once = (): { wall: number; cpu: number } => {
    // `times` after the command: the children's user and system time, so CPU covers npx, sh and node together.
    const t0 = performance.now();
    const result = spawnSync("sh", ["-c", `${command} >/dev/null; code=$?; times; exit $code`], {
      cwd: dir,
      encoding: "utf8",
      env: userEnv(),
    });
    const wall = (performance.now() - t0) / 1000;
    if (result.status !== 0) throw new Error(`Failed to time "${command}" in ${dir}: exit ${result.status}: ${result.stderr.trim()}`);
    const children = result.stdout.trim().split("\n").at(-1) ?? "";
    const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, m) => sum + Number(m[1]) * 60 + Number(m[2]), 0);
    return { wall, cpu };
  };
  once();
  const samples = Array.from({ length: runs }, once);
  const walls = samples.map((s) => s.wall);
  return {
    command,
    medianSeconds: median(walls),
    minSeconds: Math.min(...walls),
    maxSeconds: Math.max(...walls),
    medianCpuSeconds: Math.round(median(samples.map((s) => s.cpu)) * 1000) / 1000,
    runs,
  };
}

const loadAverage = (): number => Number(spawnSync("cat", ["/proc/loadavg"], { encoding: "utf8" }).stdout.split(" ")[0] ?? NaN);

/**
 * Packs and installs cattleprod into a fresh project, then times, median of `runs` (after one warm-up each):
 * `npx cattleprod --help`, `npx cattleprod validate FILE` (one stock scenario), the same two as `node` running the bin
 * directly (cattleprod's own share), and `npx` running a bin that does nothing (npm's share).
 */
export function measureStartup(runs = 5): StartupReport {
  const before = loadAverage();
  const { dir, tarball } = packAndInstall();
  const library = join("node_modules", "cattleprod", "scenarios", "library");
  const file = join(library, readdirSync(join(dir, library)).sort()[0] as string);
  // A bin that does nothing, linked where npm links cattleprod's: what `npx <bin>` costs before the bin runs.
  writeFileSync(join(dir, "node_modules", ".bin", "noop"), "#!/bin/sh\nexit 0\n");
  chmodSync(join(dir, "node_modules", ".bin", "noop"), 0o755);
  try {
    const figures = [
      time(dir, "npx cattleprod --help", runs),
      time(dir, `npx cattleprod validate ${file}`, runs),
      time(dir, "node node_modules/cattleprod/bin/cattleprod.js --help", runs),
      time(dir, `node node_modules/cattleprod/bin/cattleprod.js validate ${file}`, runs),
      time(dir, "npx noop", runs),
      time(dir, "node -e 0", runs),
    ];
    return { figures, loadAverage: [before, loadAverage()] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirname(tarball), { recursive: true, force: true });
  }
}

/** The figures as the benchmark prints them: one line per command, wall median (range) and CPU median. */
export function formatStartup(report: StartupReport): string {
  const [before, after] = report.loadAverage;
  const lines = report.figures.map(
    (f) =>
      `  ${f.command.padEnd(100)} ${f.medianSeconds.toFixed(3)} s (${f.minSeconds.toFixed(3)}-${f.maxSeconds.toFixed(3)}), ` +
      `cpu ${f.medianCpuSeconds.toFixed(2)} s`,
  );
  return (
    `start-up of the installed package (npm pack, npm install into a fresh project; median of ${report.figures[0]?.runs ?? 0} ` +
    `after a warm-up; load average ${before.toFixed(1)} before, ${after.toFixed(1)} after):\n${lines.join("\n")}\n`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(`${JSON.stringify(measureStartup(Number(process.argv[2] ?? 5)), null, 2)}\n`);
}
