// Ctrl-C (SIGINT) during a run on LocalStack: the real CLI, in its own account, interrupted while its resources
// exist. It must still sweep what it created (after the scenario in flight, so nothing is created after the sweep),
// say so in its one "Interrupted" line, exit 130 and leave no report.
import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeKeyPairsCommand, DescribeSecurityGroupsCommand, type Filter } from "@aws-sdk/client-ec2";
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commandLine } from "../../core/index.ts";
import { AwsApi, TAG } from "../../simulators/localstack/index.ts";
import { ROOT, tempDir } from "../support/cli.ts";
import { freshAccount, useLocalStack } from "../support/localstack.ts";

// Instances of its own and of an Auto Scaling group it created, and a security group, within its first minutes.
// (Key injection is modelled on an account world: it creates no key pair; any left would still show below.)
const LONG_RUN = "test/fixtures/localstack/long-asg-run.yaml";

async function tagged(api: AwsApi, runId: string): Promise<{ live: number; groups: number; keys: number; asgs: number }> {
  const filter: Filter[] = [{ Name: `tag:${TAG.runId}`, Values: [runId] }];
  const { instances } = await api.describeTagged(TAG.runId, runId);
  const groups = await api.ec2.send(new DescribeSecurityGroupsCommand({ Filters: filter }));
  const keys = await api.ec2.send(new DescribeKeyPairsCommand({ Filters: filter }));
  const asgs = await api.autoscaling.send(new DescribeAutoScalingGroupsCommand({ Filters: filter }));
  return {
    asgs: (asgs.AutoScalingGroups ?? []).length,
    live: instances.filter((i) => i.state !== "terminated").length,
    groups: (groups.SecurityGroups ?? []).length,
    keys: (keys.KeyPairs ?? []).length,
  };
}

describe("interrupting a run on LocalStack", () => {
  const localstack = useLocalStack();

  it("SIGINT: the run's resources are swept, one line says so, exit 130", async () => {
    const account = freshAccount();
    const api = new AwsApi(localstack.clientConfig(account));
    const env = localstack.cliEnv(account);
    const runId = `cp-int${account.slice(-5)}`;
    const parent = tempDir("cattleprod-interrupted-");
    const out = join(parent, "report");
    const child = spawn(
      process.execPath,
      [join(ROOT, "bin", "cattleprod.js"), "run", LONG_RUN, "--backend", "localstack", "--run-id", runId, "--out", out],
      { cwd: ROOT, env },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      const deadline = Date.now() + 120_000;
      for (;;) {
        const now = await tagged(api, runId);
        if (now.live >= 4 && now.groups > 0 && now.asgs > 0) break;
        if (Date.now() > deadline) throw new Error(`Failed to see the run's resources within 120 s (stderr: ${stderr})`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      expect(child.exitCode).toBeNull();
      const t0 = Date.now();
      child.kill("SIGINT");
      expect(await exited).toBe(130);
      process.stderr.write(`interrupted run ${runId}: exited ${Date.now() - t0} ms after SIGINT\n`);
      const lines = stderr.trimEnd().split("\n");
      const sweep = commandLine(["sweep", "--backend", "localstack", "--run-id", runId]);
      expect(lines).toContain(`Sweeping localstack run ${runId} (Ctrl-C again skips it; then run ${sweep}).`);
      expect(lines.at(-1)).toBe(
        `Interrupted (SIGINT): stopped before the end, exit 130; swept localstack run ${runId}; no report in ${out}.`,
      );
      expect(await tagged(api, runId)).toEqual({ live: 0, groups: 0, keys: 0, asgs: 0 });
      expect(readdirSync(parent)).toEqual([]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  }, 240_000);
});
