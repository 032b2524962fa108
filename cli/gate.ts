import picomatch from "picomatch";
import type { RunRecord, ScenarioControl, ScenarioRecord, Severity, Waiver, WaiverOutcome } from "../core/index.ts";
import { assembleRunRecord } from "../scenarios/index.ts";
import { expiresAtMs, type LoadedWaivers } from "./waivers.ts";

/** What the gate judges a record with. */
export interface GateOptions {
  readonly failOn: Severity;
  readonly waivers?: LoadedWaivers;
  /** The wall-clock instant waiver expiry is judged against. */
  readonly now: Date;
}

/** A control verdict as it was before any waiver: a waived verdict is a failure. */
function unwaived(control: ScenarioControl): ScenarioControl {
  if (control.status !== "waived") return control;
  const { waiver: _waiver, ...rest } = control;
  return { ...rest, status: "fail" };
}

/** A scenario record with every waiver taken off (so gating twice, or after a merge, starts clean). */
export function withoutWaivers(scenario: ScenarioRecord): ScenarioRecord {
  return scenario.controls.some((c) => c.status === "waived") ? { ...scenario, controls: scenario.controls.map(unwaived) } : scenario;
}

function toWaiver(entry: LoadedWaivers["entries"][number]): Waiver {
  const { line: _line, ...waiver } = entry;
  return waiver;
}

/**
 * Applies the gate to a record: the --fail-on threshold and the waivers. A failure of a
 * control in a scenario that an unexpired waiver covers (same control, scope glob matching the
 * scenario name) becomes "waived", with the waiver stored beside it; an expired waiver covers
 * nothing and fails the gate (exit 1). The result is rebuilt through `assembleRunRecord`, so
 * the control outcomes, summary and exit code agree with the waived verdicts. The evaluation
 * instant goes under `timing`; the rest of the record stays deterministic.
 */
export function gateRecord(record: RunRecord, options: GateOptions): RunRecord {
  const nowMs = options.now.getTime();
  const entries = options.waivers?.entries ?? [];
  const live = entries.filter((w) => expiresAtMs(w.expires) > nowMs).map((w) => ({ entry: w, matches: picomatch(w.scope, { dot: true }) }));
  const waivedBy = new Map<number, string[]>();
  const scenarios = record.scenarios.map((original) => {
    const scenario = withoutWaivers(original);
    if (!scenario.controls.some((c) => c.status === "fail")) return scenario;
    return {
      ...scenario,
      controls: scenario.controls.map((control) => {
        if (control.status !== "fail") return control;
        const hit = live.find((w) => w.entry.control === control.id && w.matches(scenario.name));
        if (!hit) return control;
        waivedBy.set(hit.entry.index, [...(waivedBy.get(hit.entry.index) ?? []), scenario.name]);
        return { ...control, status: "waived" as const, waiver: toWaiver(hit.entry) };
      }),
    };
  });
  const outcomes: WaiverOutcome[] = entries.map((entry) => {
    const waived = waivedBy.get(entry.index) ?? [];
    const state = expiresAtMs(entry.expires) <= nowMs ? "expired" : waived.length > 0 ? "applied" : "unused";
    return { ...toWaiver(entry), state, waived };
  });
  const { waiversEvaluatedAt: _evaluatedAt, ...timing } = record.timing;
  return assembleRunRecord(scenarios, {
    harness: record.harness,
    backend: record.backend,
    platform: record.platform,
    seed: record.seed,
    failOn: options.failOn,
    ...(record.shard ? { shard: record.shard } : {}),
    ...(options.waivers ? { waivers: { file: options.waivers.file, entries: outcomes } } : {}),
    ...(record.history ? { history: record.history } : {}),
    ...(record.environment ? { environment: record.environment } : {}),
    timing: options.waivers ? { ...timing, waiversEvaluatedAt: options.now.toISOString() } : timing,
  });
}

/** One line per expired waiver, for stderr: what failed the gate and how to fix it. */
export function expiredWaiverLines(record: RunRecord, waivers: LoadedWaivers | undefined): string[] {
  const expired = record.waivers?.entries.filter((w) => w.state === "expired") ?? [];
  return expired.map((w) => {
    const line = waivers?.entries.find((e) => e.index === w.index)?.line;
    const where = `${record.waivers?.file ?? ""} entry ${w.index}${line ? ` (line ${line})` : ""}`;
    const ticket = w.ticket ? `, ticket ${w.ticket}` : "";
    return (
      `Waiver expired: ${where}: ${w.control} (scope ${w.scope}) expired ${w.expires}, approver ${w.approver}${ticket}. ` +
      "An expired waiver fails the gate: renew it with a new expiry or remove it."
    );
  });
}
