import { controlFamily, type ControlOutcome, type RunRecord } from "../core/index.ts";
import {
  caseName,
  describeWaiver,
  FAMILIES,
  failureLines,
  findings,
  SCOPES,
  STATUS_LEGEND,
  STATUS_SYMBOLS,
  verdictWord,
  type Finding,
} from "./vocabulary.ts";

/** At most this many failures are spelled out (a PR comment holds 65536 characters). */
const MAX_DETAILED = 40;

/** Escapes text for a Markdown table cell or line: no HTML, no table breaks. */
function md(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/\n/g, " ");
}

/** A fenced block whose fence is longer than any backtick run inside. */
function fenced(lines: readonly string[], info = "text"): string[] {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((run) => run.length))));
  const fence = "`".repeat(longest + 1);
  return [`${fence}${info}`, ...lines, fence];
}

function chip(control: ControlOutcome): string {
  return `${STATUS_SYMBOLS[control.status]} ${control.id}`;
}

function matrix(record: RunRecord): string[] {
  const lines = [`| Family | ${SCOPES.map((s) => s.title).join(" | ")} |`, `|---|${SCOPES.map(() => "---").join("|")}|`];
  for (const { family, title } of FAMILIES) {
    const cells = SCOPES.map(
      ({ scope }) =>
        record.controls
          .filter((c) => c.scope === scope && controlFamily(c.id) === family)
          .map(chip)
          .join("<br>") || " ",
    );
    lines.push(`| ${title} | ${cells.join(" | ")} |`);
  }
  return lines;
}

function counts(record: RunRecord): string[] {
  const statuses = ["pass", "fail", "waived", "inconclusive", "skipped", "error"] as const;
  const lines = [
    `| VM type | ${statuses.map((s) => `${STATUS_SYMBOLS[s]} ${s}`).join(" | ")} |`,
    `|---|${statuses.map(() => "--:").join("|")}|`,
  ];
  for (const { scope, title } of SCOPES) {
    const c = record.summary.byScope[scope];
    lines.push(`| ${title} | ${statuses.map((s) => String(c?.[s] ?? 0)).join(" | ")} |`);
  }
  return lines;
}

function detail(finding: Finding, severity: string): string[] {
  const { scenario, control } = finding;
  return [
    `#### ${STATUS_SYMBOLS[control.status]} ${md(caseName(control.id, scenario.name))} (${severity})`,
    "",
    ...fenced(failureLines(finding)),
    "",
  ];
}

/**
 * The Markdown summary of a run (`summary.md`), fit for a pull-request comment or
 * `$GITHUB_STEP_SUMMARY`: the verdict, counts per VM type, the VM type by control-family
 * matrix, then every failure with its replay line, waived failures, expired waivers,
 * required controls left inconclusive and harness errors.
 */
export function renderMarkdown(record: RunRecord): string {
  const severity = new Map(record.controls.map((c) => [c.id, c.severity]));
  const s = record.summary.scenarios;
  const scenarioCounts =
    `${record.scenarios.length} scenarios (${s["pass"] ?? 0} pass, ${s["fail"] ?? 0} fail, ` +
    `${s["inconclusive"] ?? 0} inconclusive, ${s["error"] ?? 0} error)`;
  const shard = record.shard ? ` · shard ${record.shard.index}/${record.shard.total}` : "";
  const lines = [
    `## cattleprod: ${verdictWord(record.exitCode)} ${record.exitCode === 0 ? "✅" : "❌"}`,
    "",
    `cattleprod ${md(record.harness.version)} · platform \`${md(record.platform)}\` · backend ${md(record.backend)} · ` +
      `seed ${record.seed ?? "per scenario"} · ${scenarioCounts} · fail-on ${record.failOn} · exit ${record.exitCode}${shard}`,
    "",
    ...counts(record),
    "",
    "### Controls by VM type and family",
    "",
    ...matrix(record),
    "",
    STATUS_LEGEND,
    "",
  ];
  const failures = findings(record, ["fail", "error"]);
  if (failures.length > 0) {
    lines.push(`### Failures (${failures.length})`, "");
    for (const finding of failures.slice(0, MAX_DETAILED)) lines.push(...detail(finding, severity.get(finding.control.id) ?? ""));
    if (failures.length > MAX_DETAILED) lines.push(`... and ${failures.length - MAX_DETAILED} more: see report.html or run.json.`, "");
  }
  const waived = findings(record, ["waived"]);
  if (waived.length > 0) {
    lines.push(`### Waived (${waived.length})`, "");
    for (const { scenario, control } of waived) {
      const waiver = control.waiver ? md(describeWaiver(control.waiver)) : "no waiver recorded";
      lines.push(`- ${STATUS_SYMBOLS.waived} ${md(caseName(control.id, scenario.name))}: ${md(control.headline)} — ${waiver}`);
    }
    lines.push("");
  }
  const expired = record.waivers?.entries.filter((w) => w.state === "expired") ?? [];
  if (expired.length > 0) {
    lines.push(`### Expired waivers (${expired.length}) fail the gate`, "");
    for (const w of expired) {
      const ticket = w.ticket ? `, ${md(w.ticket)}` : "";
      lines.push(
        `- ${md(record.waivers?.file ?? "")} entry ${w.index}: ${w.control} (scope ${md(w.scope)}) expired ${md(w.expires)}, ` +
          `approver ${md(w.approver)}${ticket}`,
      );
    }
    lines.push("");
  }
  const inconclusive = record.controls.filter((c) => c.required && c.status === "inconclusive");
  if (inconclusive.length > 0)
    lines.push(
      `### Inconclusive (required)`,
      "",
      ...inconclusive.map((c) => `- ${STATUS_SYMBOLS.inconclusive} ${c.id}: ${md(c.headline)}`),
      "",
    );
  const errors = record.scenarios.filter((x) => x.status === "error");
  if (errors.length > 0)
    lines.push(
      `### Harness errors`,
      "",
      ...errors.map((x) => `- ${STATUS_SYMBOLS.error} ${md(x.name)}: ${md((x.error ?? "unknown").split("\n")[0] ?? "")}`),
      "",
    );
  return lines.join("\n");
}
