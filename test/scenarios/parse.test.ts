import path from "node:path";
import { describe, expect, it } from "vitest";
import { DAY_MS, DEFAULT_BOUNDS, HOUR_MS, MINUTE_MS } from "../../core/index.ts";
import { loadScenario } from "../../scenarios/load.ts";
import { parseScenario } from "../../scenarios/parse.ts";

const GOOD = "test/fixtures/scenarios/good";

describe("parseScenario", () => {
  it("resolves the design example: durations in ms, defaults filled, steps in file order", async () => {
    const s = await loadScenario(`${GOOD}/cattle-two-nodes-die-at-once.yaml`);
    expect(s.file).toBe(`${GOOD}/cattle-two-nodes-die-at-once.yaml`);
    expect(s).toMatchObject({
      apiVersion: "cattleprod/v1",
      name: "cattle-two-nodes-die-at-once",
      seed: 42,
      platform: "reference",
      runMs: 3 * HOUR_MS,
    });
    expect(s.fleet.bounds).toEqual({ ...DEFAULT_BOUNDS, rtoMs: 10 * MINUTE_MS });
    expect(s.fleet.groups[0]).toEqual({
      name: "web",
      vmType: "cattle",
      capacity: 6,
      image: "web-2026-11",
      zones: ["a", "b", "c"],
      maxUnavailable: 2,
      replicationFactor: 0,
      shards: 0,
      operators: [],
      ha: false,
      egressAllowlist: [],
      publicIngress: false,
      initialAgeMs: 0,
    });
    expect(s.steps).toEqual([
      { index: 0, atMs: HOUR_MS, action: "kill", target: { group: "web", count: { kind: "random", n: 2 } }, with: {} },
      {
        index: 1,
        atMs: HOUR_MS,
        action: "login",
        target: { group: "web", count: { kind: "random", n: 1 } },
        with: { user: "root", protocol: "ssh", grant: "none", sessionForMs: 5 * MINUTE_MS },
      },
    ]);
    expect(s.expect).toEqual([
      { control: "CAT-HEAL-001", status: "pass" },
      { control: "CAT-HEAL-002", status: "pass" },
      { control: "CAT-ACC-001", status: "pass" },
    ]);
  });

  it("resolves every action's parameters, target defaults and expectations", async () => {
    const s = await loadScenario(`${GOOD}/mixed-fleet-everything.yaml`);
    const step = (action: string) => s.steps.find((x) => x.action === action);
    expect(s.steps.map((x) => x.index)).toEqual(s.steps.map((_, i) => i));
    expect(step("age")?.with).toEqual({ byMs: 29 * DAY_MS });
    expect(step("zone-outage")?.target).toEqual({ zone: "b", count: { kind: "all" } });
    expect(step("stop-start")?.target.count).toEqual({ kind: "fraction", fraction: 0.5 });
    expect(step("malware")?.target.count).toEqual({ kind: "one" });
    expect(step("break-glass")?.with).toEqual({ user: "carol", durationMs: 30 * MINUTE_MS, adminActions: 3, sessionMs: 10 * MINUTE_MS });
    expect(step("patch-release")).toMatchObject({ target: { count: { kind: "one" } }, with: { level: 3 } });
    expect(step("controller-outage")?.with).toEqual({ controller: "self-healer", forMs: 15 * MINUTE_MS });
    expect(step("api-faults")?.with).toEqual({ fraction: 0.3, forMs: 10 * MINUTE_MS, fault: "5xx" });
    expect(step("rogue-image")?.with).toEqual({ stage: 2, builtBy: "manual", scanned: true });
    expect(step("untagged-launch")?.target).toEqual({ count: { kind: "one" } });
    expect(s.runMs).toBe(DAY_MS + 12 * HOUR_MS);
    expect(s.expect).toEqual([
      { control: "CAT-HEAL-001", status: "pass" },
      { control: "PET-HA-001", status: "pass", withinMs: 3 * MINUTE_MS },
      { control: "IMM-AGE-001", status: "fail" },
    ]);
    for (const value of s.steps.flatMap((x) => Object.values(x.with))) expect(["string", "number", "boolean"]).toContain(typeof value);
  });

  it("fills group defaults: shards from replication, pet egress, initial age, zones", async () => {
    const s = await loadScenario(`${GOOD}/mixed-fleet-everything.yaml`);
    const [db, web, api] = s.fleet.groups;
    expect(db).toMatchObject({
      vmType: "pet",
      ha: true,
      maxUnavailable: 0,
      egressAllowlist: ["*"],
      operators: ["alice", "bob"],
      publicIngress: true,
    });
    expect(web).toMatchObject({ replicationFactor: 3, shards: 12, maxUnavailable: 2, egressAllowlist: ["api.internal"] });
    expect(api).toMatchObject({ zones: ["a", "b"], initialAgeMs: 27 * DAY_MS + 12 * HOUR_MS, maxUnavailable: 1 });
    expect(s.fleet.bounds).toEqual({ ...DEFAULT_BOUNDS, rtoMs: 5 * MINUTE_MS, driftWindowMs: 20 * MINUTE_MS });
  });

  it("resolves a platform module path against the scenario file, relative to the working directory", () => {
    const text =
      "apiVersion: cattleprod/v1\nname: p\nseed: 0\nplatform: ../platforms/mine.ts\n" +
      "fleet: { groups: [{ name: w, vmType: cattle, capacity: 1, image: i }] }\nrun: 1h\n";
    const s = parseScenario(text, "test/fixtures/scenarios/x.yaml");
    expect(s.platform).toBe("./test/fixtures/platforms/mine.ts");
    expect(path.resolve(s.platform)).toBe(path.resolve("test/fixtures/platforms/mine.ts"));
    expect(s).toMatchObject({ description: "", steps: [], expect: [] });
  });

  it("keeps steps in file order even when `at` goes backwards", () => {
    const text =
      "apiVersion: cattleprod/v1\nname: p\nseed: 0\nfleet: { groups: [{ name: w, vmType: cattle, capacity: 1, image: i }] }\n" +
      "steps:\n  - { at: 2h, chaos: kill }\n  - { at: 1h, chaos: crash }\nrun: 3h\n";
    expect(parseScenario(text, "x.yaml").steps.map((s) => [s.index, s.atMs])).toEqual([
      [0, 2 * HOUR_MS],
      [1, HOUR_MS],
    ]);
  });

  it("parses the stock library and the incidents", async () => {
    const { loadScenarios } = await import("../../scenarios/load.ts");
    const scenarios = await loadScenarios(["scenarios/library", "scenarios/incidents"]);
    expect(scenarios.length).toBeGreaterThan(0);
    expect(new Set(scenarios.map((s) => s.name)).size).toBe(scenarios.length);
  });
});
