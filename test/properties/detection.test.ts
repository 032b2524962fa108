import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { CHAOS_ACTIONS, VM_TYPES, type ExploreRecord, type ExploreTypeRecord, type VmType } from "../../core/index.ts";
import { referencePlatform } from "../../platform/index.ts";
import { loadPlatform, loadScenario, runScenario } from "../../scenarios/index.ts";
import { emitFinding, explore } from "../../suites/properties/index.ts";
import { DEFAULT_EXPLORE_RUNS } from "../../cli/explore-command.ts";
import { CATALOG } from "../../guarantees/index.ts";
import { cli, ROOT, tempDir } from "../support/cli.ts";

const SEED = 1;

/** Every broken-platform fixture, the VM type to explore and the controls that may catch it. */
const FIXTURES: Array<[fixture: string, vmType: VmType, controls: string[]]> = [
  // the first ones
  ["reaper-spares-until-day-29", "immutable", ["IMM-AGE-001", "IMM-AGE-002"]],
  ["healer-ignores-zone-b", "cattle", ["CAT-HEAL-001", "CAT-HEAL-002"]],
  ["root-on-immutable", "immutable", ["IMM-ACC-001"]],
  ["repairs-immutable-in-place", "immutable", ["IMM-CFG-001"]],
  ["reaper-recycles-pets", "pet", ["PET-PROT-001"]],
  ["pets-open-to-all", "pet", ["PET-ACC-001"]],
  ["no-inventory", "cattle", ["FLT-INV-001"]],
  // subtler ones
  ["healer-one-per-reconcile", "cattle", ["CAT-HEAL-001", "CAT-HEAL-002"]],
  ["jit-never-expires", "cattle", ["CAT-BG-001", "CAT-ACC-001"]],
  ["egress-prefix-match", "cattle", ["CAT-NET-001"]],
  ["ha-two-actives", "pet", ["PET-HA-001"]],
  ["replicator-waits-for-second-failure", "cattle", ["CAT-DATA-001"]],
  ["patcher-patches-immutable", "immutable", ["IMM-PAT-001"]],
  ["gate-checks-first-of-batch", "immutable", ["IMM-CICD-001"]],
  ["taint-without-recycle", "cattle", ["CAT-BG-002"]],
  ["reaper-from-last-start", "immutable", ["IMM-AGE-001", "IMM-AGE-002"]],
  // one per gap the schema-derived generators close
  // any config key for drift
  ["drift-watches-known-files", "cattle", ["CAT-DRF-001"]],
  // addresses and CIDR edges as egress destinations
  ["egress-cidr-off-by-one", "cattle", ["CAT-NET-001"]],
  // sessions of seconds
  ["taint-long-sessions-only", "cattle", ["CAT-BG-002"]],
  // stop/start on cattle
  ["healer-counts-stopped", "cattle", ["CAT-HEAL-001", "CAT-HEAL-002"]],
  // controller outages
  ["outage-loses-queued-work", "cattle", [...CATALOG.filter((c) => c.scope !== "pet" && c.scope !== "immutable").map((c) => c.id)]],
  // chaos during a rollout
  ["healer-counts-surge-pairs", "immutable", ["IMM-HEAL-001", "IMM-HEAL-002"]],
  // a grant presented on another instance
  ["grant-ignores-instance", "cattle", ["CAT-ACC-001"]],
  // the checker gaps: a replacement from a superseded image, an unknown actor, a planned removal below RF
  ["healer-launches-from-cached-image", "cattle", ["CAT-IMG-002"]],
  ["healer-launches-as-autoscaling", "cattle", ["FLT-AUD-001"]],
  ["scale-in-without-drain", "cattle", ["CAT-DATA-001"]],
];

describe(`explore catches every broken platform within its default budget (${DEFAULT_EXPLORE_RUNS} runs, seed ${SEED})`, () => {
  it.each(FIXTURES)("%s (%s)", async (fixture, vmType, controls) => {
    const ref = `test/fixtures/platforms/${fixture}.ts`;
    const platform = await loadPlatform(ref);
    const result = await explore({ vmType, platform, runs: DEFAULT_EXPLORE_RUNS, seed: SEED });
    expect(result.finding, `no failure found in ${result.runs} runs`).toBeDefined();
    const finding = result.finding!;
    expect(controls).toContain(finding.control);

    const emitted = await emitFinding(finding, { emitDir: tempDir("cattleprod-found-"), platform, platformRef: ref });
    expect(emitted.reproduced).toBe(true);
    expect(emitted.message.split("\n")[0]).toMatch(new RegExp(`^${finding.control} failed: `));
    expect(emitted.message.split("\n")[1]).toMatch(/^replay: npx cattleprod run --seed \d+ .*\.yaml --platform /);
    expect(emitted.message).toMatch(/\ncounterexample \(seed \d+; fleet .*\):\n/);
    expect(emitted.message.split("\n").at(-1)).toMatch(/^hint: /);

    // The file on disk replays it: the same control fails with the broken platform, passes with the reference one.
    const scenario = await loadScenario(emitted.file);
    expect(scenario.steps.length).toBeLessThanOrEqual(10);
    expect(readFileSync(emitted.file, "utf8").split("\n").length).toBeLessThanOrEqual(40);
    const broken = runScenario(scenario, { platform, platformRef: ref });
    expect(broken.verdicts.find((v) => v.control === finding.control)?.status).toBe("fail");
    const reference = runScenario(scenario, { platform: referencePlatform() });
    expect(reference.verdicts.find((v) => v.control === finding.control)?.status).toBe("pass");
    expect(reference.status).toBe("pass");
  });
});

describe("cattleprod explore, end to end", () => {
  const explorerEndToEnd =
    "exits 1 on a broken platform, emits a scenario that `run` replays (exit 1), and that passes on the reference platform (exit 0)";
  it(explorerEndToEnd, () => {
    // The emit folder as a relative path: the replay line and `wrote` print it as given.
    const [emit, out] = [relative(ROOT, tempDir()), tempDir()];
    const ref = "test/fixtures/platforms/egress-prefix-match.ts";
    const explored = cli("explore", "--type", "cattle", "--seed", "1", "--platform", ref, "--emit", emit, "--out", out);
    expect(explored.code).toBe(1);
    expect(explored.stdout).toMatch(
      new RegExp(`\nreplay: npx cattleprod run --seed \\d+ ${emit}/cattle-cat-net-001-seed-1\\.yaml --platform ${ref}\n`),
    );
    expect(explored.stdout).toContain(`\nwrote ${emit}/cattle-cat-net-001-seed-1.yaml\n`);
    const text = readFileSync(join(ROOT, emit, "cattle-cat-net-001-seed-1.yaml"), "utf8");
    expect(text).toMatch(/fast-check shrank the failing run in \d+ shrink iterations? to \d+ chaos steps?\./);
    expect(text).not.toMatch(/shrunk in \d+ steps/);
    const record = JSON.parse(readFileSync(`${out}/explore.json`, "utf8")) as ExploreRecord;
    // Every block of runs that fails yields a finding; distinct shrunk scenarios of the same control are each kept.
    const cattle = record.types["cattle"] as ExploreTypeRecord;
    expect(cattle.failures).toBeGreaterThanOrEqual(1);
    expect(cattle.emitted.length).toBe(cattle.failures);
    expect(new Set(cattle.findings.map((f) => f.control))).toEqual(new Set(["CAT-NET-001"]));
    expect(new Set(cattle.findings.map((f) => f.scenario)).size).toBe(cattle.failures);
    expect(cattle.emitted[0]).toBe(`${emit}/cattle-cat-net-001-seed-1.yaml`);
    const file = cattle.emitted[0] as string;
    expect(explored.stdout).toContain("CAT-NET-001 failed:");
    expect(cli("run", file, "--platform", ref, "--out", tempDir()).code).toBe(1);
    expect(cli("run", file, "--out", tempDir()).code).toBe(0);
  });

  it("exits 0 on the reference platform with --require-coverage: every control of every type decided, and coverage recorded", () => {
    const out = tempDir();
    const explored = cli("explore", "--type", "all", "--seed", "1", "--out", out, "--emit", tempDir(), "--require-coverage");
    expect(explored.code, explored.stdout).toBe(0);
    const record = JSON.parse(readFileSync(`${out}/explore.json`, "utf8")) as ExploreRecord;
    expect(record.requireCoverage).toBe(true);
    for (const vmType of VM_TYPES) {
      const report = record.types[vmType] as ExploreTypeRecord;
      expect(report.runs).toBe(DEFAULT_EXPLORE_RUNS);
      expect(report.failures).toBe(0);
      expect(report.runsPerSecond).toBeGreaterThan(0);
      expect(report.uncovered).toEqual([]);
      expect(report.coverage.runs).toBe(DEFAULT_EXPLORE_RUNS);
      for (const control of CATALOG.filter((c) => c.scope === vmType || c.scope === "fleet")) {
        const counts = report.coverage.controls[control.id];
        expect(counts && counts.pass + counts.fail, `${vmType} ${control.id}`).toBeGreaterThan(0);
        expect(counts && counts.pass + counts.fail + counts.inconclusive + counts.skipped + counts.error).toBe(DEFAULT_EXPLORE_RUNS);
      }
      for (const action of CHAOS_ACTIONS) {
        const counts = report.coverage.chaos[action];
        expect(counts?.injected, `${vmType} ${action}`).toBeGreaterThan(0);
        expect(counts?.tookEffect).toBeLessThanOrEqual(counts?.injected ?? 0);
      }
      expect(explored.stdout).toContain(`${vmType}: ${DEFAULT_EXPLORE_RUNS} runs, 0 failure(s), `);
    }
    expect(readFileSync(`${out}/explore.html`, "utf8")).toContain("no uncovered control");
  });

  it("exits 3 with --require-coverage when a control was never decided, and lists it", () => {
    const out = tempDir();
    const explored = cli("explore", "--type", "pet", "--runs", "2", "--seed", "1", "--out", out, "--emit", tempDir(), "--require-coverage");
    expect(explored.code).toBe(3);
    const record = JSON.parse(readFileSync(`${out}/explore.json`, "utf8")) as ExploreRecord;
    const uncovered = record.types["pet"]?.uncovered ?? [];
    expect(uncovered.length).toBeGreaterThan(0);
    expect(explored.stdout).toContain(`pet: 2 runs, 0 failure(s), `);
    expect(explored.stdout).toContain(`coverage: uncovered: ${uncovered.join(", ")}`);
    expect(explored.stdout).toMatch(new RegExp(`Result: UNCOVERED \\(exit 3, seed 1; never decided: ${uncovered.join(", ")};`));
    expect(cli("explore", "--type", "pet", "--runs", "2", "--seed", "1", "--emit", tempDir()).code).toBe(0);
  });
});
