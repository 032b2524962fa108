// Exploration split over workers and CI shards: shards 1/2 and 2/2 merged give the unsharded exploration's findings
// and coverage (same seed and runs), whatever the number of workers; merge refuses an incomplete or mixed split.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { VM_TYPES, type ExploreRecord } from "../../core/index.ts";
import { BLOCK_RUNS, planBlocks } from "../../suites/properties/index.ts";
import { cli, tempDir } from "../support/cli.ts";

const SEED = 1;
const BROKEN = "test/fixtures/platforms/egress-prefix-match.ts";

function explore(...args: string[]): { out: string; record: ExploreRecord; code: number } {
  const [out, emit] = [tempDir(), tempDir()];
  const result = cli("explore", "--seed", String(SEED), "--emit", emit, "--out", out, ...args);
  expect(result.stderr).not.toMatch(/Error|Failed/);
  return { out, code: result.code, record: JSON.parse(readFileSync(join(out, "explore.json"), "utf8")) as ExploreRecord };
}

function merge(...files: string[]): { record?: ExploreRecord; code: number; stderr: string } {
  const out = tempDir();
  const result = cli("merge", ...files, "--out", out);
  if (result.code === 2) return { code: 2, stderr: result.stderr };
  return { code: result.code, stderr: result.stderr, record: JSON.parse(readFileSync(join(out, "explore.json"), "utf8")) as ExploreRecord };
}

/** What must agree: per type, the runs, the findings (control and shrunk scenario, in order) and the coverage. */
function essence(record: ExploreRecord): unknown {
  return Object.fromEntries(
    Object.entries(record.types).map(([vmType, t]) => [
      vmType,
      { runs: t.runs, findings: t.findings.map((f) => [f.control, f.scenario, f.run]), coverage: t.coverage, uncovered: t.uncovered },
    ]),
  );
}

describe(`the seed-splitting rule (seed ${SEED})`, () => {
  it("deals every block of the plan to exactly one shard, in plan order", () => {
    const all = [...planBlocks(VM_TYPES, 210, undefined)];
    expect(all.length).toBe(VM_TYPES.length * Math.ceil(210 / BLOCK_RUNS));
    expect(all.filter((b) => b.vmType === "cattle").reduce((sum, b) => sum + b.runs, 0)).toBe(210);
    for (const total of [2, 3, 7]) {
      const dealt = Array.from({ length: total }, (_, i) => [...planBlocks(VM_TYPES, 210, { index: i + 1, total })]).flat();
      const key = (b: (typeof all)[number]): string => `${b.vmType}/${b.firstRun}`;
      expect(dealt.map(key).sort()).toEqual(all.map(key).sort());
    }
  });
});

describe(`explore --shard and merge (seed ${SEED})`, () => {
  it("shards 1/2 and 2/2 of a broken platform merged give the unsharded run's findings, with 2 workers or 1", () => {
    const whole = explore("--type", "cattle", "--runs", "100", "--platform", BROKEN, "--workers", "2");
    expect(whole.code).toBe(1);
    expect(whole.record.types["cattle"]?.findings.length).toBeGreaterThan(0);
    const one = explore("--type", "cattle", "--runs", "100", "--platform", BROKEN, "--workers", "1", "--shard", "1/2");
    const two = explore("--type", "cattle", "--runs", "100", "--platform", BROKEN, "--workers", "2", "--shard", "2/2");
    expect(one.record.shard).toEqual({ index: 1, total: 2 });
    const merged = merge(join(one.out, "explore.json"), join(two.out, "explore.json"));
    expect(merged.code).toBe(1);
    expect(essence(merged.record as ExploreRecord)).toEqual(essence(whole.record));
    // In the other order too: the merge sorts findings back into run order.
    expect(essence(merge(join(two.out, "explore.json"), join(one.out, "explore.json")).record as ExploreRecord)).toEqual(
      essence(whole.record),
    );
  });

  it("merged coverage of every type on the reference platform equals the unsharded run's coverage", () => {
    const whole = explore("--runs", "50", "--workers", "2");
    expect(whole.code).toBe(0);
    const one = explore("--runs", "50", "--shard", "1/2");
    const two = explore("--runs", "50", "--shard", "2/2");
    const merged = merge(join(one.out, "explore.json"), join(two.out, "explore.json"));
    expect(merged.code).toBe(0);
    for (const vmType of VM_TYPES) {
      expect(merged.record?.types[vmType]?.coverage).toEqual(whole.record.types[vmType]?.coverage);
      expect(merged.record?.types[vmType]?.coverage.runs).toBe(50);
    }
    // Each shard alone covered part of it.
    expect(one.record.types["cattle"]?.coverage.runs).toBeLessThan(50);
  });

  it("--budget alone explores until the budget, then writes what it covered (exit 0 on the reference platform)", () => {
    const budgeted = explore("--type", "pet", "--budget", "3s", "--workers", "1");
    expect(budgeted.code).toBe(0);
    expect(budgeted.record.budgetMs).toBe(3_000);
    expect(budgeted.record.runsPerType).toBe(1_000_000);
    const pet = budgeted.record.types["pet"];
    expect(pet?.runs).toBeGreaterThan(0);
    expect(pet?.runs).toBeLessThan(1_000_000);
    expect(pet?.coverage.runs).toBe(pet?.runs);
    const bad = cli("explore", "--budget", "600");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Use a duration with its unit, such as 90s, 10m or 1h.");
  });

  it("merge refuses a missing shard, a shard given twice and explorations of different seeds (exit 2, one clear error)", () => {
    const one = explore("--type", "pet", "--runs", "25", "--shard", "1/2");
    const file = join(one.out, "explore.json");
    const missing = merge(file);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(
      `Failed to merge explore records: shard 2/2 missing. Pass the explore.json of every shard 1/2 to 2/2.`,
    );
    expect(merge(file, file).stderr).toContain("shard 1/2 is given twice");
    const other = join(tempDir(), "explore.json");
    writeFileSync(other, JSON.stringify({ ...one.record, seed: 2, shard: { index: 2, total: 2 } }));
    expect(merge(file, other).stderr).toContain(`"${other}" has seed 2 but "${file}" has 1`);
    const broken = join(tempDir(), "explore.json");
    writeFileSync(broken, JSON.stringify({ ...one.record, types: { pet: { runs: "many" } } }));
    expect(merge(broken).stderr).toMatch(new RegExp(`^Failed to merge "${broken}": .* at types\\.pet\\.`));
  });
});
