// The verdict follows the account, not the model: for every control an account world decides from the account,
// the account is changed behind cattleprod's back with plain @aws-sdk clients during a run (a rule revoked, a
// group detached, a drifted or aged instance terminated, an instance launched, a tag rewritten, an image released),
// and the verdict says what the account shows. The same scenario on the simulated fleet, where nobody else acts,
// gives another verdict. Each run uses a fresh LocalStack account; ages need a drivable account clock.
import {
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeImagesCommand,
  DescribeInstancesCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  RegisterImageCommand,
  RevokeSecurityGroupIngressCommand,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from "@aws-sdk/client-ec2";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { describe, expect, it } from "vitest";
import { HOUR_MS, MINUTE_MS, type Platform, type Scenario } from "../../core/index.ts";
import { referencePlatform, withoutController } from "../../platform/index.ts";
import { loadPlatform, loadScenario, runScenario } from "../../scenarios/index.ts";
import { CATALOG, sourceOf } from "../../guarantees/index.ts";
import { ACCOUNT_OFFERS, TAG, type AccountFleet, type AccountHook } from "../../simulators/localstack/index.ts";
import { runOnAccount, verdictOf } from "../support/account.ts";
import { fleet, group } from "../support/fleet.ts";
import { useLocalStack } from "../support/localstack.ts";

const LIBRARY = "scenarios/library";
const FIXTURES = "test/fixtures/platforms";

/** Plain @aws-sdk clients in the world's account: what a colleague or the account's own automation would use. */
function plain(world: AccountFleet): { ec2: EC2Client; ssm: SSMClient } {
  const { endpoint, region, credentials } = world.api.target;
  const config = { region, ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) };
  return { ec2: new EC2Client(config), ssm: new SSMClient(config) };
}

/** The EC2 instances of the scenario run, as the account lists them. */
async function instancesOf(world: AccountFleet) {
  const out = await plain(world).ec2.send(
    new DescribeInstancesCommand({ Filters: [{ Name: `tag:${TAG.scenarioRun}`, Values: [world.scenarioRunId] }] }),
  );
  return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).filter((i) => i.State?.Name === "running");
}

const tag = (instance: { Tags?: Array<{ Key?: string; Value?: string }> }, key: string) => instance.Tags?.find((t) => t.Key === key)?.Value;

/** The AMI a group's current-image parameter names, read as any automation would read it. */
async function currentAmi(world: AccountFleet, groupName: string): Promise<string> {
  const out = await plain(world).ssm.send(new GetParameterCommand({ Name: world.parameterOf(groupName) }));
  return out.Parameter?.Value ?? "";
}

/** Launches an instance into a group of the scenario run, as the account's own automation would. */
async function launchInto(world: AccountFleet, groupName: string, vmType: string, imageId: string): Promise<string> {
  const tags = {
    [TAG.runId]: world.runId,
    [TAG.scenarioRun]: world.scenarioRunId,
    [TAG.group]: groupName,
    [TAG.vmType]: vmType,
    [TAG.config]: "v1",
  };
  const out = await plain(world).ec2.send(
    new RunInstancesCommand({
      ImageId: imageId,
      MinCount: 1,
      MaxCount: 1,
      TagSpecifications: [{ ResourceType: "instance", Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }],
    }),
  );
  return out.Instances?.[0]?.InstanceId ?? "";
}

async function terminate(world: AccountFleet, ec2Ids: readonly string[]): Promise<void> {
  if (ec2Ids.length > 0) await plain(world).ec2.send(new TerminateInstancesCommand({ InstanceIds: [...ec2Ids] }));
}

/** One case: a control, a scenario and platform, what is done behind cattleprod's back, and the two verdicts. */
interface Case {
  readonly control: string;
  readonly scenario: () => Promise<Scenario>;
  readonly platform: () => Promise<Platform> | Platform;
  readonly hooks: ReadonlyArray<readonly [number, AccountHook]>;
  /** What the account shows, so the verdict there. */
  readonly account: "pass" | "fail";
  /** On the simulated fleet, where nobody else changes anything. */
  readonly sim: "pass" | "fail" | "inconclusive";
}

const inline = (name: string, vmType: "cattle" | "immutable", runMs: number, steps: Scenario["steps"]): Scenario => ({
  apiVersion: "cattleprod/v1",
  name,
  description: "",
  seed: 17,
  platform: "reference",
  fleet: fleet([group(vmType === "cattle" ? "web" : "api", vmType, 4, { maxUnavailable: 2 })]),
  steps,
  runMs,
  expect: [],
});

const CASES: Case[] = [
  {
    control: "FLT-INV-001",
    // Nothing of the platform removes untagged instances; someone in the account terminates the one chaos launched.
    scenario: () => loadScenario(`${LIBRARY}/cattle-untagged-and-open-ssh.yaml`),
    platform: () => loadPlatform(`${FIXTURES}/no-inventory.ts`),
    hooks: [
      [
        31 * MINUTE_MS,
        async (w) =>
          terminate(
            w,
            (await instancesOf(w)).filter((i) => !tag(i, TAG.vmType)).map((i) => i.InstanceId ?? ""),
          ),
      ],
    ],
    account: "pass",
    sim: "fail",
  },
  {
    control: "FLT-NET-001",
    // No ingress guard: someone revokes the world-open SSH rule, then detaches the group holding the RDP rule.
    scenario: () => loadScenario(`${LIBRARY}/cattle-untagged-and-open-ssh.yaml`),
    platform: () => loadPlatform(`${FIXTURES}/without-ingress-guard.ts`),
    hooks: [
      [
        HOUR_MS + MINUTE_MS,
        async (w) => {
          const [opened] = w.history.ofKind("ingress.opened");
          const groupId = w.ownGroup.get(opened?.instanceId ?? "") as string;
          const rule = { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] };
          await plain(w).ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [rule] }));
        },
      ],
      [
        2 * HOUR_MS + MINUTE_MS,
        async (w) => {
          const opened = w.history.ofKind("ingress.opened").find((e) => e.port === 3389);
          const ec2Id = w.ec2IdOf(opened?.instanceId ?? "") as string;
          const own = w.ownGroup.get(opened?.instanceId ?? "");
          const [instance] = (await instancesOf(w)).filter((i) => i.InstanceId === ec2Id);
          const { ec2 } = plain(w);
          let others = (instance?.SecurityGroups ?? []).map((g) => g.GroupId ?? "").filter((id) => id !== own);
          if (others.length === 0) {
            const fresh = await ec2.send(new CreateSecurityGroupCommand({ GroupName: `team-${ec2Id}`, Description: "no world rules" }));
            others = [fresh.GroupId ?? ""];
          }
          await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: ec2Id, Groups: others }));
        },
      ],
    ],
    account: "pass",
    sim: "fail",
  },
  {
    control: "CAT-HEAL-001",
    // No self-healer: the account's automation replaces the two killed nodes from the group's current image.
    scenario: async () => inline("cattle-kill-two", "cattle", 3 * HOUR_MS, [killAt(0, HOUR_MS, "web", 2)]),
    platform: () => withoutController(referencePlatform(), "self-healer"),
    hooks: [[HOUR_MS + MINUTE_MS, async (w) => void (await replaceFromCurrent(w, "web", "cattle", 2))]],
    account: "pass",
    sim: "fail",
  },
  {
    control: "CAT-IMG-001",
    // Someone launches a web node from an AMI nobody approved; the platform must find and remove it.
    scenario: async () => inline("cattle-quiet", "cattle", 3 * HOUR_MS, []),
    platform: () => referencePlatform(),
    hooks: [[HOUR_MS, async (w) => void (await launchInto(w, "web", "cattle", "ami-12345678"))]],
    account: "pass",
    sim: "inconclusive",
  },
  {
    control: "CAT-IMG-002",
    // The team's own pipeline releases an image: an approved AMI and the group's current-image parameter pointing at it.
    scenario: async () => inline("cattle-quiet", "cattle", 2 * 86_400_000, []),
    platform: () => referencePlatform(),
    hooks: [[HOUR_MS, async (w) => releaseOutsideCattleprod(w, "web", 2)]],
    account: "pass",
    sim: "inconclusive",
  },
  {
    control: "CAT-DRF-001",
    // Someone changes a node's configuration tag; the platform must put the desired version back.
    scenario: async () => inline("cattle-quiet", "cattle", 3 * HOUR_MS, []),
    platform: () => referencePlatform(),
    hooks: [
      [
        HOUR_MS,
        async (w) => {
          const [node] = await instancesOf(w);
          await plain(w).ec2.send(
            new CreateTagsCommand({ Resources: [node?.InstanceId ?? ""], Tags: [{ Key: TAG.config, Value: "hand-edited" }] }),
          );
        },
      ],
    ],
    account: "pass",
    sim: "inconclusive",
  },
  {
    control: "IMM-AGE-001",
    // The reaper spares servers until day 29; the account's own reaper terminates them on day 27 and some hours.
    scenario: () => loadScenario(`${LIBRARY}/immutable-aging-28-days.yaml`),
    platform: () => loadPlatform(`${FIXTURES}/reaper-spares-until-day-29.ts`),
    hooks: [
      [
        12 * HOUR_MS,
        async (w) =>
          terminate(
            w,
            (await instancesOf(w)).slice(0, 4).map((i) => i.InstanceId ?? ""),
          ),
      ],
    ],
    account: "pass",
    sim: "fail",
  },
  {
    control: "IMM-AGE-002",
    // The reaper counts from the last start; the account terminates the stop-started servers before 28 days from creation.
    scenario: () => loadScenario(`${LIBRARY}/immutable-stop-start-keeps-age.yaml`),
    platform: () => loadPlatform(`${FIXTURES}/reaper-from-last-start.ts`),
    hooks: [[12 * HOUR_MS, async (w) => terminate(w, restartedEc2Ids(w))]],
    account: "pass",
    sim: "fail",
  },
  {
    control: "IMM-CFG-001",
    // The platform repairs drifted servers in place; the account terminates them first, so they are replaced.
    scenario: () => loadScenario(`${LIBRARY}/immutable-drift-replaced.yaml`),
    platform: () => loadPlatform(`${FIXTURES}/repairs-immutable-in-place.ts`),
    hooks: [
      [HOUR_MS + 30_000, async (w) => terminate(w, driftedEc2Ids(w))],
      [2 * HOUR_MS + 30_000, async (w) => terminate(w, driftedEc2Ids(w))],
    ],
    account: "pass",
    sim: "fail",
  },
  {
    control: "IMM-HEAL-001",
    // No self-healer (and no deploy guard): the account's automation replaces the killed and the crashed server.
    scenario: () => loadScenario(`${LIBRARY}/immutable-kill-and-heal.yaml`),
    platform: () => withoutController(withoutController(referencePlatform(), "self-healer"), "deploy-guard"),
    hooks: [
      [2 * HOUR_MS + MINUTE_MS, async (w) => void (await replaceFromCurrent(w, "api", "immutable", 1))],
      [5 * HOUR_MS + MINUTE_MS, async (w) => void (await replaceFromCurrent(w, "api", "immutable", 1))],
    ],
    account: "pass",
    sim: "fail",
  },
  {
    control: "IMM-IMG-001",
    // Someone launches an immutable server from a stage-1 AMI they registered: the account runs an unvetted image.
    scenario: async () => inline("immutable-quiet", "immutable", 3 * HOUR_MS, [killAt(0, 2 * HOUR_MS, "api", 1)]),
    platform: () => referencePlatform(),
    hooks: [
      [
        HOUR_MS,
        async (w) => {
          const image = await plain(w).ec2.send(
            new RegisterImageCommand({ Name: `hand-made-${w.scenarioRunId}`, RootDeviceName: "/dev/sda1" }),
          );
          const ami = image.ImageId ?? "";
          const tags = { [TAG.scenarioRun]: w.scenarioRunId, [TAG.stage]: "1", [TAG.builtBy]: "manual", [TAG.group]: "api" };
          await plain(w).ec2.send(
            new CreateTagsCommand({ Resources: [ami], Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }),
          );
          await launchInto(w, "api", "immutable", ami);
        },
      ],
    ],
    account: "fail",
    sim: "inconclusive",
  },
  {
    control: "IMM-CICD-001",
    // The pipeline rejected two vulnerable images; someone launches one of them anyway.
    scenario: () => loadScenario(`${LIBRARY}/immutable-vulnerable-image.yaml`),
    platform: () => referencePlatform(),
    hooks: [
      [
        2 * HOUR_MS,
        async (w) => {
          const rejected = await plain(w).ec2.send(
            new DescribeImagesCommand({ Owners: ["self"], Filters: [{ Name: `tag:${TAG.imageStatus}`, Values: ["rejected"] }] }),
          );
          await launchInto(w, "api", "immutable", rejected.Images?.[0]?.ImageId ?? "");
        },
      ],
    ],
    account: "fail",
    sim: "pass",
  },
  {
    control: "IMM-DEP-001",
    // Someone launches an immutable server by hand from the current image; the platform must remove it.
    scenario: async () => inline("immutable-quiet", "immutable", 3 * HOUR_MS, [killAt(0, 2 * HOUR_MS, "api", 1)]),
    platform: () => referencePlatform(),
    hooks: [[HOUR_MS, async (w) => void (await launchInto(w, "api", "immutable", await currentAmi(w, "api")))]],
    account: "pass",
    sim: "inconclusive",
  },
];

function killAt(index: number, atMs: number, groupName: string, n: number): Scenario["steps"][number] {
  return { index, atMs, action: "kill", target: { group: groupName, count: { kind: "random", n } }, with: {} };
}

/** Launches `n` instances into a group from its current image, as an Auto Scaling group would. */
async function replaceFromCurrent(world: AccountFleet, groupName: string, vmType: string, n: number): Promise<string[]> {
  const ami = await currentAmi(world, groupName);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await launchInto(world, groupName, vmType, ami));
  return ids;
}

/** A release by the team's own pipeline: a new approved AMI for the group, and its current-image parameter set to it. */
async function releaseOutsideCattleprod(world: AccountFleet, groupName: string, stage: number): Promise<void> {
  const { ec2, ssm } = plain(world);
  const image = await ec2.send(new RegisterImageCommand({ Name: `team-release-${world.scenarioRunId}`, RootDeviceName: "/dev/sda1" }));
  const ami = image.ImageId ?? "";
  const tags = {
    [TAG.scenarioRun]: world.scenarioRunId,
    [TAG.group]: groupName,
    [TAG.stage]: String(stage),
    [TAG.builtBy]: "pipeline",
    [TAG.scan]: "passed",
    [TAG.imageStatus]: "approved",
  };
  await ec2.send(new CreateTagsCommand({ Resources: [ami], Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
  await ssm.send(new PutParameterCommand({ Name: world.parameterOf(groupName), Value: ami, Type: "String", Overwrite: true }));
}

/** EC2 ids of instances a stop/start restarted. */
function restartedEc2Ids(world: AccountFleet): string[] {
  return world.history.ofKind("instance.started").flatMap((e) => world.ec2IdOf(e.instanceId) ?? []);
}

/** EC2 ids of live instances whose configuration drifted. */
function driftedEc2Ids(world: AccountFleet): string[] {
  return world.history
    .ofKind("config.drifted")
    .filter((e) => world.instance(e.instanceId)?.state !== "terminated")
    .flatMap((e) => world.ec2IdOf(e.instanceId) ?? []);
}

describe("the cases of this file", () => {
  it("cover every control the method table decides from the account on LocalStack", () => {
    const fromAccount = CATALOG.map((entry) => entry.id).filter((id) => sourceOf(id, (o) => ACCOUNT_OFFERS[o]).source === "account");
    expect(CASES.map((c) => c.control).sort()).toEqual([...fromAccount].sort());
  });
});

describe("the verdict follows the account, not the model (LocalStack, changes behind cattleprod's back)", () => {
  const localstack = useLocalStack({ drivableClock: true });

  it.each(CASES.map((c) => [c.control, c] as const))(
    "%s",
    async (control, c) => {
      const scenario = await c.scenario();
      const platform = await c.platform();
      const onSim = runScenario(scenario, { platform });
      expect(onSim.verdicts.find((v) => v.control === control)?.status).toBe(c.sim);
      const run = await runOnAccount(localstack, scenario, { platform, hooks: c.hooks });
      const verdict = verdictOf(run, control);
      expect([verdict.status, verdict.evidence.source], verdict.headline).toEqual([c.account, "account"]);
      expect(run.world.history.all().some((e) => e.actor === "account")).toBe(true);
    },
    240_000,
  );
});
