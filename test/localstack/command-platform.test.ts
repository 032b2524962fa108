// Command platforms on LocalStack: the team's real automation (Cloud Custodian 0.9.53, a Lambda-style reaper) run by
// cattleprod at each tick of its schedule and after each chaos step, under libfaketime at the account's time, judged
// by what the account then shows. Failing variants of the example policies (test/fixtures/command-platforms) must
// each make the real CLI exit 1 naming the control they break; a command that fails, hangs or is missing exits 2.
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../core/index.ts";
import { loadPlatform } from "../../scenarios/index.ts";
import { TAG } from "../../simulators/localstack/index.ts";
import { runOnAccount, verdictOf } from "../support/account.ts";
import { cliAsync, tempDir } from "../support/cli.ts";
import { freshAccount, useLocalStack } from "../support/localstack.ts";

const FIXTURES = "test/fixtures/command-platforms";
const AGING = "scenarios/external/aging-stop-start.yaml";
const UNTAGGED = "scenarios/external/untagged-and-open-admin-ports.yaml";
const ROGUE = "scenarios/external/rogue-image.yaml";

describe("command platforms on LocalStack", () => {
  const localstack = useLocalStack();

  /** The real CLI in a fresh account of this LocalStack. */
  async function run(account: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string; record?: RunRecord }> {
    const out = tempDir("cattleprod-command-");
    const env = localstack.cliEnv(account);
    const result = await cliAsync(env, "run", ...args, "--backend", "localstack", "--out", out);
    let record: RunRecord | undefined;
    try {
      record = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunRecord;
    } catch {
      record = undefined;
    }
    return { ...result, ...(record ? { record } : {}) };
  }

  const variants: ReadonlyArray<readonly [string, string, string]> = [
    ["age-28-days", `${FIXTURES}/aging-by-time.yaml`, "IMM-AGE-001"],
    ["no-rdp", UNTAGGED, "FLT-NET-001"],
    ["no-image-filter", ROGUE, "CAT-IMG-001"],
    ["no-untagged", UNTAGGED, "FLT-INV-001"],
    ["slow-schedule", `${FIXTURES}/aging-past-slow-schedule.yaml`, "IMM-AGE-001"],
  ];
  for (const [variant, scenario, control] of variants)
    it(`the example policies with ${variant} make the run exit 1 naming ${control}`, async () => {
      const result = await run(freshAccount(), scenario, "--platform", `${FIXTURES}/${variant}.platform.yaml`);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toMatch(new RegExp(`${control} failed`));
      const failed = result.record?.controls.filter((c) => c.status === "fail").map((c) => c.id);
      expect(failed).toContain(control);
      const calls = result.record?.scenarios[0]?.commands?.calls ?? [];
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((c) => c.status === "ok" && c.exitCode === 0)).toBe(true);
      if (variant === "age-28-days") {
        // Custodian's own instance-age filter at days: 28 saw the scenario's ages: nothing at 27d 23h 30m (the call
        // at 2h), the instance at 28d 0h 30m (the call at 3h), half an hour past the limit.
        const lines = (atMs: number): string =>
          calls
            .filter((c) => c.atMs === atMs)
            .flatMap((c) => c.lastLines)
            .join("\n");
        expect(lines(2 * 3_600_000)).toMatch(/policy:immutable-max-age resource:aws\.ec2 region:us-east-1 count:0/);
        expect(lines(3 * 3_600_000)).toMatch(/policy:immutable-max-age resource:aws\.ec2 region:us-east-1 count:[1-9]/);
      }
    }, 240_000);

  it(
    "the lambda-reaper passes IMM-AGE-001 and IMM-AGE-002; its LaunchTime variant fails IMM-AGE-002 where starts reset " +
      "LaunchTime and is inconclusive, naming the deviation, where LocalStack keeps it",
    async () => {
      const reaper = await runOnAccount(localstack, AGING, { platform: await loadPlatform("examples/lambda-reaper/platform.yaml") });
      for (const control of ["IMM-AGE-001", "IMM-AGE-002"]) {
        const verdict = verdictOf(reaper, control);
        expect([verdict.status, verdict.evidence.source], verdict.headline).toEqual(["pass", "account"]);
      }
      const launchTime = await loadPlatform(`${FIXTURES}/platform-launchtime.yaml`);
      const reset = await runOnAccount(localstack, AGING, { platform: launchTime, launchTimeOnStart: "reset" });
      const failed = verdictOf(reset, "IMM-AGE-002");
      expect(failed.status, failed.headline).toBe("fail");
      const kept = await runOnAccount(localstack, AGING, { platform: launchTime, launchTimeOnStart: "keep" });
      const undecided = verdictOf(kept, "IMM-AGE-002");
      expect(undecided.status, undecided.headline).toBe("inconclusive");
      expect(JSON.stringify(undecided.evidence)).toMatch(/LaunchTime/);
    },
    300_000,
  );

  const broken: ReadonlyArray<readonly [string, RegExp]> = [
    ["fail", /command "sh -c .*" exited 3 after [\d.]+ s at \S+ of virtual time\. Last output: access denied\./],
    ["hang", /command "sleep 600" hung past its timeout of 2s and was killed/],
    ["missing", /command "cattleprod-no-such-reconciler --now" could not start \(no executable "cattleprod-no-such-reconciler" on PATH\)/],
  ];
  for (const [name, message] of broken)
    it(
      `a command that ${name === "fail" ? "exits non-zero" : name === "hang" ? "hangs past its timeout" : "does not exist"}: ` +
        "exit 2, one line naming the manifest and the command, nothing left after the sweep",
      async () => {
        const account = freshAccount();
        const runId = `cp-cmd-${name}`;
        const result = await run(account, UNTAGGED, "--platform", `${FIXTURES}/${name}.platform.yaml`, "--run-id", runId);
        expect(result.code, result.stderr).toBe(2);
        const lines = result.stderr.split("\n").filter((line) => line.startsWith("Failed"));
        expect(lines).toHaveLength(1);
        expect(lines[0]).toContain(`Failed to run platform "${FIXTURES}/${name}.platform.yaml"`);
        expect(lines[0]).toMatch(message);
        const ec2 = new EC2Client(localstack.clientConfig(account));
        const left = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: `tag:${TAG.runId}`, Values: [runId] }] }));
        const states = (left.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.State?.Name);
        expect(states.length).toBeGreaterThan(0);
        expect(states.filter((s) => s !== "terminated" && s !== "shutting-down")).toEqual([]);
      },
      120_000,
    );
});
