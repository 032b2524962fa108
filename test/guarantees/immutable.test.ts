import { describe, expect, it } from "vitest";
import { FleetHistory, HOUR_MS, MINUTE_MS, fleet } from "./fleet-history.ts";

const app = fleet([{ name: "app", vmType: "immutable", capacity: 3 }]);

describe("IMM-ACC-001 every login refused", () => {
  const login = (f: FleetHistory, outcome: "allowed" | "denied", protocol: "ssh" | "console" = "ssh"): void => {
    f.chaos(HOUR_MS, "login", ["app-1"], (cause) =>
      f.add(
        HOUR_MS,
        "login.attempted",
        "chaos",
        {
          instanceId: "app-1",
          vmType: "immutable",
          user: "root",
          protocol,
          outcome,
          reason: "immutable",
          ...(outcome === "allowed" ? { sessionId: "s1" } : {}),
        },
        cause,
      ),
    );
  };
  it("passes when every attempt is refused", () => {
    const f = new FleetHistory(app);
    login(f, "denied");
    login(f, "denied", "console");
    expect(f.verdict("IMM-ACC-001", 2 * HOUR_MS).headline).toBe("IMM-ACC-001 passed: 2 login attempts refused");
  });
  it("fails when one gets in", () => {
    const f = new FleetHistory(app);
    login(f, "allowed", "console");
    expect(f.verdict("IMM-ACC-001", 2 * HOUR_MS).headline).toBe("IMM-ACC-001 failed: root got a session on app-1 over console");
  });
  it("is inconclusive without attempts", () => {
    expect(new FleetHistory(app).verdict("IMM-ACC-001", HOUR_MS).status).toBe("inconclusive");
  });
});

describe("IMM-ACC-002 no accounts or keys", () => {
  const inject = (f: FleetHistory, outcome: "accepted" | "rejected"): void => {
    f.chaos(HOUR_MS, "key-injection", ["app-1"], (cause) =>
      f.add(HOUR_MS, "key.injected", "chaos", { instanceId: "app-1", vmType: "immutable", keyName: "k1", outcome, reason: "x" }, cause),
    );
  };
  it("passes when the key is rejected on a locked-down image", () => {
    const f = new FleetHistory(app);
    inject(f, "rejected");
    expect(f.verdict("IMM-ACC-002", 2 * HOUR_MS).headline).toBe(
      "IMM-ACC-002 passed: 1 key injection rejected; 3 instances on images without accounts or remote shell",
    );
  });
  it("fails an accepted key and an image with a shell", () => {
    const f = new FleetHistory(app);
    f.image(HOUR_MS, "img-shell", { group: "app", accounts: ["ec2-user"], remoteShell: true });
    f.launch(HOUR_MS, "app", { imageId: "img-shell" });
    inject(f, "accepted");
    const v = f.verdict("IMM-ACC-002", 2 * HOUR_MS);
    expect(v.headline).toBe("IMM-ACC-002 failed: app-4 runs image img-shell with accounts ec2-user and a remote shell (+1 more)");
    expect(v.evidence.observed).toContain("key k1 accepted on app-1");
  });
  it("is inconclusive without a key injection", () => {
    expect(new FleetHistory(app).verdict("IMM-ACC-002", HOUR_MS).headline).toBe(
      "IMM-ACC-002 inconclusive: no key injection on an immutable instance",
    );
  });
});

describe("IMM-CFG-001 no configuration change in place", () => {
  const drift = (f: FleetHistory, atMs: number): void => {
    f.chaos(atMs, "drift", ["app-1"], (cause) =>
      f.add(atMs, "config.drifted", "chaos", { instanceId: "app-1", from: "v1", to: "evil" }, cause),
    );
  };
  it("passes when the drifted instance is replaced", () => {
    const f = new FleetHistory(app);
    drift(f, HOUR_MS);
    f.replace(HOUR_MS + 3 * MINUTE_MS, "app-1", { actor: "platform/drift-manager" });
    f.terminate(HOUR_MS + 5 * MINUTE_MS, "app-1", "platform/drift-manager", "drift");
    expect(f.verdict("IMM-CFG-001", 2 * HOUR_MS).headline).toBe(
      "IMM-CFG-001 passed: 1 drifted instance replaced, worst 5m (limit 15m), none repaired in place",
    );
  });
  it("fails a repair in place", () => {
    const f = new FleetHistory(app);
    drift(f, HOUR_MS);
    f.add(HOUR_MS + MINUTE_MS, "config.applied", "platform/drift-manager", { instanceId: "app-1", version: "v1" });
    const v = f.verdict("IMM-CFG-001", 2 * HOUR_MS);
    expect(v.headline).toBe("IMM-CFG-001 failed: platform/drift-manager re-applied config v1 on app-1 in place (+1 more)");
    expect(v.evidence.observed).toContain("drifted app-1 not terminated, not replaced within 15m");
  });
  it("is inconclusive when the window is still open", () => {
    const f = new FleetHistory(app);
    drift(f, HOUR_MS);
    expect(f.verdict("IMM-CFG-001", HOUR_MS + 5 * MINUTE_MS).status).toBe("inconclusive");
  });
});

describe("IMM-PAT-001 no in-place patching", () => {
  const release = (f: FleetHistory, atMs: number): void => {
    f.chaos(atMs, "patch-release", [], (cause) => f.add(atMs, "patch.released", "chaos", { level: 2, advisory: "CVE-3" }, cause));
  };
  const DAY = 24 * HOUR_MS;
  it("passes when the group is rolled onto a patched image", () => {
    const f = new FleetHistory(app);
    release(f, HOUR_MS);
    f.image(DAY, "img-app-2", { group: "app", patchLevel: 2 });
    f.add(DAY, "image.approved", "platform/image-gate", { imageId: "img-app-2" });
    for (const id of ["app-1", "app-2", "app-3"]) {
      f.replace(DAY, id, { actor: "platform/stale-image-rebuilder", imageId: "img-app-2" });
      f.terminate(DAY + 2 * MINUTE_MS, id, "platform/stale-image-rebuilder", "stale-image");
    }
    expect(f.verdict("IMM-PAT-001", 8 * DAY).headline).toBe(
      "IMM-PAT-001 passed: 3 instances at the released level by the deadline, worst 23h (limit 7d)",
    );
  });
  it("fails an in-place patch", () => {
    const f = new FleetHistory(app);
    release(f, HOUR_MS);
    f.add(2 * HOUR_MS, "instance.patched", "platform/patcher", { instanceId: "app-1", fromLevel: 1, toLevel: 2, inPlace: true });
    const v = f.verdict("IMM-PAT-001", 3 * HOUR_MS);
    expect(v.headline).toBe("IMM-PAT-001 failed: app-1 patched in place from 1 to 2 by platform/patcher");
  });
  it("fails instances still on an unpatched image at the deadline", () => {
    const f = new FleetHistory(app);
    release(f, HOUR_MS);
    expect(f.verdict("IMM-PAT-001", 8 * DAY).headline).toBe(
      "IMM-PAT-001 failed: app-1 at patch level 1 7d after level 2 was released (image img-app) (+2 more)",
    );
  });
  it("is inconclusive without a release", () => {
    expect(new FleetHistory(app).verdict("IMM-PAT-001", HOUR_MS).headline).toBe(
      "IMM-PAT-001 inconclusive: no patch released while immutable instances were running",
    );
  });
});

describe("IMM-IMG-001 only vetted images launch", () => {
  it("passes when the rogue launch is refused", () => {
    const f = new FleetHistory(app);
    f.image(HOUR_MS, "img-rogue", { group: "app", builtBy: "manual", stage: 2 }, "chaos");
    f.chaos(HOUR_MS, "rogue-image", ["app"], (cause) =>
      f.add(
        HOUR_MS,
        "launch.denied",
        "platform/image-gate",
        { group: "app", vmType: "immutable", imageId: "img-rogue", reason: "not stage 3" },
        cause,
      ),
    );
    expect(f.verdict("IMM-IMG-001", 2 * HOUR_MS).headline).toBe("IMM-IMG-001 passed: 1 rogue launch refused, 3 instances on vetted images");
  });
  it("passes a replacement from a scanned, approved pipeline image", () => {
    const f = new FleetHistory(app);
    f.image(HOUR_MS, "img-app-2", { group: "app" });
    f.add(HOUR_MS, "image.submitted", "pipeline", { imageId: "img-app-2" });
    f.add(HOUR_MS, "image.scanned", "pipeline", { imageId: "img-app-2", status: "passed", criticalFindings: 0 });
    f.add(HOUR_MS, "image.approved", "platform/image-gate", { imageId: "img-app-2" });
    f.image(HOUR_MS, "img-rogue", { group: "app", builtBy: "manual" }, "chaos");
    f.chaos(HOUR_MS, "rogue-image", ["app"], (cause) =>
      f.add(HOUR_MS, "launch.denied", "platform/image-gate", { group: "app", imageId: "img-rogue", reason: "manual" }, cause),
    );
    f.replace(2 * HOUR_MS, "app-1", { imageId: "img-app-2" });
    expect(f.verdict("IMM-IMG-001", 3 * HOUR_MS).status).toBe("pass");
  });
  it("fails when a rogue image launches", () => {
    const f = new FleetHistory(app);
    f.image(HOUR_MS, "img-rogue", { group: "app", builtBy: "manual", stage: 2 }, "chaos");
    f.chaos(HOUR_MS, "rogue-image", ["app"], (cause) => f.launch(HOUR_MS, "app", { actor: "chaos", imageId: "img-rogue", cause }));
    expect(f.verdict("IMM-IMG-001", 2 * HOUR_MS).headline).toBe(
      "IMM-IMG-001 failed: app-4 launched from img-rogue: built by manual, stage 2, no passed scan, not approved",
    );
  });
  it("is inconclusive when the rogue step took no effect", () => {
    const f = new FleetHistory(app);
    f.idle(HOUR_MS, "rogue-image", ["app"]);
    expect(f.verdict("IMM-IMG-001", 2 * HOUR_MS).headline).toBe(
      "IMM-IMG-001 inconclusive: no effective rogue image launch on an immutable group (rogue-image at step 0 took no effect)",
    );
  });
});

describe("IMM-CICD-001 vulnerable images rejected", () => {
  const push = (f: FleetHistory, atMs: number, imageId: string): void => {
    f.chaos(atMs, "vulnerable-image", [imageId], (cause) => {
      f.image(atMs, imageId, { group: "app", vulnerable: true });
      f.add(atMs, "image.submitted", "chaos", { imageId }, cause);
    });
  };
  it("passes when the image is rejected", () => {
    const f = new FleetHistory(app);
    push(f, HOUR_MS, "img-vuln");
    f.add(HOUR_MS + MINUTE_MS, "image.scanned", "pipeline", { imageId: "img-vuln", status: "failed", criticalFindings: 2 });
    f.add(HOUR_MS + MINUTE_MS, "image.rejected", "platform/image-gate", { imageId: "img-vuln", reason: "scan failed" });
    expect(f.verdict("IMM-CICD-001", 2 * HOUR_MS).headline).toBe(
      "IMM-CICD-001 passed: 1 vulnerable image rejected, worst 1m after submission (limit 15m)",
    );
  });
  it("fails when it is approved and launched", () => {
    const f = new FleetHistory(app);
    push(f, HOUR_MS, "img-vuln");
    f.add(HOUR_MS + MINUTE_MS, "image.approved", "platform/image-gate", { imageId: "img-vuln" });
    f.replace(HOUR_MS + 2 * MINUTE_MS, "app-1", { imageId: "img-vuln" });
    const v = f.verdict("IMM-CICD-001", 2 * HOUR_MS);
    expect(v.headline).toBe("IMM-CICD-001 failed: vulnerable image img-vuln approved by platform/image-gate (+1 more)");
    expect(v.evidence.observed).toContain("launched as app-4");
  });
  it("fails when the pipeline never rejects it", () => {
    const f = new FleetHistory(app);
    push(f, HOUR_MS, "img-vuln");
    expect(f.verdict("IMM-CICD-001", 2 * HOUR_MS).headline).toBe(
      "IMM-CICD-001 failed: vulnerable image img-vuln not rejected within 15m of submission",
    );
  });
  it("is inconclusive when the window is still open at run end, or nothing was pushed", () => {
    const f = new FleetHistory(app);
    push(f, HOUR_MS, "img-vuln");
    expect(f.verdict("IMM-CICD-001", HOUR_MS + 5 * MINUTE_MS).status).toBe("inconclusive");
    expect(new FleetHistory(app).verdict("IMM-CICD-001", HOUR_MS).headline).toBe(
      "IMM-CICD-001 inconclusive: no vulnerable image submitted to the pipeline",
    );
  });
});

describe("IMM-DEP-001 only the pipeline deploys", () => {
  it("passes when a manual launch is terminated in time", () => {
    const f = new FleetHistory(app);
    f.chaos(HOUR_MS, "manual-launch", ["app"], (cause) => f.launch(HOUR_MS, "app", { actor: "operator:bob", cause }));
    f.terminate(HOUR_MS + 4 * MINUTE_MS, "app-4", "platform/image-gate", "manual-launch");
    expect(f.verdict("IMM-DEP-001", 2 * HOUR_MS).headline).toBe(
      "IMM-DEP-001 passed: 1 manual launch terminated, worst 4m (limit 15m), 0 refused",
    );
  });
  it("fails when it stays", () => {
    const f = new FleetHistory(app);
    f.chaos(HOUR_MS, "manual-launch", ["app"], (cause) => f.launch(HOUR_MS, "app", { actor: "operator:bob", cause }));
    expect(f.verdict("IMM-DEP-001", 2 * HOUR_MS).headline).toBe(
      "IMM-DEP-001 failed: app-4 launched by operator:bob still running 1h later (limit 15m)",
    );
  });
  it("is inconclusive without a manual launch", () => {
    const f = new FleetHistory(app);
    f.idle(HOUR_MS, "manual-launch", ["app"]);
    expect(f.verdict("IMM-DEP-001", 2 * HOUR_MS).status).toBe("inconclusive");
  });
});

describe("IMM-NET-001 no internet egress", () => {
  const egress = (f: FleetHistory, outcome: "allowed" | "denied"): void => {
    f.chaos(HOUR_MS, "egress", ["app-1"], (cause) =>
      f.add(
        HOUR_MS,
        "egress.attempted",
        "chaos",
        { instanceId: "app-1", vmType: "immutable", destination: "example.com", outcome, reason: "x" },
        cause,
      ),
    );
  };
  it("passes when denied", () => {
    const f = new FleetHistory(app);
    egress(f, "denied");
    expect(f.verdict("IMM-NET-001", 2 * HOUR_MS).headline).toBe("IMM-NET-001 passed: 1 egress attempt denied");
  });
  it("fails when allowed", () => {
    const f = new FleetHistory(app);
    egress(f, "allowed");
    expect(f.verdict("IMM-NET-001", 2 * HOUR_MS).headline).toBe("IMM-NET-001 failed: app-1 reached example.com");
  });
  it("is inconclusive without attempts", () => {
    expect(new FleetHistory(app).verdict("IMM-NET-001", HOUR_MS).status).toBe("inconclusive");
  });
});

describe("IMM-MAL-001 malware leads to kill and replace", () => {
  const infect = (f: FleetHistory, atMs: number): void => {
    f.chaos(atMs, "malware", ["app-1"], (cause) =>
      f.add(atMs, "instance.infected", "chaos", { instanceId: "app-1", sample: "eicar" }, cause),
    );
  };
  it("passes when killed and replaced in time", () => {
    const f = new FleetHistory(app);
    infect(f, HOUR_MS);
    f.add(HOUR_MS + MINUTE_MS, "malware.detected", "world/edr", { instanceId: "app-1", sample: "eicar" });
    f.terminate(HOUR_MS + MINUTE_MS, "app-1", "platform/self-healer", "malware");
    f.replace(HOUR_MS + MINUTE_MS, "app-1");
    expect(f.verdict("IMM-MAL-001", 2 * HOUR_MS).status).toBe("pass");
  });
  it("fails a late detection", () => {
    const f = new FleetHistory(app);
    infect(f, HOUR_MS);
    f.add(HOUR_MS + 20 * MINUTE_MS, "malware.detected", "world/edr", { instanceId: "app-1", sample: "eicar" });
    f.terminate(HOUR_MS + 20 * MINUTE_MS, "app-1", "platform/self-healer", "malware");
    f.replace(HOUR_MS + 20 * MINUTE_MS, "app-1");
    const v = f.verdict("IMM-MAL-001", 2 * HOUR_MS);
    expect(v.headline).toBe("IMM-MAL-001 failed: infected app-1 detected after 20m, terminated after 20m, replaced after 20m (limit 15m)");
    expect(v.evidence.timeToDetectMs).toBe(20 * MINUTE_MS);
  });
  it("is inconclusive before the window closes", () => {
    const f = new FleetHistory(app);
    infect(f, HOUR_MS);
    expect(f.verdict("IMM-MAL-001", HOUR_MS + 5 * MINUTE_MS).status).toBe("inconclusive");
  });
});

describe("IMM-HEAL-001 killed nodes replaced from the current image", () => {
  const promote = (f: FleetHistory, atMs: number): void => {
    f.image(atMs, "img-app-2", { group: "app" });
    f.add(atMs, "image.approved", "platform/image-gate", { imageId: "img-app-2" });
    f.add(atMs, "image.promoted", "platform/image-gate", { group: "app", imageId: "img-app-2", previousImageId: "img-app" });
  };
  it("passes when the replacement runs the promoted image within the RTO", () => {
    const f = new FleetHistory(app);
    promote(f, 30 * MINUTE_MS);
    f.kill(HOUR_MS, "app-1");
    f.replace(HOUR_MS + MINUTE_MS, "app-1", { imageId: "img-app-2" });
    f.crash(HOUR_MS, "app-2", 30_000);
    f.replace(HOUR_MS + 30_000, "app-2", { imageId: "img-app-2" });
    const v = f.verdict("IMM-HEAL-001", 2 * HOUR_MS);
    expect(v.headline).toBe("IMM-HEAL-001 passed: 1 kill and 1 crash replaced from the current image, worst 2m 30s (limit 10m)");
  });
  it("fails a replacement from the superseded image", () => {
    const f = new FleetHistory(app);
    promote(f, 30 * MINUTE_MS);
    f.kill(HOUR_MS, "app-1");
    f.replace(HOUR_MS + MINUTE_MS, "app-1");
    expect(f.verdict("IMM-HEAL-001", 2 * HOUR_MS).headline).toBe(
      "IMM-HEAL-001 failed: app-1 killed at 1h, replacement app-4 runs img-app, not the current image img-app-2",
    );
  });
  it("accepts a surge replacement already under way when its node is killed", () => {
    const f = new FleetHistory(app);
    const surge = f.replace(HOUR_MS, "app-1", { actor: "platform/image-rebuilder" });
    f.kill(HOUR_MS + 30_000, "app-1");
    const v = f.verdict("IMM-HEAL-001", 2 * HOUR_MS);
    expect(v.status).toBe("pass");
    expect(v.evidence.eventIds.length).toBeGreaterThan(0);
    expect(surge).toBe("app-4");
  });
  it("fails when no replacement comes", () => {
    const f = new FleetHistory(app);
    f.kill(HOUR_MS, "app-1");
    expect(f.verdict("IMM-HEAL-001", 2 * HOUR_MS).headline).toBe("IMM-HEAL-001 failed: app-1 killed at 1h, no replacement within 10m");
  });
  it("is inconclusive when the kill took no effect", () => {
    const f = new FleetHistory(app);
    f.idle(HOUR_MS, "kill", ["app-1"]);
    expect(f.verdict("IMM-HEAL-001", 2 * HOUR_MS).headline).toBe(
      "IMM-HEAL-001 inconclusive: no effective kill on an immutable group (kill at step 0 took no effect)",
    );
  });
});
