import { describe, expect, it } from "vitest";
import { breakGlass } from "./break-glass.ts";
import { DAY_MS, FleetHistory, HOUR_MS, MINUTE_MS, fleet } from "./fleet-history.ts";

const web = fleet([{ name: "web", vmType: "cattle", capacity: 3, egressAllowlist: ["pkg.example.com"] }]);

describe("CAT-ACC-001 no cattle session without a JIT grant", () => {
  it("passes for a break-glass session with its grant and refused probes", () => {
    const f = new FleetHistory(web);
    breakGlass(f, HOUR_MS, "web-1", { vmType: "cattle" });
    const v = f.verdict("CAT-ACC-001", 3 * HOUR_MS);
    expect(v.headline).toBe("CAT-ACC-001 passed: 2 login attempts on cattle: 1 allowed with a valid grant, 1 refused");
  });

  it("fails a session without a grant, and one with someone else's grant", () => {
    const f = new FleetHistory(web);
    f.add(HOUR_MS, "grant.issued", "platform/access-broker", {
      grantId: "g1",
      user: "bob",
      instanceId: "web-1",
      vmType: "cattle",
      expiresAtMs: 2 * HOUR_MS,
    });
    f.add(HOUR_MS, "login.attempted", "chaos", {
      instanceId: "web-1",
      vmType: "cattle",
      user: "eve",
      protocol: "ssh",
      outcome: "allowed",
      reason: "x",
      sessionId: "s1",
    });
    f.add(HOUR_MS, "login.attempted", "chaos", {
      instanceId: "web-1",
      vmType: "cattle",
      user: "eve",
      protocol: "rdp",
      grantId: "g1",
      outcome: "allowed",
      reason: "x",
      sessionId: "s2",
    });
    const v = f.verdict("CAT-ACC-001", 3 * HOUR_MS);
    expect(v.headline).toBe("CAT-ACC-001 failed: eve logged in to web-1 over ssh with no grant (+1 more)");
    expect(v.evidence.observed).toContain("grant g1 belongs to bob");
  });

  it("is inconclusive without a login attempt", () => {
    expect(new FleetHistory(web).verdict("CAT-ACC-001", HOUR_MS).headline).toBe("CAT-ACC-001 inconclusive: no login attempt on cattle");
  });
});

describe("CAT-BG-001 JIT grants time-boxed and admin actions attributed", () => {
  it("passes for a well-behaved break-glass", () => {
    const f = new FleetHistory(web);
    breakGlass(f, HOUR_MS, "web-1", { vmType: "cattle" });
    expect(f.verdict("CAT-BG-001", 3 * HOUR_MS).headline).toBe(
      "CAT-BG-001 passed: 1 grant time-boxed, longest 30m (limit 1h), 1 admin action attributed",
    );
  });

  it("fails an admin action without a grant and a late revocation", () => {
    const f = new FleetHistory(web);
    breakGlass(f, HOUR_MS, "web-1", { vmType: "cattle", adminGrant: null, revokeAtMs: HOUR_MS + 40 * MINUTE_MS });
    const v = f.verdict("CAT-BG-001", 3 * HOUR_MS);
    expect(v.headline).toBe("CAT-BG-001 failed: grant g1 (bob on web-1) revoked 10m after expiry (tolerance 1m) (+1 more)");
    expect(v.evidence.observed).toContain('admin action "systemctl restart app" by bob on web-1 not attributed: no grant');
  });

  it("is inconclusive when break-glass took no effect", () => {
    const f = new FleetHistory(web);
    f.idle(HOUR_MS, "break-glass", ["web-1"]);
    expect(f.verdict("CAT-BG-001", 3 * HOUR_MS).headline).toBe(
      "CAT-BG-001 inconclusive: no grant issued on cattle (break-glass at step 0 took no effect)",
    );
  });
});

describe("CAT-BG-002 break-glass touched cattle are recycled", () => {
  it("passes when the instance is tainted and recycled after the session", () => {
    const f = new FleetHistory(web);
    breakGlass(f, HOUR_MS, "web-1", { vmType: "cattle" });
    f.add(HOUR_MS + 3 * MINUTE_MS, "instance.tainted", "platform/access-broker", { instanceId: "web-1", reason: "break-glass" });
    f.replace(HOUR_MS + 10 * MINUTE_MS, "web-1", { actor: "platform/self-healer" });
    f.terminate(HOUR_MS + 12 * MINUTE_MS, "web-1", "platform/self-healer", "tainted");
    const v = f.verdict("CAT-BG-002", 3 * HOUR_MS);
    expect(v.headline).toBe("CAT-BG-002 passed: 1 touched instance tainted and recycled, worst 9m after the session (limit 1h)");
  });

  it("fails when the touched instance stays in service", () => {
    const f = new FleetHistory(web);
    breakGlass(f, HOUR_MS, "web-1", { vmType: "cattle" });
    const v = f.verdict("CAT-BG-002", 3 * HOUR_MS);
    expect(v.headline).toBe(
      "CAT-BG-002 failed: web-1 (session s1 of bob) still running 1h 57m after the session ended, never tainted (limit 1h)",
    );
  });

  it("is inconclusive when the recycle window ends after the run", () => {
    const f = new FleetHistory(web);
    breakGlass(f, HOUR_MS, "web-1", { vmType: "cattle" });
    expect(f.verdict("CAT-BG-002", HOUR_MS + 40 * MINUTE_MS).status).toBe("inconclusive");
  });
});

describe("CAT-IMG-001 only approved images run", () => {
  it("passes when a rogue instance is terminated in time, and counts refused launches", () => {
    const f = new FleetHistory(web);
    f.image(HOUR_MS, "rogue-img", { builtBy: "manual" }, "chaos");
    f.chaos(HOUR_MS, "rogue-image", ["web"], (cause) => {
      f.launch(HOUR_MS, "web", { actor: "chaos", imageId: "rogue-img", cause });
      f.add(
        HOUR_MS,
        "launch.denied",
        "platform/image-gate",
        { group: "web", vmType: "cattle", imageId: "rogue-img", reason: "not approved" },
        cause,
      );
    });
    f.terminate(HOUR_MS + 5 * MINUTE_MS, "web-4", "platform/image-gate", "unapproved-image");
    const v = f.verdict("CAT-IMG-001", 2 * HOUR_MS);
    expect(v.headline).toBe("CAT-IMG-001 passed: 1 unapproved instance terminated, worst 5m (limit 15m), 1 launch refused");
  });

  it("fails when the rogue instance keeps running", () => {
    const f = new FleetHistory(web);
    f.image(HOUR_MS, "rogue-img", { builtBy: "manual" }, "chaos");
    f.launch(HOUR_MS, "web", { actor: "chaos", imageId: "rogue-img" });
    expect(f.verdict("CAT-IMG-001", 2 * HOUR_MS).headline).toBe(
      "CAT-IMG-001 failed: web-4 on unapproved image rogue-img still running 1h after launch (limit 15m)",
    );
  });

  it("is inconclusive without an unapproved launch", () => {
    expect(new FleetHistory(web).verdict("CAT-IMG-001", HOUR_MS).headline).toBe(
      "CAT-IMG-001 inconclusive: no cattle launch from an unapproved image",
    );
  });
});

describe("CAT-IMG-002 stale images rebuilt", () => {
  const promote = (f: FleetHistory, atMs: number): void => {
    f.chaos(atMs, "image-release", ["web"], (cause) => {
      f.image(atMs, "img-web-2", { group: "web" }, "pipeline");
      f.add(atMs, "image.approved", "platform/image-gate", { imageId: "img-web-2" }, cause);
      f.add(atMs, "image.promoted", "platform/image-gate", { group: "web", imageId: "img-web-2", previousImageId: "img-web" }, cause);
    });
  };

  it("passes when every stale instance is rebuilt within the window", () => {
    const f = new FleetHistory(web);
    promote(f, HOUR_MS);
    for (const [i, id] of ["web-1", "web-2", "web-3"].entries()) {
      f.replace(HOUR_MS + i * 10 * MINUTE_MS, id, { actor: "platform/stale-image-rebuilder", imageId: "img-web-2" });
      f.terminate(HOUR_MS + i * 10 * MINUTE_MS + 2 * MINUTE_MS, id, "platform/stale-image-rebuilder", "stale-image");
    }
    expect(f.verdict("CAT-IMG-002", DAY_MS + 2 * HOUR_MS).headline).toBe(
      "CAT-IMG-002 passed: 3 stale instances rebuilt after 1 promotion, worst 22m (limit 1d)",
    );
  });

  it("fails when a stale instance survives the window", () => {
    const f = new FleetHistory(web);
    promote(f, HOUR_MS);
    f.terminate(HOUR_MS, "web-1", "platform/stale-image-rebuilder", "stale-image");
    f.terminate(HOUR_MS, "web-2", "platform/stale-image-rebuilder", "stale-image");
    expect(f.verdict("CAT-IMG-002", 2 * DAY_MS).headline).toBe(
      "CAT-IMG-002 failed: web-3 on stale image img-web still running 1d 23h after img-web-2 was promoted (limit 1d)",
    );
  });

  it("fails a replacement launched after the promotion from the superseded image and never rebuilt", () => {
    const f = new FleetHistory(web);
    promote(f, HOUR_MS);
    for (const id of ["web-1", "web-2", "web-3"]) {
      f.replace(HOUR_MS + MINUTE_MS, id, { actor: "platform/image-rebuilder", imageId: "img-web-2" });
      f.terminate(HOUR_MS + 3 * MINUTE_MS, id, "platform/image-rebuilder", "stale-image");
    }
    const killed = f.members("web")[3] as string;
    f.kill(3 * HOUR_MS, killed);
    f.replace(3 * HOUR_MS + MINUTE_MS, killed, { imageId: "img-web" });
    expect(f.verdict("CAT-IMG-002", 3 * DAY_MS).headline).toBe(
      "CAT-IMG-002 failed: web-7 on superseded image img-web launched 2h 1m after the promotion " +
        "still running 2d 23h after img-web-2 was promoted (limit 1d)",
    );
  });

  it("is inconclusive while the window is still open at the run end", () => {
    const f = new FleetHistory(web);
    promote(f, HOUR_MS);
    expect(f.verdict("CAT-IMG-002", 2 * HOUR_MS).status).toBe("inconclusive");
    expect(new FleetHistory(web).verdict("CAT-IMG-002", HOUR_MS).headline).toBe(
      "CAT-IMG-002 inconclusive: no image promoted on a cattle group",
    );
  });
});

describe("CAT-DRF-001 drift re-applied", () => {
  const drift = (f: FleetHistory, atMs: number, id: string): void => {
    f.chaos(atMs, "drift", [id], (cause) => f.add(atMs, "config.drifted", "chaos", { instanceId: id, from: "v1", to: "evil" }, cause));
  };

  it("passes when drift is re-applied or the instance replaced in time", () => {
    const f = new FleetHistory(web);
    drift(f, HOUR_MS, "web-1");
    drift(f, HOUR_MS, "web-2");
    f.add(HOUR_MS + 5 * MINUTE_MS, "config.applied", "platform/drift-manager", { instanceId: "web-1", version: "v1" });
    f.replace(HOUR_MS + 7 * MINUTE_MS, "web-2", { actor: "platform/drift-manager" });
    expect(f.verdict("CAT-DRF-001", 2 * HOUR_MS).headline).toBe("CAT-DRF-001 passed: 2 drifts corrected, worst 7m (limit 15m)");
  });

  it("fails when drift is left in place", () => {
    const f = new FleetHistory(web);
    drift(f, HOUR_MS, "web-1");
    f.add(HOUR_MS + 5 * MINUTE_MS, "config.applied", "operator:bob", { instanceId: "web-1", version: "v1" });
    expect(f.verdict("CAT-DRF-001", 2 * HOUR_MS).headline).toBe(
      "CAT-DRF-001 failed: drift on web-1 (v1 -> evil) never re-applied (limit 15m)",
    );
  });

  it("is inconclusive without drift", () => {
    const f = new FleetHistory(web);
    f.idle(HOUR_MS, "drift", ["web-1"]);
    expect(f.verdict("CAT-DRF-001", 2 * HOUR_MS).status).toBe("inconclusive");
  });
});

describe("CAT-PAT-001 patch level within SLA", () => {
  const release = (f: FleetHistory, atMs: number, level: number): void => {
    f.chaos(atMs, "patch-release", [], (cause) => f.add(atMs, "patch.released", "chaos", { level, advisory: "CVE-2" }, cause));
  };

  it("passes when instances are patched or replaced from a patched image", () => {
    const f = new FleetHistory(web);
    f.image(0, "img-web-2", { group: "web", patchLevel: 2 });
    f.add(0, "image.approved", "pipeline", { imageId: "img-web-2" });
    release(f, HOUR_MS, 2);
    f.add(DAY_MS, "instance.patched", "platform/patcher", { instanceId: "web-1", fromLevel: 1, toLevel: 2, inPlace: true });
    f.add(DAY_MS, "instance.patched", "platform/patcher", { instanceId: "web-2", fromLevel: 1, toLevel: 2, inPlace: true });
    f.replace(2 * DAY_MS, "web-3", { imageId: "img-web-2" });
    f.terminate(2 * DAY_MS + 2 * MINUTE_MS, "web-3", "platform/patcher", "patch");
    expect(f.verdict("CAT-PAT-001", 8 * DAY_MS).headline).toBe(
      "CAT-PAT-001 passed: 3 instances at the released level by the deadline, worst 1d 23h (limit 7d)",
    );
  });

  it("fails when an instance is still behind at the deadline", () => {
    const f = new FleetHistory(web);
    release(f, HOUR_MS, 2);
    f.add(DAY_MS, "instance.patched", "platform/patcher", { instanceId: "web-1", fromLevel: 1, toLevel: 2, inPlace: true });
    f.add(DAY_MS, "instance.patched", "platform/patcher", { instanceId: "web-2", fromLevel: 1, toLevel: 2, inPlace: true });
    expect(f.verdict("CAT-PAT-001", 8 * DAY_MS).headline).toBe("CAT-PAT-001 failed: web-3 at patch level 1 7d after level 2 was released");
  });

  it("is inconclusive when the deadline is after the run end", () => {
    const f = new FleetHistory(web);
    release(f, HOUR_MS, 2);
    expect(f.verdict("CAT-PAT-001", DAY_MS).headline).toBe(
      "CAT-PAT-001 inconclusive: 1 case(s) not decided by run end: patch level 2 is due 6d 1h after run end",
    );
  });
});

describe("CAT-NET-001 egress only to the allowlist", () => {
  const egress = (f: FleetHistory, destination: string, outcome: "allowed" | "denied"): void => {
    f.chaos(HOUR_MS, "egress", ["web-1"], (cause) =>
      f.add(HOUR_MS, "egress.attempted", "chaos", { instanceId: "web-1", vmType: "cattle", destination, outcome, reason: "policy" }, cause),
    );
  };

  it("passes when off-list destinations are refused", () => {
    const f = new FleetHistory(web);
    egress(f, "pkg.example.com", "allowed");
    egress(f, "evil.example.net", "denied");
    expect(f.verdict("CAT-NET-001", 2 * HOUR_MS).headline).toBe("CAT-NET-001 passed: 1 off-list egress attempt refused, 2 attempts in all");
  });

  it("fails when an off-list destination is reached (no prefix matching)", () => {
    const f = new FleetHistory(web);
    egress(f, "pkg.example.com.evil.net", "allowed");
    expect(f.verdict("CAT-NET-001", 2 * HOUR_MS).headline).toBe(
      "CAT-NET-001 failed: web-1 reached pkg.example.com.evil.net, not on web's allowlist",
    );
  });

  it("is inconclusive when only listed destinations were tried", () => {
    const f = new FleetHistory(web);
    egress(f, "pkg.example.com", "allowed");
    expect(f.verdict("CAT-NET-001", 2 * HOUR_MS).status).toBe("inconclusive");
  });
});

describe("CAT-MAL-001 malware detected and recycled", () => {
  const infect = (f: FleetHistory, atMs: number, id: string): void => {
    f.chaos(atMs, "malware", [id], (cause) => f.add(atMs, "instance.infected", "chaos", { instanceId: id, sample: "eicar" }, cause));
  };

  it("passes when detected, terminated and replaced in time", () => {
    const f = new FleetHistory(web);
    infect(f, HOUR_MS, "web-1");
    f.add(HOUR_MS + 2 * MINUTE_MS, "malware.detected", "world/edr", { instanceId: "web-1", sample: "eicar" });
    f.replace(HOUR_MS + 3 * MINUTE_MS, "web-1");
    f.terminate(HOUR_MS + 3 * MINUTE_MS, "web-1", "platform/self-healer", "malware");
    const v = f.verdict("CAT-MAL-001", 2 * HOUR_MS);
    expect(v.headline).toBe("CAT-MAL-001 passed: 1 infection detected in 2m and recycled in 3m (limit 15m)");
    expect(v.evidence.timeToDetectMs).toBe(2 * MINUTE_MS);
  });

  it("fails when the infected instance is never recycled", () => {
    const f = new FleetHistory(web);
    infect(f, HOUR_MS, "web-1");
    f.add(HOUR_MS + 2 * MINUTE_MS, "malware.detected", "world/edr", { instanceId: "web-1", sample: "eicar" });
    expect(f.verdict("CAT-MAL-001", 2 * HOUR_MS).headline).toBe(
      "CAT-MAL-001 failed: infected web-1 not terminated, not replaced (limit 15m)",
    );
  });

  it("is inconclusive without an infection", () => {
    expect(new FleetHistory(web).verdict("CAT-MAL-001", HOUR_MS).headline).toBe(
      "CAT-MAL-001 inconclusive: no malware infection on a cattle instance",
    );
  });
});
