import { join } from "node:path";
import cliProgress from "cli-progress";
import {
  atLeast,
  isCattleprodError,
  VM_TYPES,
  type ExploreRecord,
  type ExploreTypeRecord,
  type Severity,
  type VmType,
} from "../core/index.ts";
import { controlById } from "../guarantees/index.ts";
import { renderExploreReports } from "../reports/index.ts";
import { loadPlatform } from "../scenarios/index.ts";
import { controlsOfType, emitFinding, explore, uncoveredControls, type EmittedFinding } from "../suites/properties/index.ts";
import { ensureWritableFolder } from "./make-folders.ts";
import { harnessVersion } from "./version.ts";
import { writeAtomic } from "./write-atomic.ts";

/** Options of `cattleprod explore`. */
export interface ExploreCommandOptions {
  readonly type: VmType | "all";
  readonly runs: number;
  readonly seed: number;
  readonly platform: string;
  readonly emit: string;
  readonly out?: string;
  readonly failOn: Severity;
  /** Exit 3 when a control of an explored type was never decided (and nothing failed). */
  readonly requireCoverage?: boolean;
}

/**
 * `cattleprod explore`: fast-check explores chaos sequences on random fleets of each VM type,
 * shrinks the first failure per type to a scenario file in the emit folder and prints the
 * failure (headline, replay line, counterexample, hint), then each type's coverage. Writes
 * `explore.json` and `explore.html` with `--out`. Exit codes as `run`; with `--require-coverage`,
 * a control no run decided makes it 3 when nothing failed.
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
  const report: Record<string, ExploreTypeRecord> = {};
  let failed = false;
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
      if (atLeast(severity, options.failOn)) failed = true;
      process.stdout.write(`\n${emitted.message}\nwrote ${emitted.file}\n`);
    }
    const uncovered = uncoveredControls(result.coverage, vmType);
    const typeReport: ExploreTypeRecord = {
      runs: result.runs,
      failures: findings.length,
      runsPerSecond: Math.round((result.runs / Math.max(wallMs, 1)) * 1000 * 10) / 10,
      wallMs: Math.round(wallMs),
      emitted: findings.map((f) => f.file),
      findings: findings.map(({ file, control, headline, reproduced, steps }) => ({ file, control, headline, reproduced, steps })),
      coverage: result.coverage,
      uncovered,
    };
    report[vmType] = typeReport;
    const expected = controlsOfType(vmType).length;
    const decided = uncovered.length === 0 ? `all ${expected} controls decided` : `uncovered: ${uncovered.join(", ")}`;
    process.stdout.write(
      `${vmType}: ${result.runs} runs, ${findings.length} failure(s), ${typeReport.runsPerSecond} runs/s; coverage: ${decided}\n`,
    );
  }
  const uncovered = Object.values(report).flatMap((r) => r.uncovered);
  const exitCode = failed ? 1 : options.requireCoverage && uncovered.length > 0 ? 3 : 0;
  if (options.out) {
    const record: ExploreRecord = {
      kind: "cattleprod.explore",
      version: 1,
      harness: { name: "cattleprod", version: harnessVersion() },
      platform: options.platform,
      seed: options.seed,
      runsPerType: options.runs,
      failOn: options.failOn,
      requireCoverage: options.requireCoverage ?? false,
      exitCode,
      types: report,
      timing: { startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString() },
    };
    // Render every format before writing any, so a rendering error leaves nothing half-written.
    for (const { file, text } of renderExploreReports(record)) {
      const path = join(options.out, file);
      await writeAtomic(path, text);
      process.stdout.write(`wrote ${path}\n`);
    }
  }
  const verdict = exitCode === 0 ? "PASS" : exitCode === 3 ? "UNCOVERED" : "FAIL";
  const coverageNote = exitCode === 3 ? `; never decided: ${uncovered.join(", ")}` : "";
  process.stdout.write(
    `Result: ${verdict} (exit ${exitCode}, seed ${options.seed}${coverageNote}; ` +
      "replay the exploration with the same --seed and --runs)\n",
  );
  return exitCode;
}
