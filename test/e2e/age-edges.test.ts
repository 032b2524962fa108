import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS, MINUTE_MS, type Scenario } from "../../core/index.ts";
import { ageReaper, referencePlatform, withController } from "../../platform/index.ts";
import { loadPlatform, runScenario } from "../../scenarios/index.ts";
import { fleet, group } from "../support/fleet.ts";

const SEED = 28;
const BOOT_MS = 90_000;

function lonelyImmutable(runMs: number, steps: Scenario["steps"] = [], initialAgeMs = 0): Scenario {
  return {
    apiVersion: "cattleprod/v1",
    name: "age-edge",
    description: "",
    seed: SEED,
    platform: "reference",
    fleet: fleet([group("api", "immutable", 1, { maxUnavailable: 1, zones: ["a"], initialAgeMs })], { bootMs: BOOT_MS }),
    steps,
    runMs,
    expect: [{ control: "IMM-AGE-001", status: "pass" }],
  };
}

/** A reference platform whose reaper finishes the replacement when the instance is exactly `ageAtReapMs` old. */
function reapingAt(ageAtReapMs: number) {
  return withController(referencePlatform(), "age-reaper", (ctx) => ageReaper({ leadMs: 28 * DAY_MS - ageAtReapMs + BOOT_MS }).start(ctx));
}

describe(`the 28-day rule at its edges (seed ${SEED})`, () => {
  it("an instance replaced at 27d 23h passes IMM-AGE-001", () => {
    const result = runScenario(lonelyImmutable(29 * DAY_MS), { platform: reapingAt(27 * DAY_MS + 23 * HOUR_MS) });
    const reaped = result.world.history.ofKind("instance.terminated").find((e) => e.reason === "max-age");
    expect(reaped?.ageMs).toBe(27 * DAY_MS + 23 * HOUR_MS);
    expect(result.verdicts.find((v) => v.control === "IMM-AGE-001")?.status).toBe("pass");
  });

  it("an instance replaced at 28d plus one minute fails IMM-AGE-001", () => {
    const result = runScenario(lonelyImmutable(29 * DAY_MS), { platform: reapingAt(28 * DAY_MS + MINUTE_MS) });
    const reaped = result.world.history.ofKind("instance.terminated").find((e) => e.reason === "max-age");
    expect(reaped?.ageMs).toBe(28 * DAY_MS + MINUTE_MS);
    const verdict = result.verdicts.find((v) => v.control === "IMM-AGE-001");
    expect(verdict?.status).toBe("fail");
    expect(verdict?.headline).toMatch(/28d 1m/);
  });
});

describe(`stop/start does not reset age (seed ${SEED})`, () => {
  const stopStart: Scenario["steps"] = [
    {
      index: 0,
      atMs: 12 * HOUR_MS,
      action: "stop-start",
      target: { group: "api", count: { kind: "all" } },
      with: { downForMs: 10 * MINUTE_MS },
    },
  ];
  const scenario = {
    ...lonelyImmutable(3 * DAY_MS, stopStart, 26 * DAY_MS),
    expect: [{ control: "IMM-AGE-002" as const, status: "pass" as const }],
  };

  it("the reference reaper replaces a stop-started instance by its creation age", () => {
    const result = runScenario(scenario, { platform: referencePlatform() });
    expect(result.world.history.ofKind("instance.started")).toHaveLength(1);
    expect(result.verdicts.find((v) => v.control === "IMM-AGE-002")?.status).toBe("pass");
    expect(result.verdicts.find((v) => v.control === "IMM-AGE-001")?.status).toBe("pass");
  });

  it("a reaper that measures from the last start is caught by IMM-AGE-002", async () => {
    const platform = await loadPlatform("test/fixtures/platforms/reaper-from-last-start.ts");
    const result = runScenario(scenario, { platform });
    expect(result.verdicts.find((v) => v.control === "IMM-AGE-002")?.status).toBe("fail");
  });
});
