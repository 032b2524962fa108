import fc from "fast-check";
import type { HaRole, TargetCount, TargetSpec, VmType } from "../../core/index.ts";
import type { ChaosActionSpec } from "../../chaos/index.ts";
import { GROUPS } from "./fleets.ts";

/** A target as drawn, with the class coverage counts it under (its count kind, or `group` / `fleet`). */
export interface DrawnTarget {
  readonly target: TargetSpec;
  readonly cls: string;
}

/** The groups chaos may aim at in explored fleets of a VM type. */
export function groupsOf(vmType: VmType): string[] {
  return vmType === "pet" ? [GROUPS.pet, GROUPS.petPair] : [GROUPS[vmType]];
}

const ZONES = ["a", "b", "c"];

/** `arbitrary` in one draw out of `oneIn`, else undefined (shrinks toward undefined). */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, oneIn: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constant(undefined), weight: oneIn - 1 }, { arbitrary, weight: 1 });
}
const ROLES: readonly HaRole[] = ["active", "passive"];

/** How many matching instances a step hits: one, a few, a share (1, a half, the smallest), or all. */
function counts(): fc.Arbitrary<TargetCount> {
  return fc.oneof(
    { withCrossShrink: true },
    { arbitrary: fc.constant<TargetCount>({ kind: "one" }), weight: 6 },
    { arbitrary: fc.integer({ min: 1, max: 3 }).map((n): TargetCount => ({ kind: "random", n })), weight: 3 },
    { arbitrary: fc.constantFrom(0.5, 1, 0.01).map((fraction): TargetCount => ({ kind: "fraction", fraction })), weight: 1 },
    { arbitrary: fc.constant<TargetCount>({ kind: "all" }), weight: 1 },
  );
}

/**
 * Targets the action's scope allows in fleets of `vmType`: instance actions aim at a group,
 * sometimes narrowed by zone, HA role or instance id, with any count; group actions name a group;
 * fleet actions take no target. A required field (zone-outage's zone) is always drawn.
 */
export function targetArbitrary(spec: ChaosActionSpec, vmType: VmType): fc.Arbitrary<DrawnTarget> {
  if (spec.scope === "fleet") return fc.constant({ target: { count: spec.defaultCount }, cls: "fleet" });
  const group = fc.constantFrom(...groupsOf(vmType));
  if (spec.scope === "group") return group.map((name) => ({ target: { group: name, count: { kind: "one" } }, cls: "group" }));
  const zoneRequired = spec.requires.includes("zone");
  const zone = zoneRequired ? fc.constantFrom(...ZONES) : sometimes(fc.constantFrom(...ZONES), 5);
  return fc
    .record({
      group,
      zone,
      role: vmType === "pet" ? sometimes(fc.constantFrom(...ROLES), 3) : fc.constant(undefined),
      instance: sometimes(
        fc.integer({ min: 1, max: 8 }).map((n) => `i-${String(n).padStart(6, "0")}`),
        8,
      ),
      count: zoneRequired ? fc.oneof({ withCrossShrink: true }, fc.constant(spec.defaultCount), counts()) : counts(),
    })
    .map(({ group: name, zone: z, role, instance, count }) => {
      const target: TargetSpec = {
        group: name,
        ...(z === undefined ? {} : { zone: z }),
        ...(role === undefined || name !== GROUPS.petPair ? {} : { role }),
        ...(instance === undefined ? {} : { instance }),
        count,
      };
      return { target, cls: count.kind };
    });
}
