import { formatDuration, type RunRecord, type ScenarioControl, type ScenarioRecord } from "../core/index.ts";
import { capacityChart, lifetimeChart } from "./html-charts.ts";
import { commandSection } from "./html-commands.ts";
import { embedHistory, eventLinks, eventTable } from "./html-events.ts";
import { esc, scenarioAnchor, sourceBadge, STATUS_MARKS } from "./html-text.ts";
import type { ScenarioHistory } from "./history-file.ts";

/** How long a scenario took on the wall clock (`run.json`'s timing), if recorded. */
export function scenarioWallMs(record: RunRecord, s: ScenarioRecord): number | undefined {
  const timing = record.timing.scenarioWallMs;
  return timing[`${s.backend}:${s.name}`] ?? timing[s.name];
}

function verdictRow(key: string, c: ScenarioControl): string {
  return (
    `<tr><td><code>${esc(c.id)}</code></td><td class="s-${c.status}">${STATUS_MARKS[c.status]} ${c.status}${sourceBadge(c.evidence)}</td>` +
    `<td>${esc(c.headline)}</td><td>${eventLinks(key, c.evidence.eventIds)}</td></tr>`
  );
}

const VERDICT_HEAD = "<tr><th>control</th><th>status</th><th>headline</th><th>evidence events</th></tr>";

/**
 * One scenario as a collapsible section (open when it failed): the replay line, expectations,
 * the capacity and lifetime charts, its verdicts with evidence links (inconclusive ones folded
 * under their count, not-applicable ones left out), and its event table.
 */
export function scenarioSection(record: RunRecord, s: ScenarioRecord, history: ScenarioHistory | undefined): string {
  const key = scenarioAnchor(s);
  const decided = s.controls.filter((c) => c.status !== "skipped" && c.status !== "inconclusive");
  const open = s.controls.filter((c) => c.status === "inconclusive");
  const figure = (caption: string, chart: string) => `<figure><figcaption>${caption}</figcaption>${chart}</figure>`;
  const charts = s.timeline
    ? figure("Healthy capacity per group · chaos marks (dashed: no effect)", capacityChart(s.timeline, s.name)) +
      figure("Instance lifetimes against the 28-day line", lifetimeChart(s.timeline, s.name))
    : `<p class="muted">No timeline recorded.</p>`;
  const expectations = s.expectations
    .map((e) => `${e.met ? STATUS_MARKS.pass : STATUS_MARKS.fail} ${esc(e.control)} expected ${esc(e.expected)}, got ${esc(e.actual)}`)
    .join(" · ");
  const shown = s.status;
  const wallMs = scenarioWallMs(record, s);
  const about = [
    s.file ?? "",
    `seed ${s.seed}`,
    `platform ${s.platform}`,
    s.backend === "sim" ? "" : `backend ${s.backend}`,
    s.timeline ? `${formatDuration(s.timeline.runMs)} virtual` : "",
    wallMs === undefined ? "" : `${wallMs} ms wall`,
  ]
    .filter(Boolean)
    .join(" · ");
  const summary = `<summary>${STATUS_MARKS[shown]} <strong>${esc(s.name)}</strong> <span class="muted">${esc(about)}</span></summary>`;
  const table = decided.length > 0 ? `<table>${VERDICT_HEAD}${decided.map((c) => verdictRow(key, c)).join("")}</table>` : "";
  const fold =
    open.length > 0
      ? `<details class="fold"><summary>${STATUS_MARKS.inconclusive} ${open.length} inconclusive</summary>` +
        `<table>${VERDICT_HEAD}${open.map((c) => verdictRow(key, c)).join("")}</table></details>`
      : "";
  const embedded = embedHistory(s, history, key);
  const events =
    `<details class="events-fold"><summary>Events${s.history ? ` (${s.history.events})` : ""}</summary>` +
    `${eventTable(key, s, embedded !== "")}${embedded}</details>`;
  const isOpen = s.status === "fail" || s.status === "error" ? " open" : "";
  return `<details class="scenario" id="${key}"${isOpen}>${summary}
<p><code>${esc(s.replay)}</code></p><p>${expectations}</p>${charts}${table}${fold}${commandSection(s)}${events}</details>`;
}
