import type { ChaosActionName, ChaosStep, FleetSpec, TargetSpec } from "../../core/index.ts";
import { CHAOS_PARAMS, resolveChaosParams } from "../../chaos/index.ts";
import type { SimSession } from "../../scenarios/index.ts";
import { durationMs, RelativeDuration } from "./durations.ts";
import type { DrawnValue } from "./zod-arbitrary.ts";

/** Instances a step takes out of service in one group, from `fromMs` until its effect ends at `endMs`. */
export interface Loss {
  readonly group: string;
  readonly fromMs: number;
  readonly endMs: number;
  readonly count: number;
  /** Whether the lost instances' replica data goes with them (kills, crashes; not stops). */
  readonly data: boolean;
}

/** A stretch of virtual time. */
export interface Window {
  readonly fromMs: number;
  readonly toMs: number;
}

/** A stretch during which the platform must be able to act, and the bound it acts within. */
export interface Obligation extends Window {
  readonly boundMs: number;
}

/** What the explorer's model knows: the virtual time, the next step index and what chaos has used of the fault budget. */
export interface ExploreModel {
  readonly fleet: FleetSpec;
  nowMs: number;
  nextIndex: number;
  /** Total age added by `age` chaos so far (conservatively: all of it may land on one instance). */
  agedMs: number;
  /** Instance losses caused by chaos, per group. */
  readonly losses: Loss[];
  /** Controller outages and API fault windows: the platform may not act during them. */
  readonly pauses: Window[];
  /** Chaos that the platform must answer within a bound. */
  readonly obligations: Obligation[];
  /** Instances chaos launched into each group (they widen what a fraction or `all` may hit). */
  readonly launches: Map<string, number>;
}

/** The real system: a simulated session plus the first safety violation seen. */
export interface ExploreReal {
  readonly session: SimSession;
  violation?: string;
  /** Whether advances check the guarantees on the way (stopping a failing run early), not only at the end. */
  readonly checkOnTheWay?: boolean;
  /** History length at the last safety check: an advance that added nothing needs no new check. */
  checkedLength?: number;
  /** Virtual time of the last safety check. */
  checkedAtMs?: number;
  /** The steps injected, by step index (coverage pairs them with their outcomes). */
  readonly injected: Array<{ readonly index: number; readonly planned: PlannedChaos }>;
}

/** A chaos step as drawn, before it has a time or an index. */
export interface PlannedChaos {
  readonly action: ChaosActionName;
  readonly target: TargetSpec;
  /** Parameters as drawn; durations may be relative to a fleet bound, omitted ones take the schema default. */
  readonly with: Readonly<Record<string, DrawnValue>>;
  /** Coverage classes: `target` and each parameter (`default` when left out). */
  readonly classes: Readonly<Record<string, string>>;
}

/** A fresh model of a fleet at time zero. */
export function initialModel(fleet: FleetSpec): ExploreModel {
  return { fleet, nowMs: 0, nextIndex: 0, agedMs: 0, losses: [], pauses: [], obligations: [], launches: new Map() };
}

/**
 * The step's `with` as a scenario resolves it: drawn durations made concrete for this fleet, the
 * schema's defaults for what was left out, durations in milliseconds under `<name>Ms`. The
 * explorer injects exactly what the emitted scenario file parses back to.
 */
export function resolvedParams(fleet: FleetSpec, planned: PlannedChaos): Record<string, string | number | boolean> {
  const cached = resolvedCache.get(planned);
  if (cached?.fleet === fleet) return cached.resolved;
  const resolved = resolve(fleet, planned);
  resolvedCache.set(planned, { fleet, resolved });
  return resolved;
}

/**
 * Resolved parameters per planned step, for the fleet they were last resolved for: the model asks for them several
 * times per command, nearly always for the same fleet (shrinking a fleet resolves again).
 */
const resolvedCache = new WeakMap<
  PlannedChaos,
  { readonly fleet: FleetSpec; readonly resolved: Record<string, string | number | boolean> }
>();

function resolve(fleet: FleetSpec, planned: PlannedChaos): Record<string, string | number | boolean> {
  const fallback = defaultsOf(planned.action);
  // Drawn values come from the schema itself (the generator tests parse them back), so only the defaults need filling
  // in; keys keep the schema's order, as parsing the emitted file gives them.
  const resolved: Record<string, string | number | boolean> = {};
  for (const param of paramsOf(planned.action)) {
    const value = resolveOne(fleet, planned, param, fallback);
    if (value !== undefined) resolved[param.name] = value;
  }
  return resolved;
}

/** One parameter as `resolvedParams` gives it (under `param.name`): drawn, made concrete, or the schema default. */
function resolveOne(
  fleet: FleetSpec,
  planned: PlannedChaos,
  param: Param,
  fallback: Record<string, string | number | boolean>,
): string | number | boolean | undefined {
  const value = planned.with[param.key];
  if (value === undefined) return fallback[param.name];
  if (value instanceof RelativeDuration || (typeof value === "number" && param.duration)) return durationMs(value, fleet.bounds);
  return value;
}

/**
 * A duration parameter of the step in milliseconds, as `resolvedParams` gives it under `<key>Ms` (0 when the action has
 * no such duration): what the fault budget reads, without resolving the other parameters.
 */
export function durationParamMs(fleet: FleetSpec, planned: PlannedChaos, key: string): number {
  for (const param of paramsOf(planned.action))
    if (param.key === key && param.duration) return Number(resolveOne(fleet, planned, param, defaultsOf(planned.action)) ?? 0);
  return 0;
}

/** A parameter of an action: its key, the name it resolves to (`<key>Ms` for durations), and which. */
interface Param {
  readonly key: string;
  readonly name: string;
  readonly duration: boolean;
}

/** Each action's parameters in schema order. */
const paramLists = new Map<ChaosActionName, readonly Param[]>();

function paramsOf(action: ChaosActionName): readonly Param[] {
  let list = paramLists.get(action);
  if (!list) {
    const durations: readonly string[] = CHAOS_PARAMS[action].durations;
    list = Object.keys(CHAOS_PARAMS[action].params.shape).map((key) => {
      const duration = durations.includes(key);
      return { key, name: duration ? `${key}Ms` : key, duration };
    });
    paramLists.set(action, list);
  }
  return list;
}

const defaults = new Map<ChaosActionName, Record<string, string | number | boolean>>();

/** The schema defaults of an action's parameters, resolved (durations in milliseconds under `<name>Ms`). */
function defaultsOf(action: ChaosActionName): Record<string, string | number | boolean> {
  let found = defaults.get(action);
  if (!found) {
    const written: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(CHAOS_PARAMS[action].params.shape)) {
      const parsed = (schema as { safeParse(value: unknown): { success: boolean; data?: unknown } }).safeParse(undefined);
      if (parsed.success && parsed.data !== undefined) written[key] = parsed.data;
    }
    defaults.set(action, (found = resolveChaosParams(action, written)));
  }
  return found;
}

/** Turns a planned step into a scenario step at the model's time. */
export function toStep(model: ExploreModel, planned: PlannedChaos): ChaosStep {
  return {
    index: model.nextIndex,
    atMs: model.nowMs,
    action: planned.action,
    target: planned.target,
    with: { ...resolvedParams(model.fleet, planned) },
  };
}
