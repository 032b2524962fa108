import type { RunRecord, Severity } from "../core/index.ts";
import { newFailuresAtOrAbove, type RecordDiff } from "./record-diff.ts";
import { verdictWord } from "./vocabulary.ts";

/** The two records a diff compares, with the names they were read from, and the gate's threshold. */
export interface DiffSubject {
  readonly old: { readonly file: string; readonly record: RunRecord };
  readonly new: { readonly file: string; readonly record: RunRecord };
  readonly failOn: Severity;
}

/** `PASS (exit 0) · platform reference · seed 3 · commit 9300914` */
export function describeRun(record: RunRecord): string {
  const commit = record.environment?.gitCommit
    ? ` · commit ${record.environment.gitCommit.slice(0, 12)}${record.environment.gitDirty ? "+changes" : ""}`
    : "";
  return (
    `${verdictWord(record.exitCode)} (exit ${record.exitCode}) · cattleprod ${record.harness.version} · platform ${record.platform} · ` +
    `backend ${record.backend} · seed ${record.seed ?? "per scenario"}${commit}`
  );
}

/** One line saying what changed: `2 new failures (2 at or above high) · 1 control changed · 3 scenarios changed`. */
export function diffHeadline(diff: RecordDiff, failOn: Severity): string {
  const gated = newFailuresAtOrAbove(diff, failOn).length;
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? "" : "s"}`;
  return (
    `${n(diff.newFailures.length, "new failure")} (${gated} at or above ${failOn}) · ` +
    `${n(diff.controls.length, "control")} changed · ${n(diff.scenarios.length, "scenario")} changed`
  );
}

/**
 * The diff as plain text for a terminal or a CI log: the two runs, new failures first (with
 * their headlines), then controls and scenarios that changed status, worse ones first.
 */
export function renderDiffText(diff: RecordDiff, subject: DiffSubject): string {
  const lines = [
    `cattleprod diff: ${diffHeadline(diff, subject.failOn)}`,
    `  old: ${subject.old.file}: ${describeRun(subject.old.record)}`,
    `  new: ${subject.new.file}: ${describeRun(subject.new.record)}`,
    "",
  ];
  if (diff.newFailures.length > 0) {
    lines.push(`New failures (${diff.newFailures.length}):`);
    for (const f of diff.newFailures) {
      const gate = newFailuresAtOrAbove({ ...diff, newFailures: [f] }, subject.failOn).length > 0 ? "" : " (below --fail-on)";
      lines.push(`  ✗ ${f.control} (${f.severity}) in ${f.scenario}: was ${f.before}${gate}`, `    ${f.headline}`);
    }
    lines.push("");
  }
  if (diff.controls.length > 0) {
    lines.push(`Controls that changed status (${diff.controls.length}):`);
    const width = Math.max(...diff.controls.map((c) => c.id.length));
    for (const c of diff.controls) {
      const where = c.scenarios.map((s) => `${s.scenario} ${s.before} → ${s.after}`).join("; ");
      lines.push(`  ${c.worse ? "▼" : "▲"} ${c.id.padEnd(width)}  ${c.before} → ${c.after}  (${c.severity}) ${c.title}`);
      if (where) lines.push(`      ${where}`);
    }
    lines.push("");
  }
  if (diff.scenarios.length > 0) {
    lines.push(`Scenarios that changed status (${diff.scenarios.length}):`);
    for (const s of diff.scenarios)
      lines.push(`  ${s.worse ? "▼" : "▲"} ${s.name}${s.backend === "sim" ? "" : ` [${s.backend}]`}  ${s.before} → ${s.after}`);
    lines.push("");
  }
  if (diff.newFailures.length + diff.controls.length + diff.scenarios.length === 0)
    lines.push(`No change: ${diff.unchangedControls} controls with the same status in both runs.`, "");
  return lines.join("\n");
}
