import type { RunRecord } from "../core/index.ts";
import { renderEvents } from "./events.ts";
import type { RunHistory } from "./history-file.ts";
import { renderHtml } from "./html.ts";
import { renderJson } from "./json.ts";
import { renderJunit } from "./junit.ts";
import { renderMarkdown } from "./markdown.ts";

/** What a report may draw on besides the record: the run's history, and a baseline record to compare with. */
export interface ReportInputs {
  /** Every scenario's history (the record references it with digests; see `attachHistory`). */
  readonly history?: RunHistory;
  /** An earlier record (`run --baseline OLD`): the HTML report shows what changed since. */
  readonly baseline?: RunRecord;
}

/**
 * A report format: the file it is written to and the pure function that renders it from a run
 * record (and the run's history where it shows events). `undefined` means the format has
 * nothing to write for this record.
 */
export interface Reporter {
  readonly file: string;
  readonly mediaType: string;
  readonly render: (record: RunRecord, inputs: ReportInputs) => string | undefined;
}

/** The report formats, by name, in the order they are written. */
export const REPORTERS = {
  json: { file: "run.json", mediaType: "application/json", render: renderJson },
  events: { file: "events.ndjson", mediaType: "application/x-ndjson", render: renderEvents },
  junit: { file: "junit.xml", mediaType: "application/xml", render: renderJunit },
  markdown: { file: "summary.md", mediaType: "text/markdown", render: renderMarkdown },
  html: { file: "report.html", mediaType: "text/html", render: renderHtml },
} as const satisfies Readonly<Record<string, Reporter>>;

/** A report format name: `json`, `events`, `junit`, `markdown`, `html`. */
export type ReportFormat = keyof typeof REPORTERS;

/** One rendered report, ready to write. */
export interface RenderedReport {
  readonly format: ReportFormat;
  readonly file: string;
  readonly text: string;
}

/**
 * Renders every registered format of a record (a format with nothing to write is left out).
 * Pure: writing (and logging the paths written) is the caller's.
 *
 * @example for (const r of renderReports(record, { history })) await writeAtomic(join(dir, r.file), r.text);
 */
export function renderReports(record: RunRecord, inputs: ReportInputs = {}): RenderedReport[] {
  return (Object.entries(REPORTERS) as Array<[ReportFormat, Reporter]>).flatMap(([format, reporter]) => {
    const text = reporter.render(record, inputs);
    return text === undefined ? [] : [{ format, file: reporter.file, text }];
  });
}
