import { mergeExploreCoverage } from "../../core/index.ts";
import type { ActionCoverage, ControlCoverage, EffectCount, ExploreCoverage, Verdict, VmType } from "../../core/index.ts";
import { CATALOG } from "../../guarantees/index.ts";
import type { PlannedChaos } from "./model.ts";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Counts = Mutable<EffectCount>;

const EMPTY_STATUSES = (): Mutable<ControlCoverage> => ({ pass: 0, fail: 0, inconclusive: 0, skipped: 0, error: 0 });

/**
 * Collects an exploration's coverage run by run: each control's final status, and for each
 * injected step its action, target class and parameter classes, with whether it took effect.
 */
export class CoverageCollector {
  private runs = 0;
  private readonly controls = new Map<string, Mutable<ControlCoverage>>();
  private readonly chaos = new Map<string, { counts: Counts; params: Map<string, Map<string, Counts>> }>();

  /** Records one run: the verdicts it ended with and its steps, each with whether it took effect. */
  record(verdicts: readonly Verdict[], steps: ReadonlyArray<{ readonly planned: PlannedChaos; readonly tookEffect: boolean }>): void {
    this.runs += 1;
    for (const verdict of verdicts) {
      let counts = this.controls.get(verdict.control);
      if (!counts) this.controls.set(verdict.control, (counts = EMPTY_STATUSES()));
      counts[verdict.status] += 1;
    }
    for (const { planned, tookEffect } of steps) {
      let action = this.chaos.get(planned.action);
      if (!action) this.chaos.set(planned.action, (action = { counts: { injected: 0, tookEffect: 0 }, params: new Map() }));
      bump(action.counts, tookEffect);
      for (const [param, cls] of Object.entries(planned.classes)) {
        let classes = action.params.get(param);
        if (!classes) action.params.set(param, (classes = new Map()));
        let counts = classes.get(cls);
        if (!counts) classes.set(cls, (counts = { injected: 0, tookEffect: 0 }));
        bump(counts, tookEffect);
      }
    }
  }

  /** The coverage so far, with keys sorted (stable output). */
  toRecord(): ExploreCoverage {
    const controls: Record<string, ControlCoverage> = {};
    for (const id of [...this.controls.keys()].sort()) controls[id] = { ...(this.controls.get(id) as ControlCoverage) };
    const chaos: Record<string, ActionCoverage> = {};
    for (const name of [...this.chaos.keys()].sort()) {
      const action = this.chaos.get(name) as { counts: Counts; params: Map<string, Map<string, Counts>> };
      const params: Record<string, Record<string, EffectCount>> = {};
      for (const param of [...action.params.keys()].sort()) {
        const classes = action.params.get(param) as Map<string, Counts>;
        params[param] = Object.fromEntries([...classes.keys()].sort().map((cls) => [cls, { ...(classes.get(cls) as Counts) }]));
      }
      chaos[name] = { ...action.counts, params };
    }
    return { runs: this.runs, controls, chaos };
  }
}

function bump(counts: Counts, tookEffect: boolean): void {
  counts.injected += 1;
  if (tookEffect) counts.tookEffect += 1;
}

/** The controls an exploration of `vmType` fleets should decide: that type's and the fleet-wide ones. */
export function controlsOfType(vmType: VmType): string[] {
  return CATALOG.filter((entry) => entry.scope === vmType || entry.scope === "fleet").map((entry) => entry.id);
}

/** Controls of `vmType` (and fleet-wide ones) that no run decided (passed or failed), in catalog order. */
export function uncoveredControls(coverage: ExploreCoverage, vmType: VmType): string[] {
  return controlsOfType(vmType).filter((id) => {
    const counts = coverage.controls[id];
    return !counts || counts.pass + counts.fail === 0;
  });
}

/** Adds coverage records (workers, shards): every count is a sum (see `mergeExploreCoverage`). */
export function mergeCoverage(records: readonly ExploreCoverage[]): ExploreCoverage {
  return mergeExploreCoverage(records);
}
