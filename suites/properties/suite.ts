import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as allure from "allure-js-commons";
import { describe, expect, it } from "vitest";
import { VM_TYPE_TITLES, type VmType } from "../../core/index.ts";
import { controlById } from "../../guarantees/index.ts";
import { referencePlatform } from "../../platform/index.ts";
import { reportVerdict } from "../allure.ts";
import { emitFinding } from "./emit.ts";
import { explore } from "./explore.ts";

/** The seed and budget of the property suites: fixed in CI, raised for nightly runs. */
export function propertyBudget(): { seed: number; runs: number } {
  return { seed: Number(process.env["CATTLEPROD_SEED"] ?? 20261126), runs: Number(process.env["CATTLEPROD_RUNS"] ?? 100) };
}

/**
 * Declares the property suite of one VM type: the reference platform must keep every guarantee
 * across the explored chaos sequences. A failure is shrunk and written as a scenario file.
 */
export function propertySuite(vmType: VmType): void {
  const { seed, runs } = propertyBudget();
  describe(`${vmType} properties (seed ${seed}, ${runs} runs)`, () => {
    it(`the reference platform keeps every ${vmType} guarantee under explored chaos`, async () => {
      console.log(`${vmType} properties: seed ${seed}, ${runs} runs (CATTLEPROD_SEED / CATTLEPROD_RUNS to change)`);
      await allure.epic(VM_TYPE_TITLES[vmType]);
      await allure.feature("property exploration");
      await allure.story(`${vmType} chaos sequences`);
      await allure.parameter("seed", String(seed));
      await allure.parameter("runs", String(runs));
      await allure.parameter("backend", "sim");
      const platform = referencePlatform();
      const result = await explore({ vmType, platform, runs, seed });
      await allure.attachment(
        "exploration",
        JSON.stringify({ vmType, seed, runs: result.runs, failed: result.finding !== undefined }, null, 2),
        { contentType: "application/json" },
      );
      if (result.finding) {
        const emitDir = mkdtempSync(join(tmpdir(), "cattleprod-found-"));
        const emitted = await emitFinding(result.finding, { emitDir, platform, platformRef: "reference" });
        const definition = controlById(emitted.control);
        if (emitted.verdict && definition)
          await reportVerdict(
            emitted.verdict,
            { name: emitted.file, seed: result.finding.scenario.seed, backend: "sim", replay: emitted.replay },
            definition,
          );
        expect.fail(emitted.message);
      }
      expect(result.runs).toBe(runs);
    });
  });
}
