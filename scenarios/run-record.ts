import {
  atLeast, CONTROL_STATUSES, RUN_RECORD_VERSION,
  type ControlOutcome, type ControlStatus, type RunRecord, type ScenarioRecord, type Severity, type StatusCounts,
} from "../core/index.ts";
import { CATALOG } from "../guarantees/index.ts";
import type { ScenarioResult } from "./runner.ts";

/** A scenario that could not run at all (bad platform, crash in the harness). */
export interface ScenarioFailure {
  readonly name: string;
  readonly file: string | undefined;
  readonly seed: number;
  readonly error: string;
}

/** Inputs of a run record besides the results. */
export interface RunMeta {
  readonly harnessVersion: string;
  readonly platform: string;
  readonly seed: number | null;
  readonly failOn: Severity;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly scenarioWallMs: Readonly<Record<string, number>>;
}

function zeroCounts(): StatusCounts {
  return Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

const PRECEDENCE: readonly ControlStatus[] = ["fail", "error", "pass", "inconclusive", "skipped"];

/** Folds one control's per-scenario statuses: any fail fails; a pass needs no failure; no evidence stays inconclusive. */
export function foldStatus(statuses: readonly ControlStatus[]): ControlStatus {
  for (const status of PRECEDENCE) if (statuses.includes(status)) return status;
  return "skipped";
}

function toRecord(result: ScenarioResult | ScenarioFailure): ScenarioRecord {
  if ("error" in result) {
    return { name: result.name, file: result.file ?? null, seed: result.seed, backend: "sim", platform: "", status: "error", replay: "", expectations: [], controls: [], stats: {}, error: result.error };
  }
  return {
    name: result.name, file: result.file ?? null, seed: result.seed, backend: result.backend, platform: result.platform,
    status: result.status, replay: result.replay, expectations: result.expectations.map((e) => ({ ...e })),
    controls: result.verdicts.map((v) => ({ id: v.control, status: v.status, headline: v.headline, evidence: v.evidence, ...(v.hint ? { hint: v.hint } : {}) })),
    stats: { ...result.stats },
    timeline: result.timeline,
  };
}

/** The exit code DESIGN.md defines: 1 failure at/above failOn, 2 harness error, 3 inconclusive only, else 0. */
export function exitCodeOf(controls: readonly ControlOutcome[], scenarios: readonly ScenarioRecord[], failOn: Severity): number {
  if (controls.some((c) => c.status === "fail" && atLeast(c.severity, failOn))) return 1;
  if (scenarios.some((s) => s.status === "error") || controls.some((c) => c.status === "error")) return 2;
  if (controls.some((c) => c.required && c.status === "inconclusive")) return 3;
  return 0;
}

/** Builds the canonical run record from scenario results. */
export function buildRunRecord(results: ReadonlyArray<ScenarioResult | ScenarioFailure>, meta: RunMeta): RunRecord {
  const scenarios = results.map(toRecord);
  const required = new Set(results.flatMap((r) => ("error" in r ? [] : r.expectations.map((e) => e.control as string))));
  const controls: ControlOutcome[] = CATALOG.map((definition) => {
    const byStatus: Partial<Record<ControlStatus, string[]>> = {};
    let failing: string | undefined;
    let passing: string | undefined;
    let other: string | undefined;
    for (const scenario of scenarios) {
      const verdict = scenario.controls.find((c) => c.id === definition.id);
      if (!verdict) continue;
      (byStatus[verdict.status] ??= []).push(scenario.name);
      if (verdict.status === "fail") failing ??= verdict.headline;
      else if (verdict.status === "pass") passing ??= verdict.headline;
      else other ??= verdict.headline;
    }
    const status = foldStatus(Object.keys(byStatus) as ControlStatus[]);
    return {
      id: definition.id, title: definition.title, scope: definition.scope, severity: definition.severity, status,
      headline: failing ?? passing ?? other ?? `${definition.id}: not evaluated`, required: required.has(definition.id), scenarios: byStatus,
    };
  });
  const summaryControls = zeroCounts();
  const byScope: Record<string, StatusCounts> = {};
  for (const control of controls) {
    summaryControls[control.status]++;
    (byScope[control.scope] ??= zeroCounts())[control.status]++;
  }
  const scenarioCounts: Record<string, number> = { pass: 0, fail: 0, inconclusive: 0, error: 0 };
  for (const scenario of scenarios) scenarioCounts[scenario.status] = (scenarioCounts[scenario.status] ?? 0) + 1;
  return {
    kind: "cattleprod.run",
    version: RUN_RECORD_VERSION,
    harness: { name: "cattleprod", version: meta.harnessVersion },
    backend: "sim",
    platform: meta.platform,
    seed: meta.seed,
    failOn: meta.failOn,
    exitCode: exitCodeOf(controls, scenarios, meta.failOn),
    summary: { controls: summaryControls, byScope, scenarios: scenarioCounts },
    controls,
    scenarios,
    timing: {
      startedAt: meta.startedAt.toISOString(),
      finishedAt: meta.finishedAt.toISOString(),
      wallMs: meta.finishedAt.getTime() - meta.startedAt.getTime(),
      scenarioWallMs: meta.scenarioWallMs,
    },
  };
}
