import { CONTROL_STATUSES, type ControlOutcome, type RunRecord } from "../core/index.ts";
import { anchor, esc, STATUS_MARKS } from "./html-text.ts";

function controlRow(control: ControlOutcome): string {
  const byStatus = CONTROL_STATUSES.filter((s) => control.scenarios[s]?.length)
    .map((s) => `<div>${STATUS_MARKS[s]} ${s}: ${esc((control.scenarios[s] ?? []).join(", "))}</div>`)
    .join("");
  const severity = `${control.severity}${control.required ? "" : ' <span class="muted">(not expected)</span>'}`;
  const details = `<details><summary class="muted">scenarios</summary>${byStatus}</details>`;
  const requirement = control.requirement ? `<div class="muted">${esc(control.requirement)}</div>` : "";
  const refs = control.references?.length ? `<div class="refs">${esc(control.references.join(" · "))}</div>` : "";
  return (
    `<tr id="${anchor("c", control.id)}" data-status="${control.status}"><td><code>${esc(control.id)}</code></td>` +
    `<td class="s-${control.status}">${STATUS_MARKS[control.status]} ${control.status}</td><td>${severity}</td>` +
    `<td><strong>${esc(control.title)}</strong>${requirement}${refs}</td><td>${esc(control.headline)}${details}</td></tr>`
  );
}

const HEAD =
  "<thead><tr><th>control</th><th>status</th><th>severity</th><th>title · requirement · references</th>" +
  "<th>deciding verdict</th></tr></thead>";

/**
 * Every control with its status, severity, the catalog's title, requirement and references, and
 * the deciding verdict; a status filter; inconclusive controls folded under their count.
 */
export function controls(record: RunRecord): string {
  const all = `<button type="button" data-filter="all" aria-pressed="true">all</button>`;
  const buttons = CONTROL_STATUSES.map(
    (s) => `<button type="button" data-filter="${s}" aria-pressed="false">${STATUS_MARKS[s]} ${s}</button>`,
  ).join("");
  const decided = record.controls.filter((c) => c.status !== "inconclusive");
  const open = record.controls.filter((c) => c.status === "inconclusive");
  const fold =
    open.length > 0
      ? `<details class="fold"><summary>${STATUS_MARKS.inconclusive} ${open.length} inconclusive control${open.length === 1 ? "" : "s"}` +
        `</summary><table>${HEAD}<tbody>${open.map(controlRow).join("")}</tbody></table></details>`
      : "";
  return `<div class="filters">${all}${buttons}</div><table>${HEAD}<tbody>${decided.map(controlRow).join("")}</tbody></table>${fold}`;
}
