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

/**
 * Explorer throughput as the engine runs it (safety checks after every advance, settle phase,
 * liveness check): `runs` cases per VM type of `instances`-instance fleets and exactly
 * `steps`-command sequences. Returns runs per second over all types.
 */
export async function measureExplore(
  runs: number,
  instances = 20,
  steps = 30,
  seed = 1,
  warmupRuns = 30,
): Promise<{ runsPerSecond: number; runs: number; seconds: number }> {
  const platform = referencePlatform();
  const casesOf = (vmType: VmType, count: number, caseSeed: number) => {
    const commands = fc.array(fc.oneof(...commandArbitraries(vmType, platform)), { minLength: steps, maxLength: steps });
    return fc.sample(fc.tuple(sized(vmType, instances), fc.integer({ min: 0, max: 0x7fffffff }), commands), {
      seed: caseSeed,
      numRuns: count,
    });
  };
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
  const t0 = performance.now();
  for (const vmType of VM_TYPES) total += await runAll(casesOf(vmType, runs, seed));
  const seconds = (performance.now() - t0) / 1000;
  return { runsPerSecond: total / seconds, runs: total, seconds };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureExplore(Number(process.argv[2] ?? 100));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
