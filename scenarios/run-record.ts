import {
  atLeast,
  CONTROL_STATUSES,
  RUN_RECORD_VERSION,
  type ControlOutcome,
  type ControlStatus,
  type RunRecord,
  type ScenarioRecord,
  type Severity,
  type StatusCounts,
  type Waiver,
} from "../core/index.ts";
import { CATALOG } from "../guarantees/index.ts";
import type { ScenarioResult } from "./runner.ts";

/** A scenario that could not run at all (bad platform, crash in the harness). */
export interface ScenarioFailure {
  readonly name: string;
  readonly file: string | undefined;
  readonly seed: number;
  /** The backend it failed on (default "sim"). */
  readonly backend?: string;
  readonly error: string;
}

/** Inputs of a run record besides the results. */
export interface RunMeta {
  readonly harnessVersion: string;
  /** "sim" (default), "localstack", "aws", or a comma list for a differential run. */
  readonly backend?: string;
  /** API backends' figures (wall-dependent, so they go under `timing`). */
  readonly backends?: Readonly<Record<string, unknown>>;
  readonly platform: string;
  readonly seed: number | null;
  readonly failOn: Severity;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly scenarioWallMs: Readonly<Record<string, number>>;
  /** Set when this run is one shard of a larger one. */
  readonly shard?: RunRecord["shard"];
}

/** What {@link assembleRunRecord} needs besides the scenario records: everything but the results. */
export type RecordFrame = Pick<
  RunRecord,
  "harness" | "backend" | "platform" | "seed" | "failOn" | "shard" | "waivers" | "history" | "environment" | "timing"
>;

function zeroCounts(): StatusCounts {
  return Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

const PRECEDENCE: readonly ControlStatus[] = ["fail", "error", "waived", "pass", "inconclusive", "skipped"];

/**
 * Folds one control's per-scenario statuses: any fail fails; a waived failure beats passes
 * elsewhere (the risk was accepted, not removed); a pass needs no failure; no evidence stays
 * inconclusive.
 */
export function foldStatus(statuses: readonly ControlStatus[]): ControlStatus {
  for (const status of PRECEDENCE) if (statuses.includes(status)) return status;
  return "skipped";
}

/** The record of one scenario result, as the run record stores it. */
export function toScenarioRecord(result: ScenarioResult | ScenarioFailure): ScenarioRecord {
  if ("error" in result) {
    return {
      name: result.name,
      file: result.file ?? null,
      seed: result.seed,
      backend: result.backend ?? "sim",
      platform: "",
      status: "error",
      replay: "",
      expectations: [],
      controls: [],
      stats: {},
      error: result.error,
    };
  }
  return {
    name: result.name,
    file: result.file ?? null,
    seed: result.seed,
    backend: result.backend,
    platform: result.platform,
    status: result.status,
    replay: result.replay,
    expectations: result.expectations.map((e) => ({ ...e })),
    controls: result.verdicts.map((v) => ({
      id: v.control,
      status: v.status,
      headline: v.headline,
      evidence: v.evidence,
      ...(v.hint ? { hint: v.hint } : {}),
    })),
    stats: { ...result.stats },
    timeline: result.timeline,
    ...(result.commands ? { commands: result.commands } : {}),
  };
}

/**
 * The exit code DESIGN.md defines: 1 a failure at/above failOn or an expired waiver, 2 harness
 * error, 3 inconclusive only, else 0. Waived failures do not count.
 */
export function exitCodeOf(
  controls: readonly ControlOutcome[],
  scenarios: readonly ScenarioRecord[],
  failOn: Severity,
  expiredWaivers = 0,
): number {
  if (controls.some((c) => c.status === "fail" && atLeast(c.severity, failOn)) || expiredWaivers > 0) return 1;
  if (scenarios.some((s) => s.status === "error") || controls.some((c) => c.status === "error")) return 2;
  if (controls.some((c) => c.required && c.status === "inconclusive")) return 3;
  return 0;
}

function controlOutcomes(scenarios: readonly ScenarioRecord[]): ControlOutcome[] {
  const required = new Set(scenarios.flatMap((s) => s.expectations.map((e) => e.control)));
  return CATALOG.map((definition) => {
    const byStatus: Partial<Record<ControlStatus, string[]>> = {};
    const waivers: Waiver[] = [];
    let failing: string | undefined;
    let waived: string | undefined;
    let passing: string | undefined;
    let other: string | undefined;
    for (const scenario of scenarios) {
      const verdict = scenario.controls.find((c) => c.id === definition.id);
      if (!verdict) continue;
      (byStatus[verdict.status] ??= []).push(scenario.name);
      if (verdict.waiver && !waivers.some((w) => w.index === verdict.waiver?.index)) waivers.push(verdict.waiver);
      if (verdict.status === "fail") failing ??= verdict.headline;
      else if (verdict.status === "waived") waived ??= verdict.headline;
      else if (verdict.status === "pass") passing ??= verdict.headline;
      else other ??= verdict.headline;
    }
    const status = foldStatus(Object.keys(byStatus) as ControlStatus[]);
    return {
      id: definition.id,
      title: definition.title,
      requirement: definition.requirement,
      references: [...definition.references],
      scope: definition.scope,
      severity: definition.severity,
      status,
      headline: failing ?? waived ?? passing ?? other ?? `${definition.id}: not evaluated`,
      required: required.has(definition.id),
      scenarios: byStatus,
      ...(waivers.length > 0 ? { waivers: waivers.sort((a, b) => a.index - b.index) } : {}),
    };
  });
}

/**
 * Builds a run record from scenario records: the control outcomes (one per catalog control),
 * the summary and the exit code are derived here and nowhere else, so a run, a merge of
 * shards and a gated record all agree.
 */
export function assembleRunRecord(scenarios: readonly ScenarioRecord[], frame: RecordFrame): RunRecord {
  const controls = controlOutcomes(scenarios);
  const summaryControls = zeroCounts();
  const byScope: Record<string, StatusCounts> = {};
  for (const control of controls) {
    summaryControls[control.status]++;
    (byScope[control.scope] ??= zeroCounts())[control.status]++;
  }
  const scenarioCounts: Record<string, number> = { pass: 0, fail: 0, inconclusive: 0, error: 0 };
  for (const scenario of scenarios) scenarioCounts[scenario.status] = (scenarioCounts[scenario.status] ?? 0) + 1;
  const expired = frame.waivers?.entries.filter((w) => w.state === "expired").length ?? 0;
  return {
    kind: "cattleprod.run",
    version: RUN_RECORD_VERSION,
    harness: frame.harness,
    backend: frame.backend,
    platform: frame.platform,
    seed: frame.seed,
    failOn: frame.failOn,
    exitCode: exitCodeOf(controls, scenarios, frame.failOn, expired),
    summary: { controls: summaryControls, byScope, scenarios: scenarioCounts },
    controls,
    scenarios: [...scenarios],
    ...(frame.shard ? { shard: frame.shard } : {}),
    ...(new Set(scenarios.map((s) => s.backend)).size > 1 ? { differences: backendDifferences(scenarios) } : {}),
    ...(frame.waivers ? { waivers: frame.waivers } : {}),
    ...(frame.history ? { history: frame.history } : {}),
    ...(frame.environment ? { environment: frame.environment } : {}),
    timing: frame.timing,
  };
}

/** Builds the canonical run record from scenario results. */
export function buildRunRecord(results: ReadonlyArray<ScenarioResult | ScenarioFailure>, meta: RunMeta): RunRecord {
  return assembleRunRecord(results.map(toScenarioRecord), {
    harness: { name: "cattleprod", version: meta.harnessVersion },
    backend: meta.backend ?? "sim",
    platform: meta.platform,
    seed: meta.seed,
    failOn: meta.failOn,
    ...(meta.shard ? { shard: meta.shard } : {}),
    timing: {
      startedAt: meta.startedAt.toISOString(),
      finishedAt: meta.finishedAt.toISOString(),
      wallMs: meta.finishedAt.getTime() - meta.startedAt.getTime(),
      scenarioWallMs: meta.scenarioWallMs,
      ...(meta.backends ? { backends: meta.backends } : {}),
    },
  });
}

/**
 * For a run on several backends: each control's status folded per backend, and the controls
 * where they differ.
 */
export function backendDifferences(
  scenarios: readonly ScenarioRecord[],
): Array<{ control: string; outcomes: Record<string, ControlStatus> }> {
  const backends = [...new Set(scenarios.map((s) => s.backend))];
  if (backends.length < 2) return [];
  const out: Array<{ control: string; outcomes: Record<string, ControlStatus> }> = [];
  for (const definition of CATALOG) {
    const outcomes: Record<string, ControlStatus> = {};
    for (const backend of backends) {
      const statuses = scenarios
        .filter((s) => s.backend === backend)
        .flatMap((s) => s.controls.filter((c) => c.id === definition.id).map((c) => c.status));
      outcomes[backend] = foldStatus(statuses);
    }
    if (new Set(Object.values(outcomes)).size > 1) out.push({ control: definition.id, outcomes });
  }
  return out;
}
