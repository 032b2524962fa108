import type { RunRecord } from "../core/index.ts";
import { renderReports, type ReportInputs } from "../reports/index.ts";
import { renderAnnotations } from "./annotations.ts";
import { expiredWaiverLines } from "./gate.ts";
import { ReportFolder } from "./report-folder.ts";
import { renderSummary } from "./summary.ts";
import type { LoadedWaivers } from "./waivers.ts";

/** How a gated record is announced besides the files, and what its reports draw on besides the record. */
export interface PublishOptions extends ReportInputs {
  readonly waivers?: LoadedWaivers;
  readonly annotations?: boolean;
}

/**
 * Renders every registered report of a record (all before writing any, so a rendering error
 * leaves nothing half-written) and publishes them as one folder (see {@link ReportFolder}):
 * `dir` checked now when given as a path. Returns the paths written.
 */
export async function writeReports(record: RunRecord, dir: ReportFolder | string, inputs: ReportInputs = {}): Promise<string[]> {
  const rendered = renderReports(record, inputs);
  const folder = typeof dir === "string" ? await ReportFolder.open(dir) : dir;
  return folder.publish(rendered.map((report) => ({ file: report.file, text: report.text })));
}

/**
 * Tells the user about a gated record: expired waivers on stderr, with `annotations` GitHub
 * workflow annotations, then the summary with each path written, on stdout.
 */
export function announceRecord(record: RunRecord, written: readonly string[], options: PublishOptions = {}): void {
  for (const line of expiredWaiverLines(record, options.waivers)) process.stderr.write(`${line}\n`);
  if (options.annotations) for (const line of renderAnnotations(record, options.waivers)) process.stdout.write(`${line}\n`);
  process.stdout.write(renderSummary(record, written));
}

/** Writes every report of a gated record into `dir` and announces it (see {@link announceRecord}). */
export async function publishRecord(record: RunRecord, dir: ReportFolder | string, options: PublishOptions = {}): Promise<string[]> {
  const written = await writeReports(record, dir, { history: options.history, baseline: options.baseline });
  announceRecord(record, written, options);
  return written;
}
