import type { Instance, Rng, TargetSpec } from "../core/index.ts";
import type { ChaosWorld } from "./world.ts";

/**
 * Picks a step's targets: the filters narrow the live, healthy instances (in launch order),
 * then the count picks with the step's seeded stream.
 */
export function selectTargets(world: ChaosWorld, target: TargetSpec, rng: Rng): readonly Instance[] {
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
  switch (target.count.kind) {
    case "all":
      return candidates;
    case "one":
      return rng.sample(candidates, 1);
    case "random":
      return rng.sample(candidates, target.count.n);
    case "fraction":
      return rng.sample(candidates, candidates.length === 0 ? 0 : Math.max(1, Math.round(target.count.fraction * candidates.length)));
  }
}
