import type { ExploreRecord } from "../core/index.ts";
import { renderExploreHtml } from "./explore-html.ts";

/** A format of the exploration record: the file it is written to and its pure renderer. */
export interface ExploreReporter {
  readonly file: string;
  readonly mediaType: string;
  readonly render: (record: ExploreRecord) => string;
}

/** The exploration's report formats, in the order they are written (beside `REPORTERS` for run records). */
export const EXPLORE_REPORTERS = {
  json: { file: "explore.json", mediaType: "application/json", render: (record) => `${JSON.stringify(record, null, 2)}\n` },
  html: { file: "explore.html", mediaType: "text/html", render: renderExploreHtml },
} as const satisfies Readonly<Record<string, ExploreReporter>>;

/** Renders every exploration format of a record; writing them is the caller's. */
export function renderExploreReports(record: ExploreRecord): Array<{ readonly file: string; readonly text: string }> {
  return Object.values(EXPLORE_REPORTERS).map((reporter: ExploreReporter) => ({ file: reporter.file, text: reporter.render(record) }));
}
