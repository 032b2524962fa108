// `cattleprod sweep` after a run killed midway: the real CLI in its own LocalStack account, killed with SIGKILL
// while its resources exist, then swept by run id. Proves both halves: the kill leaves tagged resources behind,
// and the sweep removes all of them and nothing else (untagged resources and another run's stay).
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
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AwsApi, TAG } from "../../simulators/localstack/index.ts";
import { cliAsync, ROOT, tempDir } from "../support/cli.ts";
import { freshAccount, useLocalStack } from "../support/localstack.ts";

const LONG_RUN = "test/fixtures/localstack/long-cattle-run.yaml";

/** What one run id has in the account, by kind. */
interface Tagged {
  readonly live: string[];
  readonly terminated: string[];
  readonly securityGroups: string[];
  readonly keyPairs: string[];
  readonly images: string[];
  readonly parameters: string[];
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
  return {
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

describe("cattleprod sweep after a run killed midway", () => {
  const localstack = useLocalStack();

  it("the kill leaves the run's tagged resources; sweep --run-id removes all of them and nothing else", async () => {
    const account = freshAccount();
    const api = new AwsApi(localstack.clientConfig(account));
    const { endpoint, region } = localstack.handle;
    const env = {
      ...process.env,
      LOCALSTACK_ENDPOINT: endpoint,
      AWS_ACCESS_KEY_ID: account,
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_REGION: region,
    };

    // Bystanders, made beforehand: untagged resources, and another run's.
    const untagged = await api.ec2.send(
      new RunInstancesCommand({ ImageId: "ami-12345678", MinCount: 1, MaxCount: 1, InstanceType: "t3.micro" }),
    );
    const untaggedId = untagged.Instances?.[0]?.InstanceId as string;
    const untaggedGroup = await api.securityGroup("team-sg", { team: "web" });
    await api.putParameter("/team/web/config", "v7");
    const other = { [TAG.runId]: "cp-0ther000", [TAG.scenarioRun]: "cp-0ther000.0" };
    const otherInstance = await api.runInstance("ami-12345678", other);
    await api.securityGroup("cp-0ther000-sg", other);
    await api.importKey("cp-0ther000-key", other);
    await api.registerImage("other-image", other);
    await api.putParameter("/cattleprod/cp-0ther000/0/web/current-image", "ami-0ther");
    const otherBefore = await taggedWith(api, "cp-0ther000");

    // The real CLI, in this account, killed once its resources exist.
    const out = tempDir("cattleprod-killed-");
    const child = spawn(process.execPath, [join(ROOT, "bin", "cattleprod.js"), "run", LONG_RUN, "--backend", "localstack", "--out", out], {
      cwd: ROOT,
      env,
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
    try {
      const runId = await waitFor(
        `"run id cp-..." on stderr (stderr so far: ${stderr})`,
        30_000,
        () => /run id (cp-[0-9a-f]+)/.exec(stderr)?.[1],
      );
      await waitFor("the run's instances, security group and key pair", 120_000, async () => {
        const now = await taggedWith(api, runId);
        return now.live.length >= 5 && now.securityGroups.length > 0 && now.keyPairs.length > 0 ? now : undefined;
      });
      expect(child.exitCode).toBeNull();
      child.kill("SIGKILL");
      expect(await exited).toBe("SIGKILL");
      expect(existsSync(join(out, "run.json"))).toBe(false);

      // First half: the killed run left tagged resources, instances still running.
      // (A node may be down at the moment of the kill: the scenario kills one every 6 virtual hours.)
      const left = await taggedWith(api, runId);
      expect(left.live.length).toBeGreaterThanOrEqual(4);
      expect(left.securityGroups).toHaveLength(1);
      expect(left.keyPairs).toHaveLength(1);
      expect(left.images.length).toBeGreaterThanOrEqual(2);
      expect(left.parameters.length).toBeGreaterThanOrEqual(1);

      // Second half: the sweep removes all of them...
      const swept = await cattleprod(env, "sweep", "--backend", "localstack", "--run-id", runId);
      expect(swept.stderr).toBe("");
      expect(swept.code).toBe(0);
      expect(swept.stdout).toBe(
        `swept run ${runId} on localstack: ${left.live.length} instances, 1 security groups, 1 key pairs, ` +
          `${left.images.length} images, ${left.parameters.length} parameters\n`,
      );
      const after = await taggedWith(api, runId);
      expect({ ...after, terminated: [...after.terminated].sort() }).toEqual({
        live: [],
        terminated: [...left.terminated, ...left.live].sort(),
        securityGroups: [],
        keyPairs: [],
        images: [],
        parameters: [],
      });

      // ...and nothing else: the untagged resources and the other run's are all still there.
      expect(await taggedWith(api, "cp-0ther000")).toEqual(otherBefore);
      expect(otherBefore.live).toEqual([otherInstance]);
      const bystanders = await api.ec2.send(new DescribeInstancesCommand({ InstanceIds: [untaggedId, otherInstance] }));
      expect((bystanders.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.State?.Name)).toEqual(["running", "running"]);
      const groups = await api.ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [untaggedGroup] }));
      expect(groups.SecurityGroups).toHaveLength(1);
      const team = await api.ssm.send(new GetParametersByPathCommand({ Path: "/team/", Recursive: true }));
      expect(team.Parameters?.map((p) => p.Name)).toEqual(["/team/web/config"]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  }, 240_000);
});

const cattleprod = cliAsync;
