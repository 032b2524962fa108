import {
  CONTROL_STATUSES,
  controlFamily,
  formatDuration,
  type ControlOutcome,
  type ControlStatus,
  type RunRecord,
  type ScenarioRecord,
} from "../core/index.ts";
import { capacityChart, lifetimeChart } from "./html-charts.ts";
import { SCRIPT, STYLE } from "./html-assets.ts";
import { anchor, esc } from "./html-text.ts";
import { caseName, FAMILIES, failureLines, findings, SCOPES, verdictWord, type Finding } from "./vocabulary.ts";

/** Status marks that every system font draws (no emoji font needed), colored by CSS. */
const STATUS_SYMBOLS: Readonly<Record<ControlStatus, string>> = {
  pass: "✓",
  fail: "✗",
  inconclusive: "?",
  waived: "≈",
  skipped: "–",
  error: "!",
};
const STATUS_LEGEND = CONTROL_STATUSES.map((s) => `${STATUS_SYMBOLS[s]} ${s}`).join(" · ");

/** Blocks every load: the page must work from a file with the network unplugged. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

function matrixCell(c: ControlOutcome): string {
  const title = esc(`${c.title} · ${c.severity} · ${c.status}: ${c.headline}`);
  return (
    `<a class="cell s-${c.status}" data-control="${esc(c.id)}" data-status="${c.status}" href="#${anchor("c", c.id)}" title="${title}">` +
    `${STATUS_SYMBOLS[c.status]} ${esc(c.id)}</a>`
  );
}

function matrix(record: RunRecord): string {
  const head = `<tr><th>Family</th>${SCOPES.map((s) => `<th>${esc(s.title)}</th>`).join("")}</tr>`;
  const rows = FAMILIES.map(({ family, title }) => {
    const cells = SCOPES.map(({ scope }) => {
      const controls = record.controls.filter((c) => c.scope === scope && controlFamily(c.id) === family);
      return `<td>${controls.map(matrixCell).join("")}</td>`;
    });
    return `<tr><th>${esc(title)}</th>${cells.join("")}</tr>`;
  });
  return `<table class="matrix">${head}${rows.join("")}</table><p class="muted">${esc(STATUS_LEGEND)}</p>`;
}

function counts(record: RunRecord): string {
  const head = `<tr><th>VM type</th>${CONTROL_STATUSES.map((s) => `<th class="num">${STATUS_SYMBOLS[s]} ${s}</th>`).join("")}</tr>`;
  const rows = SCOPES.map(({ scope, title }) => {
    const cells = CONTROL_STATUSES.map((s) => `<td class="num">${record.summary.byScope[scope]?.[s] ?? 0}</td>`).join("");
    return `<tr><th>${esc(title)}</th>${cells}</tr>`;
  });
  return `<table>${head}${rows.join("")}</table>`;
}

function card(finding: Finding): string {
  const { scenario, control } = finding;
  const e = control.evidence;
  const extra = [
    e.method ? `method: ${e.method}` : "",
    e.cases !== undefined ? `cases examined: ${e.cases}` : "",
    e.eventIds.length > 20 ? `all events: ${e.eventIds.join(", ")}` : "",
  ].filter(Boolean);
  const heading = `${STATUS_SYMBOLS[control.status]} ${esc(caseName(control.id, scenario.name))}`;
  const lines = esc([...failureLines(finding), ...extra].join("\n"));
  return `<div class="card ${control.status}"><strong>${heading}</strong>
<pre>${lines}</pre><a href="#${anchor("s", scenario.name)}">timeline of ${esc(scenario.name)}</a></div>`;
}

function failures(record: RunRecord): string {
  const failing = findings(record, ["fail", "error"]);
  const errors = record.scenarios
    .filter((s) => s.status === "error")
    .map(
      (s) =>
        `<div class="card"><strong>${STATUS_SYMBOLS.error} ${esc(s.name)} could not run</strong>` +
        `<pre>${esc(s.error ?? "unknown error")}</pre></div>`,
    );
  if (failing.length === 0 && errors.length === 0) return `<p>No failures.</p>`;
  return failing.map(card).join("") + errors.join("");
}

function waivers(record: RunRecord): string {
  const waived = findings(record, ["waived"]).map(card).join("");
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

function controlRow(control: ControlOutcome): string {
  const byStatus = CONTROL_STATUSES.filter((s) => control.scenarios[s]?.length)
    .map((s) => `<div>${STATUS_SYMBOLS[s]} ${s}: ${esc((control.scenarios[s] ?? []).join(", "))}</div>`)
    .join("");
  const severity = `${control.severity}${control.required ? "" : ' <span class="muted">(not expected)</span>'}`;
  const details = `<details><summary class="muted">scenarios</summary>${byStatus}</details>`;
  return (
    `<tr id="${anchor("c", control.id)}" data-status="${control.status}"><td><code>${esc(control.id)}</code></td>` +
    `<td class="s-${control.status}">${STATUS_SYMBOLS[control.status]} ${control.status}</td><td>${severity}</td>` +
    `<td>${esc(control.title)}</td><td>${esc(control.headline)}${details}</td></tr>`
  );
}

function controls(record: RunRecord): string {
  const all = `<button type="button" data-filter="all" aria-pressed="true">all</button>`;
  const filters =
    all +
    CONTROL_STATUSES.map((s) => `<button type="button" data-filter="${s}" aria-pressed="false">${STATUS_SYMBOLS[s]} ${s}</button>`).join(
      "",
    );
  const head = "<thead><tr><th>control</th><th>status</th><th>severity</th><th>title</th><th>deciding verdict</th></tr></thead>";
  return `<div class="filters">${filters}</div><table>${head}<tbody>${record.controls.map(controlRow).join("")}</tbody></table>`;
}

function scenario(s: ScenarioRecord): string {
  const notable = s.controls.filter((c) => c.status !== "skipped");
  const verdicts = notable
    .map(
      (c) =>
        `<tr><td><code>${esc(c.id)}</code></td><td class="s-${c.status}">${STATUS_SYMBOLS[c.status]} ${c.status}</td>` +
        `<td>${esc(c.headline)}</td></tr>`,
    )
    .join("");
  const figure = (caption: string, chart: string) => `<figure><figcaption>${caption}</figcaption>${chart}</figure>`;
  const charts = s.timeline
    ? figure("Healthy capacity per group · chaos marks (dashed: no effect)", capacityChart(s.timeline, s.name)) +
      figure("Instance lifetimes against the 28-day line", lifetimeChart(s.timeline, s.name))
    : `<p class="muted">No timeline recorded.</p>`;
  const expectations = s.expectations
    .map((e) => `${e.met ? STATUS_SYMBOLS.pass : STATUS_SYMBOLS.fail} ${esc(e.control)} expected ${esc(e.expected)}, got ${esc(e.actual)}`)
    .join(" · ");
  const open = s.status === "fail" || s.status === "error" ? " open" : "";
  const shown = s.status === "pass" ? "pass" : s.status === "fail" ? "fail" : s.status === "error" ? "error" : "inconclusive";
  const runTime = s.timeline ? formatDuration(s.timeline.runMs) : "";
  const about = `${esc(s.file ?? "")} · seed ${s.seed} · platform ${esc(s.platform)} · ${runTime}`;
  const summary = `<summary>${STATUS_SYMBOLS[shown]} <strong>${esc(s.name)}</strong> <span class="muted">${about}</span></summary>`;
  const table = `<table><tr><th>control</th><th>status</th><th>headline</th></tr>${verdicts}</table>`;
  return `<details class="scenario" id="${anchor("s", s.name)}"${open}>${summary}
<p><code>${esc(s.replay)}</code></p><p>${expectations}</p>${charts}${table}</details>`;
}

/**
 * The HTML report (`report.html`): one self-contained page that works offline, with inline
 * CSS, script and SVG and no URL of any kind. It shows the verdict, the VM type by control
 * matrix (one `[data-control]` cell per control), the evidence for every failure, all
 * controls, and a timeline per scenario: capacity over time with chaos marks, and instance
 * lifetimes against the 28-day line.
 */
export function renderHtml(record: RunRecord): string {
  const word = verdictWord(record.exitCode);
  const s = record.summary.scenarios;
  const shard = record.shard ? ` · shard ${record.shard.index}/${record.shard.total}` : "";
  const meta =
    `cattleprod ${record.harness.version} · platform ${record.platform} · backend ${record.backend} · ` +
    `seed ${record.seed ?? "per scenario"} · fail-on ${record.failOn} · exit ${record.exitCode}${shard}`;
  const scenarioLine =
    `${record.scenarios.length} scenarios: ${s["pass"] ?? 0} pass, ${s["fail"] ?? 0} fail, ` +
    `${s["inconclusive"] ?? 0} inconclusive, ${s["error"] ?? 0} error`;
  const timing = `${esc(scenarioLine)} · started ${esc(record.timing.startedAt)} · ${esc(formatDuration(record.timing.wallMs))} wall`;
  const metaLines = `<p class="meta">${esc(meta)}</p><p class="meta">${timing}</p>`;
  const toggle = '<button type="button" id="toggle-scenarios" class="filters">expand / collapse all</button>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}"><link rel="icon" href="data:,">
<title>cattleprod ${esc(word)} · ${esc(record.platform)}</title><style>${STYLE}</style></head>
<body>
<header class="verdict v-${record.exitCode}"><h1>cattleprod: ${esc(word)}</h1>${metaLines}</header>
<nav><a href="#matrix">matrix</a><a href="#failures">failures</a><a href="#controls">controls</a><a href="#scenarios">scenarios</a></nav>
<section id="matrix"><h2>Controls by VM type and family</h2>${matrix(record)}${counts(record)}</section>
<section id="failures"><h2>Failures</h2>${failures(record)}</section>
${waivers(record)}
<section id="controls"><h2>All controls</h2>${controls(record)}</section>
<section id="scenarios"><h2>Scenarios</h2>${toggle}${record.scenarios.map(scenario).join("\n")}</section>
<footer class="muted"><p>Rendered from run.json (kind ${esc(record.kind)}, version ${record.version}).</p></footer>
<script>${SCRIPT}</script>
</body></html>
`;
}
