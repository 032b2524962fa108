import { isCattleprodError, type RunRecord, type Severity } from "../core/index.ts";
import { diffRecords, newFailuresAtOrAbove, renderDiffMarkdown, renderDiffText } from "../reports/index.ts";
import type { CliIo } from "./main.ts";
import { readRunRecord } from "./read-record.ts";

/** Options of `cattleprod diff`. */
export interface DiffOptions {
  /** `text` (default) for a terminal or log, `md` for a pull-request comment. */
  readonly format: "text" | "md";
  /** Lowest severity whose new failure exits 1; default: the new record's own --fail-on. */
  readonly failOn?: Severity;
}

/**
 * `cattleprod diff OLD/run.json NEW/run.json`: prints what changed between two runs, new
 * failures first. Returns 1 when a verdict fails in NEW that did not in OLD for a control at or
 * above --fail-on, 2 when a record cannot be read, else 0.
 */
export async function diffCommand(oldFile: string, newFile: string, options: DiffOptions, io: CliIo): Promise<number> {
  let before: RunRecord;
  let after: RunRecord;
  try {
    before = await readRunRecord(oldFile, "read the old record");
    after = await readRunRecord(newFile, "read the new record");
  } catch (error) {
    if (!isCattleprodError(error)) throw error;
    io.err(`${error.message}\n`);
    return 2;
  }
  const failOn = options.failOn ?? after.failOn;
  const diff = diffRecords(before, after);
  const subject = { old: { file: oldFile, record: before }, new: { file: newFile, record: after }, failOn };
  io.out(options.format === "md" ? renderDiffMarkdown(diff, subject) : renderDiffText(diff, subject));
  return newFailuresAtOrAbove(diff, failOn).length > 0 ? 1 : 0;
}
