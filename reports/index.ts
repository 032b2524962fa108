// Public API of reports/: renderers of the run record, one per format, and its schema. Explicit exports only.
export { REPORTERS, renderReports } from "./registry.ts";
export type { Reporter, ReportFormat, RenderedReport, ReportInputs } from "./registry.ts";
export { HISTORY_FILE, attachHistory, readHistory, historyKey } from "./history-file.ts";
export type { ScenarioHistory, RunHistory } from "./history-file.ts";
export { renderEvents } from "./events.ts";
export { diffRecords, newFailuresAtOrAbove } from "./record-diff.ts";
export type { RecordDiff, NewFailure, ControlChange, ScenarioChange, StatusOrAbsent } from "./record-diff.ts";
export { renderDiffText, describeRun, diffHeadline } from "./diff-text.ts";
export type { DiffSubject } from "./diff-text.ts";
export { renderDiffMarkdown } from "./diff-markdown.ts";
export { renderJson } from "./json.ts";
export { renderJunit } from "./junit.ts";
export { renderMarkdown } from "./markdown.ts";
export { renderHtml } from "./html.ts";
export { renderExploreHtml } from "./explore-html.ts";
export { EXPLORE_REPORTERS, renderExploreReports } from "./explore-reporters.ts";
export type { ExploreReporter } from "./explore-reporters.ts";
export { runRecordSchema, runRecordJsonSchema, checkRunRecord } from "./record-schema.ts";
export type { RecordProblem } from "./record-schema.ts";
export { caseName, describeWaiver, failureLines, verdictWord, SCOPES, STATUS_SYMBOLS } from "./vocabulary.ts";
export type { Finding } from "./vocabulary.ts";
export {
  STATEMENT_TYPE,
  PREDICATE_TYPE,
  PAYLOAD_TYPE,
  sha256,
  keyIdOf,
  pae,
  testResultStatement,
  signStatement,
  renderEnvelope,
  openEnvelope,
} from "./attestation.ts";
export type { Subject, Statement, Envelope } from "./attestation.ts";
