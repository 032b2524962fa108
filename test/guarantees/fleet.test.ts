import { describe, expect, it } from "vitest";
import { FleetHistory, MINUTE_MS, fleet } from "./fleet-history.ts";

const spec = fleet([
  { name: "web", vmType: "cattle", capacity: 2 },
  { name: "db", vmType: "pet", capacity: 1, publicIngress: true },
]);

describe("FLT-INV-001 every instance carries a VM type", () => {
  it("passes when an untagged launch is terminated within the detect window", () => {
    const f = new FleetHistory(spec);
    let id = "";
    f.chaos(MINUTE_MS, "untagged-launch", [], (cause) => {
      id = f.launch(MINUTE_MS, "web", { untagged: true, actor: "chaos", cause });
    });
    f.add(5 * MINUTE_MS, "instance.untagged-detected", "platform/image-gate", { instanceId: id });
    f.terminate(6 * MINUTE_MS, id, "platform/image-gate", "untagged");
    const v = f.verdict("FLT-INV-001", 2 * 60 * MINUTE_MS);
    expect(v.status).toBe("pass");
    expect(v.headline).toBe("FLT-INV-001 passed: 3 instances tagged, 1 untagged launch terminated, worst 5m (limit 15m)");
    expect(v.evidence.timeToDetectMs).toBe(4 * MINUTE_MS);
  });

  it("fails when an untagged instance outlives the detect window", () => {
    const f = new FleetHistory(spec);
    f.launch(MINUTE_MS, "web", { untagged: true, actor: "chaos" });
    const v = f.verdict("FLT-INV-001", 60 * MINUTE_MS);
    expect(v.status).toBe("fail");
    expect(v.headline).toBe("FLT-INV-001 failed: untagged web-3 still running 59m after launch (limit 15m)");
    expect(v.hint).toBeTruthy();
    expect(v.evidence.instances).toEqual(["web-3"]);
  });

  it("is inconclusive with no instance at all", () => {
    const f = new FleetHistory(fleet([{ name: "web", vmType: "cattle", capacity: 0 }]));
    expect(f.verdict("FLT-INV-001", MINUTE_MS).status).toBe("inconclusive");
  });

  it("leaves an untagged launch near the run end undecided", () => {
    const f = new FleetHistory(fleet([{ name: "web", vmType: "cattle", capacity: 0 }]));
    f.launch(55 * MINUTE_MS, "web", { untagged: true, actor: "chaos" });
    const v = f.verdict("FLT-INV-001", 60 * MINUTE_MS);
    expect(v.status).toBe("inconclusive");
    expect(v.headline).toContain("not decided by run end");
  });
});

describe("FLT-AUD-001 every chaos and platform action is audited", () => {
  it("passes on a well-formed history", () => {
    const f = new FleetHistory(spec);
    f.kill(MINUTE_MS, "web-1");
    f.replace(2 * MINUTE_MS, "web-1");
    const v = f.verdict("FLT-AUD-001", 10 * MINUTE_MS);
    expect(v.status).toBe("pass");
    expect(v.headline).toMatch(/^FLT-AUD-001 passed: \d+ events audited \(1 chaos effect, 1 platform action\)$/);
  });

  it("follows a cause chain by the same actor back to the chaos step", () => {
    const f = new FleetHistory(spec);
    let paused = -1;
    f.chaos(MINUTE_MS, "controller-outage", ["self-healer"], (cause) => {
      paused = f.add(MINUTE_MS, "controller.paused", "chaos", { controller: "self-healer", forMs: MINUTE_MS }, cause);
    });
    f.add(2 * MINUTE_MS, "controller.resumed", "chaos", { controller: "self-healer" }, paused);
    expect(f.verdict("FLT-AUD-001", 10 * MINUTE_MS).status).toBe("pass");
  });

  it("fails on a chaos effect without cause, an unknown controller and an empty actor", () => {
    const f = new FleetHistory(spec);
    f.terminate(MINUTE_MS, "web-1", "chaos", "chaos:kill");
    f.terminate(2 * MINUTE_MS, "web-2", "platform/ghost", "whatever");
    f.add(3 * MINUTE_MS, "config.drifted", "", { instanceId: "db-1", from: "1", to: "2" });
    const v = f.verdict("FLT-AUD-001", 10 * MINUTE_MS);
    expect(v.status).toBe("fail");
    expect(v.headline).toBe(
      "FLT-AUD-001 failed: 1 event by chaos not pointing at a chaos step (first: event 12 instance.terminated) (+2 more)",
    );
    expect(v.evidence.observed).toContain("platform/ghost");
  });

  it("fails on an actor that is no known identity, such as an account service name", () => {
    const f = new FleetHistory(spec);
    f.kill(MINUTE_MS, "web-1");
    f.launch(2 * MINUTE_MS, "web", { actor: "aws:autoscaling", replaces: "web-1" });
    f.launch(3 * MINUTE_MS, "web", { actor: "external/web-asg" });
    f.add(4 * MINUTE_MS, "malware.detected", "world/edr", { instanceId: "web-2", sample: "x" });
    const v = f.verdict("FLT-AUD-001", 10 * MINUTE_MS);
    expect(v.headline).toMatch(
      /^FLT-AUD-001 failed: 1 event by an actor that is no known identity \(first: event \d+ instance\.launched \(aws:autoscaling\)\)$/,
    );
  });

  it("accepts `account` only on a fact the account showed (the team's own automation on an account world)", () => {
    const observed = new FleetHistory(spec);
    observed.history.appendObserved(
      MINUTE_MS,
      "instance.terminated",
      "account",
      { instanceId: "web-1", group: "web", vmType: "cattle", reason: "terminated", ageMs: 0 },
      undefined,
      "DescribeInstances",
    );
    expect(observed.verdict("FLT-AUD-001", 10 * MINUTE_MS).status).toBe("pass");
    const claimed = new FleetHistory(spec);
    claimed.terminate(MINUTE_MS, "web-1", "account", "terminated");
    expect(claimed.verdict("FLT-AUD-001", 10 * MINUTE_MS).headline).toMatch(
      /1 event by an actor that is no known identity .*\(account\)\)$/,
    );
  });

  it("is inconclusive on an empty history", async () => {
    const { History } = await import("../../core/index.ts");
    const { evaluateSome } = await import("../../guarantees/index.ts");
    const [v] = evaluateSome({ history: new History(), spec, runMs: 0 }, ["FLT-AUD-001"]);
    expect(v?.status).toBe("inconclusive");
  });
});

describe("FLT-NET-001 no world-open SSH/RDP", () => {
  const open = (f: FleetHistory, atMs: number, instanceId: string, port = 22): number => {
    let seq = -1;
    f.chaos(atMs, "open-ingress", [instanceId], (cause) => {
      seq = f.add(atMs, "ingress.opened", "chaos", { instanceId, port, cidr: "0.0.0.0/0" }, cause);
    });
    return seq;
  };

  it("passes when the rule is revoked in time, and exempts pets that allow it", () => {
    const f = new FleetHistory(spec);
    open(f, MINUTE_MS, "web-1");
    f.add(4 * MINUTE_MS, "ingress.revoked", "platform/egress-policy", { instanceId: "web-1", port: 22, cidr: "0.0.0.0/0" });
    open(f, MINUTE_MS, "db-1", 3389);
    const v = f.verdict("FLT-NET-001", 60 * MINUTE_MS);
    expect(v.status).toBe("pass");
    expect(v.headline).toBe("FLT-NET-001 passed: 1 world-open admin port closed, worst 3m (limit 15m)");
  });

  it("fails when the rule stays open past the window", () => {
    const f = new FleetHistory(spec);
    open(f, MINUTE_MS, "web-1", 3389);
    f.add(30 * MINUTE_MS, "ingress.revoked", "platform/egress-policy", { instanceId: "web-1", port: 3389, cidr: "0.0.0.0/0" });
    const v = f.verdict("FLT-NET-001", 60 * MINUTE_MS);
    expect(v.status).toBe("fail");
    expect(v.headline).toBe("FLT-NET-001 failed: port 3389 open to 0.0.0.0/0 on web-1 for 29m (limit 15m)");
  });

  it("is inconclusive when the open-ingress step took no effect", () => {
    const f = new FleetHistory(spec);
    f.idle(MINUTE_MS, "open-ingress", ["web-1"]);
    const v = f.verdict("FLT-NET-001", 60 * MINUTE_MS);
    expect(v.status).toBe("inconclusive");
    expect(v.headline).toBe("FLT-NET-001 inconclusive: no world-open 22/3389 rule opened (open-ingress at step 0 took no effect)");
  });

  it("honours a scenario override of the bound", () => {
    const f = new FleetHistory(spec);
    open(f, MINUTE_MS, "web-1");
    f.add(4 * MINUTE_MS, "ingress.revoked", "platform/egress-policy", { instanceId: "web-1", port: 22, cidr: "0.0.0.0/0" });
    expect(f.verdict("FLT-NET-001", 60 * MINUTE_MS, 2 * MINUTE_MS).status).toBe("fail");
  });
});
