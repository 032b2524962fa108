import { describe, expect, it } from "vitest";
import { FleetHistory, HOUR_MS, MINUTE_MS, fleet } from "./fleet-history.ts";

const api = fleet([{ name: "api", vmType: "immutable", capacity: 4, maxUnavailable: 1 }]);

/** A chaos stop of `id` at `atMs`; returns the stop's seq. */
function stop(f: FleetHistory, atMs: number, id: string): number {
  let seq = -1;
  f.chaos(atMs, "stop-start", [id], (cause) => {
    seq = f.add(atMs, "instance.stopped", "chaos", { instanceId: id }, cause);
  });
  return seq;
}

describe("IMM-HEAL-002 immutable groups keep their capacity floor", () => {
  it("passes when each loss is made good within the RTO, surges included", () => {
    const f = new FleetHistory(api);
    f.kill(HOUR_MS, "api-1");
    f.replace(HOUR_MS + MINUTE_MS, "api-1");
    f.replace(2 * HOUR_MS, "api-2", { actor: "platform/image-rebuilder" });
    f.terminate(2 * HOUR_MS + 2 * MINUTE_MS, "api-2", "platform/image-rebuilder", "stale-image");
    const v = f.verdict("IMM-HEAL-002", 3 * HOUR_MS);
    expect(v.headline).toBe("IMM-HEAL-002 passed: capacity kept through 1 chaos loss and 2 platform replacements; lowest 3/4 in api");
  });

  it("fails a stopped server that nobody replaces within the RTO", () => {
    const f = new FleetHistory(api);
    stop(f, HOUR_MS, "api-1");
    f.add(HOUR_MS + 40 * MINUTE_MS, "instance.started", "chaos", { instanceId: "api-1" });
    f.running(HOUR_MS + 42 * MINUTE_MS, "api-1");
    expect(f.verdict("IMM-HEAL-002", 3 * HOUR_MS).headline).toBe(
      "IMM-HEAL-002 failed: api 1 short of 4 serving at 1h 10m (3 serving) with 0 chaos losses in the last 10m; back to 4 at 1h 42m",
    );
  });

  it("fails a shortfall no chaos loss explains (a reaper that terminates before the replacement runs)", () => {
    const f = new FleetHistory(api);
    f.terminate(HOUR_MS, "api-3", "platform/age-reaper", "max-age");
    f.replace(HOUR_MS, "api-3", { actor: "platform/age-reaper" });
    expect(f.verdict("IMM-HEAL-002", 2 * HOUR_MS).headline).toBe(
      "IMM-HEAL-002 failed: api 1 short of 4 serving at 1h (3 serving) with 0 chaos losses in the last 10m; back to 4 at 1h 1m",
    );
  });

  it("does not count a hand-launched server as serving", () => {
    const f = new FleetHistory(api);
    f.kill(HOUR_MS, "api-1");
    const manual = f.launch(HOUR_MS + MINUTE_MS, "api", { actor: "operator:mallory" });
    f.running(HOUR_MS + 2 * MINUTE_MS, manual);
    expect(f.verdict("IMM-HEAL-002", 2 * HOUR_MS).status).toBe("fail");
  });

  it("does not judge moments after the run end (a check in the middle of a run)", () => {
    const f = new FleetHistory(api);
    f.crash(HOUR_MS, "api-1");
    expect(f.verdict("IMM-HEAL-002", HOUR_MS + MINUTE_MS).status).toBe("pass");
  });

  it("is inconclusive with no loss and no replacement", () => {
    expect(new FleetHistory(api).verdict("IMM-HEAL-002", HOUR_MS).headline).toBe(
      "IMM-HEAL-002 inconclusive: no server of an immutable group lost or replaced",
    );
  });
});
