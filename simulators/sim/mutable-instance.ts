import type { HaRole, Instance, InstanceState, VmType, UpCohort } from "../../core/index.ts";

/**
 * Where the instance table's indexes keep what they know about an instance: symbol-keyed fields, invisible to JSON
 * and `Object.keys`, declared when the instance is created (one object shape for every instance, no fields added
 * later). `DOWN` and `COHORT`: what the group tally counted it as; `ALL_SLOT` and `TYPE_SLOT`: its position in the
 * live pool of every instance and in its VM type's.
 */
export const DOWN: unique symbol = Symbol("down");
export const COHORT: unique symbol = Symbol("cohort");
export const ALL_SLOT: unique symbol = Symbol("all-slot");
export const TYPE_SLOT: unique symbol = Symbol("type-slot");

/** A cohort as the group tally keeps it: its count moves as members come up and go down. */
export interface Cohort extends UpCohort {
  count: number;
}

/** The simulator's own, writable view of an instance; handed out as `Instance` (read-only). */
export interface MutableInstance extends Instance {
  group: string | undefined;
  vmType: VmType | undefined;
  zone: string;
  imageId: string;
  state: InstanceState;
  impaired: boolean;
  createdAtMs: number;
  lastStartedAtMs: number;
  launchedBy: string;
  patchLevel: number;
  desiredConfig: string;
  actualConfig: string;
  tainted: boolean;
  infected: boolean;
  haRole: HaRole | undefined;
  /** Replaced, never written into: a tags object may be shared by many instances. */
  tags: Readonly<Record<string, string>>;
  /** Generation counter: bumps on every (re)start so stale boot timers are ignored. */
  bootGeneration: number;
  [DOWN]: boolean;
  [COHORT]: Cohort | undefined;
  [ALL_SLOT]: number | undefined;
  [TYPE_SLOT]: number | undefined;
}
