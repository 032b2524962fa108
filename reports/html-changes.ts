import type { RunRecord } from "../core/index.ts";
import { diffHeadline, describeRun } from "./diff-text.ts";
import { anchor, esc, scenarioAnchor, STATUS_MARKS } from "./html-text.ts";
import type { RecordDiff } from "./record-diff.ts";

function mark(status: string): string {
  return `${status in STATUS_MARKS ? STATUS_MARKS[status as keyof typeof STATUS_MARKS] : ""} ${status}`.trim();
}

/** What changed since the baseline record (`run --baseline OLD`): new failures first, then controls and scenarios. */
export function changesSection(record: RunRecord, baseline: RunRecord, diff: RecordDiff): string {
  const items: string[] = [];
  const keyOf = (name: string, backend: string) => scenarioAnchor({ name, backend });
  if (diff.newFailures.length > 0)
    items.push(
      `<h3>New failures (${diff.newFailures.length})</h3><ul class="changes">` +
        diff.newFailures
          .map(
            (f) =>
              `<li class="s-fail">${STATUS_MARKS.fail} <a href="#${anchor("c", f.control)}">${esc(f.control)}</a> (${esc(f.severity)}) ` +
              `in <a href="#${keyOf(f.scenario, f.backend)}">${esc(f.scenario)}</a>, was ${esc(mark(f.before))}: ${esc(f.headline)}</li>`,
          )
          .join("") +
        "</ul>",
    );
  if (diff.controls.length > 0)
    items.push(
      `<h3>Controls that changed status (${diff.controls.length})</h3><ul class="changes">` +
        diff.controls
          .map(
            (c) =>
              `<li>${c.worse ? "▼" : "▲"} <a href="#${anchor("c", c.id)}">${esc(c.id)}</a> ${esc(mark(c.before))} → ` +
              `${esc(mark(c.after))} (${esc(c.severity)}) ${esc(c.title)}` +
              `<span class="muted"> · ${esc(c.scenarios.map((s) => `${s.scenario}: ${s.before} → ${s.after}`).join("; "))}</span></li>`,
          )
          .join("") +
        "</ul>",
    );
  if (diff.scenarios.length > 0)
    items.push(
      `<h3>Scenarios that changed status (${diff.scenarios.length})</h3><ul class="changes">` +
        diff.scenarios
          .map((s) => `<li>${s.worse ? "▼" : "▲"} <a href="#${keyOf(s.name, s.backend)}">${esc(s.name)}</a> ${s.before} → ${s.after}</li>`)
          .join("") +
        "</ul>",
    );
  if (items.length === 0) items.push(`<p>No change: ${diff.unchangedControls} controls with the same status in both runs.</p>`);
  return (
    `<section id="changes"><h2>Changes since the baseline <span class="muted">${esc(diffHeadline(diff, record.failOn))}</span></h2>` +
    `<p class="muted">baseline: ${esc(describeRun(baseline))} · started ${esc(baseline.timing.startedAt)}</p>${items.join("")}</section>`
  );
}
