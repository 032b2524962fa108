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

/** The cattle egress allowlist: host names and CIDR blocks (egress chaos tries them, look-alikes and their edges). */
export const EGRESS_ALLOWLIST = ["api.payments.internal", "updates.internal", "10.20.0.0/16", "192.168.7.16/28"] as const;

/** The named operators of pet groups (logins and drift chaos play them). */
export const OPERATORS = ["alice"] as const;

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

/** Immutable fleets: one api group of 2-8 servers, up to 27 days old at the start. */
export function immutableFleet(): fc.Arbitrary<FleetSpec> {
  return fc
    .record({
      capacity: fc.integer({ min: 2, max: 8 }),
      zones: fc.integer({ min: 1, max: 3 }),
      // Servers a day short of the age limit come up often: that is where aging and stop/start controls decide.
      initialAgeDays: fc.oneof(fc.integer({ min: 0, max: 27 }), fc.constant(27)),
      wideRollout: fc.boolean(),
      rtoMinutes: fc.integer({ min: 10, max: 20 }),
    })
    .map(({ capacity, zones, initialAgeDays, wideRollout, rtoMinutes }) => ({
      groups: [
        {
          ...base(GROUPS.immutable, "immutable", capacity, zones),
          maxUnavailable: wideRollout && capacity >= 4 ? 2 : 1,
          initialAgeMs: initialAgeDays * DAY_MS,
        },
      ],
      bounds: bounds({ rtoMs: rtoMinutes * MINUTE_MS }),
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
        { ...base(GROUPS.pet, "pet", 1, 1), operators: [...OPERATORS], publicIngress, initialAgeMs: initialAgeDays * DAY_MS },
        { ...base(GROUPS.petPair, "pet", 2, 2), operators: [...OPERATORS], ha: true, initialAgeMs: initialAgeDays * DAY_MS },
      ],
      bounds: bounds({}),
    }));
}
