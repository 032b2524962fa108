import type { RunRecord } from "../core/index.ts";
import { renderHtml } from "./html.ts";
import { renderJson } from "./json.ts";
import { renderJunit } from "./junit.ts";
import { renderMarkdown } from "./markdown.ts";

/** A report format: the file it is written to and the pure function that renders it from a run record. */
export interface Reporter {
  readonly file: string;
  readonly mediaType: string;
  readonly render: (record: RunRecord) => string;
}

/** The report formats, by name, in the order they are written. */
export const REPORTERS = {
  json: { file: "run.json", mediaType: "application/json", render: renderJson },
  junit: { file: "junit.xml", mediaType: "application/xml", render: renderJunit },
  markdown: { file: "summary.md", mediaType: "text/markdown", render: renderMarkdown },
  html: { file: "report.html", mediaType: "text/html", render: renderHtml },
} as const satisfies Readonly<Record<string, Reporter>>;

/** A report format name: `json`, `junit`, `markdown`, `html`. */
export type ReportFormat = keyof typeof REPORTERS;

/** One rendered report, ready to write. */
export interface RenderedReport {
  readonly format: ReportFormat;
  readonly file: string;
  readonly text: string;
}

/**
 * Renders every registered format of a record. Pure: writing (and logging the paths written)
 * is the caller's.
 *
 * @example for (const r of renderReports(record)) await writeAtomic(join(dir, r.file), r.text);
 */
export function renderReports(record: RunRecord): RenderedReport[] {
  return (Object.entries(REPORTERS) as Array<[ReportFormat, Reporter]>).map(([format, reporter]) => ({
    format,
    file: reporter.file,
    text: reporter.render(record),
  }));
}
