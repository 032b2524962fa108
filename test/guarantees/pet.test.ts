import { describe, expect, it } from "vitest";
import { breakGlass } from "./break-glass.ts";
import { DAY_MS, FleetHistory, HOUR_MS, MINUTE_MS, fleet } from "./fleet-history.ts";

const pets = fleet([{ name: "db", vmType: "pet", capacity: 2, operators: ["alice"], ha: true }]);

describe("PET-PROT-001 automation never terminates a pet", () => {
  it("passes when an aged pet is left alone", () => {
    const f = new FleetHistory(pets);
    f.chaos(HOUR_MS, "age", ["db-1"], (cause) =>
      f.add(HOUR_MS, "instance.backdated", "chaos", { instanceId: "db-1", byMs: 30 * DAY_MS, createdAtMs: HOUR_MS - 30 * DAY_MS }, cause),
    );
    const v = f.verdict("PET-PROT-001", 2 * HOUR_MS);
    expect(v.status).toBe("pass");
    expect(v.headline).toBe("PET-PROT-001 passed: 2 pets kept, 1 provoked (oldest 30d 1h, max age 28d)");
  });

  it("fails when a platform controller reaps a pet", () => {
    const f = new FleetHistory(pets);
    f.chaos(HOUR_MS, "age", ["db-1"], (cause) =>
      f.add(HOUR_MS, "instance.backdated", "chaos", { instanceId: "db-1", byMs: 30 * DAY_MS, createdAtMs: HOUR_MS - 30 * DAY_MS }, cause),
    );
    f.replace(HOUR_MS + MINUTE_MS, "db-1", { actor: "platform/age-reaper" });
    f.terminate(HOUR_MS + 3 * MINUTE_MS, "db-1", "platform/age-reaper", "max-age");
    const v = f.verdict("PET-PROT-001", 2 * HOUR_MS);
    expect(v.status).toBe("fail");
    expect(v.headline).toBe("PET-PROT-001 failed: platform/age-reaper terminated pet db-1 (max-age) at age 30d 3m (+1 more)");
  });

  it("is inconclusive when no pet was provoked", () => {
    const f = new FleetHistory(pets);
    f.idle(HOUR_MS, "age", ["db-1"]);
    const v = f.verdict("PET-PROT-001", 2 * HOUR_MS);
    expect(v.status).toBe("inconclusive");
    expect(v.headline).toBe("PET-PROT-001 inconclusive: no pet aged past 28d, crashed or drifted by chaos (age at step 0 took no effect)");
  });
});

describe("PET-ACC-001 interactive logon only for operators", () => {
  const login = (f: FleetHistory, atMs: number, user: string, outcome: "allowed" | "denied", grantId?: string): void => {
    f.chaos(atMs, "login", ["db-1"], (cause) => {
      f.add(
        atMs,
        "login.attempted",
        "chaos",
        {
          instanceId: "db-1",
          vmType: "pet",
          user,
          protocol: "ssh",
          outcome,
          reason: "policy",
          ...(grantId ? { grantId } : {}),
          ...(outcome === "allowed" ? { sessionId: `s-${atMs}` } : {}),
        },
        cause,
      );
    });
  };

  it("passes when operators get in and strangers are refused", () => {
    const f = new FleetHistory(pets);
    login(f, HOUR_MS, "alice", "allowed");
    login(f, HOUR_MS, "mallory", "denied");
    const v = f.verdict("PET-ACC-001", 2 * HOUR_MS);
    expect(v.status).toBe("pass");
    expect(v.headline).toBe("PET-ACC-001 passed: 2 login attempts on pets decided correctly, 1 non-operator refused");
  });

  it("accepts a stranger with a valid grant, and fails a stranger without one", () => {
    const f = new FleetHistory(pets);
    f.add(HOUR_MS, "grant.issued", "platform/access-broker", {
      grantId: "g1",
      user: "bob",
      instanceId: "db-1",
      vmType: "pet",
      expiresAtMs: 2 * HOUR_MS,
    });
    login(f, HOUR_MS + MINUTE_MS, "bob", "allowed", "g1");
    login(f, HOUR_MS + 2 * MINUTE_MS, "mallory", "allowed");
    const v = f.verdict("PET-ACC-001", 3 * HOUR_MS);
    expect(v.status).toBe("fail");
    expect(v.headline).toBe("PET-ACC-001 failed: mallory (not an operator, no grant) logged in to pet db-1 over ssh");
  });

  it("fails when an operator is refused on a healthy pet", () => {
    const f = new FleetHistory(pets);
    login(f, HOUR_MS, "mallory", "denied");
    login(f, HOUR_MS, "alice", "denied");
    expect(f.verdict("PET-ACC-001", 2 * HOUR_MS).headline).toBe("PET-ACC-001 failed: operator alice was refused on pet db-1 (policy)");
  });

  it("is inconclusive when only operators tried", () => {
    const f = new FleetHistory(pets);
    login(f, HOUR_MS, "alice", "allowed");
    expect(f.verdict("PET-ACC-001", 2 * HOUR_MS).headline).toBe("PET-ACC-001 inconclusive: no login attempt by a non-operator on a pet");
  });
});

describe("PET-BG-001 break-glass is time-boxed", () => {
  it("passes when the grant is within jitMax, revoked at expiry and refused after", () => {
    const f = new FleetHistory(pets);
    breakGlass(f, HOUR_MS, "db-1");
    const v = f.verdict("PET-BG-001", 3 * HOUR_MS);
    expect(v.status).toBe("pass");
    expect(v.headline).toBe("PET-BG-001 passed: 1 grant time-boxed, longest 30m (limit 1h)");
  });

  it("fails an over-long grant that is still usable after expiry", () => {
    const f = new FleetHistory(pets);
    breakGlass(f, HOUR_MS, "db-1", { durationMs: 2 * HOUR_MS, revokeAtMs: null, probe: "allowed" });
    const v = f.verdict("PET-BG-001", 5 * HOUR_MS);
    expect(v.status).toBe("fail");
    expect(v.headline).toBe("PET-BG-001 failed: grant g1 (bob on db-1) lasts 2h (limit 1h) (+2 more)");
    expect(v.evidence.observed).toContain("let bob in 1m after it expired");
    expect(v.evidence.observed).toContain("never revoked");
  });

  it("is inconclusive when the grant expires after the run end", () => {
    const f = new FleetHistory(pets);
    breakGlass(f, HOUR_MS, "db-1", { revokeAtMs: null });
    const v = f.verdict("PET-BG-001", HOUR_MS + 10 * MINUTE_MS);
    expect(v.status).toBe("inconclusive");
    expect(v.headline).toContain("expires 20m after run end");
  });

  it("is inconclusive without any grant", () => {
    expect(new FleetHistory(pets).verdict("PET-BG-001", HOUR_MS).headline).toBe("PET-BG-001 inconclusive: no grant issued on a pet");
  });
});

describe("PET-PAT-001 pets patched in situ within SLA", () => {
  const release = (f: FleetHistory, atMs: number, level: number): void => {
    f.chaos(atMs, "patch-release", [], (cause) => f.add(atMs, "patch.released", "chaos", { level, advisory: "CVE-1" }, cause));
  };

  it("passes when every pet is patched in place in time", () => {
    const f = new FleetHistory(pets);
    release(f, HOUR_MS, 2);
    f.add(2 * HOUR_MS, "instance.patched", "platform/patcher", { instanceId: "db-1", fromLevel: 1, toLevel: 2, inPlace: true });
    f.add(DAY_MS, "instance.patched", "platform/patcher", { instanceId: "db-2", fromLevel: 1, toLevel: 2, inPlace: true });
    const v = f.verdict("PET-PAT-001", 8 * DAY_MS + HOUR_MS);
    expect(v.status).toBe("pass");
    expect(v.headline).toBe("PET-PAT-001 passed: 2 pet patches in place, worst 23h (limit 7d)");
  });

  it("fails when a pet misses the SLA", () => {
    const f = new FleetHistory(pets);
    release(f, HOUR_MS, 2);
    f.add(2 * HOUR_MS, "instance.patched", "platform/patcher", { instanceId: "db-1", fromLevel: 1, toLevel: 2, inPlace: true });
    const v = f.verdict("PET-PAT-001", 8 * DAY_MS + HOUR_MS);
    expect(v.headline).toBe("PET-PAT-001 failed: pet db-2 still at patch level 1 7d after level 2 was released");
  });

  it("fails when the patcher replaces a pet instead", () => {
    const f = new FleetHistory(pets);
    release(f, HOUR_MS, 2);
    f.add(2 * HOUR_MS, "instance.patched", "platform/patcher", { instanceId: "db-1", fromLevel: 1, toLevel: 2, inPlace: true });
    f.terminate(2 * HOUR_MS, "db-2", "platform/patcher", "rebuild");
    expect(f.verdict("PET-PAT-001", 2 * DAY_MS).headline).toBe(
      "PET-PAT-001 failed: pet db-2 was terminated by platform/patcher (rebuild) instead of being patched to level 2 in place",
    );
  });

  it("is inconclusive while the SLA runs past the run end", () => {
    const f = new FleetHistory(pets);
    release(f, HOUR_MS, 2);
    const v = f.verdict("PET-PAT-001", 2 * DAY_MS);
    expect(v.status).toBe("inconclusive");
    expect(v.headline).toBe(
      "PET-PAT-001 inconclusive: 2 case(s) not decided by run end: pet db-1 not yet at patch level 2; SLA ends 5d 1h after run end",
    );
  });
});

describe("PET-HA-001 HA pairs fail over", () => {
  it("passes when the passive takes over within the failover RTO", () => {
    const f = new FleetHistory(pets);
    f.crash(HOUR_MS, "db-1");
    f.add(HOUR_MS + 20_000, "ha.role", "platform/ha-failover", { instanceId: "db-1", group: "db", role: "fenced", previous: "active" });
    f.add(HOUR_MS + 30_000, "ha.role", "platform/ha-failover", { instanceId: "db-2", group: "db", role: "active", previous: "passive" });
    const v = f.verdict("PET-HA-001", 2 * HOUR_MS);
    expect(v.status).toBe("pass");
    expect(v.headline).toBe("PET-HA-001 passed: 1 failover within 30s (limit 2m), never two actives");
  });

  it("fails on two actives at once", () => {
    const f = new FleetHistory(pets);
    f.crash(HOUR_MS, "db-1");
    f.add(HOUR_MS + 30_000, "ha.role", "platform/ha-failover", { instanceId: "db-2", group: "db", role: "active", previous: "passive" });
    f.add(HOUR_MS + 40_000, "ha.role", "platform/ha-failover", { instanceId: "db-1", group: "db", role: "fenced", previous: "active" });
    const v = f.verdict("PET-HA-001", 2 * HOUR_MS);
    expect(v.headline).toBe("PET-HA-001 failed: db had 2 actives (db-1, db-2) at 1h 30s");
  });

  it("tolerates promote-then-fence within the same millisecond", () => {
    const f = new FleetHistory(pets);
    f.crash(HOUR_MS, "db-1");
    f.add(HOUR_MS + 30_000, "ha.role", "platform/ha-failover", { instanceId: "db-2", group: "db", role: "active", previous: "passive" });
    f.add(HOUR_MS + 30_000, "ha.role", "platform/ha-failover", { instanceId: "db-1", group: "db", role: "fenced", previous: "active" });
    expect(f.verdict("PET-HA-001", 2 * HOUR_MS).status).toBe("pass");
  });

  it("fails a slow failover", () => {
    const f = new FleetHistory(pets);
    f.kill(HOUR_MS, "db-1");
    f.add(HOUR_MS + 5 * MINUTE_MS, "ha.role", "platform/ha-failover", {
      instanceId: "db-2",
      group: "db",
      role: "active",
      previous: "passive",
    });
    const v = f.verdict("PET-HA-001", 2 * HOUR_MS);
    expect(v.headline).toBe("PET-HA-001 failed: db: db-1 (active) killed at 1h, db-2 active only 5m later (limit 2m)");
  });

  it("is decided when only the passive failed: the pair rode it out without a split brain", () => {
    const f = new FleetHistory(pets);
    f.kill(HOUR_MS, "db-2");
    expect(f.verdict("PET-HA-001", 2 * HOUR_MS).headline).toBe(
      "PET-HA-001 passed: no failover needed, 1 passive failure ridden out, never two actives",
    );
  });

  it("fails a passive that comes back as a second active", () => {
    const f = new FleetHistory(pets);
    f.crash(HOUR_MS, "db-2");
    f.add(HOUR_MS + 5 * MINUTE_MS, "instance.recovered", "platform/self-healer", { instanceId: "db-2", group: "db" });
    f.add(HOUR_MS + 5 * MINUTE_MS, "ha.role", "platform/ha-failover", {
      instanceId: "db-2",
      group: "db",
      role: "active",
      previous: "passive",
    });
    expect(f.verdict("PET-HA-001", 2 * HOUR_MS).headline).toBe("PET-HA-001 failed: db had 2 actives (db-1, db-2) at 1h 5m");
  });

  it("is inconclusive without a chaos failure of a pair member", () => {
    const f = new FleetHistory(pets);
    f.idle(HOUR_MS, "crash", ["db-1"]);
    expect(f.verdict("PET-HA-001", 2 * HOUR_MS).headline).toBe(
      "PET-HA-001 inconclusive: no chaos failure of an HA pair member (crash at step 0 took no effect)",
    );
  });
});

describe("PET-DRF-001 manual changes recorded with their actor", () => {
  const drift = (f: FleetHistory, atMs: number, actor: string): number => {
    let seq = -1;
    f.chaos(atMs, "drift", ["db-1"], (cause) => {
      seq = f.add(atMs, "config.drifted", actor, { instanceId: "db-1", from: "v1", to: "v1-hand" }, cause);
    });
    return seq;
  };

  it("passes when the change is recorded with its actor", () => {
    const f = new FleetHistory(pets);
    const seq = drift(f, HOUR_MS, "operator:alice");
    f.add(HOUR_MS + 2 * MINUTE_MS, "config.recorded", "platform/drift-manager", {
      instanceId: "db-1",
      changedBy: "operator:alice",
      driftSeq: seq,
    });
    const v = f.verdict("PET-DRF-001", 2 * HOUR_MS);
    expect(v.headline).toBe("PET-DRF-001 passed: 1 change recorded with their actor, worst 2m (limit 15m)");
  });

  it("fails when the record names the wrong actor, or is missing", () => {
    const f = new FleetHistory(pets);
    const seq = drift(f, HOUR_MS, "operator:alice");
    f.add(HOUR_MS + 2 * MINUTE_MS, "config.recorded", "platform/drift-manager", {
      instanceId: "db-1",
      changedBy: "platform/drift-manager",
      driftSeq: seq,
    });
    drift(f, HOUR_MS, "chaos");
    const v = f.verdict("PET-DRF-001", 2 * HOUR_MS);
    expect(v.headline).toBe(
      "PET-DRF-001 failed: change on pet db-1 by operator:alice recorded as made by platform/drift-manager (+1 more)",
    );
    expect(v.evidence.observed).toContain("change on pet db-1 by chaos never recorded (limit 15m)");
  });

  it("is inconclusive when the drift is too close to the run end", () => {
    const f = new FleetHistory(pets);
    drift(f, HOUR_MS, "chaos");
    expect(f.verdict("PET-DRF-001", HOUR_MS + 5 * MINUTE_MS).status).toBe("inconclusive");
  });
});
