import { CONTROL_STATUSES, controlFamily, type ControlOutcome, type RunRecord } from "../core/index.ts";
import { anchor, esc, STATUS_MARKS } from "./html-text.ts";
import type { RecordDiff } from "./record-diff.ts";
import { FAMILIES, SCOPES } from "./vocabulary.ts";

/** The legend of the status marks. */
export const STATUS_LEGEND = CONTROL_STATUSES.map((s) => `${STATUS_MARKS[s]} ${s}`).join(" · ");

function matrixCell(c: ControlOutcome, changed: ReadonlyMap<string, string>): string {
  const was = changed.get(c.id);
  const title = esc(`${c.title} · ${c.severity} · ${c.status}: ${c.headline}${was ? ` · was ${was} in the baseline` : ""}`);
  return (
    `<a class="cell s-${c.status}${was ? " changed" : ""}" data-control="${esc(c.id)}" data-status="${c.status}" ` +
    `href="#${anchor("c", c.id)}" title="${title}">${STATUS_MARKS[c.status]} ${esc(c.id)}${was ? " ●" : ""}</a>`
  );
}

/**
 * The VM type by control family matrix: one `[data-control]` cell per control; with a baseline,
 * the controls whose status changed are outlined and dotted.
 */
export function matrix(record: RunRecord, diff?: RecordDiff): string {
  const changed = new Map((diff?.controls ?? []).map((c) => [c.id, c.before]));
  const head = `<tr><th>Family</th>${SCOPES.map((s) => `<th>${esc(s.title)}</th>`).join("")}</tr>`;
  const rows = FAMILIES.map(({ family, title }) => {
    const cells = SCOPES.map(({ scope }) => {
      const controls = record.controls.filter((c) => c.scope === scope && controlFamily(c.id) === family);
      return `<td>${controls.map((c) => matrixCell(c, changed)).join("")}</td>`;
    });
    return `<tr><th>${esc(title)}</th>${cells.join("")}</tr>`;
  });
  return `<table class="matrix">${head}${rows.join("")}</table>`;
}

/** Control counts per VM type and status. */
export function counts(record: RunRecord): string {
  const head = `<tr><th>VM type</th>${CONTROL_STATUSES.map((s) => `<th class="num">${STATUS_MARKS[s]} ${s}</th>`).join("")}</tr>`;
  const rows = SCOPES.map(({ scope, title }) => {
    const cells = CONTROL_STATUSES.map((s) => `<td class="num">${record.summary.byScope[scope]?.[s] ?? 0}</td>`).join("");
    return `<tr><th>${esc(title)}</th>${cells}</tr>`;
  });
  return `<table>${head}${rows.join("")}</table>`;
}
