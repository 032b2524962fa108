import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { CattleprodError, isCattleprodError, type RunRecord, type ScenarioRecord, type Severity } from "../core/index.ts";
import { attachHistory, readHistory, type ScenarioHistory } from "../reports/index.ts";
import { assembleRunRecord } from "../scenarios/index.ts";
import { gateRecord, withoutWaivers } from "./gate.ts";
import { publishRecord } from "./publish.ts";
import { readRunRecord } from "./read-record.ts";
import { looksLikeExploreRecord } from "./merge-explore.ts";
import { loadWaiversOption } from "./run.ts";
import { sortByName } from "./shard.ts";
import { withReportFolder } from "./with-report-folder.ts";

/** Options of `cattleprod merge`. */
export interface MergeOptions {
  readonly out: string;
  readonly failOn: Severity;
  readonly waivers?: string;
  readonly annotations?: boolean;
  /** A run.json to compare with: the HTML report shows what changed since. */
  readonly baseline?: string;
}

const SAME_RUN = "Merge records of one run: same harness version, backend, platform and seed.";

function mergeError(reason: string, allowed: string): CattleprodError {
  return new CattleprodError("E_RUN_RECORD", `Failed to merge: ${reason}. ${allowed}`);
}

function checkShards(inputs: ReadonlyArray<{ file: string; record: RunRecord }>): void {
  const sharded = inputs.filter((i) => i.record.shard);
  if (sharded.length === 0) return;
  const total = sharded[0]?.record.shard?.total ?? 0;
  const odd = sharded.find((i) => i.record.shard?.total !== total);
  if (odd)
    throw mergeError(
      `"${odd.file}" is shard ${odd.record.shard?.index}/${odd.record.shard?.total} but "${sharded[0]?.file}" is one of ${total}`,
      "Merge the shards of one split.",
    );
  const seen = new Map<number, string>();
  for (const { file, record } of sharded) {
    const index = record.shard?.index ?? 0;
    const earlier = seen.get(index);
    if (earlier !== undefined)
      throw mergeError(
        earlier === file ? `"${file}" is given twice` : `shard ${index}/${total} is given twice ("${earlier}" and "${file}")`,
        `Pass the run.json of each shard 1/${total} to ${total}/${total} once.`,
      );
    seen.set(index, file);
  }
  const have = new Set(seen.keys());
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !have.has(i));
  if (missing.length > 0)
    throw mergeError(
      `shard ${missing.map((i) => `${i}/${total}`).join(", ")} missing`,
      `Pass the run.json of every shard 1/${total} to ${total}/${total}.`,
    );
}

/**
 * Combines run records into one: scenarios from every input (sorted by name, the order of an
 * unsharded run), control outcomes, summary and exit code rebuilt from them, and the gate
 * (--fail-on, --waivers) applied afresh. The result equals an unsharded run of the same
 * scenarios and seed apart from `timing`. Inputs from different runs, a missing shard, or one
 * scenario with two different results are bad input (E_RUN_RECORD).
 */
export function mergeRecords(inputs: ReadonlyArray<{ file: string; record: RunRecord }>): RunRecord {
  const first = inputs[0];
  if (!first) throw mergeError("no run records given", "Pass one run.json per shard.");
  for (const { file, record } of inputs.slice(1)) {
    for (const [label, a, b] of [
      ["harness version", first.record.harness.version, record.harness.version],
      ["backend", first.record.backend, record.backend],
      ["platform", first.record.platform, record.platform],
      ["seed", first.record.seed, record.seed],
    ] as const) {
      if (a !== b) throw mergeError(`"${file}" has ${label} ${String(b)} but "${first.file}" has ${String(a)}`, SAME_RUN);
    }
  }
  checkShards(inputs);
  const byName = new Map<string, { file: string; scenario: ScenarioRecord }>();
  for (const { file, record } of inputs) {
    for (const original of record.scenarios) {
      const scenario = withoutWaivers(original);
      const seen = byName.get(scenario.name);
      if (seen && !isDeepStrictEqual(seen.scenario, scenario)) {
        throw mergeError(
          `scenario "${scenario.name}" is in "${seen.file}" and "${file}" with different results`,
          "Each scenario must come from one shard, or be identical in every record that has it.",
        );
      }
      if (!seen) byName.set(scenario.name, { file, scenario });
    }
  }
  const started = inputs.map((i) => i.record.timing.startedAt).sort();
  const finished = inputs.map((i) => i.record.timing.finishedAt).sort();
  const startedAt = started[0] ?? first.record.timing.startedAt;
  const finishedAt = finished[finished.length - 1] ?? first.record.timing.finishedAt;
  return assembleRunRecord(sortByName([...byName.values()].map((v) => v.scenario)), {
    harness: first.record.harness,
    backend: first.record.backend,
    platform: first.record.platform,
    seed: first.record.seed,
    failOn: first.record.failOn,
    ...(first.record.environment ? { environment: first.record.environment } : {}),
    timing: {
      startedAt,
      finishedAt,
      wallMs: Date.parse(finishedAt) - Date.parse(startedAt),
      scenarioWallMs: Object.assign({}, ...inputs.map((i) => i.record.timing.scenarioWallMs)) as Record<string, number>,
      shards: inputs.map((i) => ({
        file: i.file,
        shard: i.record.shard ? `${i.record.shard.index}/${i.record.shard.total}` : null,
        startedAt: i.record.timing.startedAt,
        wallMs: i.record.timing.wallMs,
      })),
    },
  });
}

/** `cattleprod merge RUN.json... --out DIR`: merges shard records, gates, writes every report (`--out` checked first). */
export async function mergeCommand(files: readonly string[], options: MergeOptions): Promise<number> {
  // explore.json files merge as explorations (findings and coverage), not as runs.
  const firstText = files[0] === undefined ? "" : await readFile(files[0], "utf8").catch(() => "");
  if (looksLikeExploreRecord(firstText)) return (await import("./merge-explore.ts")).mergeExploreCommand(files, options.out);
  return withReportFolder(options.out, async (folder) => {
    const waivers = await loadWaiversOption(options.waivers);
    if (waivers === 2) return 2;
    let merged: RunRecord;
    let baseline: RunRecord | undefined;
    const history: ScenarioHistory[] = [];
    try {
      if (options.baseline) baseline = await readRunRecord(options.baseline, "read baseline");
      const inputs = [];
      for (const file of files) inputs.push({ file, record: await readRunRecord(file, "merge") });
      const combined = mergeRecords(inputs);
      for (const { file, record } of inputs) {
        const kept = record.history;
        if (!kept) continue;
        // The history beside each shard's run.json, checked against the digests the shard recorded.
        const path = join(dirname(file), kept.file);
        const text = await readFile(path, "utf8").catch(() => {
          throw new CattleprodError(
            "E_RUN_RECORD",
            `Failed to merge "${file}": its history ${path} is missing. Keep ${kept.file} beside each run.json.`,
          );
        });
        history.push(...readHistory(record, text, path));
      }
      ({ record: merged } = attachHistory(combined, history));
    } catch (error) {
      if (!isCattleprodError(error)) throw error;
      process.stderr.write(`${error.message}
`);
      return 2;
    }
    const gated = gateRecord(merged, { failOn: options.failOn, now: new Date(), ...(waivers ? { waivers } : {}) });
    await publishRecord(gated, folder, { waivers, annotations: options.annotations, history, ...(baseline ? { baseline } : {}) });
    return gated.exitCode;
  });
}
