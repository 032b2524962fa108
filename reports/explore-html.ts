import type { ActionCoverage, ControlCoverage, ExploreRecord, ExploreTypeRecord } from "../core/index.ts";
import { esc } from "./html-text.ts";

/** Blocks every load: the page must work from a file with the network unplugged. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'";

const STYLE = [
  "body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1b1f24;max-width:1100px}",
  "h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}h3{font-size:1rem}",
  "table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left}",
  "td.num,th.num{text-align:right}.uncovered{background:#fff1c2}.fail{color:#b42318}.muted{color:#57606a}",
  ".bar{display:inline-block;height:.6rem;background:#2da44e;vertical-align:middle}",
  "code{font-family:ui-monospace,monospace}",
].join("\n");

const pct = (part: number, whole: number): string => (whole === 0 ? "–" : `${Math.round((part / whole) * 100)}%`);

function controlRow(id: string, counts: ControlCoverage | undefined, uncovered: boolean): string {
  const c = counts ?? { pass: 0, fail: 0, inconclusive: 0, skipped: 0, error: 0 };
  const decided = c.pass + c.fail;
  return (
    `<tr data-control="${esc(id)}" data-decided="${decided}"${uncovered ? ' class="uncovered"' : ""}>` +
    `<td><code>${esc(id)}</code>${uncovered ? " <strong>uncovered</strong>" : ""}</td>` +
    `<td class="num">${decided}</td><td class="num">${c.pass}</td><td class="num${c.fail > 0 ? " fail" : ""}">${c.fail}</td>` +
    `<td class="num">${c.inconclusive}</td><td class="num">${c.skipped + c.error}</td></tr>`
  );
}

function actionRows(name: string, action: ActionCoverage): string {
  const head =
    `<tr data-action="${esc(name)}"><th><code>${esc(name)}</code></th><td class="num">${action.injected}</td>` +
    `<td class="num">${action.tookEffect}</td><td>${pct(action.tookEffect, action.injected)} ` +
    `<span class="bar" style="width:${Math.round((action.tookEffect / Math.max(1, action.injected)) * 80)}px"></span></td></tr>`;
  const params = Object.entries(action.params).map(([param, classes]) => {
    const cells = Object.entries(classes)
      .map(([cls, n]) => `<code>${esc(cls)}</code> ${n.tookEffect}/${n.injected}`)
      .join(" · ");
    return `<tr class="muted"><td>&nbsp;&nbsp;${esc(param)}</td><td colspan="3">${cells}</td></tr>`;
  });
  return head + params.join("");
}

function typeSection(vmType: string, report: ExploreTypeRecord): string {
  const uncovered = new Set(report.uncovered);
  const ids = [...new Set([...Object.keys(report.coverage.controls), ...report.uncovered])].sort();
  const relevant = ids.filter((id) => uncovered.has(id) || (report.coverage.controls[id]?.skipped ?? 0) < report.coverage.runs);
  const findings = report.findings.map(
    (f) =>
      `<li class="fail"><code>${esc(f.control)}</code> ${esc(f.headline)} — <code>${esc(f.file)}</code> ` +
      `(${f.steps} steps, ${f.reproduced ? "replays" : "did not replay"})</li>`,
  );
  const verdict =
    report.uncovered.length === 0
      ? "every control decided"
      : `<strong>${report.uncovered.length} uncovered</strong>: ${esc(report.uncovered.join(", "))}`;
  return (
    `<section id="type-${esc(vmType)}" data-type="${esc(vmType)}"><h2>${esc(vmType)}</h2>` +
    `<p>${report.runs} runs · ${report.failures} failure(s) · ${report.runsPerSecond} runs/s · ` +
    `${verdict}</p>` +
    (findings.length > 0 ? `<ul>${findings.join("")}</ul>` : "") +
    `<h3>Controls: runs that decided each</h3><table><tr><th>control</th><th class="num">decided</th><th class="num">pass</th>` +
    `<th class="num">fail</th><th class="num">inconclusive only</th><th class="num">skipped</th></tr>` +
    relevant.map((id) => controlRow(id, report.coverage.controls[id], uncovered.has(id))).join("") +
    `</table><h3>Chaos: how often each action and parameter class took effect</h3>` +
    `<table><tr><th>action / parameter</th><th class="num">injected</th><th class="num">took effect</th><th>share</th></tr>` +
    Object.entries(report.coverage.chaos)
      .map(([name, action]) => actionRows(name, action))
      .join("") +
    `</table></section>`
  );
}

/**
 * Renders `explore.json` as one self-contained, offline HTML page: per VM type the runs, the
 * findings, the controls each run decided (uncovered ones marked) and how often each chaos action
 * and parameter class took effect. A pure function of the record; host names are defanged.
 */
export function renderExploreHtml(record: ExploreRecord): string {
  const types = Object.entries(record.types);
  const uncovered = types.flatMap(([, report]) => report.uncovered);
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    `<title>cattleprod exploration · seed ${record.seed}</title><style>${STYLE}</style></head><body>`,
    `<h1>cattleprod exploration</h1>`,
    `<p>platform <code>${esc(record.platform)}</code> · seed ${record.seed} · ${record.runsPerType} runs per type · ` +
      `exit ${record.exitCode}${record.requireCoverage ? " · coverage required" : ""} · ` +
      `${uncovered.length === 0 ? "no uncovered control" : `uncovered: ${esc(uncovered.join(", "))}`}</p>`,
    ...types.map(([vmType, report]) => typeSection(vmType, report)),
    `<p class="muted">cattleprod ${esc(record.harness.version)} · ${esc(record.timing.startedAt)}</p>`,
    "</body></html>",
    "",
  ].join("\n");
}
