// Stock scenarios on LocalStack with the reference platform: the account world acts through @aws-sdk and its
// history is what the account shows. Each run uses a fresh account; this suite needs a drivable account clock.
import { DescribeImagesCommand, DescribeInstancesCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { TAG } from "../../simulators/localstack/index.ts";
import { runOnAccount, verdictOf } from "../support/account.ts";
import { useLocalStack } from "../support/localstack.ts";

const LIBRARY = "scenarios/library";

describe("the stock scenarios on LocalStack (reference platform)", () => {
  const localstack = useLocalStack({ drivableClock: true });

  it("kill cattle nodes and heal: the kills are terminations EC2 reports, the heal is launches it reports", async () => {
    const run = await runOnAccount(localstack, `${LIBRARY}/cattle-two-nodes-die-at-once.yaml`);
    expect(run.result.status).toBe("pass");
    const heal = verdictOf(run, "CAT-HEAL-001");
    expect([heal.status, heal.evidence.source, heal.evidence.calls]).toEqual(["pass", "account", ["DescribeInstances"]]);
    const terminated = run.world.history.ofKind("instance.terminated");
    expect(terminated.length).toBeGreaterThanOrEqual(3);
    for (const event of terminated) expect(event.observed).toEqual({ source: "account", call: "DescribeInstances" });
    const { instances } = await run.api.describeTagged(TAG.scenarioRun, run.world.scenarioRunId);
    const byState = (state: string) => instances.filter((i) => i.tags[TAG.group] === "web" && i.state === state).length;
    expect(byState("running")).toBe(6);
    expect(byState("terminated")).toBe(terminated.length);
  }, 180_000);

  it("every write is an intent, every launch fact names its intent's writer, and each model id maps to an EC2 id by tag", async () => {
    const run = await runOnAccount(localstack, `${LIBRARY}/cattle-rogue-image.yaml`);
    const intents = run.world.history.ofKind("api.intent");
    const launches = run.world.history.ofKind("instance.launched");
    expect(intents.filter((i) => i.operation === "RunInstances").map((i) => [i.resource, i.actor])).toEqual(
      launches.map((l) => [l.instanceId, l.actor]),
    );
    expect(run.world.history.ofKind("api.unapplied")).toEqual([]);
    const ec2 = await run.api.ec2.send(
      new DescribeInstancesCommand({ InstanceIds: launches.map((l) => run.world.ec2IdOf(l.instanceId) ?? "") }),
    );
    const tagged = (ec2.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.Tags?.find((t) => t.Key === TAG.id)?.Value);
    expect(tagged.sort()).toEqual(launches.map((l) => l.instanceId).sort());
  }, 180_000);

  it("drift on cattle is re-applied in place: the config tag is back to the desired version", async () => {
    const run = await runOnAccount(localstack, `${LIBRARY}/cattle-drift-reapplied.yaml`);
    expect(verdictOf(run, "CAT-DRF-001").status).toBe("pass");
    const { instances } = await run.api.describeTagged(TAG.scenarioRun, run.world.scenarioRunId);
    const running = instances.filter((i) => i.state === "running");
    expect(running).toHaveLength(6);
    for (const instance of running) expect(instance.tags[TAG.config]).toBe("v1");
  }, 180_000);

  it("aging past 28 days on the account's clock: launch and attach times 25 days back, every server replaced before 28 days", async () => {
    const run = await runOnAccount(localstack, `${LIBRARY}/immutable-aging-28-days.yaml`);
    const age = verdictOf(run, "IMM-AGE-001");
    expect([age.status, age.evidence.source]).toEqual(["pass", "account"]);
    const opened = run.world.history.ofKind("account.opened")[0];
    expect(opened?.clock).toBe("drivable");
    const { instances } = await run.api.describeTagged(TAG.scenarioRun, run.world.scenarioRunId);
    const initial = instances.filter((i) => i.state === "terminated" && i.tags[TAG.id] !== undefined).slice(0, 4);
    expect(initial.length).toBe(4);
    // The first four were launched with the account's clock 25 days back (and aged by 2 more days by chaos).
    const launched = run.world.history.ofKind("instance.launched").slice(0, 4);
    for (const event of launched) expect(event.createdAtMs).toBeLessThanOrEqual(-25 * 86_400_000 + 2_000);
    expect(run.world.history.ofKind("account.clock-moved")).toHaveLength(1);
  }, 180_000);

  it("stop/start: cattleprod's LocalStack resets LaunchTime as AWS does; age is read from the root volume's attach time", async () => {
    const run = await runOnAccount(localstack, `${LIBRARY}/immutable-stop-start-keeps-age.yaml`);
    const evasion = verdictOf(run, "IMM-AGE-002");
    expect([evasion.status, evasion.evidence.source]).toEqual(["pass", "account"]);
    expect(run.world.history.ofKind("account.deviation")).toEqual([]);
    const started = run.world.history.ofKind("instance.started");
    expect(started.length).toBeGreaterThanOrEqual(1);
    // What the platform read: the creation time from the root volume's attach time (27 days back), the last start
    // from LaunchTime, which the start moved to the present.
    const instance = run.world.instance(started[0]?.instanceId ?? "");
    expect((instance?.lastStartedAtMs ?? 0) - (instance?.createdAtMs ?? 0)).toBeGreaterThan(26 * 86_400_000);
  }, 180_000);

  it("a vulnerable image push is rejected: the AMIs carry image-status rejected and never run", async () => {
    const run = await runOnAccount(localstack, `${LIBRARY}/immutable-vulnerable-image.yaml`);
    expect(verdictOf(run, "IMM-CICD-001").status).toBe("pass");
    const images = await run.api.ec2.send(
      new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: `tag:${TAG.imageStatus}`, Values: ["rejected"] }] }),
    );
    expect(images.Images?.length).toBe(2);
    const rejected = new Set(images.Images?.map((i) => i.ImageId));
    const { instances } = await run.api.describeTagged(TAG.scenarioRun, run.world.scenarioRunId);
    expect(instances.length).toBeGreaterThan(0);
    expect(instances.some((i) => rejected.has(i.imageId))).toBe(false);
  }, 180_000);

  it("reads grow with writes and pages, not with the fleet: a full poll of 6 instances is at most 4 calls", async () => {
    const run = await runOnAccount(localstack, `${LIBRARY}/cattle-zone-outage.yaml`);
    const before = run.api.totalCalls();
    await run.world.refresh();
    expect(run.api.totalCalls() - before).toBeLessThanOrEqual(4);
  }, 180_000);
});
