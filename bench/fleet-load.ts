import {
  DAY_MS,
  DEFAULT_BOUNDS,
  groupDefaults,
  HOUR_MS,
  type ChaosStep,
  type FleetSpec,
  type GroupSpec,
  type Scenario,
  type VmType,
} from "../core/index.ts";

const GROUP_SIZE = 100;
const SHARE: ReadonlyArray<[VmType, number]> = [
  ["cattle", 0.6],
  ["immutable", 0.3],
  ["pet", 0.1],
];

function groupsOf(vmType: VmType, instances: number): GroupSpec[] {
  const groups: GroupSpec[] = [];
  for (let k = 0; instances > 0; k++) {
    const capacity = Math.min(GROUP_SIZE, instances);
    instances -= capacity;
    const defaults = groupDefaults(vmType, capacity);
    groups.push({
      ...defaults,
      name: `${vmType}-${k}`,
      vmType,
      capacity,
      image: `${vmType}-${k}-img`,
      maxUnavailable: vmType === "pet" ? 0 : Math.max(2, Math.floor(capacity / 10)),
      ...(vmType === "cattle" && k % 4 === 0 ? { replicationFactor: 3, shards: capacity } : {}),
      ...(vmType === "pet" ? { operators: ["alice"] } : {}),
      egressAllowlist: vmType === "cattle" ? ["api.internal"] : defaults.egressAllowlist,
      // Spread ages so the 28-day reaping is a steady stream, not one wave.
      initialAgeMs: vmType === "immutable" ? ((k * 7) % 28) * DAY_MS : 0,
    });
  }
  return groups;
}

/** A mixed fleet of `instances` (60% cattle, 30% immutable, 10% pets) in groups of 100. */
export function mixedFleet(instances: number): FleetSpec {
  const groups = SHARE.flatMap(([vmType, share]) => groupsOf(vmType, Math.max(1, Math.round(instances * share))));
  return { groups, bounds: { ...DEFAULT_BOUNDS, patchSlaMs: 2 * DAY_MS } };
}

/**
 * The steady chaos load of the benchmark, every day: 1% of cattle killed, 1% of instances
 * drifted, a login attempt on every VM type, one vulnerable image pushed.
 */
export function dailyChaos(days: number, fleet: FleetSpec): ChaosStep[] {
  const steps: ChaosStep[] = [];
  const add = (atMs: number, action: ChaosStep["action"], target: ChaosStep["target"], params: ChaosStep["with"] = {}): void => {
    steps.push({ index: steps.length, atMs, action, target, with: params });
  };
  const immutableGroup = fleet.groups.find((g) => g.vmType === "immutable")?.name;
  for (let day = 0; day < days; day++) {
    const t = day * DAY_MS + 6 * HOUR_MS;
    add(t, "kill", { vmType: "cattle", count: { kind: "fraction", fraction: 0.01 } });
    add(t + HOUR_MS, "drift", { count: { kind: "fraction", fraction: 0.01 } }, { actor: "chaos", setting: "bench.conf" });
    for (const vmType of ["pet", "cattle", "immutable"] as const)
      add(
        t + 2 * HOUR_MS,
        "login",
        { vmType, count: { kind: "one" } },
        { user: "root", protocol: "ssh", grant: "none", sessionForMs: 300_000 },
      );
    if (immutableGroup) add(t + 3 * HOUR_MS, "vulnerable-image", { group: immutableGroup, count: { kind: "one" } }, { count: 1, clean: 0 });
  }
  return steps;
}

/** The benchmark scenario for a fleet size. */
export function benchScenario(instances: number, days: number): Scenario {
  const fleet = mixedFleet(instances);
  return {
    apiVersion: "cattleprod/v1",
    name: `bench-${instances}`,
    description: "benchmark load",
    seed: 7,
    fleet,
    platform: "reference",
    steps: dailyChaos(days, fleet),
    runMs: days * DAY_MS,
    expect: [],
  };
}
