import { join } from "node:path";
import cliProgress from "cli-progress";
import { atLeast, isCattleprodError, VM_TYPES, type Severity, type VmType } from "../core/index.ts";
import { controlById } from "../guarantees/index.ts";
import { loadPlatform } from "../scenarios/index.ts";
import { emitFinding, explore, type EmittedFinding } from "../suites/properties/index.ts";
import { ensureWritableFolder } from "./make-folders.ts";
import { writeAtomic } from "./write-atomic.ts";
import { harnessVersion } from "./version.ts";

/** Options of `cattleprod explore`. */
export interface ExploreCommandOptions {
  readonly type: VmType | "all";
  readonly runs: number;
  readonly seed: number;
  readonly platform: string;
  readonly emit: string;
  readonly out?: string;
  readonly failOn: Severity;
}

interface TypeReport {
  readonly runs: number;
  readonly failures: number;
  readonly runsPerSecond: number;
  readonly wallMs: number;
  readonly emitted: string[];
  readonly findings: Array<Pick<EmittedFinding, "file" | "control" | "headline" | "reproduced">>;
}

/**
 * `cattleprod explore`: fast-check explores chaos sequences on random fleets of each VM type,
 * shrinks the first failure per type to a scenario file in the emit folder and prints the
 * failure (headline, replay line, counterexample, hint). Exit codes as `run`.
 */
export async function exploreCommand(options: ExploreCommandOptions): Promise<number> {
  let platform;
  try {
    if (options.out !== undefined) await ensureWritableFolder(options.out);
    platform = await loadPlatform(options.platform);
  } catch (error) {
    process.stderr.write(`${isCattleprodError(error) ? error.message : String(error)}\n`);
    return 2;
  }
  const startedAt = new Date();
  const types = options.type === "all" ? [...VM_TYPES] : [options.type];
  const report: Record<string, TypeReport> = {};
  let exitCode = 0;
  for (const vmType of types) {
    const bar = process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: `${vmType.padEnd(9)} {bar} {value}/{total} runs`, hideCursor: true, stream: process.stderr },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    bar?.start(options.runs, 0);
    const t0 = performance.now();
    const result = await explore({ vmType, platform, runs: options.runs, seed: options.seed, onRun: (n) => bar?.update(n) });
    const wallMs = performance.now() - t0;
    bar?.stop();
    const findings: EmittedFinding[] = [];
    if (result.finding) {
      const emitted = await emitFinding(result.finding, { emitDir: options.emit, platform, platformRef: options.platform });
      findings.push(emitted);
      const severity = controlById(emitted.control)?.severity ?? "critical";
      if (atLeast(severity, options.failOn)) exitCode = 1;
      process.stdout.write(`\n${emitted.message}\nwrote ${emitted.file}\n`);
    }
    report[vmType] = {
      runs: result.runs,
      failures: findings.length,
      runsPerSecond: Math.round((result.runs / Math.max(wallMs, 1)) * 1000 * 10) / 10,
      wallMs: Math.round(wallMs),
      emitted: findings.map((f) => f.file),
      findings: findings.map(({ file, control, headline, reproduced }) => ({ file, control, headline, reproduced })),
    };
    process.stdout.write(`${vmType}: ${result.runs} runs, ${findings.length} failure(s), ${report[vmType].runsPerSecond} runs/s\n`);
  }
  if (options.out) {
    const record = {
      kind: "cattleprod.explore",
      version: 1,
      harness: { name: "cattleprod", version: harnessVersion() },
      platform: options.platform,
      seed: options.seed,
      runsPerType: options.runs,
      failOn: options.failOn,
      exitCode,
      types: report,
      timing: { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString() },
    };
    const path = join(options.out, "explore.json");
    await writeAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
    process.stdout.write(`wrote ${path}\n`);
  }
  process.stdout.write(
    `Result: ${exitCode === 0 ? "PASS" : "FAIL"} (exit ${exitCode}, seed ${options.seed}; ` +
      "replay the exploration with the same --seed and --runs)\n",
  );
  return exitCode;
}
