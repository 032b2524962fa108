import { describe, expect, it } from "vitest";
import { type Scenario } from "../../core/index.ts";
import { referencePlatform } from "../../platform/index.ts";
import { loadScenario, runScenario } from "../../scenarios/index.ts";

const FILE = "scenarios/library/immutable-kill-during-rollout.yaml";
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const CAPACITIES = Array.from({ length: 9 }, (_, i) => i + 4);

/** The stock scenario with another group capacity. */
function withCapacity(scenario: Scenario, capacity: number): Scenario {
  return { ...scenario, fleet: { ...scenario.fleet, groups: scenario.fleet.groups.map((g) => ({ ...g, capacity })) } };
}

describe(`kill during a rolling rebuild (${FILE}): seeds 1-20, capacities 4-12, reference platform`, () => {
  it("replaces the killed server from the current image within the RTO and keeps the capacity floor, every time", async () => {
    const scenario = await loadScenario(FILE);
    const failures: string[] = [];
    for (const capacity of CAPACITIES) {
      for (const seed of SEEDS) {
        const result = runScenario(withCapacity(scenario, capacity), { platform: referencePlatform(), seed });
        const killed = result.world.history.ofKind("chaos.outcome").find((o) => o.action === "kill");
        // The kill must land during the rollout: promoted before it, and stale servers still rebuilt after it.
        const promoted = result.world.history.ofKind("image.promoted").at(-1);
        const rebuiltAfter = result.world.history
          .ofKind("instance.terminated")
          .filter((t) => t.reason === "stale-image" && killed !== undefined && t.seq > killed.seq).length;
        if (!killed?.tookEffect || !promoted || promoted.atMs > killed.atMs || rebuiltAfter === 0)
          failures.push(`capacity ${capacity} seed ${seed}: the kill did not land during the rollout`);
        for (const v of result.verdicts.filter((v) => v.status === "fail"))
          failures.push(`capacity ${capacity} seed ${seed}: ${v.headline}`);
        for (const control of ["IMM-HEAL-001", "IMM-HEAL-002"]) {
          const status = result.verdicts.find((v) => v.control === control)?.status;
          if (status !== "pass") failures.push(`capacity ${capacity} seed ${seed}: ${control} ${status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
