import fc from "fast-check";
import {
  DAY_MS,
  DEFAULT_BOUNDS,
  groupDefaults,
  HOUR_MS,
  MINUTE_MS,
  type FleetSpec,
  type GroupSpec,
  type VmType,
} from "../../core/index.ts";

/** The group names the explorer's fleets and chaos use. */
export const GROUPS = { cattle: "web", immutable: "api", pet: "box", petPair: "pair" } as const;

/** Destinations the egress chaos tries: allowlisted, a look-alike of an allowlisted one, and a paste site. */
export const EGRESS_ALLOWLIST = ["api.payments.internal", "updates.internal"] as const;

const ZONES = ["a", "b", "c"];

function bounds(overrides: Partial<FleetSpec["bounds"]>): FleetSpec["bounds"] {
  return { ...DEFAULT_BOUNDS, patchSlaMs: DAY_MS, imageRebuildWindowMs: 12 * HOUR_MS, ...overrides };
}

function base(name: string, vmType: VmType, capacity: number, zones: number): GroupSpec {
  return { name, vmType, capacity, image: `${name}-base`, ...groupDefaults(vmType, capacity), zones: ZONES.slice(0, zones) };
}

/** Cattle fleets: one web group of 3-8 nodes, with or without replicated data. */
export function cattleFleet(): fc.Arbitrary<FleetSpec> {
  return fc
    .record({
      capacity: fc.integer({ min: 3, max: 8 }),
      zones: fc.integer({ min: 1, max: 3 }),
      unavailableShare: fc.integer({ min: 0, max: 100 }),
      replicated: fc.boolean(),
      shards: fc.integer({ min: 4, max: 12 }),
      rtoMinutes: fc.integer({ min: 10, max: 20 }),
    })
    .map(({ capacity, zones, unavailableShare, replicated, shards, rtoMinutes }) => {
      const maxUnavailable = 1 + Math.floor((unavailableShare / 100) * Math.max(0, Math.floor(capacity / 2) - 1));
      const group: GroupSpec = {
        ...base(GROUPS.cattle, "cattle", capacity, zones),
        maxUnavailable,
        replicationFactor: replicated ? Math.min(3, capacity - 1) : 0,
        shards: replicated ? shards : 0,
        egressAllowlist: [...EGRESS_ALLOWLIST],
      };
      return { groups: [group], bounds: bounds({ rtoMs: rtoMinutes * MINUTE_MS }) };
    });
}

/** Immutable fleets: one api group of 2-6 servers, up to 27 days old at the start. */
export function immutableFleet(): fc.Arbitrary<FleetSpec> {
  return fc
    .record({
      capacity: fc.integer({ min: 2, max: 6 }),
      zones: fc.integer({ min: 1, max: 3 }),
      initialAgeDays: fc.integer({ min: 0, max: 27 }),
    })
    .map(({ capacity, zones, initialAgeDays }) => ({
      groups: [{ ...base(GROUPS.immutable, "immutable", capacity, zones), maxUnavailable: 1, initialAgeMs: initialAgeDays * DAY_MS }],
      bounds: bounds({}),
    }));
}

/** Pet fleets: a lone pet and an active/passive pair, possibly well past 28 days old. */
export function petFleet(): fc.Arbitrary<FleetSpec> {
  return fc
    .record({
      initialAgeDays: fc.integer({ min: 0, max: 60 }),
      publicIngress: fc.boolean(),
    })
    .map(({ initialAgeDays, publicIngress }) => ({
      groups: [
        { ...base(GROUPS.pet, "pet", 1, 1), operators: ["alice"], publicIngress, initialAgeMs: initialAgeDays * DAY_MS },
        { ...base(GROUPS.petPair, "pet", 2, 2), operators: ["alice"], ha: true, initialAgeMs: initialAgeDays * DAY_MS },
      ],
      bounds: bounds({}),
    }));
}
