import { formatDuration, type RunRecord } from "../core/index.ts";
import { esc } from "./html-text.ts";
import { scenarioWallMs } from "./html-scenario.ts";

function row(term: string, value: string): string {
  return `<dt>${esc(term)}</dt><dd>${value}</dd>`;
}

/**
 * The environment panel: harness, git commit, platform digest, Node, OS, backend (and what each
 * API backend was), seed, gate, wall time, the history file, and the slowest scenarios.
 */
export function environmentPanel(record: RunRecord): string {
  const env = record.environment;
  const rows: string[] = [row("harness", esc(env?.harness ?? `${record.harness.name} ${record.harness.version}`))];
  if (env?.gitCommit) rows.push(row("git commit", `${esc(env.gitCommit)}${env.gitDirty ? " (with uncommitted changes)" : ""}`));
  else if (env) rows.push(row("git commit", '<span class="muted">not a git checkout</span>'));
  for (const [ref, digest] of Object.entries(env?.platforms ?? {})) rows.push(row(`platform ${ref}`, `sha256 ${esc(digest)}`));
  if (!env?.platforms || Object.keys(env.platforms).length === 0) rows.push(row("platform", esc(record.platform)));
  if (env) rows.push(row("node", esc(env.node)), row("os", esc(env.os)));
  rows.push(row("backend", esc(record.backend)));
  for (const [name, what] of Object.entries(env?.backends ?? {})) rows.push(row(`backend ${name}`, esc(what)));
  rows.push(row("seed", esc(String(record.seed ?? "per scenario"))), row("fail-on", esc(record.failOn)));
  rows.push(row("started", esc(record.timing.startedAt)), row("wall time", esc(formatDuration(record.timing.wallMs))));
  if (record.history)
    rows.push(row("history", `${esc(record.history.file)} · ${record.history.events} events · sha256 ${esc(record.history.sha256)}`));
  rows.push(row("record", `${esc(record.kind)} version ${record.version}`));
  const slowest = record.scenarios
    .map((s) => ({ name: s.name, ms: scenarioWallMs(record, s) }))
    .filter((s): s is { name: string; ms: number } => s.ms !== undefined)
    .sort((a, b) => b.ms - a.ms);
  const durations =
    slowest.length > 0
      ? `<details class="fold"><summary>wall time per scenario (slowest first; total ${slowest.reduce((t, s) => t + s.ms, 0)} ms)` +
        `</summary><table><tr><th>scenario</th><th class="num">ms</th></tr>` +
        slowest.map((s) => `<tr><td>${esc(s.name)}</td><td class="num">${s.ms}</td></tr>`).join("") +
        `</table></details>`
      : "";
  if (!env) rows.push(row("environment", '<span class="muted">not recorded (record written by an older cattleprod)</span>'));
  return `<section id="environment"><h2>Environment</h2><dl class="environment">${rows.join("")}</dl>${durations}</section>`;
}
