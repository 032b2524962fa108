import { DAY_MS, HOUR_MS, MINUTE_MS } from "./duration.ts";
import type { VmType } from "./vm-type.ts";

/** One group of like instances (an auto scaling group, a pet pair, a lone pet). */
export interface GroupSpec {
  readonly name: string;
  readonly vmType: VmType;
  /** Desired number of healthy instances. */
  readonly capacity: number;
  readonly zones: readonly string[];
  /** How many instances may be down at once (cattle and immutable); the floor is capacity minus this. */
  readonly maxUnavailable: number;
  /** Copies of each data shard (cattle with data); 0 means the group holds no data. */
  readonly replicationFactor: number;
  /** Number of data shards spread over the group. */
  readonly shards: number;
  /** Name of the approved image the group runs at the start. */
  readonly image: string;
  /** Named operators allowed to log in interactively (pets). */
  readonly operators: readonly string[];
  /** Pets: the group is an active/passive pair. */
  readonly ha: boolean;
  /** Destinations the group may reach; `["*"]` means any (pets by default). */
  readonly egressAllowlist: readonly string[];
  /** Pets only: 0.0.0.0/0 may reach 22/3389. */
  readonly publicIngress: boolean;
  /** Age of the initial instances at time zero (models a fleet that has been up a while). */
  readonly initialAgeMs: number;
  /**
   * Cattle and immutable groups: on an account world the group is an Auto Scaling group (launch template of its image) that keeps
   * its capacity itself; the simulated fleet treats it as any group.
   */
  readonly autoScaling?: boolean;
}

/** Time bounds every checker reads; parameters of the fleet, never constants in checkers. */
export interface FleetBounds {
  /** A killed or crashed node must be replaced and capacity restored within this. */
  readonly rtoMs: number;
  /** An HA pair must have a new active within this after the active fails. */
  readonly failoverRtoMs: number;
  /** Drift must be re-applied (cattle), replaced (immutable) or recorded (pets) within this. */
  readonly driftWindowMs: number;
  /** Rogue instances, malware, open ingress, manual launches: detected and acted on within this. */
  readonly detectWindowMs: number;
  /** A released patch must be on every instance within this. */
  readonly patchSlaMs: number;
  /** No immutable instance may live longer than this (28 days). */
  readonly maxAgeMs: number;
  /** Longest JIT / break-glass grant. */
  readonly jitMaxMs: number;
  /** A tainted instance must be recycled within this after its session ends. */
  readonly recycleWindowMs: number;
  /** Instances on a stale image must be rebuilt within this after a new image is approved. */
  readonly imageRebuildWindowMs: number;
  /** Time from launch to running. */
  readonly bootMs: number;
}

/** The fleet a scenario builds. */
export interface FleetSpec {
  readonly groups: readonly GroupSpec[];
  readonly bounds: FleetBounds;
}

/** Defaults for every bound, as the catalog states them. */
export const DEFAULT_BOUNDS: FleetBounds = {
  rtoMs: 10 * MINUTE_MS,
  failoverRtoMs: 2 * MINUTE_MS,
  driftWindowMs: 15 * MINUTE_MS,
  detectWindowMs: 15 * MINUTE_MS,
  patchSlaMs: 7 * DAY_MS,
  maxAgeMs: 28 * DAY_MS,
  jitMaxMs: 1 * HOUR_MS,
  recycleWindowMs: 1 * HOUR_MS,
  imageRebuildWindowMs: 24 * HOUR_MS,
  bootMs: 90_000,
};

/** Names of the bounds as scenarios write them (without the Ms suffix). */
export const BOUND_NAMES = {
  rto: "rtoMs",
  failoverRto: "failoverRtoMs",
  driftWindow: "driftWindowMs",
  detectWindow: "detectWindowMs",
  patchSla: "patchSlaMs",
  maxAge: "maxAgeMs",
  jitMax: "jitMaxMs",
  recycleWindow: "recycleWindowMs",
  imageRebuildWindow: "imageRebuildWindowMs",
  boot: "bootMs",
} as const satisfies Record<string, keyof FleetBounds>;

/** A bound's scenario name. */
export type BoundName = keyof typeof BOUND_NAMES;

/** Group fields a scenario may leave out, with their defaults for a VM type. */
export function groupDefaults(vmType: VmType, capacity: number): Omit<GroupSpec, "name" | "vmType" | "capacity" | "image"> {
  return {
    zones: ["a", "b", "c"],
    maxUnavailable: vmType === "pet" ? 0 : Math.max(1, Math.floor(capacity / 3)),
    replicationFactor: 0,
    shards: 0,
    operators: [],
    ha: false,
    egressAllowlist: vmType === "pet" ? ["*"] : [],
    publicIngress: false,
    initialAgeMs: 0,
  };
}
