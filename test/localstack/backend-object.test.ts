// The backend objects as library code uses them, without the CLI: the real-account interlock refuses before any
// call, `await using` on a LocalStackBackend sweeps what its worlds created when the block ends, and a world given
// an aborted signal stops at its first flush of writes (E_INTERRUPTED) with nothing created.
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { isCattleprodError } from "../../core/index.ts";
import { referencePlatform } from "../../platform/index.ts";
import { loadScenario, runScenarioOn } from "../../scenarios/index.ts";
import { AwsBackend, LocalStackBackend, TAG } from "../../simulators/localstack/index.ts";
import { freshAccount, useLocalStack } from "../support/localstack.ts";

const SCENARIO = "scenarios/library/pet-operator-access.yaml";

describe("AwsBackend from library code", () => {
  it("refuses without allowRealAws, and without an account allowlist, before any AWS call (E_BACKEND)", async () => {
    const refusal = async (backend: AwsBackend) =>
      backend.start().then(
        () => "started",
        (error: unknown) => error,
      );
    const withoutFlag = await refusal(new AwsBackend({ awsAccounts: ["111111111111"], region: "us-east-1" }));
    expect(isCattleprodError(withoutFlag, "E_BACKEND")).toBe(true);
    expect((withoutFlag as Error).message).toMatch(/^Failed to use a real AWS account: --allow-real-aws not given\./);
    const withoutList = await refusal(new AwsBackend({ allowRealAws: true, region: "us-east-1" }));
    expect(isCattleprodError(withoutList, "E_BACKEND")).toBe(true);
    expect((withoutList as Error).message).toMatch(/^Failed to use a real AWS account: no --aws-accounts allowlist\./);
  });
});

describe("LocalStackBackend from library code", () => {
  const localstack = useLocalStack();

  function backendIn(account: string): LocalStackBackend {
    const { endpoint, region } = localstack.handle;
    return new LocalStackBackend({
      env: { LOCALSTACK_ENDPOINT: endpoint, AWS_REGION: region, AWS_ACCESS_KEY_ID: account, AWS_SECRET_ACCESS_KEY: "test" },
      log: false,
    });
  }

  async function liveInstances(account: string, runId: string): Promise<number> {
    const ec2 = new EC2Client(localstack.clientConfig(account));
    const out = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: `tag:${TAG.runId}`, Values: [runId] }] }));
    return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []).filter((i) => i.State?.Name !== "terminated").length;
  }

  it("`await using` runs a scenario through worldFor and sweeps the run when the block ends", async () => {
    const account = freshAccount();
    const runId = `cp-lib${account.slice(-5)}`;
    const scenario = await loadScenario(SCENARIO);
    let during = 0;
    {
      await using backend = await backendIn(account).withRunId(runId).start();
      expect([backend.name, backend.runId]).toEqual(["localstack", runId]);
      const result = await runScenarioOn(scenario, {
        platform: referencePlatform(),
        backend: "localstack",
        makeWorld: backend.worldFor(0),
      });
      expect(result.status).toBe("pass");
      during = await liveInstances(account, runId);
    }
    expect(during).toBeGreaterThan(0);
    expect(await liveInstances(account, runId)).toBe(0);
  }, 240_000);

  it("a world whose signal is aborted stops at its first flush (E_INTERRUPTED) and creates nothing", async () => {
    const account = freshAccount();
    const runId = `cp-abt${account.slice(-5)}`;
    const scenario = await loadScenario(SCENARIO);
    const stop = new AbortController();
    stop.abort("SIGINT");
    await using backend = await backendIn(account).withRunId(runId).start();
    const outcome = await runScenarioOn(scenario, {
      platform: referencePlatform(),
      backend: "localstack",
      makeWorld: backend.worldFor(0, { signal: stop.signal }),
    }).then(
      () => "ran",
      (error: unknown) => error,
    );
    expect(isCattleprodError(outcome, "E_INTERRUPTED"), String(outcome)).toBe(true);
    expect(await liveInstances(account, runId)).toBe(0);
  }, 120_000);
});
