import { DEFAULT_BOUNDS } from "../core/index.ts";
import type { FleetBounds, FleetSpec, GroupSpec, HistoryView, Verdict, VmType } from "../core/index.ts";
import type { InstanceIndex } from "./instance-index.ts";

/** Everything a checker reads: the history, the fleet it ran on, and the index built once from both. */
export interface CheckContext {
  readonly history: HistoryView;
  readonly spec: FleetSpec;
  /** Virtual time of `run.ended`: deadlines after it cannot be judged as missed. */
  readonly runMs: number;
  /** Scenario override of the control's own bound (e.g. `expect: [{ control, within: 5m }]`). */
  readonly boundMs?: number;
  readonly index: InstanceIndex;
}

/** A control's checker: a pure function of the context. Throwing makes the verdict inconclusive. */
export type Checker = (ctx: CheckContext) => Verdict;

/**
 * The control's bound in milliseconds: the scenario override when given, else the fleet's bound.
 * Use it only for the bound the catalog names for the control; read others from `ctx.spec.bounds`.
 *
 * @example limitMs(ctx, "rtoMs") // 600_000 unless the scenario overrides it
 */
export function limitMs(ctx: CheckContext, key: keyof FleetBounds): number {
  return ctx.boundMs ?? fleetBound(ctx, key);
}

/** A fleet bound, ignoring any override (for bounds other than the control's own). */
export function fleetBound(ctx: CheckContext, key: keyof FleetBounds): number {
  return (ctx.spec.bounds as Partial<FleetBounds> | undefined)?.[key] ?? DEFAULT_BOUNDS[key];
}

/** The group spec named `name`, if the fleet has one. */
export function groupSpec(spec: FleetSpec, name: string | undefined): GroupSpec | undefined {
  if (name === undefined) return undefined;
  let byName = GROUPS_BY_NAME.get(spec.groups);
  if (!byName) {
    byName = new Map();
    for (const group of spec.groups) if (!byName.has(group.name)) byName.set(group.name, group);
    GROUPS_BY_NAME.set(spec.groups, byName);
  }
  return byName.get(name);
}

/** Groups by name per fleet (built once: a fleet of 1,000 groups is looked up for every launch while checking). */
const GROUPS_BY_NAME = new WeakMap<readonly GroupSpec[], Map<string, GroupSpec>>();

/** The fleet's groups of one VM type. */
export function groupsOfType(spec: FleetSpec, vmType: VmType): GroupSpec[] {
  return spec.groups.filter((group) => group.vmType === vmType);
}

/** A user name without the `operator:` actor prefix. */
export function plainUser(user: string): string {
  return user.startsWith("operator:") ? user.slice("operator:".length) : user;
}

/** True for actors of the system under test (`platform/<controller>`). */
export function isPlatformActor(actor: string): boolean {
  return actor.startsWith("platform/");
}
