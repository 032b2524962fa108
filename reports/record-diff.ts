import { atLeast, SEVERITIES, type ControlStatus, type RunRecord, type ScenarioRecord, type Severity } from "../core/index.ts";
import { historyKey } from "./history-file.ts";

/** A status in one record, or `absent` when that record does not have the control or scenario. */
export type StatusOrAbsent = ControlStatus | "absent";

/** A control verdict in one scenario that is a failure in the new record and was not one in the old. */
export interface NewFailure {
  readonly control: string;
  readonly scenario: string;
  readonly backend: string;
  readonly severity: Severity;
  readonly before: StatusOrAbsent;
  readonly headline: string;
}

/** A control whose status across the run changed. */
export interface ControlChange {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly before: StatusOrAbsent;
  readonly after: StatusOrAbsent;
  /** True when it got worse (for example pass to fail, or pass to inconclusive). */
  readonly worse: boolean;
  /** The scenarios where this control's verdict changed, with both statuses. */
  readonly scenarios: ReadonlyArray<{ readonly scenario: string; readonly before: StatusOrAbsent; readonly after: StatusOrAbsent }>;
}

/** A scenario whose status changed (or that only one record has). */
export interface ScenarioChange {
  readonly name: string;
  readonly backend: string;
  readonly before: ScenarioRecord["status"] | "absent";
  readonly after: ScenarioRecord["status"] | "absent";
  readonly worse: boolean;
}

/** What changed between two run records: new failures first, then controls, then scenarios. */
export interface RecordDiff {
  readonly newFailures: readonly NewFailure[];
  /** Controls whose status changed: those that got worse first (new failures before other changes), then the rest. */
  readonly controls: readonly ControlChange[];
  readonly scenarios: readonly ScenarioChange[];
  /** Controls present in both records with the same status. */
  readonly unchangedControls: number;
}

/** Worst first: a change towards a lower rank is worse. */
const RANK: Readonly<Record<StatusOrAbsent, number>> = { fail: 0, error: 1, waived: 2, inconclusive: 3, pass: 4, skipped: 5, absent: 6 };

function verdicts(record: RunRecord): Map<string, { scenario: ScenarioRecord; status: ControlStatus; headline: string }> {
  const map = new Map<string, { scenario: ScenarioRecord; status: ControlStatus; headline: string }>();
  for (const scenario of record.scenarios)
    for (const c of scenario.controls)
      map.set(`${c.id}\u0000${historyKey(scenario)}`, { scenario, status: c.status, headline: c.headline });
  return map;
}

/**
 * Compares two run records (the old one first): verdicts that newly fail, controls whose status
 * changed and scenarios whose status changed. Pure; the gate is {@link newFailuresAtOrAbove}.
 *
 * @example const diff = diffRecords(mainRecord, branchRecord); diff.newFailures.map((f) => f.control)
 */
export function diffRecords(before: RunRecord, after: RunRecord): RecordDiff {
  const old = verdicts(before);
  const now = verdicts(after);
  const severity = new Map([...before.controls, ...after.controls].map((c) => [c.id, c.severity]));
  const newFailures: NewFailure[] = [];
  for (const [key, v] of now) {
    const was = old.get(key)?.status ?? "absent";
    if (v.status !== "fail" || was === "fail") continue;
    const control = key.split("\u0000")[0] ?? "";
    newFailures.push({
      control,
      scenario: v.scenario.name,
      backend: v.scenario.backend,
      severity: severity.get(control) ?? "low",
      before: was,
      headline: v.headline,
    });
  }
  const order = new Map(after.controls.map((c, i) => [c.id, i]));
  newFailures.sort(
    (x, y) =>
      SEVERITIES.indexOf(x.severity) - SEVERITIES.indexOf(y.severity) ||
      (order.get(x.control) ?? 0) - (order.get(y.control) ?? 0) ||
      (x.scenario < y.scenario ? -1 : x.scenario > y.scenario ? 1 : 0),
  );
  const oldControls = new Map(before.controls.map((c) => [c.id, c]));
  const newControls = new Map(after.controls.map((c) => [c.id, c]));
  const ids = [...new Set([...oldControls.keys(), ...newControls.keys()])];
  const controls: ControlChange[] = [];
  for (const id of ids) {
    const [a, b] = [oldControls.get(id), newControls.get(id)];
    const was: StatusOrAbsent = a?.status ?? "absent";
    const is: StatusOrAbsent = b?.status ?? "absent";
    if (was === is) continue;
    const scenarios = [...new Set([...old.keys(), ...now.keys()])]
      .filter((key) => key.startsWith(`${id}\u0000`))
      .map((key) => ({
        scenario: (now.get(key) ?? old.get(key))?.scenario.name ?? "",
        before: old.get(key)?.status ?? ("absent" as const),
        after: now.get(key)?.status ?? ("absent" as const),
      }))
      .filter((s) => s.before !== s.after);
    const definition = b ?? a;
    controls.push({
      id,
      title: definition?.title ?? id,
      severity: definition?.severity ?? "low",
      before: was,
      after: is,
      worse: RANK[is] < RANK[was],
      scenarios,
    });
  }
  controls.sort((x, y) => Number(y.worse) - Number(x.worse) || RANK[x.after] - RANK[y.after]);
  const oldScenarios = new Map(before.scenarios.map((s) => [historyKey(s), s]));
  const newScenarios = new Map(after.scenarios.map((s) => [historyKey(s), s]));
  const scenarios: ScenarioChange[] = [];
  for (const key of new Set([...oldScenarios.keys(), ...newScenarios.keys()])) {
    const [a, b] = [oldScenarios.get(key), newScenarios.get(key)];
    const was: ScenarioChange["before"] = a?.status ?? "absent";
    const is: ScenarioChange["after"] = b?.status ?? "absent";
    if (was === is) continue;
    const rank = (s: ScenarioChange["before"]) => RANK[s];
    scenarios.push({ name: (b ?? a)?.name ?? "", backend: (b ?? a)?.backend ?? "", before: was, after: is, worse: rank(is) < rank(was) });
  }
  scenarios.sort((x, y) => Number(y.worse) - Number(x.worse) || RANK[x.after] - RANK[y.after]);
  const unchangedControls = ids.filter((id) => oldControls.get(id) && oldControls.get(id)?.status === newControls.get(id)?.status).length;
  return { newFailures, controls, scenarios, unchangedControls };
}

/** The new failures a gate at `failOn` stops on: those of a control at or above that severity. */
export function newFailuresAtOrAbove(diff: RecordDiff, failOn: Severity): NewFailure[] {
  return diff.newFailures.filter((f) => atLeast(f.severity, failOn));
}
