import { type RunRecord } from "../core/index.ts";
import { describeWaiver, SCOPES, verdictWord } from "../reports/index.ts";
import { debugEnabled, DEBUG_HINT } from "./debug.ts";

/**
 * The terminal summary of a run: one line per VM type, then every failing control in the fixed
 * order headline, replay line, counterexample (evidence), hint; waived failures; the files
 * written; the result line.
 */
export function renderSummary(record: RunRecord, written: readonly string[] = []): string {
  const lines: string[] = [];
  const scenarios = record.summary.scenarios;
  const shard = record.shard ? ` · shard ${record.shard.index}/${record.shard.total}` : "";
  const counts =
    `${scenarios["pass"] ?? 0} pass, ${scenarios["fail"] ?? 0} fail, ` +
    `${scenarios["inconclusive"] ?? 0} inconclusive, ${scenarios["error"] ?? 0} error`;
  lines.push(
    `cattleprod ${record.harness.version} · platform ${record.platform}${shard} · ${record.scenarios.length} scenarios (${counts})`,
  );
  lines.push("");
  for (const { scope, title } of SCOPES) {
    const c = record.summary.byScope[scope];
    if (!c) continue;
    const extras = `${c.waived ? `  ${c.waived} waived` : ""}${c.error ? `  ${c.error} error` : ""}`;
    lines.push(
      `  ${title.padEnd(24)} ${String(c.pass).padStart(3)} passed  ${String(c.fail).padStart(3)} failed  ` +
        `${String(c.inconclusive).padStart(3)} inconclusive  ${String(c.skipped).padStart(3)} skipped${extras}`,
    );
  }
  const failures = record.scenarios.flatMap((s) => s.controls.filter((c) => c.status === "fail").map((c) => ({ s, c })));
  if (failures.length > 0) lines.push("", "Failures:");
  for (const { s, c } of failures) {
    lines.push("", `  ${c.headline}`, `    replay: ${s.replay}`);
    if (c.evidence.expected) lines.push(`    expected: ${c.evidence.expected}`);
    if (c.evidence.observed) lines.push(`    observed: ${c.evidence.observed}`);
    if (c.evidence.eventIds.length > 0)
      lines.push(`    events: ${c.evidence.eventIds.slice(0, 12).join(", ")}${c.evidence.eventIds.length > 12 ? ", ..." : ""}`);
    if (c.hint) lines.push(`    hint: ${c.hint}`);
  }
  const waived = record.scenarios.flatMap((s) => s.controls.filter((c) => c.status === "waived").map((c) => ({ s, c })));
  if (waived.length > 0) lines.push("", "Waived:");
  for (const { s, c } of waived) lines.push(`  ${c.id} in ${s.name}: ${c.waiver ? describeWaiver(c.waiver) : "no waiver recorded"}`);
  for (const s of record.scenarios.filter((x) => x.status === "error")) {
    const error = s.error ?? "unknown";
    lines.push(
      "",
      `  ${s.name}: error: ${debugEnabled() ? error : `${error.split("\n")[0]} (${DEBUG_HINT.toLowerCase().replace(/\.$/, "")})`}`,
    );
  }
  const inconclusive = record.controls.filter((c) => c.required && c.status === "inconclusive");
  if (inconclusive.length > 0) lines.push("", `Inconclusive (required): ${inconclusive.map((c) => c.id).join(", ")}`);
  if (record.differences !== undefined) {
    lines.push(
      "",
      record.differences.length === 0
        ? `Backends agree on every control (${record.backend}).`
        : `Backends differ on ${record.differences.length} control(s):`,
    );
    for (const d of record.differences)
      lines.push(
        `  ${d.control}: ${Object.entries(d.outcomes)
          .map(([backend, status]) => `${backend} ${status}`)
          .join(", ")}`,
      );
  }
  if (written.length > 0) lines.push("", ...written.map((path) => `wrote ${path}`));
  const expired = record.waivers?.entries.filter((w) => w.state === "expired").length ?? 0;
  const expiredNote = expired > 0 ? `, ${expired} expired waiver${expired > 1 ? "s" : ""}` : "";
  lines.push("", `Result: ${verdictWord(record.exitCode)} (exit ${record.exitCode}, fail-on ${record.failOn}${expiredNote})`);
  return lines.join("\n") + "\n";
}
