import { join } from "node:path";
import { z } from "zod";
import { CattleprodError, isCattleprodError, LIMITS, mergeExploreRecords, type ExploreRecord } from "../core/index.ts";
import { renderExploreReports } from "../reports/index.ts";
import { fileReason, readInputText } from "../scenarios/index.ts";
import { ensureWritableFolder } from "./make-folders.ts";
import { writeAtomic } from "./write-atomic.ts";

const ALLOWED = "Give explore.json files written by cattleprod explore (record version 1).";

const counts = z.object({ injected: z.number(), tookEffect: z.number() });
/** The parts of an explore record that merging reads. */
const EXPLORE_RECORD = z
  .object({
    kind: z.literal("cattleprod.explore"),
    version: z.literal(1),
    harness: z.object({ name: z.string(), version: z.string() }),
    platform: z.string(),
    seed: z.number(),
    runsPerType: z.number(),
    failOn: z.string(),
    requireCoverage: z.boolean(),
    exitCode: z.number(),
    shard: z.object({ index: z.number().int().min(1), total: z.number().int().min(1) }).optional(),
    types: z.record(
      z.string(),
      z
        .object({
          runs: z.number(),
          wallMs: z.number(),
          findings: z.array(
            z.object({ file: z.string(), control: z.string(), headline: z.string(), reproduced: z.boolean(), steps: z.number() }).loose(),
          ),
          coverage: z.object({
            runs: z.number(),
            controls: z.record(z.string(), z.record(z.string(), z.number())),
            chaos: z.record(z.string(), counts.extend({ params: z.record(z.string(), z.record(z.string(), counts)) })),
          }),
          uncovered: z.array(z.string()),
        })
        .loose(),
    ),
    timing: z.object({ startedAt: z.string(), finishedAt: z.string() }),
  })
  .loose();

/** True when the text is an exploration record (so `merge` merges explorations, not runs). */
export function looksLikeExploreRecord(text: string): boolean {
  return /"kind"\s*:\s*"cattleprod\.explore"/.test(text.slice(0, 200));
}

/** Reads and checks one explore.json; throws E_RUN_RECORD naming the file and the place in it. */
export async function readExploreRecord(file: string): Promise<ExploreRecord> {
  const read = await readInputText(file, LIMITS.recordBytes);
  if (!("text" in read)) throw new CattleprodError("E_RUN_RECORD", `Failed to merge "${file}": ${fileReason(read)}. ${ALLOWED}`);
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0]?.slice(0, 120) ?? "";
    throw new CattleprodError("E_RUN_RECORD", `Failed to merge "${file}": not JSON (${reason}). ${ALLOWED}`, { cause: error });
  }
  const checked = EXPLORE_RECORD.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const path = issue?.path.map(String).join(".") || "(top)";
    throw new CattleprodError("E_RUN_RECORD", `Failed to merge "${file}": ${issue?.message ?? "invalid"} at ${path}. ${ALLOWED}`);
  }
  return value as ExploreRecord;
}

/**
 * `cattleprod merge explore.json... --out DIR`: merges explorations (CI shards, machines) into one record:
 * findings deduplicated by control and shrunk scenario, coverage summed. Writes DIR/explore.json and
 * explore.html; exits with the merged exploration's code (2 on bad input).
 */
export async function mergeExploreCommand(files: readonly string[], out: string): Promise<number> {
  let merged: ExploreRecord;
  try {
    await ensureWritableFolder(out);
    const inputs = [];
    for (const file of files) inputs.push({ file, record: await readExploreRecord(file) });
    merged = mergeExploreRecords(inputs);
  } catch (error) {
    if (!isCattleprodError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  for (const { file, text } of renderExploreReports(merged)) {
    const path = join(out, file);
    await writeAtomic(path, text);
    process.stdout.write(`wrote ${path}\n`);
  }
  for (const [vmType, type] of Object.entries(merged.types)) {
    const uncovered = type.uncovered.length === 0 ? "no control uncovered" : `uncovered: ${type.uncovered.join(", ")}`;
    process.stdout.write(`${vmType}: ${type.runs} runs, ${type.findings.length} distinct finding(s); ${uncovered}\n`);
  }
  process.stdout.write(`Result: exit ${merged.exitCode} (${files.length} exploration record(s) merged)\n`);
  return merged.exitCode;
}
