import { DEFAULT_BOUNDS, groupDefaults, type FleetBounds, type FleetSpec, type GroupSpec, type VmType } from "../../core/index.ts";

/** A group spec with defaults, for tests that build fleets in code. */
export function group(name: string, vmType: VmType, capacity: number, extra: Partial<GroupSpec> = {}): GroupSpec {
  return { name, vmType, capacity, image: `${name}-img`, ...groupDefaults(vmType, capacity), ...extra };
}

/** A fleet spec with default bounds. */
export function fleet(groups: GroupSpec[], bounds: Partial<FleetBounds> = {}): FleetSpec {
  return { groups, bounds: { ...DEFAULT_BOUNDS, ...bounds } };
}
