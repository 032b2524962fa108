import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VM_TYPE_TITLES, type VmType } from "../../core/index.ts";
import { controlById } from "../../guarantees/index.ts";
import type { ScenarioResult } from "../../scenarios/index.ts";
import { reportVerdict } from "../allure.ts";
import { libraryPart, runPart, writePartRecord } from "./library.ts";

/**
 * Declares the conformance suite of one VM type: every stock library scenario of that type
 * runs on the simulated fleet with its platform (the reference one), and each control the
 * scenario expects is one test, `CAT-HEAL-001 · cattle-two-nodes-die-at-once`, that asserts the
 * expected status and reports the verdict to Allure with its evidence.
 */
export async function conformanceSuite(vmType: VmType): Promise<void> {
  const scenarios = await libraryPart(vmType);
  describe(`${VM_TYPE_TITLES[vmType]} conformance (stock library, sim)`, () => {
    let results: Map<string, ScenarioResult>;
    const startedAt = new Date();
    beforeAll(async () => {
      if (scenarios.length === 0)
        throw new Error(`Failed to run the ${vmType} conformance suite: no ${vmType}-*.yaml scenario in the stock library.`);
      results = await runPart(scenarios);
    });
    afterAll(async () => {
      if (results) await writePartRecord(vmType, results, startedAt);
    });
    for (const scenario of scenarios) {
      for (const expectation of scenario.expect) {
        it(`${expectation.control} · ${scenario.name}`, async () => {
          const result = results.get(scenario.name);
          const verdict = result?.verdicts.find((v) => v.control === expectation.control);
          if (!result || !verdict) return expect.fail(`${scenario.name} has no verdict for ${expectation.control}`);
          await reportVerdict(
            verdict,
            { name: scenario.name, seed: result.seed, backend: result.backend, replay: result.replay },
            controlById(expectation.control),
          );
          expect(verdict.status, `${verdict.headline}\n  replay: ${result.replay}${verdict.hint ? `\n  hint: ${verdict.hint}` : ""}`).toBe(
            expectation.status,
          );
        });
      }
    }
  });
}
