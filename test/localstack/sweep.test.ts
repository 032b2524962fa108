// `cattleprod sweep` after a run killed midway: the real CLI in its own LocalStack account, killed with SIGKILL
// while its resources exist (an Auto Scaling group it created among them), then swept by run id. Proves the kill
// leaves resources behind, the sweep removes all of them and converges (a second sweep finds nothing), and nothing
// else goes: untagged resources, another run's, and the instances an external run adopted (they carry its run id
// but cattleprod did not create them) stay.
import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import {
  DescribeImagesCommand,
  DescribeInstancesCommand,
  DescribeKeyPairsCommand,
  DescribeSecurityGroupsCommand,
  RunInstancesCommand,
  type Filter,
} from "@aws-sdk/client-ec2";
import { GetParametersByPathCommand } from "@aws-sdk/client-ssm";
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../core/index.ts";
import { AwsApi, TAG } from "../../simulators/localstack/index.ts";
import { cliAsync, ROOT, tempDir } from "../support/cli.ts";
import { freshAccount, useLocalStack } from "../support/localstack.ts";

const LONG_RUN = "test/fixtures/localstack/long-asg-run.yaml";
const EXTERNAL_RUN = "test/fixtures/localstack/external-adopt.yaml";

/** What one run id has in the account, by kind. */
interface Tagged {
  readonly live: string[];
  readonly terminated: string[];
  readonly securityGroups: string[];
  readonly keyPairs: string[];
  readonly images: string[];
  readonly parameters: string[];
  readonly autoScalingGroups: string[];
}

/** Everything in the account that carries `cattleprod:run-id = runId`, and the parameters under /cattleprod/<runId>/. */
async function taggedWith(api: AwsApi, runId: string): Promise<Tagged> {
  const filter: Filter[] = [{ Name: `tag:${TAG.runId}`, Values: [runId] }];
  const { instances } = await api.describeTagged(TAG.runId, runId);
  const groups = await api.ec2.send(new DescribeSecurityGroupsCommand({ Filters: filter }));
  const keys = await api.ec2.send(new DescribeKeyPairsCommand({ Filters: filter }));
  const images = await api.ec2.send(new DescribeImagesCommand({ Owners: ["self"], Filters: filter }));
  const parameters: string[] = [];
  let token: string | undefined;
  do {
    const page = await api.ssm.send(
      new GetParametersByPathCommand({ Path: `/cattleprod/${runId}/`, Recursive: true, ...(token ? { NextToken: token } : {}) }),
    );
    parameters.push(...(page.Parameters ?? []).map((p) => p.Name ?? ""));
    token = page.NextToken;
  } while (token);
  const asgs = await api.autoscaling.send(
    new DescribeAutoScalingGroupsCommand({ Filters: [{ Name: `tag:${TAG.runId}`, Values: [runId] }] }),
  );
  return {
    autoScalingGroups: (asgs.AutoScalingGroups ?? []).map((g) => g.AutoScalingGroupName ?? ""),
    live: instances.filter((i) => i.state !== "terminated").map((i) => i.ec2Id),
    terminated: instances.filter((i) => i.state === "terminated").map((i) => i.ec2Id),
    securityGroups: (groups.SecurityGroups ?? []).map((g) => g.GroupId ?? ""),
    keyPairs: (keys.KeyPairs ?? []).map((k) => k.KeyName ?? ""),
    images: (images.Images ?? []).map((i) => i.ImageId ?? ""),
    parameters,
  };
}

/** Polls `probe` every 150 ms until it returns a value, or fails after `timeoutMs` with `what`. */
async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Failed to see ${what} within ${timeoutMs} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** What `runId` has in the account once it stops changing: two reads 1 s apart that agree (30 s at most). */
async function settled(api: AwsApi, runId: string): Promise<Tagged> {
  const read = async (): Promise<[Tagged, string]> => {
    const now = await taggedWith(api, runId);
    const sorted = Object.fromEntries(Object.entries(now).map(([kind, ids]: [string, string[]]) => [kind, [...ids].sort()]));
    return [now, JSON.stringify(sorted)];
  };
  let [, last] = await read();
  return waitFor("the killed run's resources to stop changing", 30_000, async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const [now, seen] = await read();
    const same = seen === last;
    last = seen;
    return same ? now : undefined;
  });
}

describe("cattleprod sweep after a run killed midway", () => {
  const localstack = useLocalStack();

  const leavesNothing =
    "a run owning an Auto Scaling group, killed with SIGKILL: sweep --run-id removes all it created and converges; " +
    "an external run's adopted instance, untagged resources and another run's stay";
  it(
    leavesNothing,
    async () => {
      const account = freshAccount();
      const api = new AwsApi(localstack.clientConfig(account));
      const env = localstack.cliEnv(account);

      // Bystanders, made beforehand: untagged resources, and another run's.
      const untagged = await api.ec2.send(
        new RunInstancesCommand({ ImageId: "ami-12345678", MinCount: 1, MaxCount: 1, InstanceType: "t3.micro" }),
      );
      const untaggedId = untagged.Instances?.[0]?.InstanceId as string;
      const untaggedGroup = await api.createSecurityGroup("team-sg", { team: "web" });
      await api.putParameter("/team/web/config", "v7");
      const other = { [TAG.runId]: "cp-0ther000", [TAG.creator]: "cp-0ther000", [TAG.scenarioRun]: "cp-0ther000.0" };
      const otherInstance = await api.runInstance({ imageId: "ami-12345678", tags: other });
      await api.createSecurityGroup("cp-0ther000-sg", other);
      await api.registerImage("other-image", other);
      await api.putParameter("/cattleprod/cp-0ther000/0/web/current-image", "ami-0ther");
      const otherBefore = await taggedWith(api, "cp-0ther000");

      // An external run: the team's own instance carries the run id and a group; cattleprod adopts it, never sweeps it.
      const adopted = await api.runInstance({ imageId: "ami-12345678", tags: { [TAG.runId]: "cp-extern01", [TAG.group]: "web" } });
      const externalOut = tempDir();
      const external = await cattleprod(
        env,
        "run",
        EXTERNAL_RUN,
        "--backend",
        "localstack",
        "--run-id",
        "cp-extern01",
        "--out",
        externalOut,
      );
      // It runs to the end (exit 1: the team's instance runs an image cattleprod never approved, CAT-IMG-001 fails).
      expect(external.code, external.stderr).toBe(1);
      const record = JSON.parse(readFileSync(join(externalOut, "run.json"), "utf8")) as RunRecord;
      expect(record.scenarios[0]?.replay).toBe(
        `npx cattleprod run --seed 3 ${EXTERNAL_RUN} --platform external --backend localstack --run-id cp-extern01`,
      );
      expect(record.scenarios[0]?.stats["instancesLaunched"]).toBe(1);
      const externalSweep = await cattleprod(env, "sweep", "--backend", "localstack", "--run-id", "cp-extern01");
      expect(externalSweep.stdout).toMatch(/: 0 auto scaling groups, 0 instances, /);

      // The real CLI, in this account, killed once its resources exist.
      const out = tempDir("cattleprod-killed-");
      const child = spawn(
        process.execPath,
        [join(ROOT, "bin", "cattleprod.js"), "run", LONG_RUN, "--backend", "localstack", "--out", out],
        {
          cwd: ROOT,
          env,
        },
      );
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
      try {
        const runId = await waitFor(
          `"run id cp-..." on stderr (stderr so far: ${stderr})`,
          60_000,
          () => /run id (cp-[0-9a-f]+)/.exec(stderr)?.[1],
        );
        await waitFor("the run's Auto Scaling group, instances and security group", 180_000, async () => {
          const now = await taggedWith(api, runId);
          return now.autoScalingGroups.length > 0 && now.live.length >= 5 && now.securityGroups.length > 0 ? now : undefined;
        });
        expect(child.exitCode).toBeNull();
        child.kill("SIGKILL");
        expect(await exited).toBe("SIGKILL");
        expect(existsSync(join(out, "run.json"))).toBe(false);

        // First half: the killed run left its resources, its Auto Scaling group still keeping three instances. A
        // request the run sent just before the kill is still carried out by the server (a launch, or a replacement
        // the group makes inside a terminate), so the account is read until two reads a second apart agree.
        const left = await settled(api, runId);
        expect(left.autoScalingGroups).toHaveLength(1);
        expect(left.live.length).toBeGreaterThanOrEqual(4); // a node may be down at the moment of the kill
        expect(left.securityGroups).toHaveLength(1);
        expect(left.images.length).toBeGreaterThanOrEqual(2);
        expect(left.parameters.length).toBeGreaterThanOrEqual(2);

        // Second half: the sweep removes all of them (the group first, so it launches nothing more)...
        const swept = await cattleprod(env, "sweep", "--backend", "localstack", "--run-id", runId);
        expect(swept.stderr).toBe("");
        expect(swept.code).toBe(0);
        // Deleting the group terminates its own instances; the sweep terminates the rest.
        expect(swept.stdout).toMatch(
          new RegExp(
            `^swept run ${runId} on localstack: 1 auto scaling groups, [1-9]\\d* instances, 1 security groups, ` +
              `0 key pairs, ${left.images.length} images, ${left.parameters.length} parameters\n$`,
          ),
        );
        const after = await taggedWith(api, runId);
        expect({ ...after, terminated: [...after.terminated].sort() }).toEqual({
          autoScalingGroups: [],
          live: [],
          terminated: [...left.terminated, ...left.live].sort(),
          securityGroups: [],
          keyPairs: [],
          images: [],
          parameters: [],
        });
        // ...and converges: a second sweep finds nothing.
        const again = await cattleprod(env, "sweep", "--backend", "localstack", "--run-id", runId);
        expect(again.stdout).toBe(
          `swept run ${runId} on localstack: 0 auto scaling groups, 0 instances, 0 security groups, 0 key pairs, 0 images, 0 parameters\n`,
        );

        // Nothing else went: the untagged resources, the other run's, and the external run's adopted instance.
        expect(await taggedWith(api, "cp-0ther000")).toEqual(otherBefore);
        expect(otherBefore.live).toEqual([otherInstance]);
        const bystanders = await api.ec2.send(new DescribeInstancesCommand({ InstanceIds: [untaggedId, otherInstance, adopted] }));
        const states = (bystanders.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => [i.InstanceId, i.State?.Name]);
        expect(states.sort()).toEqual(
          [
            [untaggedId, "running"],
            [otherInstance, "running"],
            [adopted, "running"],
          ].sort(),
        );
        const groups = await api.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [untaggedGroup] }));
        expect(groups.SecurityGroups).toHaveLength(1);
        const team = await api.ssm.send(new GetParametersByPathCommand({ Path: "/team/", Recursive: true }));
        expect(team.Parameters?.map((p) => p.Name)).toEqual(["/team/web/config"]);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      }
    },
    420_000,
  );
});

const cattleprod = cliAsync;
