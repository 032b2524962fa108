import { formatDuration, type RunRecord } from "../core/index.ts";
import { historyKey } from "./history-file.ts";
import { STYLE } from "./html-assets.ts";
import { changesSection } from "./html-changes.ts";
import { controls } from "./html-controls.ts";
import { environmentPanel } from "./html-environment.ts";
import { failures, waivers } from "./html-failures.ts";
import { counts, matrix, STATUS_LEGEND } from "./html-matrix.ts";
import { scenarioSection } from "./html-scenario.ts";
import { SCRIPT } from "./html-script.ts";
import { esc } from "./html-text.ts";
import { diffHeadline } from "./diff-text.ts";
import { diffRecords } from "./record-diff.ts";
import type { ReportInputs } from "./registry.ts";
import { verdictWord } from "./vocabulary.ts";

/** Blocks every load: the page must work from a file with the network unplugged. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

/**
 * The HTML report (`report.html`): one self-contained page that works offline, with inline
 * CSS, script, SVG and event data, and no URL of any kind. First screen: the verdict, the VM
 * type by control matrix (one `[data-control]` cell per control) and the first failure; then
 * what changed since a baseline (when given), the environment, all controls with their
 * requirements, and per scenario its charts (capacity with chaos marks; instance lifetimes,
 * labelled, against the 28-day line), its verdicts and its event table, to which every evidence
 * event id links.
 */
export function renderHtml(record: RunRecord, inputs: ReportInputs = {}): string {
  const word = verdictWord(record.exitCode);
  const s = record.summary.scenarios;
  const diff = inputs.baseline ? diffRecords(inputs.baseline, record) : undefined;
  const histories = new Map((inputs.history ?? []).map((h) => [historyKey({ name: h.scenario, backend: h.backend }), h]));
  const shard = record.shard ? ` · shard ${record.shard.index}/${record.shard.total}` : "";
  const commit = record.environment?.gitCommit ? ` · commit ${record.environment.gitCommit.slice(0, 12)}` : "";
  const meta =
    `cattleprod ${record.harness.version} · platform ${record.platform} · backend ${record.backend} · ` +
    `seed ${record.seed ?? "per scenario"} · fail-on ${record.failOn} · exit ${record.exitCode}${shard}${commit} · ` +
    `${record.scenarios.length} scenarios: ${s["pass"] ?? 0} pass, ${s["fail"] ?? 0} fail, ` +
    `${s["inconclusive"] ?? 0} inconclusive, ${s["error"] ?? 0} error · ${formatDuration(record.timing.wallMs)} wall`;
  const since = diff ? `<p class="meta">since the baseline: <a href="#changes">${esc(diffHeadline(diff, record.failOn))}</a></p>` : "";
  const toggle = '<button type="button" id="toggle-scenarios" class="filters">expand / collapse all</button>';
  const links = ["matrix", "failures", ...(diff ? ["changes"] : []), "environment", "controls", "scenarios"];
  const nav = `<nav>${links.map((id) => `<a href="#${id}">${id}</a>`).join("")}</nav>`;
  const legend = `<span class="muted">${esc(STATUS_LEGEND)}</span>`;
  const scenarios = record.scenarios.map((x) => scenarioSection(record, x, histories.get(historyKey(x)))).join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}"><link rel="icon" href="data:,">
<title>cattleprod ${esc(word)} · ${esc(record.platform)}</title><style>${STYLE}</style></head>
<body>
<header class="verdict v-${record.exitCode}"><h1>cattleprod: ${esc(word)}</h1><p class="meta">${esc(meta)}</p>${since}${nav}</header>
<section id="matrix"><h2>Controls by VM type and family ${legend}</h2>${matrix(record, diff)}</section>
<section id="failures"><h2>Failures</h2>${failures(record)}</section>
${inputs.baseline && diff ? changesSection(record, inputs.baseline, diff) : ""}
${environmentPanel(record)}
${waivers(record)}
<section id="controls"><h2>All controls</h2>${counts(record)}${controls(record)}</section>
<section id="scenarios"><h2>Scenarios</h2>${toggle}${scenarios}</section>
<footer class="muted"><p>Rendered from run.json (kind ${esc(record.kind)}, version ${record.version})${
    record.history ? ` and ${esc(record.history.file)}` : ""
  }.</p></footer>
<script>${SCRIPT}</script>
</body></html>
`;
}
