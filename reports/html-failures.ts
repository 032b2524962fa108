import type { ControlOutcome, RunRecord } from "../core/index.ts";
import { eventLinks } from "./html-events.ts";
import { esc, scenarioAnchor, sourceBadge, STATUS_MARKS } from "./html-text.ts";
import { caseName, failureLines, findings, type Finding } from "./vocabulary.ts";

/** The catalog's requirement and references of a control, as one muted line. */
export function requirementLine(control: ControlOutcome | undefined): string {
  if (!control?.requirement) return "";
  const refs = control.references?.length ? ` <span class="refs">${esc(control.references.join(" · "))}</span>` : "";
  return `<div class="requirement muted">requires: ${esc(control.requirement)}${refs}</div>`;
}

/**
 * One failure (or waived failure) as a card: headline, severity, what decided it, the catalog's
 * requirement, then the fixed-order text with every evidence event id a link to its row in the
 * scenario's event table.
 */
export function card(finding: Finding, record: RunRecord): string {
  const { scenario, control } = finding;
  const e = control.evidence;
  const key = scenarioAnchor(scenario);
  const outcome = record.controls.find((c) => c.id === control.id);
  const how = [e.method ? `method: ${e.method}` : "", e.cases !== undefined ? `cases examined: ${e.cases}` : ""].filter(Boolean);
  const extra = how.length > 0 ? [how.join(" · ")] : [];
  const lines = [...failureLines(finding), ...extra].map((line) =>
    line.startsWith("events: ") ? `events: ${eventLinks(key, e.eventIds)}` : esc(line),
  );
  const severity = outcome ? ` <span class="badge">${esc(outcome.severity)}</span>` : "";
  const name = esc(caseName(control.id, scenario.name));
  const heading = `<strong>${STATUS_MARKS[control.status]} ${name}</strong>${severity}${sourceBadge(e)}`;
  return (
    `<div class="card ${control.status}" data-control="${esc(control.id)}-card">${heading}${requirementLine(outcome)}` +
    `<pre>${lines.join("\n")}</pre><a href="#${key}">charts and events of ${esc(scenario.name)}</a></div>`
  );
}

/** Every failure, then every scenario that could not run. */
export function failures(record: RunRecord): string {
  const failing = findings(record, ["fail", "error"]);
  const errors = record.scenarios
    .filter((s) => s.status === "error")
    .map(
      (s) =>
        `<div class="card"><strong>${STATUS_MARKS.error} ${esc(s.name)} could not run</strong>` +
        `<pre>${esc(s.error ?? "unknown error")}</pre></div>`,
    );
  if (failing.length === 0 && errors.length === 0) return `<p>No failures.</p>`;
  return failing.map((f) => card(f, record)).join("") + errors.join("");
}

/** Waived failures and the waivers file's entries, if any. */
export function waivers(record: RunRecord): string {
  const waived = findings(record, ["waived"])
    .map((f) => card(f, record))
    .join("");
  const entries = record.waivers?.entries ?? [];
  if (!waived && entries.length === 0) return "";
  const rows = entries.map((w) => {
    const state = w.state === "expired" ? "fail" : w.state === "applied" ? "waived" : "skipped";
    return (
      `<tr class="s-${state}"><td>${w.index}</td><td>${esc(w.control)}</td><td>${esc(w.scope)}</td><td>${w.state}</td>` +
      `<td>${esc(w.expires)}</td><td>${esc(w.approver)}</td><td>${esc(w.ticket ?? "")}</td>` +
      `<td>${esc(w.justification)}</td><td>${esc(w.waived.join(", "))}</td></tr>`
    );
  });
  const head =
    "<tr><th>#</th><th>control</th><th>scope</th><th>state</th><th>expires</th><th>approver</th>" +
    "<th>ticket</th><th>justification</th><th>waived in</th></tr>";
  const table = entries.length > 0 ? `<p class="muted">${esc(record.waivers?.file ?? "")}</p><table>${head}${rows.join("")}</table>` : "";
  return `<section id="waivers"><h2>Waivers</h2>${waived}${table}</section>`;
}
