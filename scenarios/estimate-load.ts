import type { ChaosStep, GroupSpec, Scenario } from "../core/index.ts";
import { CHAOS_PARAMS } from "../chaos/index.ts";

/** What a scenario will cost before it runs: instances at the start, launches and history events in all. */
export interface LoadEstimate {
  /** The fleet at the start: the sum of the groups' capacities. */
  readonly instances: number;
  /** Instances launched in all, the initial fleet included (an upper estimate). */
  readonly launches: number;
  /** History events (an upper estimate: memory grows with them). */
  readonly events: number;
}

// Events per instance launched (launched, running, placement, tags, termination and its reason) and per
// instance a step hits (the fault, the platform's answer, the replacement's first events), and per image pushed.
// Calibrated on the stock library and the benchmark fleet: the estimate stays above what runs record.
const EVENTS_PER_LAUNCH = 6;
const EVENTS_PER_HIT = 10;
const EVENTS_PER_IMAGE = 8;
const EVENTS_PER_STEP = 4;

/** Steps the platform answers without replacing the instance (a refusal, a revoked rule, a restart). */
const OBSERVED_ONLY: ReadonlySet<string> = new Set(["login", "egress", "open-ingress", "stop-start", "key-injection"]);

/** How many instances a step's target can match: its group, its VM type, or the whole fleet. */
function pool(step: ChaosStep, groups: readonly GroupSpec[], total: number): number {
  const { group, vmType } = step.target;
  if (group !== undefined) return groups.find((g) => g.name === group)?.capacity ?? 0;
  if (vmType !== undefined) return groups.filter((g) => g.vmType === vmType).reduce((sum, g) => sum + g.capacity, 0);
  return total;
}

/** Instances a step hits (at most its pool) and instances it launches or rebuilds. */
function stepCost(step: ChaosStep, groups: readonly GroupSpec[], total: number): { hits: number; launches: number; images: number } {
  const spec = CHAOS_PARAMS[step.action];
  const size = pool(step, groups, total);
  if (spec.scope === "fleet") {
    // A patch release rebuilds or patches every instance; the others act on the platform.
    return step.action === "patch-release" ? { hits: total, launches: total, images: groups.length } : { hits: 0, launches: 0, images: 0 };
  }
  if (spec.scope === "group") {
    if (step.action === "image-release") return { hits: size, launches: size, images: 1 };
    if (step.action === "vulnerable-image") {
      const count = Number(step.with["count"] ?? 1);
      const clean = Number(step.with["clean"] ?? 0);
      return { hits: clean > 0 ? size : 0, launches: clean > 0 ? size : 0, images: count + clean };
    }
    return { hits: 1, launches: 1, images: 1 };
  }
  const { count } = step.target;
  const hits =
    count.kind === "one"
      ? Math.min(1, size)
      : count.kind === "random"
        ? Math.min(count.n, size)
        : count.kind === "fraction"
          ? Math.ceil(count.fraction * size)
          : size;
  // Killed, crashed, drifted or tainted instances may be replaced: at most one launch per hit.
  return { hits, launches: OBSERVED_ONLY.has(step.action) ? 0 : hits, images: 0 };
}

/**
 * Estimates what a scenario costs before it runs, from its fleet, its bounds, its run length
 * and its steps: every instance launched at the start; for immutable groups, one generation per
 * `maxAge` of run (their reaper replaces them before 28 days); every instance a step can hit,
 * with its replacement; every image pushed. It is an upper estimate: the runner enforces the
 * same limits while it runs, for what a platform does that no estimate foresees.
 *
 * @example estimateLoad(scenario).events // 1_240 for a 6-node cattle group and two steps over 3h
 */
export function estimateLoad(scenario: Scenario): LoadEstimate {
  const { groups, bounds } = scenario.fleet;
  const instances = groups.reduce((sum, g) => sum + g.capacity, 0);
  let launches = 0;
  let events = 8;
  for (const group of groups) {
    const generations = group.vmType === "immutable" ? 1 + (scenario.runMs + group.initialAgeMs) / Math.max(bounds.maxAgeMs, 1) : 1;
    const groupLaunches = group.capacity * generations;
    launches += groupLaunches;
    events += groupLaunches * EVENTS_PER_LAUNCH + group.shards * Math.max(group.replicationFactor, 0) * generations;
  }
  for (const step of scenario.steps) {
    const cost = stepCost(step, groups, instances);
    launches += cost.launches;
    events += EVENTS_PER_STEP + cost.hits * EVENTS_PER_HIT + cost.launches * EVENTS_PER_LAUNCH + cost.images * EVENTS_PER_IMAGE;
  }
  return { instances, launches: Math.ceil(launches), events: Math.ceil(events) };
}
