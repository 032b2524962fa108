import fc from "fast-check";
import { VM_TYPES, type FleetSpec, type VmType } from "../core/index.ts";
import { referencePlatform } from "../platform/index.ts";
import { commandArbitraries, FLEETS, runCase } from "../suites/properties/explore.ts";

/** Fleets of exactly `instances` instances of one VM type (pets: one pair plus lone pets). */
function sized(vmType: VmType, instances: number): fc.Arbitrary<FleetSpec> {
  return FLEETS[vmType]().map((fleet) => {
    if (vmType !== "pet")
      return {
        ...fleet,
        groups: fleet.groups.map((g) => ({
          ...g,
          capacity: instances,
          maxUnavailable: Math.max(g.maxUnavailable, 2),
          ...(g.replicationFactor > 0 ? { replicationFactor: 3, shards: instances } : {}),
        })),
      };
    const [lone, pair] = fleet.groups;
    return { ...fleet, groups: [{ ...lone!, capacity: instances - 2 }, pair!] };
  });
}

/** The benchmark's cases: `count` fleets of `instances` instances of one VM type, each with exactly `steps` commands. */
export function benchCases(vmType: VmType, count: number, caseSeed: number, instances = 20, steps = 30) {
  const commands = fc.array(fc.oneof(...commandArbitraries(vmType, referencePlatform())), { minLength: steps, maxLength: steps });
  return fc.sample(fc.tuple(sized(vmType, instances), fc.integer({ min: 0, max: 0x7fffffff }), commands), {
    seed: caseSeed,
    numRuns: count,
  });
}

/**
 * Explorer throughput as the engine runs it (safety checks after every advance, settle phase,
 * liveness check): `runs` cases per VM type of `instances`-instance fleets and exactly
 * `steps`-command sequences. Returns runs per second over all types and per type.
 */
export async function measureExplore(
  runs: number,
  instances = 20,
  steps = 30,
  seed = 1,
  warmupRuns = 30,
): Promise<{
  runsPerSecond: number;
  runs: number;
  seconds: number;
  perType: Record<VmType, number>;
  runsPerCpuSecond: number;
  perTypeCpu: Record<VmType, number>;
}> {
  const platform = referencePlatform();
  const casesOf = (vmType: VmType, count: number, caseSeed: number) => benchCases(vmType, count, caseSeed, instances, steps);
  const runAll = async (cases: ReturnType<typeof casesOf>): Promise<number> => {
    for (const [fleet, simSeed, list] of cases) {
      try {
        await runCase(fleet, simSeed, list, platform, "bench");
      } catch {
        // A finding is still a run; the benchmark measures throughput, not verdicts.
      }
    }
    return cases.length;
  };
  // Warm-up (not timed): the first runs pay for JIT compilation, not for exploring.
  for (const vmType of VM_TYPES) await runAll(casesOf(vmType, warmupRuns, seed + 1));
  let total = 0;
  let seconds = 0;
  let cpuSeconds = 0;
  const perType: Partial<Record<VmType, number>> = {};
  const perTypeCpu: Partial<Record<VmType, number>> = {};
  for (const vmType of VM_TYPES) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const done = await runAll(casesOf(vmType, runs, seed));
    const cpu = process.cpuUsage(cpu0);
    const typeSeconds = (performance.now() - t0) / 1000;
    const typeCpuSeconds = (cpu.user + cpu.system) / 1e6;
    perType[vmType] = done / typeSeconds;
    perTypeCpu[vmType] = done / typeCpuSeconds;
    total += done;
    seconds += typeSeconds;
    cpuSeconds += typeCpuSeconds;
  }
  return {
    runsPerSecond: total / seconds,
    runs: total,
    seconds,
    perType: perType as Record<VmType, number>,
    // Per second of this process's CPU time: what one core does, whatever else the machine runs meanwhile.
    runsPerCpuSecond: total / cpuSeconds,
    perTypeCpu: perTypeCpu as Record<VmType, number>,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureExplore(Number(process.argv[2] ?? 100));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
