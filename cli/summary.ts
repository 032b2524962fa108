import { VM_TYPE_TITLES, type RunRecord, type VmType } from "../core/index.ts";

const SCOPES: ReadonlyArray<{ scope: string; title: string }> = [
  { scope: "fleet", title: "Fleet-wide" },
  ...(["pet", "cattle", "immutable"] as const).map((t: VmType) => ({ scope: t, title: VM_TYPE_TITLES[t] })),
];

/**
 * The terminal summary of a run: one line per VM type, then every failing control in the fixed
 * order headline, replay line, counterexample (evidence), hint.
 */
export function renderSummary(record: RunRecord, outDir: string): string {
  const lines: string[] = [];
  const scenarios = record.summary.scenarios;
  lines.push(`cattleprod ${record.harness.version} · platform ${record.platform} · ${record.scenarios.length} scenarios (${scenarios["pass"] ?? 0} pass, ${scenarios["fail"] ?? 0} fail, ${scenarios["inconclusive"] ?? 0} inconclusive, ${scenarios["error"] ?? 0} error)`);
  lines.push("");
  for (const { scope, title } of SCOPES) {
    const c = record.summary.byScope[scope];
    if (!c) continue;
    lines.push(`  ${title.padEnd(24)} ${String(c.pass).padStart(3)} passed  ${String(c.fail).padStart(3)} failed  ${String(c.inconclusive).padStart(3)} inconclusive  ${String(c.skipped).padStart(3)} skipped${c.error ? `  ${c.error} error` : ""}`);
  }
  const failures = record.scenarios.flatMap((s) => s.controls.filter((c) => c.status === "fail").map((c) => ({ s, c })));
  if (failures.length > 0) lines.push("", "Failures:");
  for (const { s, c } of failures) {
    lines.push("", `  ${c.headline}`, `    replay: ${s.replay}`);
    if (c.evidence.expected) lines.push(`    expected: ${c.evidence.expected}`);
    if (c.evidence.observed) lines.push(`    observed: ${c.evidence.observed}`);
    if (c.evidence.eventIds.length > 0) lines.push(`    events: ${c.evidence.eventIds.slice(0, 12).join(", ")}${c.evidence.eventIds.length > 12 ? ", ..." : ""}`);
    if (c.hint) lines.push(`    hint: ${c.hint}`);
  }
  for (const s of record.scenarios.filter((x) => x.status === "error")) lines.push("", `  ${s.name}: error: ${s.error ?? "unknown"}`);
  const inconclusive = record.controls.filter((c) => c.required && c.status === "inconclusive");
  if (inconclusive.length > 0) lines.push("", `Inconclusive (required): ${inconclusive.map((c) => c.id).join(", ")}`);
  lines.push("", `Result: ${verdictWord(record.exitCode)} (exit ${record.exitCode}, fail-on ${record.failOn}) · report: ${outDir}/run.json`);
  return lines.join("\n") + "\n";
}

function verdictWord(exitCode: number): string {
  return ["PASS", "FAIL", "ERROR", "INCONCLUSIVE"][exitCode] ?? "ERROR";
}
