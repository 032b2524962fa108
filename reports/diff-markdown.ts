import { newFailuresAtOrAbove, type RecordDiff } from "./record-diff.ts";
import { describeRun, diffHeadline, type DiffSubject } from "./diff-text.ts";
import { STATUS_SYMBOLS } from "./vocabulary.ts";

/** Escapes text for a Markdown table cell or line: no HTML, no table breaks. */
function md(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function mark(status: string): string {
  return status in STATUS_SYMBOLS ? `${STATUS_SYMBOLS[status as keyof typeof STATUS_SYMBOLS]} ${status}` : status;
}

/**
 * The diff as Markdown for a pull-request comment: a headline, the two runs, then new failures
 * first, controls and scenarios that changed status, worse ones first.
 */
export function renderDiffMarkdown(diff: RecordDiff, subject: DiffSubject): string {
  const gated = newFailuresAtOrAbove(diff, subject.failOn);
  const lines = [
    `## cattleprod diff: ${gated.length > 0 ? "❌" : "✅"} ${md(diffHeadline(diff, subject.failOn))}`,
    "",
    `- old: \`${md(subject.old.file)}\`: ${md(describeRun(subject.old.record))}`,
    `- new: \`${md(subject.new.file)}\`: ${md(describeRun(subject.new.record))}`,
    "",
  ];
  if (diff.newFailures.length > 0) {
    lines.push(
      `### New failures (${diff.newFailures.length})`,
      "",
      "| control | severity | scenario | was | headline |",
      "|---|---|---|---|---|",
    );
    for (const f of diff.newFailures)
      lines.push(`| ❌ ${f.control} | ${f.severity} | ${md(f.scenario)} | ${mark(f.before)} | ${md(f.headline)} |`);
    lines.push("");
  }
  if (diff.controls.length > 0) {
    lines.push(
      `### Controls that changed status (${diff.controls.length})`,
      "",
      "| control | was | now | severity | scenarios |",
      "|---|---|---|---|---|",
    );
    for (const c of diff.controls) {
      const where = c.scenarios.map((s) => `${md(s.scenario)}: ${s.before} → ${s.after}`).join("<br>");
      lines.push(`| ${c.worse ? "🔻" : "🔺"} ${c.id} ${md(c.title)} | ${mark(c.before)} | ${mark(c.after)} | ${c.severity} | ${where} |`);
    }
    lines.push("");
  }
  if (diff.scenarios.length > 0) {
    lines.push(`### Scenarios that changed status (${diff.scenarios.length})`, "", "| scenario | was | now |", "|---|---|---|");
    for (const s of diff.scenarios) lines.push(`| ${s.worse ? "🔻" : "🔺"} ${md(s.name)} | ${s.before} | ${s.after} |`);
    lines.push("");
  }
  if (diff.newFailures.length + diff.controls.length + diff.scenarios.length === 0)
    lines.push(`No change: ${diff.unchangedControls} controls with the same status in both runs.`, "");
  return lines.join("\n");
}
