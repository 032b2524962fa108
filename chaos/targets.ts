import type { Instance, IndexedPool, Rng, TargetSpec } from "../core/index.ts";
import type { ChaosWorld } from "./world.ts";

/**
 * Picks a step's targets: the filters narrow the live, healthy instances (in launch order),
 * then the count picks with the step's seeded stream. A step that names only a VM type (or
 * nothing) samples by position from the world's healthy pool when it keeps one: the same draws
 * as sampling the list, without listing the type.
 */
export function selectTargets(world: ChaosWorld, target: TargetSpec, rng: Rng): readonly Instance[] {
  const pool = target.count.kind === "all" || !byTypeOnly(target) ? undefined : world.healthyPool?.(target.vmType);
  if (pool) return sampleFrom(pool, target, rng);
  const listed = world.list({
    healthy: true,
    ...(target.group !== undefined ? { group: target.group } : {}),
    ...(target.zone !== undefined ? { zone: target.zone } : {}),
    ...(target.vmType !== undefined ? { vmType: target.vmType } : {}),
  });
  const candidates =
    target.role === undefined && target.instance === undefined
      ? listed
      : listed.filter(
          (instance) =>
            (target.role === undefined || instance.haRole === target.role) &&
            (target.instance === undefined || instance.id === target.instance),
        );
  if (target.count.kind === "all") return candidates;
  return rng.sampleIndexes(candidates.length, countOf(target, candidates.length)).map((at) => candidates[at] as Instance);
}

function byTypeOnly(target: TargetSpec): boolean {
  return target.group === undefined && target.zone === undefined && target.role === undefined && target.instance === undefined;
}

function sampleFrom(pool: IndexedPool, target: TargetSpec, rng: Rng): Instance[] {
  const size = pool.size;
  return rng.sampleIndexes(size, countOf(target, size)).map((at) => pool.at(at));
}

/** How many of `available` candidates the step's count asks for. */
function countOf(target: TargetSpec, available: number): number {
  switch (target.count.kind) {
    case "all":
      return available;
    case "one":
      return 1;
    case "random":
      return target.count.n;
    case "fraction":
      return available === 0 ? 0 : Math.max(1, Math.round(target.count.fraction * available));
  }
}
