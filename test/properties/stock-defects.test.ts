import { describe, expect, it } from "vitest";
import { referencePlatform } from "../../platform/index.ts";
import { loadPlatform, loadScenario, runScenario } from "../../scenarios/index.ts";

/**
 * The stock scenarios added with the reference platform's fixes, each beside a fixture that keeps the defect
 * (the platform as it was before the fix): the scenario fails the fixture and passes the reference platform.
 */
const CASES: Array<[scenario: string, fixture: string, controls: string[]]> = [
  // a kill during a rolling rebuild: the surge pair counted twice, the killed server never replaced
  ["immutable-kill-during-rollout", "healer-counts-surge-pairs", ["IMM-HEAL-001", "IMM-HEAL-002"]],
  // scale-in removing a node that holds replica data without copying it off first
  ["cattle-scale-in-drains", "scale-in-without-drain", ["CAT-DATA-001"]],
  // a stopped server counted as serving
  ["immutable-capacity-floor", "healer-counts-stopped", ["IMM-HEAL-002"]],
  // a grant issued for one instance accepted on another
  ["cattle-grant-on-another-node", "grant-ignores-instance", ["CAT-ACC-001"]],
];

describe("stock scenarios of the reference platform's fixes", () => {
  it.each(CASES)("%s fails with %s and passes on the reference platform", async (name, fixture, controls) => {
    const scenario = await loadScenario(`scenarios/library/${name}.yaml`);
    const broken = runScenario(scenario, { platform: await loadPlatform(`test/fixtures/platforms/${fixture}.ts`) });
    for (const control of controls) expect(broken.verdicts.find((v) => v.control === control)?.status, control).toBe("fail");
    const reference = runScenario(scenario, { platform: referencePlatform() });
    expect(reference.status).toBe("pass");
    for (const control of controls) expect(reference.verdicts.find((v) => v.control === control)?.status, control).toBe("pass");
  });
});
