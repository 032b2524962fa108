import { BOUND_NAMES, HOUR_MS, MINUTE_MS, type ChaosActionName, type FleetBounds, type GroupSpec } from "../../core/index.ts";
import { CHAOS_PARAMS } from "../../chaos/index.ts";
import { CATALOG } from "../../guarantees/index.ts";
import type { ExploreModel, Loss, Obligation, PlannedChaos, Window } from "./model.ts";
import { durationParamMs } from "./model.ts";

/** Actions that take instances out of service, and whether their replica data goes too. */
const LOSSES: Partial<Record<ChaosActionName, { readonly data: boolean }>> = {
  kill: { data: true },
  crash: { data: true },
  "zone-outage": { data: true },
  malware: { data: true },
  "stop-start": { data: false },
};

/** Actions that launch an instance into a group (it widens what a later fraction or `all` may hit). */
const LAUNCHES: ReadonlySet<ChaosActionName> = new Set(["manual-launch", "rogue-image", "untagged-launch"]);

/** Bounds the catalog does not name for an action but the platform answers it within. */
const EXTRA_BOUNDS: Partial<Record<ChaosActionName, ReadonlyArray<keyof FleetBounds>>> = {
  login: ["recycleWindowMs"],
  "stop-start": ["rtoMs"],
};

/** Break-glass grants must be revoked within a minute of expiry: a pause may delay that by a quarter of this. */
const REVOKE_BOUND_MS = 3 * MINUTE_MS;

/** How long before an immutable server's maximum age the reaper must be free to act, and the slack aging leaves. */
const AGING_WINDOW_MS = 14 * HOUR_MS;

/** Share of an obligation's bound that pauses overlapping it may take in all. */
const PAUSE_SHARE = 4;

/** Retry backoff after API faults end (the platform's next attempt may come this much later). */
const BACKOFF_TAIL_MS = 5 * MINUTE_MS;

/**
 * The bounds the platform answers an action within on this fleet: those of the catalog controls
 * of the fleet's types that the action exercises (the age limit is a standing obligation, not a
 * step's), plus those the catalog leaves implicit. Each is an obligation of its own: a long one
 * (the rebuild window) must keep its share free just as a short one (the RTO) must.
 */
export function obligationBoundsMs(model: ExploreModel, action: ChaosActionName): readonly number[] {
  let byAction = boundCache.get(model.fleet);
  if (!byAction) boundCache.set(model.fleet, (byAction = new Map()));
  let bounds = byAction.get(action);
  if (!bounds) byAction.set(action, (bounds = boundsOf(model, action)));
  return bounds;
}

const boundCache = new WeakMap<ExploreModel["fleet"], Map<ChaosActionName, readonly number[]>>();

/** The bound names an action answers to on a fleet of these VM types (catalog data: the same for every run). */
const boundKeyCache = new Map<string, ReadonlyArray<keyof FleetBounds>>();

function boundKeysOf(model: ExploreModel, action: ChaosActionName): ReadonlyArray<keyof FleetBounds> {
  let types = "";
  for (const vmType of ["pet", "cattle", "immutable"] as const)
    if (model.fleet.groups.some((g) => g.vmType === vmType)) types += `${vmType},`;
  const cacheKey = `${types}${action}`;
  let keys = boundKeyCache.get(cacheKey);
  if (keys) return keys;
  const scopes = new Set<string>(["fleet", ...model.fleet.groups.map((g) => g.vmType)]);
  const found = new Set<keyof FleetBounds>(EXTRA_BOUNDS[action] ?? []);
  for (const entry of CATALOG)
    if (entry.bound !== undefined && entry.bound !== "maxAge" && scopes.has(entry.scope) && entry.chaos.includes(action))
      found.add(BOUND_NAMES[entry.bound]);
  boundKeyCache.set(cacheKey, (keys = [...found]));
  return keys;
}

function boundsOf(model: ExploreModel, action: ChaosActionName): number[] {
  const bounds = new Set(boundKeysOf(model, action).map((key) => model.fleet.bounds[key]));
  if (action === "break-glass") bounds.add(REVOKE_BOUND_MS);
  return [...bounds].sort((a, b) => a - b);
}

/** What one step does to the fault budget, for the model's fleet at its time. */
export interface Effect {
  readonly loss?: Loss;
  readonly pause?: Window;
  readonly obligations: readonly Obligation[];
  readonly agedMs: number;
}

function lossCount(model: ExploreModel, planned: PlannedChaos, group: GroupSpec): number {
  if (planned.target.instance !== undefined || planned.target.role === "active") return 1;
  const upper = 2 * group.capacity + (model.launches.get(group.name) ?? 0);
  const count = planned.target.count;
  if (count.kind === "one") return 1;
  if (count.kind === "random") return Math.min(count.n, upper);
  if (count.kind === "fraction") return Math.max(1, Math.round(count.fraction * upper));
  return upper;
}

/**
 * The last effect computed, and the model state it was computed for: a chaos command's budget check and its
 * accounting right after ask for the same one (the model changes only by accounting, which moves `nextIndex`).
 */
let last: { model: ExploreModel; planned: PlannedChaos; nowMs: number; nextIndex: number; effect: Effect } | undefined;

/** The effect of a planned step at the model's time (durations resolved for its fleet). */
export function effectOf(model: ExploreModel, planned: PlannedChaos): Effect {
  if (last && last.model === model && last.planned === planned && last.nowMs === model.nowMs && last.nextIndex === model.nextIndex)
    return last.effect;
  const effect = computeEffect(model, planned);
  last = { model, planned, nowMs: model.nowMs, nextIndex: model.nextIndex, effect };
  return effect;
}

function computeEffect(model: ExploreModel, planned: PlannedChaos): Effect {
  const now = model.nowMs;
  const fleet = model.fleet;
  const action = planned.action;
  const group = fleet.groups.find((g) => g.name === planned.target.group);
  const pausedForMs = durationParamMs(fleet, planned, "for");
  const pause =
    action === "controller-outage"
      ? { fromMs: now, toMs: now + pausedForMs }
      : action === "api-faults"
        ? { fromMs: now, toMs: now + pausedForMs + BACKOFF_TAIL_MS }
        : undefined;
  const obligations: Obligation[] = [];
  // Aging is a standing obligation; an outage or fault window is a pause, not something to answer.
  if (action !== "age" && !pause) {
    let horizonMs = MINUTE_MS;
    for (const name of CHAOS_PARAMS[action].durations) horizonMs += durationParamMs(fleet, planned, name);
    for (const boundMs of obligationBoundsMs(model, action)) obligations.push({ fromMs: now, toMs: now + horizonMs + boundMs, boundMs });
  }
  const effect: { loss?: Loss; pause?: Window; obligations: readonly Obligation[]; agedMs: number } = {
    obligations,
    agedMs: action === "age" ? durationParamMs(fleet, planned, "by") : 0,
  };
  const lossKind = LOSSES[action];
  if (lossKind && group && !(group.vmType === "pet" && action === "malware")) {
    const petEndMs =
      action === "kill"
        ? Number.POSITIVE_INFINITY
        : action === "stop-start"
          ? now + durationParamMs(fleet, planned, "downFor") + fleet.bounds.bootMs
          : now + 15 * MINUTE_MS;
    const endMs = group.vmType === "pet" ? petEndMs : action === "malware" ? now + 5 * MINUTE_MS : now;
    effect.loss = { group: group.name, fromMs: now, endMs, count: lossCount(model, planned, group), data: lossKind.data };
  }
  if (pause) effect.pause = pause;
  return effect;
}

/** How long a window overlaps `[fromMs, toMs]`. */
function overlapMs(a: Window, fromMs: number, toMs: number): number {
  return Math.max(0, Math.min(a.toMs, toMs) - Math.max(a.fromMs, fromMs));
}

/**
 * The fault budget the fleet spec declares. Losses on a group inside a window of twice its RTO
 * stay within maxUnavailable and below the replication factor (an HA pet pair, or a lone pet,
 * loses at most one node; a killed pet stays lost). Aging alone never brings an immutable server
 * within 14 hours of its maximum age. Controller outages and API fault windows overlapping any
 * obligation (chaos the platform must answer within a bound, or servers nearing their maximum
 * age) take at most a quarter of its bound. Chaos beyond this budget would make a failure
 * legitimate, not a finding.
 */
export function withinBudget(model: ExploreModel, planned: PlannedChaos): boolean {
  const effect = effectOf(model, planned);
  const agedMs = model.agedMs + effect.agedMs;
  for (const group of model.fleet.groups) {
    if (group.vmType !== "immutable" || effect.agedMs === 0) continue;
    if (group.initialAgeMs + model.nowMs + agedMs > model.fleet.bounds.maxAgeMs - AGING_WINDOW_MS) return false;
  }
  const loss = effect.loss;
  if (loss && loss.count > 0) {
    const group = model.fleet.groups.find((g) => g.name === loss.group) as GroupSpec;
    // Losses in the group that still count now: not yet ended a window ago.
    const windowMs = 2 * model.fleet.bounds.rtoMs + 10 * MINUTE_MS;
    let total = loss.count;
    let data = loss.data ? loss.count : 0;
    for (const l of model.losses) {
      if (l.group !== group.name || model.nowMs - l.endMs >= windowMs) continue;
      total += l.count;
      if (l.data) data += l.count;
    }
    if (group.vmType === "pet") return total <= 1 && pausesFit(model, effect, agedMs);
    if (total > group.maxUnavailable) return false;
    if (group.replicationFactor > 0 && data >= group.replicationFactor) return false;
  }
  return pausesFit(model, effect, agedMs);
}

/** Whether the pauses (the model's and the step's) take at most their share of every obligation's bound. */
function pausesFit(model: ExploreModel, effect: Effect, agedMs: number): boolean {
  if (!effect.pause && model.pauses.length === 0) return true;
  if (!effect.pause && effect.obligations.length === 0 && effect.agedMs === 0) return true;
  for (const o of model.obligations) if (!pausesWithin(model, effect, o.fromMs, o.toMs, o.boundMs)) return false;
  for (const o of effect.obligations) if (!pausesWithin(model, effect, o.fromMs, o.toMs, o.boundMs)) return false;
  // Standing obligations: immutable servers reaching their maximum age (all the aging may land on one of them).
  for (const group of model.fleet.groups) {
    if (group.vmType !== "immutable") continue;
    const latestMs = model.fleet.bounds.maxAgeMs - group.initialAgeMs;
    if (!pausesWithin(model, effect, latestMs - agedMs - AGING_WINDOW_MS, latestMs, AGING_WINDOW_MS)) return false;
  }
  return true;
}

/** Whether the pauses overlapping `[fromMs, toMs]` take at most their share of `boundMs`. */
function pausesWithin(model: ExploreModel, effect: Effect, fromMs: number, toMs: number, boundMs: number): boolean {
  let sum = 0;
  for (const p of model.pauses) sum += overlapMs(p, fromMs, toMs);
  if (effect.pause) sum += overlapMs(effect.pause, fromMs, toMs);
  return sum <= boundMs / PAUSE_SHARE;
}

/** Records in the model what a step does to the fault budget. */
export function account(model: ExploreModel, planned: PlannedChaos): void {
  const effect = effectOf(model, planned);
  if (effect.loss && effect.loss.count > 0) model.losses.push(effect.loss);
  if (effect.pause) model.pauses.push(effect.pause);
  model.obligations.push(...effect.obligations);
  model.agedMs += effect.agedMs;
  const group = planned.target.group;
  if (LAUNCHES.has(planned.action) && group !== undefined) model.launches.set(group, (model.launches.get(group) ?? 0) + 1);
  model.nextIndex++;
}
