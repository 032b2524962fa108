import {
  CONTROL_IDS,
  VM_TYPE_TITLES,
  VM_TYPES,
  controlFamily,
  formatDuration,
  type ControlOutcome,
  type ControlStatus,
  type RunRecord,
  type ScenarioControl,
  type ScenarioRecord,
  type Waiver,
} from "../core/index.ts";

/** A report scope: fleet-wide, or one VM type, with the title every report shows. */
export interface ScopeInfo {
  readonly scope: ControlOutcome["scope"];
  readonly title: string;
}

/** Fleet-wide first, then the three VM types in type order. */
export const SCOPES: readonly ScopeInfo[] = [
  { scope: "fleet", title: "Fleet-wide" },
  ...VM_TYPES.map((t) => ({ scope: t, title: VM_TYPE_TITLES[t] })),
];

const FAMILY_TITLES: Readonly<Record<string, string>> = {
  INV: "Inventory",
  AUD: "Audit",
  NET: "Network",
  PROT: "Protection",
  ACC: "Access",
  BG: "Break-glass",
  PAT: "Patching",
  HA: "High availability",
  DRF: "Drift",
  HEAL: "Healing",
  DATA: "Data",
  IMG: "Images",
  MAL: "Malware",
  AGE: "Age",
  CFG: "Configuration",
  CICD: "CI/CD",
  DEP: "Deployment",
};

/** Control families in catalog order of first appearance, with titles: `{ family: "HEAL", title: "Healing" }`. */
export const FAMILIES: ReadonlyArray<{ family: string; title: string }> = [...new Set(CONTROL_IDS.map(controlFamily))].map((family) => ({
  family,
  title: FAMILY_TITLES[family] ?? family,
}));

/** One symbol per status, for Markdown and HTML. */
export const STATUS_SYMBOLS: Readonly<Record<ControlStatus, string>> = {
  pass: "✅",
  fail: "❌",
  inconclusive: "❔",
  waived: "🟡",
  skipped: "➖",
  error: "💥",
};

/** The legend line of {@link STATUS_SYMBOLS}. */
export const STATUS_LEGEND = (Object.entries(STATUS_SYMBOLS) as Array<[ControlStatus, string]>)
  .map(([s, sym]) => `${sym} ${s}`)
  .join(" · ");

/** "PASS", "FAIL", "ERROR", "INCONCLUSIVE" for exit codes 0 to 3. */
export function verdictWord(exitCode: number): string {
  return ["PASS", "FAIL", "ERROR", "INCONCLUSIVE"][exitCode] ?? "ERROR";
}

/** The stable name of a control in a scenario: `CAT-HEAL-001 · cattle-two-nodes-die-at-once`. */
export function caseName(controlId: string, scenarioName: string): string {
  return `${controlId} · ${scenarioName}`;
}

/** A control's verdict in one scenario, with the scenario it came from. */
export interface Finding {
  readonly scenario: ScenarioRecord;
  readonly control: ScenarioControl;
}

/** Every verdict with the given statuses, in scenario then catalog order. */
export function findings(record: RunRecord, statuses: readonly ControlStatus[]): Finding[] {
  return record.scenarios.flatMap((scenario) =>
    scenario.controls.filter((c) => statuses.includes(c.status)).map((control) => ({ scenario, control })),
  );
}

/** "waived by Ada until 2026-12-31 (OPS-12): known flake" */
export function describeWaiver(waiver: Waiver): string {
  return `waived by ${waiver.approver} until ${waiver.expires}${waiver.ticket ? ` (${waiver.ticket})` : ""}: ${waiver.justification}`;
}

/**
 * A measured time read against the control's bound, so it never contradicts the headline: a
 * time past the bound of a failed control reads `healed after the bound: 12m 8s (bound 10m)`;
 * otherwise it is the worst time among the cases that got there, which for a failure that never
 * healed says so (`time to heal: 2m 8s at worst among the cases that healed (bound 10m)`).
 */
export function timeLine(verb: "detect" | "heal", past: string, ms: number, boundMs: number | undefined, status: ControlStatus): string {
  const bound = boundMs === undefined ? "" : ` (bound ${formatDuration(boundMs)})`;
  const decided = status === "fail" || status === "waived";
  if (decided && boundMs !== undefined && ms > boundMs) return `${past} after the bound: ${formatDuration(ms)}${bound}`;
  if (decided) return `time to ${verb}: ${formatDuration(ms)} at worst among the cases that ${past}${bound}`;
  return `time to ${verb}: ${formatDuration(ms)} at worst${bound}`;
}

/**
 * A failure as text in the fixed order: headline, replay line, counterexample (expected,
 * observed, events, instances, times), hint, and for a waived one the waiver.
 */
export function failureLines(finding: Finding): string[] {
  const { scenario, control } = finding;
  const e = control.evidence;
  const lines = [control.headline];
  if (scenario.replay) lines.push(`replay: ${scenario.replay}`);
  if (e.expected) lines.push(`expected: ${e.expected}`);
  if (e.observed) lines.push(`observed: ${e.observed}`);
  if (e.eventIds.length > 0)
    lines.push(`events: ${e.eventIds.slice(0, 20).join(", ")}${e.eventIds.length > 20 ? `, ... (${e.eventIds.length})` : ""}`);
  if (e.instances && e.instances.length > 0)
    lines.push(`instances: ${e.instances.slice(0, 20).join(", ")}${e.instances.length > 20 ? ", ..." : ""}`);
  if (e.timeToDetectMs !== undefined) lines.push(timeLine("detect", "detected", e.timeToDetectMs, e.boundMs, control.status));
  if (e.timeToHealMs !== undefined) lines.push(timeLine("heal", "healed", e.timeToHealMs, e.boundMs, control.status));
  if (control.hint) lines.push(`hint: ${control.hint}`);
  if (control.waiver) lines.push(describeWaiver(control.waiver));
  return lines;
}
