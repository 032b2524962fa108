import { describe, expect, it } from "vitest";
import { loadPlatform } from "../../scenarios/index.ts";
import { referencePlatform } from "../../platform/index.ts";
import { explore, mergeCoverage, uncoveredControls } from "../../suites/properties/index.ts";

describe("exploration coverage", () => {
  it("counts the generated runs only (not fast-check's shrink attempts), and merges by adding counts", async () => {
    const platform = await loadPlatform("test/fixtures/platforms/egress-prefix-match.ts");
    const found = await explore({ vmType: "cattle", platform, runs: 200, seed: 1 });
    expect(found.finding).toBeDefined();
    expect(found.finding?.shrinks).toBeGreaterThan(0);
    expect(found.coverage.runs).toBe(found.runs);
    for (const counts of Object.values(found.coverage.controls))
      expect(counts.pass + counts.fail + counts.inconclusive + counts.skipped + counts.error).toBe(found.runs);

    const [a, b] = await Promise.all([2, 3].map((seed) => explore({ vmType: "pet", platform: referencePlatform(), runs: 20, seed })));
    const merged = mergeCoverage([a!.coverage, b!.coverage]);
    expect(merged.runs).toBe(40);
    expect(merged.controls["PET-HA-001"]?.pass).toBe(
      (a!.coverage.controls["PET-HA-001"]?.pass ?? 0) + (b!.coverage.controls["PET-HA-001"]?.pass ?? 0),
    );
    const kills = (c: typeof merged) => c.chaos["kill"]?.params["target"]?.["one"]?.injected ?? 0;
    expect(kills(merged)).toBe(kills(a!.coverage) + kills(b!.coverage));
    expect(uncoveredControls(merged, "pet")).toEqual(
      uncoveredControls(a!.coverage, "pet").filter((id) => uncoveredControls(b!.coverage, "pet").includes(id)),
    );
  });
});
