import type { ControlId, FleetSpec, HistoryView, Verdict } from "../core/index.ts";
import { boundKeyOf, CATALOG, controlById } from "./catalog.ts";
import { fleetBound } from "./context.ts";
import { FROM_MODEL, labelEvidence, unappliedByObservable, type OfferOf } from "./evidence-sources.ts";
import { CATTLE_CHECKERS } from "./cattle.ts";
import type { Checker } from "./context.ts";
import { FLEET_CHECKERS } from "./fleet.ts";
import { IMMUTABLE_CHECKERS } from "./immutable.ts";
import { buildInstanceIndex } from "./instance-index.ts";
import type { InstanceIndex } from "./instance-index.ts";
import { PET_CHECKERS } from "./pet.ts";

/** Every control's checker, by id. `satisfies` makes a missing checker a type error. */
const CHECKERS = { ...FLEET_CHECKERS, ...PET_CHECKERS, ...CATTLE_CHECKERS, ...IMMUTABLE_CHECKERS } as const satisfies Record<
  ControlId,
  Checker
>;

/** Controls that apply only to some groups of their VM type: the reason they do not apply, if so. */
const NOT_APPLICABLE: Partial<Record<ControlId, (spec: FleetSpec) => string | undefined>> = {
  "PET-HA-001": (spec) => (spec.groups.some((group) => group.vmType === "pet" && group.ha) ? undefined : "no HA pet group"),
  "CAT-DATA-001": (spec) =>
    spec.groups.some((group) => group.vmType === "cattle" && group.replicationFactor > 0) ? undefined : "no cattle group holding data",
};

/** What `evaluateControls` reads. */
export interface EvaluateInput {
  readonly history: HistoryView;
  readonly spec: FleetSpec;
  /** Virtual time the run ended (`run.ended`). */
  readonly runMs: number;
  /** Per-control overrides of the control's bound, in milliseconds. */
  readonly overrides?: Partial<Record<ControlId, number>>;
  /** How the world offered each observable (default: everything from the model, as on the simulated fleet). */
  readonly evidence?: OfferOf;
}

/** The checker of one control. */
export function checkerFor(id: ControlId): Checker {
  return CHECKERS[id];
}

/**
 * Checks every catalog control against a history: one verdict per control, in catalog order.
 * A control whose VM type has no group is skipped; a checker that throws is inconclusive.
 *
 * @example
 * const verdicts = evaluateControls({ history: world.history, spec: scenario.fleet, runMs: scenario.runMs });
 * verdicts.filter((v) => v.status === "fail").map((v) => v.headline);
 */
export function evaluateControls(input: EvaluateInput): Verdict[] {
  return evaluateSome(
    input,
    CATALOG.map((entry) => entry.id),
  );
}

/** Like `evaluateControls`, for a chosen list of controls (in the order given). */
export function evaluateSome(input: EvaluateInput, ids: readonly ControlId[]): Verdict[] {
  let index: InstanceIndex | undefined;
  let indexError: unknown;
  try {
    index = buildInstanceIndex(input.history, input.spec);
  } catch (error) {
    indexError = error;
  }
  const offer = input.evidence ?? FROM_MODEL;
  const unapplied = unappliedByObservable(input.history);
  const types = new Set<string>();
  for (const group of input.spec.groups) types.add(group.vmType);
  const verdicts: Verdict[] = [];
  for (const id of ids) verdicts.push(labelEvidence(judge(input, id, types, index, indexError), offer, unapplied));
  return verdicts;
}

/** One control's verdict: skipped when not applicable, inconclusive when the checker throws. */
function judge(
  input: EvaluateInput,
  id: ControlId,
  types: ReadonlySet<string>,
  index: InstanceIndex | undefined,
  indexError: unknown,
): Verdict {
  const entry = controlById(id);
  if (entry.scope !== "fleet" && !types.has(entry.scope)) return skipped(id, `no ${entry.scope} group`);
  const reason = NOT_APPLICABLE[id]?.(input.spec);
  if (reason !== undefined) return skipped(id, reason);
  if (!index) return crashed(id, indexError, "index the history");
  try {
    const ctx = { history: input.history, spec: input.spec, runMs: input.runMs, boundMs: input.overrides?.[id], index };
    const verdict = CHECKERS[id](ctx);
    if (verdict.control !== id) throw new Error(`checker answered for ${verdict.control}`);
    // The bound the times are measured against, so a report can say "healed after the bound".
    const key = boundKeyOf(id);
    if (key === undefined) return verdict;
    const evidence = verdict.evidence as { boundMs?: number };
    // A checker's verdict is a fresh object of its own (Judge.verdict): set the bound in place, not by copying it.
    evidence.boundMs = ctx.boundMs ?? fleetBound(ctx, key);
    return verdict;
  } catch (error) {
    return crashed(id, error, "check");
  }
}

function skipped(id: ControlId, reason: string): Verdict {
  return {
    control: id,
    status: "skipped",
    headline: `${id} skipped: not applicable: ${reason}`,
    evidence: { eventIds: [], observed: `not applicable: ${reason}`, method: "sim:history", source: "model", cases: 0 },
  };
}

function crashed(id: ControlId, error: unknown, verb: string): Verdict {
  const message = error instanceof Error ? error.message : String(error);
  return {
    control: id,
    status: "inconclusive",
    headline: `${id} inconclusive: failed to ${verb}: ${message}`,
    evidence: { eventIds: [], observed: `checker error: ${message}`, method: "sim:history", source: "model", cases: 0 },
    hint: "a checker error means a harness bug or a history that breaks the event contract; it is never a pass",
  };
}
