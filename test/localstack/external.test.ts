// The account's own automation under test (`--platform external`): LocalStack's Auto Scaling keeps the fleet,
// cattleprod injects chaos and judges what the account shows. Two shapes: a team's Auto Scaling group that
// cattleprod adopts, and a group the scenario declares `autoScaling: true`, created (and swept) by the run.
import { AutoScalingClient, CreateAutoScalingGroupCommand, CreateLaunchConfigurationCommand } from "@aws-sdk/client-auto-scaling";
import { describe, expect, it } from "vitest";
import { HOUR_MS, type Scenario } from "../../core/index.ts";
import { loadPlatform } from "../../scenarios/index.ts";
import { TAG } from "../../simulators/localstack/index.ts";
import { runOnAccount, verdictOf } from "../support/account.ts";
import { fleet, group } from "../support/fleet.ts";
import { useLocalStack } from "../support/localstack.ts";

function healScenario(autoScaling: boolean): Scenario {
  return {
    apiVersion: "cattleprod/v1",
    name: "external-asg-heal",
    description: "",
    seed: 5,
    platform: "external",
    fleet: fleet([{ ...group("web", "cattle", 4, { maxUnavailable: 2 }), ...(autoScaling ? { autoScaling: true } : {}) }]),
    steps: [{ index: 0, atMs: HOUR_MS, action: "kill", target: { group: "web", count: { kind: "random", n: 2 } }, with: {} }],
    runMs: 2 * HOUR_MS,
    expect: [{ control: "CAT-HEAL-001", status: "pass" }],
  };
}

describe("--platform external: the account's own automation under test (LocalStack Auto Scaling)", () => {
  const localstack = useLocalStack();

  const adopted =
    "a team's Auto Scaling group: cattleprod adopts its four instances, kills two, and the group's replacements decide CAT-HEAL-001";
  it(
    adopted,
    async () => {
      const runId = "cp-external-1";
      const run = await runOnAccount(localstack, healScenario(false), {
        platform: await loadPlatform("external"),
        external: true,
        runId,
        hooks: [
          [
            0,
            async (world) => {
              const autoscaling = new AutoScalingClient(localstack.clientConfig(run_account(world)));
              await autoscaling.send(
                new CreateLaunchConfigurationCommand({
                  LaunchConfigurationName: "web-lc",
                  // The team launches the group's approved image (the AMI cattleprod registered for it).
                  ImageId: world.amiOf(world.currentImage("web").id),
                  InstanceType: "t3.micro",
                }),
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
            },
          ],
        ],
      });
      const launches = run.world.history.ofKind("instance.launched");
      expect(launches.filter((e) => e.actor === "external/web-asg").length).toBeGreaterThanOrEqual(6);
      expect(run.api.calls.get("RunInstances") ?? 0).toBe(0);
      expect(run.world.history.ofKind("instance.terminated").filter((e) => e.reason === "chaos:kill")).toHaveLength(2);
      const heal = verdictOf(run, "CAT-HEAL-001");
      expect([heal.status, heal.evidence.source], heal.headline).toEqual(["pass", "account"]);
      expect(run.result.verdicts.filter((v) => v.status === "fail")).toEqual([]);
      expect(run.result.status).toBe("pass");
    },
    180_000,
  );

  const owned =
    "a group the scenario backs with an Auto Scaling group: the run creates it (launch template and group), kills two, " +
    "and the account's replacements decide CAT-HEAL-001";
  it(
    owned,
    async () => {
      const run = await runOnAccount(localstack, healScenario(true), { platform: await loadPlatform("external"), external: true });
      expect(run.api.calls.get("CreateAutoScalingGroup")).toBe(1);
      expect(run.api.calls.get("RunInstances") ?? 0).toBe(0);
      const launches = run.world.history.ofKind("instance.launched");
      expect(launches.length).toBeGreaterThanOrEqual(6);
      expect(new Set(launches.map((e) => e.actor))).toEqual(new Set([`external/cp-test-${run.account.slice(-6)}.0-web`]));
      const heal = verdictOf(run, "CAT-HEAL-001");
      expect([heal.status, heal.evidence.source], heal.headline).toEqual(["pass", "account"]);
    },
    180_000,
  );
});

/** The account a world runs in (its API's access key: a fresh 12-digit account per test). */
function run_account(world: { api: { target: { credentials?: { accessKeyId: string } } } }): string {
  return world.api.target.credentials?.accessKeyId ?? "";
}
