import { DescribeImagesCommand } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import type { Verdict } from "../../core/index.ts";
import { referencePlatform } from "../../platform/index.ts";
import { loadScenario, runScenarioOn, type ScenarioResult } from "../../scenarios/index.ts";
import { AWS_METHODS, AwsApi, AwsFleet, TAG } from "../../simulators/localstack/index.ts";
import { freshAccount, useLocalStack, type LocalStackSuite } from "../support/localstack.ts";

/** Runs a stock scenario on LocalStack in a fresh, empty account; returns the result and the account's API. */
async function onLocalStack(
  localstack: LocalStackSuite,
  file: string,
): Promise<{ result: ScenarioResult & { world: AwsFleet }; api: AwsApi }> {
  const api = new AwsApi(localstack.clientConfig(freshAccount()));
  const scenario = await loadScenario(file);
  const result = await runScenarioOn(scenario, {
    platform: referencePlatform(),
    backend: "localstack",
    methods: AWS_METHODS,
    makeWorld: (spec, rng) => new AwsFleet(spec, rng, api, { runId: "cp-test", scenarioRunId: "cp-test.0" }),
  });
  return { result: result as ScenarioResult & { world: AwsFleet }, api };
}

const verdict = (result: ScenarioResult, control: string): Verdict | undefined => result.verdicts.find((v) => v.control === control);

describe("the stock scenarios on LocalStack (reference platform)", () => {
  const localstack = useLocalStack();

  it("kill cattle nodes and heal: two kills are terminated in EC2 and replaced by new instances", async () => {
    const { result, api } = await onLocalStack(localstack, "scenarios/library/cattle-two-nodes-die-at-once.yaml");
    expect(result.status).toBe("pass");
    expect(verdict(result, "CAT-HEAL-001")?.status).toBe("pass");
    expect(verdict(result, "CAT-HEAL-001")?.evidence.method).toMatch(/^localstack: ec2: TerminateInstances/);
    const { instances } = await api.describeTagged(TAG.runId, "cp-test");
    const byState = (state: string) => instances.filter((i) => i.tags[TAG.group] === "web" && i.state === state).length;
    expect(byState("running")).toBe(6);
    expect(byState("terminated")).toBeGreaterThanOrEqual(3);
    expect(api.calls.get("TerminateInstances")).toBeGreaterThanOrEqual(2);
  });

  it("drift on cattle is re-applied in place: the config tag is back to the desired version", async () => {
    const { result, api } = await onLocalStack(localstack, "scenarios/library/cattle-drift-reapplied.yaml");
    expect(verdict(result, "CAT-DRF-001")?.status).toBe("pass");
    const { instances } = await api.describeTagged(TAG.runId, "cp-test");
    const running = instances.filter((i) => i.state === "running");
    expect(running).toHaveLength(6);
    for (const instance of running) expect(instance.tags[TAG.config]).toBe("v1");
  });

  it("drift on immutable servers replaces them: drifted instances are terminated in EC2, never re-tagged", async () => {
    const { result, api } = await onLocalStack(localstack, "scenarios/library/immutable-drift-replaced.yaml");
    expect(verdict(result, "IMM-CFG-001")?.status).toBe("pass");
    const { instances } = await api.describeTagged(TAG.runId, "cp-test");
    const drifted = instances.filter((i) => i.tags[TAG.config]?.includes("@drift"));
    expect(drifted.length).toBeGreaterThanOrEqual(3);
    for (const instance of drifted) expect(instance.state).toBe("terminated");
  });

  it("aging past 28 days: every server is replaced before 28 days by its created-at tag, and stop/start does not reset it", async () => {
    const aging = await onLocalStack(localstack, "scenarios/library/immutable-aging-28-days.yaml");
    expect(verdict(aging.result, "IMM-AGE-001")?.status).toBe("pass");
    const { instances } = await aging.api.describeTagged(TAG.runId, "cp-test");
    expect(instances.filter((i) => i.state === "terminated").length).toBeGreaterThanOrEqual(4);
    const stopStart = await onLocalStack(localstack, "scenarios/library/immutable-stop-start-keeps-age.yaml");
    expect(verdict(stopStart.result, "IMM-AGE-002")?.status).toBe("pass");
    expect(stopStart.api.calls.get("StopInstances")).toBeGreaterThanOrEqual(1);
    expect(stopStart.api.calls.get("StartInstances")).toBeGreaterThanOrEqual(1);
    expect((stopStart.result.world.stats() as { clockOffsetMs: number }).clockOffsetMs).toBeGreaterThan(2 * 86_400_000);
  });

  it.each([
    ["scenarios/library/pet-operator-access.yaml", "PET-ACC-001"],
    ["scenarios/library/cattle-jit-break-glass.yaml", "CAT-ACC-001"],
    ["scenarios/library/immutable-login-refused.yaml", "IMM-ACC-001"],
  ])("login attempts on %s decide %s", async (file, control) => {
    const { result } = await onLocalStack(localstack, file);
    expect(verdict(result, control)?.status).toBe("pass");
    expect(result.world.history.ofKind("login.attempted").length).toBeGreaterThan(0);
  });

  it("a rogue image launch never reaches RunInstances on immutable servers, and is removed from cattle", async () => {
    const immutable = await onLocalStack(localstack, "scenarios/library/immutable-rogue-image.yaml");
    expect(verdict(immutable.result, "IMM-IMG-001")?.status).toBe("pass");
    expect(immutable.api.calls.get("RunInstances")).toBe(3);
    const cattle = await onLocalStack(localstack, "scenarios/library/cattle-rogue-image.yaml");
    expect(verdict(cattle.result, "CAT-IMG-001")?.status).toBe("pass");
    const { instances } = await cattle.api.describeTagged(TAG.runId, "cp-test");
    expect(instances.filter((i) => i.state === "running")).toHaveLength(4);
  });

  it("a vulnerable image push is rejected: the AMIs carry image-status rejected and never run", async () => {
    const { result, api } = await onLocalStack(localstack, "scenarios/library/immutable-vulnerable-image.yaml");
    expect(verdict(result, "IMM-CICD-001")?.status).toBe("pass");
    const images = await api.ec2.send(
      new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: `tag:${TAG.imageStatus}`, Values: ["rejected"] }] }),
    );
    expect(images.Images?.length).toBe(2);
    const rejected = new Set(images.Images?.map((i) => i.ImageId));
    const { instances } = await api.describeTagged(TAG.runId, "cp-test");
    expect(instances.length).toBeGreaterThan(0);
    expect(instances.every((i) => i.imageId.startsWith("ami-"))).toBe(true);
    expect(instances.some((i) => rejected.has(i.imageId))).toBe(false);
  });

  it("describe calls grow with pages, not instances", async () => {
    const { api } = await onLocalStack(localstack, "scenarios/library/cattle-zone-outage.yaml");
    const before = api.calls.get("DescribeInstances") ?? 0;
    const small = await api.describeTagged(TAG.runId, "cp-test", 100);
    expect(small.pages).toBe(1);
    expect((api.calls.get("DescribeInstances") ?? 0) - before).toBe(1);
    expect(small.instances.length).toBeGreaterThan(6);
  });
});
