import { CattleprodError } from "./errors.ts";
import type {
  ActionCoverage,
  ControlCoverage,
  EffectCount,
  ExploreCoverage,
  ExploreFindingRecord,
  ExploreRecord,
  ExploreTypeRecord,
} from "./explore-record.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const STATUSES = ["pass", "fail", "inconclusive", "skipped", "error"] as const;

function mergeError(reason: string, allowed: string): CattleprodError {
  return new CattleprodError("E_RUN_RECORD", `Failed to merge explore records: ${reason}. ${allowed}`);
}

/** Adds coverage records (of workers, blocks or shards): every count is a sum; keys come out sorted. */
export function mergeExploreCoverage(records: readonly ExploreCoverage[]): ExploreCoverage {
  const controls = new Map<string, Mutable<ControlCoverage>>();
  const chaos = new Map<string, { counts: Mutable<EffectCount>; params: Map<string, Map<string, Mutable<EffectCount>>> }>();
  let runs = 0;
  for (const record of records) {
    runs += record.runs;
    for (const [id, counts] of Object.entries(record.controls)) {
      let into = controls.get(id);
      if (!into) controls.set(id, (into = { pass: 0, fail: 0, inconclusive: 0, skipped: 0, error: 0 }));
      for (const status of STATUSES) into[status] += counts[status] ?? 0;
    }
    for (const [name, action] of Object.entries(record.chaos)) {
      let into = chaos.get(name);
      if (!into) chaos.set(name, (into = { counts: { injected: 0, tookEffect: 0 }, params: new Map() }));
      add(into.counts, action);
      for (const [param, classes] of Object.entries(action.params)) {
        let byClass = into.params.get(param);
        if (!byClass) into.params.set(param, (byClass = new Map()));
        for (const [cls, counts] of Object.entries(classes)) {
          let target = byClass.get(cls);
          if (!target) byClass.set(cls, (target = { injected: 0, tookEffect: 0 }));
          add(target, counts);
        }
      }
    }
  }
  const sorted = <V>(map: Map<string, V>): Array<[string, V]> => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const actions: Record<string, ActionCoverage> = {};
  for (const [name, { counts, params }] of sorted(chaos)) {
    const byParam: Record<string, Record<string, EffectCount>> = {};
    for (const [param, classes] of sorted(params)) byParam[param] = Object.fromEntries(sorted(classes));
    actions[name] = { ...counts, params: byParam };
  }
  return { runs, controls: Object.fromEntries(sorted(controls)), chaos: actions };
}

function add(into: Mutable<EffectCount>, counts: EffectCount): void {
  into.injected += counts.injected;
  into.tookEffect += counts.tookEffect;
}

/** What tells two findings apart: the failing control and the shrunk scenario (its digest, else its file). */
export function findingKey(finding: ExploreFindingRecord): string {
  return `${finding.control}\u0000${finding.scenario ?? finding.file}`;
}

/** The findings of several explorations, each (control, shrunk scenario) once, in the order first seen. */
export function dedupeFindings(findings: readonly ExploreFindingRecord[]): ExploreFindingRecord[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = findingKey(finding);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function checkShards(inputs: ReadonlyArray<{ file: string; record: ExploreRecord }>): void {
  const sharded = inputs.filter((i) => i.record.shard);
  if (sharded.length === 0) return;
  const total = sharded[0]?.record.shard?.total ?? 0;
  const seen = new Map<number, string>();
  for (const { file, record } of sharded) {
    const shard = record.shard as { index: number; total: number };
    if (shard.total !== total)
      throw mergeError(
        `"${file}" is shard ${shard.index}/${shard.total} but "${sharded[0]?.file}" is one of ${total}`,
        "Merge the shards of one split.",
      );
    const earlier = seen.get(shard.index);
    if (earlier !== undefined)
      throw mergeError(
        `shard ${shard.index}/${total} is given twice ("${earlier}" and "${file}")`,
        `Pass each shard 1/${total} to ${total}/${total} once.`,
      );
    seen.set(shard.index, file);
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw mergeError(
      `shard ${missing.map((i) => `${i}/${total}`).join(", ")} missing`,
      `Pass the explore.json of every shard 1/${total} to ${total}/${total}.`,
    );
}

/**
 * Combines `explore.json` records of one exploration split over shards (or machines): per VM type, runs and
 * coverage add up, findings are deduplicated by control and shrunk scenario, and uncovered controls are those
 * no input decided. Shards 1/n to n/n of a seed and runs merge to the unsharded exploration's findings and
 * coverage. Inputs of different explorations (seed, runs, platform, harness version, gate) or an incomplete
 * split are bad input (E_RUN_RECORD). The exit code: 1 when any input failed, else 3 when coverage was
 * required and a control stays uncovered, else 0.
 */
export function mergeExploreRecords(inputs: ReadonlyArray<{ file: string; record: ExploreRecord }>): ExploreRecord {
  const first = inputs[0];
  if (!first) throw mergeError("no explore records given", "Pass one explore.json per shard.");
  for (const { file, record } of inputs.slice(1))
    for (const [label, a, b] of [
      ["harness version", first.record.harness.version, record.harness.version],
      ["platform", first.record.platform, record.platform],
      ["seed", first.record.seed, record.seed],
      ["runs per type", first.record.runsPerType, record.runsPerType],
      ["--fail-on", first.record.failOn, record.failOn],
    ] as const)
      if (a !== b)
        throw mergeError(
          `"${file}" has ${label} ${String(b)} but "${first.file}" has ${String(a)}`,
          "Merge the shards of one exploration.",
        );
  checkShards(inputs);
  const names = [...new Set(inputs.flatMap((i) => Object.keys(i.record.types)))];
  const types: Record<string, ExploreTypeRecord> = {};
  for (const name of names) {
    const parts = inputs.map((i) => i.record.types[name]).filter((t): t is ExploreTypeRecord => t !== undefined);
    const coverage = mergeExploreCoverage(parts.map((t) => t.coverage));
    // In run order (the order of an unsharded exploration), then each (control, shrunk scenario) once.
    const findings = dedupeFindings(
      parts
        .flatMap((t) => t.findings)
        .map((finding, at) => ({ finding, at }))
        .sort((a, b) => (a.finding.run ?? Infinity) - (b.finding.run ?? Infinity) || a.at - b.at)
        .map(({ finding }) => finding),
    );
    const wallMs = parts.reduce((sum, t) => sum + t.wallMs, 0);
    const runs = parts.reduce((sum, t) => sum + t.runs, 0);
    const decided = (id: string): boolean => (coverage.controls[id]?.pass ?? 0) + (coverage.controls[id]?.fail ?? 0) > 0;
    types[name] = {
      runs,
      failures: findings.length,
      // Summed over the inputs: runs per second of the time every shard spent, not of the matrix's wall clock.
      runsPerSecond: Math.round((runs / Math.max(wallMs, 1)) * 1000 * 10) / 10,
      wallMs,
      emitted: findings.map((f) => f.file),
      findings,
      coverage,
      uncovered: [...new Set(parts.flatMap((t) => t.uncovered))].filter((id) => !decided(id)),
      blocks: parts.reduce((sum, t) => sum + (t.blocks ?? 0), 0),
    };
  }
  const uncovered = Object.values(types).some((t) => t.uncovered.length > 0);
  const failed = inputs.some((i) => i.record.exitCode === 1);
  const requireCoverage = inputs.some((i) => i.record.requireCoverage);
  const started = inputs.map((i) => i.record.timing.startedAt).sort();
  const finished = inputs.map((i) => i.record.timing.finishedAt).sort();
  const budgets = inputs.map((i) => i.record.budgetMs).filter((b): b is number => b !== undefined);
  return {
    kind: "cattleprod.explore",
    version: 1,
    harness: first.record.harness,
    platform: first.record.platform,
    seed: first.record.seed,
    runsPerType: first.record.runsPerType,
    failOn: first.record.failOn,
    requireCoverage,
    exitCode: failed ? 1 : requireCoverage && uncovered ? 3 : 0,
    types,
    timing: { startedAt: started[0] ?? first.record.timing.startedAt, finishedAt: finished.at(-1) ?? first.record.timing.finishedAt },
    ...(budgets.length > 0 ? { budgetMs: Math.max(...budgets) } : {}),
    merged: inputs.map((i) => ({ file: i.file, shard: i.record.shard ? `${i.record.shard.index}/${i.record.shard.total}` : null })),
  };
}
