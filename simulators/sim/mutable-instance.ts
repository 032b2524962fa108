import { primeTimeFields, type HaRole, type Instance, type InstanceState, type VmType, type UpCohort } from "../../core/index.ts";

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

/** What an instance is created with: every field but the table's index fields. */
export type InstanceFields = Omit<MutableInstance, typeof DOWN | typeof COHORT | typeof ALL_SLOT | typeof TYPE_SLOT>;

/**
 * A world's instance: the given fields in their order (as JSON and `Object.keys` show them), then the index fields,
 * unset. A class rather than an object literal: the symbol-keyed fields are stored by the constructor (a literal
 * defines computed keys one by one through the runtime), and every instance gets one shape with its fields in the
 * object itself.
 */
export class SimInstance implements MutableInstance {
  declare id: string;
  declare group: string | undefined;
  declare vmType: VmType | undefined;
  declare zone: string;
  declare imageId: string;
  declare state: InstanceState;
  declare impaired: boolean;
  declare createdAtMs: number;
  declare lastStartedAtMs: number;
  declare launchedBy: string;
  declare patchLevel: number;
  declare desiredConfig: string;
  declare actualConfig: string;
  declare tainted: boolean;
  declare infected: boolean;
  declare haRole: HaRole | undefined;
  declare tags: Readonly<Record<string, string>>;
  declare bootGeneration: number;
  declare [DOWN]: boolean;
  declare [COHORT]: Cohort | undefined;
  declare [ALL_SLOT]: number | undefined;
  declare [TYPE_SLOT]: number | undefined;

  constructor(fields: InstanceFields) {
    this.id = fields.id;
    this.group = fields.group;
    this.vmType = fields.vmType;
    this.zone = fields.zone;
    this.imageId = fields.imageId;
    this.state = fields.state;
    this.impaired = fields.impaired;
    this.createdAtMs = fields.createdAtMs;
    this.lastStartedAtMs = fields.lastStartedAtMs;
    this.launchedBy = fields.launchedBy;
    this.patchLevel = fields.patchLevel;
    this.desiredConfig = fields.desiredConfig;
    this.actualConfig = fields.actualConfig;
    this.tainted = fields.tainted;
    this.infected = fields.infected;
    this.haRole = fields.haRole;
    this.tags = fields.tags;
    this.bootGeneration = fields.bootGeneration;
    this[DOWN] = false;
    this[COHORT] = undefined;
    this[ALL_SLOT] = undefined;
    this[TYPE_SLOT] = undefined;
  }
}

/** A throwaway instance whose times are `unset`: for building shapes before any real one (see `primeTimeFields`). */
export function unsetInstance(unset: number): SimInstance {
  return new SimInstance({
    id: "i-prime",
    group: "prime",
    vmType: "cattle",
    zone: "prime",
    imageId: "ami-prime",
    state: "pending",
    impaired: false,
    createdAtMs: unset,
    lastStartedAtMs: unset,
    launchedBy: "prime",
    patchLevel: 0,
    desiredConfig: "v1",
    actualConfig: "v1",
    tainted: false,
    infected: false,
    haRole: undefined,
    tags: {},
    bootGeneration: 0,
  });
}

primeTimeFields(unsetInstance);
