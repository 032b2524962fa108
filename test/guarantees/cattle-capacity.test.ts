import { describe, expect, it } from "vitest";
import { FleetHistory, HOUR_MS, MINUTE_MS, fleet } from "./fleet-history.ts";

const web = fleet([{ name: "web", vmType: "cattle", capacity: 6, maxUnavailable: 2 }]);

describe("CAT-HEAL-001 killed cattle replaced within RTO", () => {
  it("passes when every kill is healed in time, reporting the worst", () => {
    const f = new FleetHistory(web);
    f.kill(HOUR_MS, "web-1");
    f.kill(HOUR_MS, "web-2");
    f.replace(HOUR_MS + 30_000, "web-1");
    f.replace(HOUR_MS + 2 * MINUTE_MS + 40_000, "web-2");
    f.crash(2 * HOUR_MS, "web-3", 60_000);
    f.replace(2 * HOUR_MS + 60_000, "web-3");
    const v = f.verdict("CAT-HEAL-001", 3 * HOUR_MS);
    expect(v.status).toBe("pass");
    expect(v.headline).toBe("CAT-HEAL-001 passed: 2 kills and 1 crash healed, worst 4m 10s (limit 10m)");
    expect(v.evidence.timeToHealMs).toBe(4 * MINUTE_MS + 10_000);
    expect(v.evidence.cases).toBe(3);
    expect(v.evidence.method).toBe("sim:history");
  });

  it("fails when capacity comes back too late", () => {
    const f = new FleetHistory(web);
    f.kill(HOUR_MS, "web-3");
    f.replace(HOUR_MS + 12 * MINUTE_MS, "web-3");
    const v = f.verdict("CAT-HEAL-001", 3 * HOUR_MS);
    expect(v.status).toBe("fail");
    expect(v.headline).toBe("CAT-HEAL-001 failed: web not back to 6 healthy within 10m of killed web-3 (took 13m 30s)");
    expect(v.hint).toContain("self-healer");
  });

  it("fails when the platform heals over an interactive session", () => {
    const f = new FleetHistory(web);
    f.kill(HOUR_MS, "web-1");
    f.add(HOUR_MS + MINUTE_MS, "login.attempted", "platform/self-healer", {
      instanceId: "web-2",
      vmType: "cattle",
      user: "healer",
      protocol: "ssh",
      outcome: "allowed",
      reason: "ok",
      sessionId: "s9",
    });
    f.replace(HOUR_MS + MINUTE_MS, "web-1");
    expect(f.verdict("CAT-HEAL-001", 3 * HOUR_MS).headline).toBe(
      "CAT-HEAL-001 failed: platform/self-healer logged in to web-2 over ssh while web healed",
    );
  });

  it("is inconclusive when the kill took no effect", () => {
    const f = new FleetHistory(web);
    f.idle(HOUR_MS, "kill", ["web-1"]);
    const v = f.verdict("CAT-HEAL-001", 3 * HOUR_MS);
    expect(v.headline).toBe("CAT-HEAL-001 inconclusive: no effective kill on a cattle group (kill at step 0 took no effect)");
  });

  it("does not judge a kill whose RTO ends after the run", () => {
    const f = new FleetHistory(web);
    f.kill(HOUR_MS, "web-1");
    const v = f.verdict("CAT-HEAL-001", HOUR_MS + 5 * MINUTE_MS);
    expect(v.status).toBe("inconclusive");
    expect(v.headline).toBe(
      "CAT-HEAL-001 inconclusive: 1 case(s) not decided by run end: web at 5/6 healthy at run end, 5m after killed web-1",
    );
  });
});

describe("CAT-HEAL-002 capacity stays above the floor", () => {
  it("passes when platform replacements surge", () => {
    const f = new FleetHistory(web);
    f.kill(HOUR_MS, "web-1");
    f.replace(HOUR_MS, "web-1");
    const fresh = f.replace(2 * HOUR_MS, "web-2", { actor: "platform/stale-image-rebuilder" });
    f.terminate(2 * HOUR_MS + 90_000, "web-2", "platform/stale-image-rebuilder", "stale-image");
    expect(fresh).toBe("web-8");
    const v = f.verdict("CAT-HEAL-002", 3 * HOUR_MS);
    expect(v.status).toBe("pass");
    expect(v.headline).toBe(
      "CAT-HEAL-002 passed: floor held through 1 chaos kill and 2 platform replacements, lowest 5 healthy in web (floor 4)",
    );
  });

  it("fails when the platform recycles too many at once", () => {
    const f = new FleetHistory(web);
    for (const id of ["web-1", "web-2", "web-3"]) {
      f.terminate(HOUR_MS, id, "platform/stale-image-rebuilder", "stale-image");
      f.replace(HOUR_MS, id, { actor: "platform/stale-image-rebuilder" });
    }
    const v = f.verdict("CAT-HEAL-002", 3 * HOUR_MS);
    expect(v.status).toBe("fail");
    expect(v.headline).toBe(
      "CAT-HEAL-002 failed: web down to 3 healthy (floor 4) at 1h with 0 chaos kills in the last 10m (maxUnavailable 2)",
    );
    expect(v.evidence.timeToHealMs).toBe(90_000);
  });

  it("excuses a dip while chaos took more than maxUnavailable, then fails once the kills age out", () => {
    const f = new FleetHistory(web);
    for (const id of ["web-1", "web-2", "web-3"]) f.kill(HOUR_MS, id);
    const excused = new FleetHistory(web);
    for (const id of ["web-1", "web-2", "web-3"]) excused.kill(HOUR_MS, id);
    for (const id of ["web-1", "web-2", "web-3"]) excused.replace(HOUR_MS + MINUTE_MS, id);
    expect(excused.verdict("CAT-HEAL-002", 3 * HOUR_MS).status).toBe("pass");
    const v = f.verdict("CAT-HEAL-002", 3 * HOUR_MS);
    expect(v.headline).toBe(
      "CAT-HEAL-002 failed: web down to 3 healthy (floor 4) at 1h 10m with 0 chaos kills in the last 10m (maxUnavailable 2)",
    );
  });

  it("is inconclusive with neither kills nor replacements", () => {
    const f = new FleetHistory(web);
    expect(f.verdict("CAT-HEAL-002", HOUR_MS).headline).toBe(
      "CAT-HEAL-002 inconclusive: no effective kill on a cattle group and no platform replacement",
    );
  });
});

describe("CAT-DATA-001 replicated data survives node loss", () => {
  const data = fleet([{ name: "kv", vmType: "cattle", capacity: 3, replicationFactor: 2, shards: 1 }]);
  // Shard 0 lives on kv-1 and kv-2.
  const killHolder = (f: FleetHistory, atMs: number, id: string, remaining: number): void => {
    f.chaos(atMs, "kill", [id], (cause) => {
      f.terminate(atMs, id, "chaos", "chaos:kill", cause);
      f.add(atMs, "data.replica-lost", "world", { group: "kv", shard: 0, instanceId: id, copies: remaining });
    });
  };

  it("passes when the shard is re-replicated within the RTO", () => {
    const f = new FleetHistory(data);
    killHolder(f, HOUR_MS, "kv-1", 1);
    f.add(HOUR_MS + 3 * MINUTE_MS, "data.placed", "platform/replicator", { group: "kv", shard: 0, instanceId: "kv-3", copies: 2 });
    const v = f.verdict("CAT-DATA-001", 2 * HOUR_MS);
    expect(v.headline).toBe("CAT-DATA-001 passed: 1 replica loss re-replicated, worst 3m (limit 10m), no data lost");
  });

  it("fails when a shard is lost after a single kill", () => {
    const f = new FleetHistory(data);
    killHolder(f, HOUR_MS, "kv-1", 1);
    f.terminate(HOUR_MS + MINUTE_MS, "kv-2", "platform/self-healer", "oops");
    f.add(HOUR_MS + MINUTE_MS, "data.replica-lost", "world", { group: "kv", shard: 0, instanceId: "kv-2", copies: 0 });
    f.add(HOUR_MS + MINUTE_MS, "data.lost", "world", { group: "kv", shard: 0 });
    const v = f.verdict("CAT-DATA-001", 2 * HOUR_MS);
    expect(v.headline).toBe("CAT-DATA-001 failed: kv lost shard 0 with 1 chaos kill in the last 10m (RF 2)");
  });

  it("fails when RF is never restored", () => {
    const f = new FleetHistory(data);
    killHolder(f, HOUR_MS, "kv-1", 1);
    expect(f.verdict("CAT-DATA-001", 2 * HOUR_MS).headline).toBe(
      "CAT-DATA-001 failed: shard 0 of kv (replica on kv-1 lost at 1h) never back to 2 copies (limit 10m)",
    );
  });

  it("excuses data loss when chaos took RF holders at once", () => {
    const f = new FleetHistory(data);
    killHolder(f, HOUR_MS, "kv-1", 1);
    killHolder(f, HOUR_MS, "kv-2", 0);
    f.add(HOUR_MS, "data.lost", "world", { group: "kv", shard: 0 });
    const v = f.verdict("CAT-DATA-001", 2 * HOUR_MS);
    expect(v.status).toBe("pass");
    expect(v.headline).toContain("1 shard lost only after RF nodes were killed");
  });

  it("still judges a restored loss when the shard is lost much later", () => {
    const f = new FleetHistory(data);
    killHolder(f, HOUR_MS, "kv-1", 1);
    f.add(HOUR_MS + 20 * MINUTE_MS, "data.placed", "platform/replicator", { group: "kv", shard: 0, instanceId: "kv-3", copies: 2 });
    killHolder(f, 3 * HOUR_MS, "kv-2", 1);
    killHolder(f, 3 * HOUR_MS, "kv-3", 0);
    f.add(3 * HOUR_MS, "data.lost", "world", { group: "kv", shard: 0 });
    expect(f.verdict("CAT-DATA-001", 4 * HOUR_MS).headline).toBe(
      "CAT-DATA-001 failed: shard 0 of kv (replica on kv-1 lost at 1h) back to 2 copies after 20m (limit 10m)",
    );
  });

  it("fails a planned removal that drops a shard below RF, even when it is restored in time", () => {
    const f = new FleetHistory(data);
    f.terminate(HOUR_MS, "kv-1", "platform/self-healer", "scale-in");
    f.add(HOUR_MS, "data.replica-lost", "world", { group: "kv", shard: 0, instanceId: "kv-1", copies: 1 });
    f.add(HOUR_MS + MINUTE_MS, "data.placed", "platform/replicator", { group: "kv", shard: 0, instanceId: "kv-3", copies: 2 });
    expect(f.verdict("CAT-DATA-001", 2 * HOUR_MS).headline).toBe(
      "CAT-DATA-001 failed: platform/self-healer removed kv-1 (scale-in) holding shard 0 of kv " +
        "without copying it first: 1 of 2 copies left",
    );
  });

  it("passes a drained removal without any kill (the copies decide it)", () => {
    const f = new FleetHistory(data);
    f.add(HOUR_MS, "data.placed", "platform/self-healer", { group: "kv", shard: 0, instanceId: "kv-3", copies: 3 });
    f.terminate(HOUR_MS, "kv-1", "platform/self-healer", "scale-in");
    f.add(HOUR_MS, "data.replica-lost", "world", { group: "kv", shard: 0, instanceId: "kv-1", copies: 2 });
    const v = f.verdict("CAT-DATA-001", 2 * HOUR_MS);
    expect(v.status).toBe("pass");
  });

  it("is inconclusive without a kill or a lost copy on the data group", () => {
    expect(new FleetHistory(data).verdict("CAT-DATA-001", HOUR_MS).headline).toBe(
      "CAT-DATA-001 inconclusive: no effective kill and no lost copy on a cattle group holding data",
    );
  });
});
