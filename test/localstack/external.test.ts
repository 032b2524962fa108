import { CreateAutoScalingGroupCommand, CreateLaunchConfigurationCommand, AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { describe, expect, it } from "vitest";
import { HOUR_MS, type Scenario } from "../../core/index.ts";
import { loadPlatform, runScenarioOn } from "../../scenarios/index.ts";
import { AWS_METHODS, AwsApi, AwsFleet, TAG } from "../../simulators/localstack/index.ts";
import { fleet, group } from "../support/fleet.ts";
import { freshAccount, useLocalStack } from "../support/localstack.ts";

describe("--platform external: the account's own automation under test (LocalStack Auto Scaling)", () => {
  const localstack = useLocalStack();

  const asgHeals =
    "kills two of four ASG instances; the account's Auto Scaling replaces them and CAT-HEAL-001 is decided by what EC2 reports";
  it(asgHeals, async () => {
    const config = localstack.clientConfig(freshAccount());
    const runId = "cp-external-1";
    const autoscaling = new AutoScalingClient(config);
    await autoscaling.send(
      new CreateLaunchConfigurationCommand({ LaunchConfigurationName: "web-lc", ImageId: "ami-00cattleprod", InstanceType: "t3.micro" }),
    );
    await autoscaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: "web-asg",
        LaunchConfigurationName: "web-lc",
        MinSize: 4,
        MaxSize: 8,
        DesiredCapacity: 4,
        AvailabilityZones: ["us-east-1a"],
        Tags: [
          { Key: TAG.runId, Value: runId, PropagateAtLaunch: true },
          { Key: TAG.group, Value: "web", PropagateAtLaunch: true },
          { Key: TAG.vmType, Value: "cattle", PropagateAtLaunch: true },
        ],
      }),
    );
    const scenario: Scenario = {
      apiVersion: "cattleprod/v1",
      name: "external-asg-heal",
      description: "",
      seed: 5,
      platform: "external",
      fleet: fleet([group("web", "cattle", 4, { maxUnavailable: 2 })]),
      steps: [{ index: 0, atMs: HOUR_MS, action: "kill", target: { group: "web", count: { kind: "random", n: 2 } }, with: {} }],
      runMs: 2 * HOUR_MS,
      expect: [{ control: "CAT-HEAL-001", status: "pass" }],
    };
    const api = new AwsApi(config);
    const result = await runScenarioOn(scenario, {
      platform: await loadPlatform("external"),
      backend: "localstack",
      methods: AWS_METHODS,
      makeWorld: (spec, rng) => new AwsFleet(spec, rng, api, { runId, external: true }),
    });
    const launches = result.world.history.ofKind("instance.launched");
    expect(launches.filter((e) => e.actor === "external/web-asg").length).toBeGreaterThanOrEqual(6);
    expect(api.calls.get("RunInstances") ?? 0).toBe(0);
    expect(result.world.history.ofKind("instance.terminated").filter((e) => e.reason === "chaos:kill")).toHaveLength(2);
    expect(result.verdicts.find((v) => v.control === "CAT-HEAL-001")?.status).toBe("pass");
    expect(result.status).toBe("pass");
  });
});
