import { describe, expect, it } from "vitest";
import { DAY_MS, FleetHistory, HOUR_MS, MINUTE_MS, fleet } from "./fleet-history.ts";

const app = fleet([{ name: "app", vmType: "immutable", capacity: 1 }]);

/** One immutable instance created at `createdAtMs` that the platform reaps (after a surge) at `reapAtMs`. */
function lifetime(createdAtMs: number, reapAtMs: number): FleetHistory {
  const f = new FleetHistory(app, { createdAtMs });
  f.replace(reapAtMs - 2 * MINUTE_MS, "app-1", { actor: "platform/age-reaper" });
  f.terminate(reapAtMs, "app-1", "platform/age-reaper", "max-age");
  return f;
}

describe("IMM-AGE-001 no instance older than the maximum age", () => {
  it("passes an instance that lives 27d 23h", () => {
    const v = lifetime(-27 * DAY_MS, 23 * HOUR_MS).verdict("IMM-AGE-001", DAY_MS);
    expect(v.status).toBe("pass");
    expect(v.headline).toBe("IMM-AGE-001 passed: 2 instances, oldest 27d 23h (limit 28d), 1 reaped after their replacement ran");
  });

  it("fails an instance that lives 28d and 1 minute", () => {
    const v = lifetime(-28 * DAY_MS + HOUR_MS, HOUR_MS + MINUTE_MS).verdict("IMM-AGE-001", DAY_MS);
    expect(v.status).toBe("fail");
    expect(v.headline).toBe("IMM-AGE-001 failed: app-1 ran 28d 1m (limit 28d)");
    expect(v.evidence.instances).toEqual(["app-1"]);
    expect(v.hint).toContain("age reaper");
  });

  it("passes an instance that lives exactly 28d", () => {
    expect(lifetime(-28 * DAY_MS + HOUR_MS, HOUR_MS).verdict("IMM-AGE-001", DAY_MS).status).toBe("pass");
  });

  it("fails the fixed-form example: an instance still running at 29d 2h", () => {
    const f = new FleetHistory(app, { createdAtMs: -29 * DAY_MS });
    const v = f.verdict("IMM-AGE-001", 2 * HOUR_MS);
    expect(v.headline).toBe("IMM-AGE-001 failed: app-1 ran 29d 2h (limit 28d)");
  });

  it("counts a backdate (age chaos) in the creation time", () => {
    const f = new FleetHistory(app);
    f.chaos(HOUR_MS, "age", ["app-1"], (cause) =>
      f.add(HOUR_MS, "instance.backdated", "chaos", { instanceId: "app-1", byMs: 27 * DAY_MS, createdAtMs: -27 * DAY_MS }, cause),
    );
    const v = f.verdict("IMM-AGE-001", DAY_MS + HOUR_MS);
    expect(v.headline).toBe("IMM-AGE-001 failed: app-1 ran 28d 1h (limit 28d)");
  });

  it("fails a reap before the replacement is running", () => {
    const f = new FleetHistory(app, { createdAtMs: -27 * DAY_MS });
    f.terminate(HOUR_MS, "app-1", "platform/age-reaper", "max-age");
    f.replace(HOUR_MS, "app-1", { actor: "platform/age-reaper" });
    expect(f.verdict("IMM-AGE-001", 2 * HOUR_MS).headline).toBe(
      "IMM-AGE-001 failed: app-1 reaped before its replacement app-2 was running",
    );
  });

  it("is inconclusive when nothing came near the maximum age", () => {
    const f = new FleetHistory(app);
    f.idle(HOUR_MS, "age", ["app-1"]);
    expect(f.verdict("IMM-AGE-001", 2 * HOUR_MS).headline).toBe(
      "IMM-AGE-001 inconclusive: no immutable instance reached 27d of age (age at step 0 took no effect)",
    );
  });

  it("scales with a scenario override of maxAge", () => {
    const f = new FleetHistory(app);
    expect(f.verdict("IMM-AGE-001", 3 * DAY_MS, 2 * DAY_MS).headline).toBe("IMM-AGE-001 failed: app-1 ran 3d (limit 2d)");
  });
});

describe("IMM-AGE-002 stop/start does not reset age", () => {
  const stopStart = (f: FleetHistory, atMs: number): void => {
    f.chaos(atMs, "stop-start", ["app-1"], (cause) => {
      f.add(atMs, "instance.stopped", "chaos", { instanceId: "app-1" }, cause);
      f.add(atMs + MINUTE_MS, "instance.started", "chaos", { instanceId: "app-1" }, cause);
    });
    f.running(atMs + MINUTE_MS + 90_000, "app-1");
  };

  it("fails a stop-started instance older than 28d from creation though its last start is recent", () => {
    const f = new FleetHistory(app, { createdAtMs: -27 * DAY_MS - 20 * HOUR_MS });
    stopStart(f, 5 * HOUR_MS);
    const v = f.verdict("IMM-AGE-002", 6 * HOUR_MS);
    expect(v.status).toBe("fail");
    expect(v.headline).toBe("IMM-AGE-002 failed: app-1 ran 28d 2h (limit 28d) though restarted 59m before run end");
  });

  it("passes a stop-started instance reaped before 28d from creation", () => {
    const f = new FleetHistory(app, { createdAtMs: -27 * DAY_MS - 20 * HOUR_MS });
    stopStart(f, HOUR_MS);
    f.replace(2 * HOUR_MS, "app-1", { actor: "platform/age-reaper" });
    f.terminate(2 * HOUR_MS + 2 * MINUTE_MS, "app-1", "platform/age-reaper", "max-age");
    const v = f.verdict("IMM-AGE-002", 6 * HOUR_MS);
    expect(v.headline).toBe("IMM-AGE-002 passed: 1 restarted instance, oldest 27d 22h (limit 28d)");
  });

  it("is inconclusive when no stop-started instance was old", () => {
    const f = new FleetHistory(app);
    stopStart(f, HOUR_MS);
    expect(f.verdict("IMM-AGE-002", 2 * HOUR_MS).headline).toBe(
      "IMM-AGE-002 inconclusive: no stop-started immutable instance reached 27d of age",
    );
  });
});
