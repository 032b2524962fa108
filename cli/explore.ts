import { createHash } from "node:crypto";
import { join } from "node:path";
import cliProgress from "cli-progress";
import {
  atLeast,
  isCattleprodError,
  mergeExploreCoverage,
  VM_TYPES,
  type ExploreFindingRecord,
  type ExploreRecord,
  type ExploreTypeRecord,
  type Platform,
  type Severity,
  type VmType,
} from "../core/index.ts";
import { controlById } from "../guarantees/index.ts";
import { renderExploreReports } from "../reports/index.ts";
import { loadPlatform } from "../scenarios/index.ts";
import {
  BLOCK_RUNS,
  controlsOfType,
  emitFinding,
  exploreBlocks,
  uncoveredControls,
  type ExploreShard,
  type Finding,
} from "../suites/properties/index.ts";
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
  /** Start no block of runs after this long (milliseconds). */
  readonly budgetMs?: number;
  /** Worker threads (default: the machine's cores). */
  readonly workers?: number;
  readonly shard?: ExploreShard;
}

/** What tells shrunk scenarios apart: a digest of what replays (fleet, seed, steps, run length), not of their names. */
function scenarioDigest(finding: Finding): string {
  const { fleet, seed, steps, runMs } = finding.scenario;
  return createHash("sha256").update(JSON.stringify({ fleet, seed, steps, runMs })).digest("hex").slice(0, 16);
}

/**
 * `cattleprod explore`: fast-check explores chaos sequences on random fleets of each VM type, in
 * blocks of runs spread over worker threads (and CI shards with `--shard`), until `--runs` per type
 * or `--budget`. Each block that fails shrinks its first failure to a scenario file in the emit
 * folder; the CLI prints each distinct finding (headline, replay line, counterexample, hint), then
 * each type's coverage. Writes `explore.json` and `explore.html` with `--out`. Exit codes as `run`;
 * with `--require-coverage`, a control no run decided makes it 3 when nothing failed.
 */
export async function exploreCommand(options: ExploreCommandOptions): Promise<number> {
  let platform: Platform;
  try {
    if (options.out !== undefined) await ensureWritableFolder(options.out);
    platform = await loadPlatform(options.platform);
  } catch (error) {
    process.stderr.write(`${isCattleprodError(error) ? error.message : String(error)}\n`);
    return 2;
  }
  const startedAt = new Date();
  const types = options.type === "all" ? [...VM_TYPES] : [options.type];
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: `exploring {bar} {value} runs{of}`, hideCursor: true, stream: process.stderr },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const planned = options.budgetMs === undefined ? Math.ceil((options.runs * types.length) / (options.shard?.total ?? 1)) : undefined;
  bar?.start(planned ?? 0, 0, { of: planned === undefined ? "" : ` of about ${planned}` });
  const wall = new Map<VmType, number>();
  let runsDone = 0;
  let last = performance.now();
  const blocks = await exploreBlocks({
    types,
    runsPerType: options.runs,
    seed: options.seed,
    platform,
    platformRef: options.platform,
    ...(options.workers !== undefined ? { workers: options.workers } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.budgetMs !== undefined ? { budgetMs: options.budgetMs } : {}),
    onBlock: (result) => {
      const now = performance.now();
      // Wall time between finished blocks, charged to the type of the block that finished.
      wall.set(result.block.vmType, (wall.get(result.block.vmType) ?? 0) + (now - last));
      last = now;
      runsDone += result.runs;
      bar?.update(runsDone);
    },
  });
  bar?.stop();
  const report: Record<string, ExploreTypeRecord> = {};
  let failed = false;
  const named = new Map<string, number>();
  for (const vmType of types) {
    const mine = blocks.filter((b) => b.block.vmType === vmType);
    const findings: ExploreFindingRecord[] = [];
    // One finding per (control, shrunk scenario), in block order: blocks often shrink to the same scenario.
    const seen = new Set<string>();
    for (const { finding } of mine) {
      if (!finding) continue;
      const digest = scenarioDigest(finding);
      if (seen.has(`${finding.control}/${digest}`)) continue;
      seen.add(`${finding.control}/${digest}`);
      const count = (named.get(`${vmType}/${finding.control}`) ?? 0) + 1;
      named.set(`${vmType}/${finding.control}`, count);
      const emitted = await emitFinding(finding, {
        emitDir: options.emit,
        platform,
        platformRef: options.platform,
        ...(count > 1 ? { suffix: `-${count}` } : {}),
      });
      const { file, control, headline, reproduced, steps } = emitted;
      const run = Number(finding.path.split(":")[0]);
      findings.push({ file, control, headline, reproduced, steps, scenario: digest, ...(Number.isInteger(run) ? { run } : {}) });
      const severity = controlById(emitted.control)?.severity ?? "critical";
      if (atLeast(severity, options.failOn)) failed = true;
      process.stdout.write(`\n${emitted.message}\nwrote ${emitted.file}\n`);
    }
    const runs = mine.reduce((sum, b) => sum + b.runs, 0);
    const coverage = mergeExploreCoverage(mine.map((b) => b.coverage));
    const uncovered = uncoveredControls(coverage, vmType);
    const wallMs = wall.get(vmType) ?? 0;
    const typeReport: ExploreTypeRecord = {
      runs,
      failures: findings.length,
      runsPerSecond: Math.round((runs / Math.max(wallMs, 1)) * 1000 * 10) / 10,
      wallMs: Math.round(wallMs),
      emitted: findings.map((f) => f.file),
      findings,
      coverage,
      uncovered,
      blocks: mine.length,
    };
    report[vmType] = typeReport;
    const expected = controlsOfType(vmType).length;
    const decided = uncovered.length === 0 ? `all ${expected} controls decided` : `uncovered: ${uncovered.join(", ")}`;
    const blocksNote = `${mine.length} block${mine.length === 1 ? "" : "s"}`;
    process.stdout.write(
      `${vmType}: ${runs} runs, ${findings.length} failure(s), ${typeReport.runsPerSecond} runs/s (${blocksNote}); coverage: ${decided}\n`,
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
      ...(options.shard ? { shard: options.shard } : {}),
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(options.budgetMs !== undefined ? { budgetMs: options.budgetMs } : {}),
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
  const shardNote = options.shard ? `, shard ${options.shard.index}/${options.shard.total}` : "";
  process.stdout.write(
    `Result: ${verdict} (exit ${exitCode}, seed ${options.seed}${shardNote}${coverageNote}; ` +
      `replay the exploration with the same --seed and --runs; blocks of ${BLOCK_RUNS} runs)\n`,
  );
  return exitCode;
}
