import { describe, expect, it } from "vitest";
import { DAY_MS, History, type FleetSpec } from "../../core/index.ts";
import { buildInstanceIndex, evaluateControls, InstanceIndexer } from "../../guarantees/index.ts";
import { referencePlatform } from "../../platform/index.ts";
import { SimSession } from "../../scenarios/index.ts";
import { benchScenario } from "../../bench/fleet-load.ts";

describe("the instance index kept as the history grows", () => {
  const scenario = benchScenario(300, 5);

  it("gives every check the verdicts a pass over the whole history gives, mid-run and at the end", () => {
    const session = new SimSession(scenario, referencePlatform(), scenario.seed);
    for (const step of scenario.steps) session.inject(step);
    const rebuilt = (runMs: number) => evaluateControls({ history: session.world.history, spec: scenario.fleet, runMs });
    for (const atMs of [DAY_MS / 2, 2 * DAY_MS, 4 * DAY_MS]) {
      session.world.runUntil(atMs);
      expect(session.check()).toEqual(rebuilt(atMs));
    }
    const final = session.finish(scenario.runMs);
    expect(final).toEqual(rebuilt(scenario.runMs));
    // The run exercised the controls: the comparison is not between two empty answers.
    expect(final.filter((v) => v.status === "pass").length).toBeGreaterThan(10);
  });

  it("holds the same instance facts as building the index at the end", () => {
    const session = new SimSession(scenario, referencePlatform(), scenario.seed);
    for (const step of scenario.steps) session.inject(step);
    session.world.runUntil(scenario.runMs);
    const kept = new InstanceIndexer(scenario.fleet);
    for (const event of session.world.history.all()) kept.add(event);
    const built = buildInstanceIndex(session.world.history, scenario.fleet);
    const index = kept.index(session.world.history);
    expect(index.instances.size).toBe(built.instances.size);
    expect([...index.instances.values()]).toEqual([...built.instances.values()]);
    expect([...index.timelines.keys()]).toEqual([...built.timelines.keys()]);
  });

  it("refuses every later index with what taking in an event threw: the controls are inconclusive, never passed", () => {
    const fleet: FleetSpec = scenario.fleet;
    const history = new History();
    const indexer = new InstanceIndexer(fleet);
    history.onAppend((event) => indexer.add(event));
    history.append(0, "instance.launched", "pipeline", {
      instanceId: "i-1",
      group: "cattle-0",
      vmType: "cattle",
      zone: "a",
      imageId: "img",
      createdAtMs: 0,
    });
    const broken = Object.defineProperty({ seq: 1, atMs: 0, actor: "world" }, "kind", {
      get: () => {
        throw new Error("unreadable event");
      },
    });
    indexer.add(broken as never);
    expect(() => indexer.index(history)).toThrow("unreadable event");
    const verdicts = evaluateControls({ history, spec: fleet, runMs: DAY_MS, index: () => indexer.index(history) });
    for (const verdict of verdicts.filter((v) => v.status !== "skipped")) {
      expect(verdict.status).toBe("inconclusive");
      expect(verdict.headline).toContain("failed to index the history: unreadable event");
    }
  });
});
