import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS, MINUTE_MS, type ChaosActionName, type FleetSpec, type TargetSpec } from "../../core/index.ts";
import { account, withinBudget } from "../../suites/properties/budget.ts";
import { RelativeDuration } from "../../suites/properties/durations.ts";
import { initialModel, type ExploreModel, type PlannedChaos } from "../../suites/properties/model.ts";
import type { DrawnValue } from "../../suites/properties/zod-arbitrary.ts";
import { fleet, group } from "../support/fleet.ts";

const web: FleetSpec = fleet([group("web", "cattle", 4, { maxUnavailable: 1, replicationFactor: 2, shards: 8 })], { patchSlaMs: DAY_MS });
const api = (initialAgeMs = 0): FleetSpec => fleet([group("api", "immutable", 4, { maxUnavailable: 1, initialAgeMs })]);
const pets: FleetSpec = fleet([group("pair", "pet", 2, { ha: true, operators: ["alice"] })]);

function step(action: ChaosActionName, target: Partial<TargetSpec> = {}, params: Record<string, DrawnValue> = {}): PlannedChaos {
  return { action, target: { count: { kind: "one" }, ...target }, with: params, classes: {} };
}

/** Applies a step if the budget admits it; returns whether it did. */
function inject(model: ExploreModel, planned: PlannedChaos): boolean {
  if (!withinBudget(model, planned)) return false;
  account(model, planned);
  return true;
}

describe("the fault budget the fleet declares", () => {
  it("admits losses up to maxUnavailable within a window of twice the RTO, and again once they age out", () => {
    const model = initialModel(web);
    expect(inject(model, step("kill", { group: "web" }))).toBe(true);
    expect(inject(model, step("crash", { group: "web" }))).toBe(false);
    expect(inject(model, step("stop-start", { group: "web" }, { downFor: 3 * HOUR_MS }))).toBe(false);
    model.nowMs += 2 * web.bounds.rtoMs + 10 * MINUTE_MS;
    expect(inject(model, step("kill", { group: "web", count: { kind: "random", n: 2 } }))).toBe(false);
    expect(inject(model, step("kill", { group: "web" }))).toBe(true);
  });

  it("counts a fraction or all of a group as more than maxUnavailable", () => {
    const model = initialModel(web);
    expect(inject(model, step("kill", { group: "web", count: { kind: "all" } }))).toBe(false);
    expect(inject(model, step("zone-outage", { group: "web", zone: "a", count: { kind: "all" } }))).toBe(false);
    expect(inject(model, step("zone-outage", { group: "web", zone: "a", count: { kind: "one" } }))).toBe(true);
  });

  it("keeps a killed pet lost for good, and a stopped one until it starts again", () => {
    const model = initialModel(pets);
    expect(inject(model, step("kill", { group: "pair", role: "passive" }))).toBe(true);
    model.nowMs += 30 * DAY_MS;
    expect(inject(model, step("crash", { group: "pair", role: "active" }))).toBe(false);
    const stopped = initialModel(pets);
    expect(inject(stopped, step("stop-start", { group: "pair" }, { downFor: 6 * HOUR_MS }))).toBe(true);
    stopped.nowMs += 5 * HOUR_MS;
    expect(inject(stopped, step("crash", { group: "pair" }))).toBe(false);
    stopped.nowMs += 2 * HOUR_MS;
    expect(inject(stopped, step("crash", { group: "pair" }))).toBe(true);
  });

  it("never lets aging alone bring an immutable server within 14 hours of its maximum age", () => {
    const model = initialModel(api(20 * DAY_MS));
    expect(inject(model, step("age", { group: "api" }, { by: 7 * DAY_MS }))).toBe(true);
    expect(inject(model, step("age", { group: "api" }, { by: new RelativeDuration("rtoMs", 0) }))).toBe(true);
    expect(inject(model, step("age", { group: "api" }, { by: DAY_MS }))).toBe(false);
  });

  it("lets an outage overlap chaos the platform must answer by at most a quarter of its bound", () => {
    const model = initialModel(web);
    expect(inject(model, step("kill", { group: "web" }))).toBe(true);
    expect(inject(model, step("controller-outage", {}, { controller: "self-healer", for: 3 * MINUTE_MS }))).toBe(false);
    expect(inject(model, step("controller-outage", {}, { controller: "self-healer", for: 2 * MINUTE_MS }))).toBe(true);
    // Together the two pauses would take more than a quarter of the RTO.
    expect(inject(model, step("api-faults", {}, { fraction: 1, for: 30_000 }))).toBe(false);
    const quiet = initialModel(web);
    expect(inject(quiet, step("controller-outage", {}, { controller: "patcher", for: 20 * HOUR_MS }))).toBe(true);
    expect(inject(quiet, step("patch-release"))).toBe(false);
    quiet.nowMs += 16 * HOUR_MS;
    expect(inject(quiet, step("patch-release"))).toBe(true);
  });

  it("weighs each bound of an action on its own: a short one does not hide a long one", () => {
    const model = initialModel(web);
    expect(inject(model, step("image-release", { group: "web" }))).toBe(true);
    model.nowMs += 10 * MINUTE_MS;
    // Past the RTO's window already, but a day of failing writes would swallow the 24-hour rebuild window.
    expect(inject(model, step("api-faults", {}, { fraction: 1, for: DAY_MS }))).toBe(false);
    expect(inject(model, step("api-faults", {}, { fraction: 1, for: HOUR_MS }))).toBe(true);
  });

  it("keeps outages clear of servers nearing their maximum age, as a standing obligation", () => {
    // Servers 27 days old reach 28 days 24 hours in: no outage may hold the reaper for long in the 14 hours before.
    const old = initialModel(api(27 * DAY_MS));
    expect(inject(old, step("controller-outage", {}, { controller: "age-reaper", for: 6 * HOUR_MS }))).toBe(true);
    old.nowMs = 11 * HOUR_MS;
    expect(inject(old, step("controller-outage", {}, { controller: "age-reaper", for: 6 * HOUR_MS }))).toBe(false);
    expect(inject(old, step("controller-outage", {}, { controller: "age-reaper", for: 3 * HOUR_MS }))).toBe(true);
    const young = initialModel(api(0));
    expect(inject(young, step("controller-outage", {}, { controller: "age-reaper", for: 6 * DAY_MS }))).toBe(true);
  });
});
