import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { VmType } from "../../core/index.ts";
import { referencePlatform } from "../../platform/index.ts";
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
      const platform = referencePlatform();
      const result = await explore({ vmType, platform, runs, seed });
      if (result.finding) {
        const emitDir = mkdtempSync(join(tmpdir(), "cattleprod-found-"));
        const emitted = await emitFinding(result.finding, { emitDir, platform, platformRef: "reference" });
        expect.fail(emitted.message);
      }
      expect(result.runs).toBe(runs);
    });
  });
}
