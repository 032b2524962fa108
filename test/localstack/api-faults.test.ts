// API chaos on LocalStack (simulators/localstack/aws-faults.ts): msw faults a seeded fraction of real @aws-sdk v3
// calls, the rest reach LocalStack; the SDK's standard retries absorb the faults and the cattle heal scenario holds.
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetParametersByPathCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { createServer, request, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { referencePlatform } from "../../platform/index.ts";
import { loadScenario, runScenario, type ScenarioResult } from "../../scenarios/index.ts";
import { injectApiFaults, type AccountFleet, type ApiFaultInjector, type AwsApi } from "../../simulators/localstack/index.ts";
import { runOnAccount } from "../support/account.ts";
import { freshAccount, useLocalStack, type LocalStackSuite } from "../support/localstack.ts";

const HEAL = "scenarios/library/cattle-two-nodes-die-at-once.yaml";
/** Seed of the fault draw in the scenario runs (the scenario keeps its own seed, 42). */
const FAULT_SEED = 2;

/** The figures an account world reports for the record. */
interface Figures {
  readonly failedWrites: number;
  readonly failedReads: number;
  readonly totalCalls: number;
}

/** A stock scenario on LocalStack in a fresh account, as LocalStackBackend builds it. */
async function runOnLocalStack(
  localstack: LocalStackSuite,
  file: string,
  maxAttempts?: number,
): Promise<{ result: ScenarioResult; api: AwsApi; world: AccountFleet; stats: Figures }> {
  const run = await runOnAccount(localstack, file, { ...(maxAttempts ? { maxAttempts } : {}), runId: "cp-faults" });
  return { ...run, stats: run.world.observations().backend as unknown as Figures };
}

/** Rejection of a promise (the test fails if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error & { $metadata: { httpStatusCode?: number; attempts?: number } }> {
  return promise.then(
    () => expect.unreachable("the call should have been faulted"),
    (error: unknown) => error as Error & { $metadata: { httpStatusCode?: number; attempts?: number } },
  );
}

describe("API faults injected with msw into real LocalStack calls", () => {
  const localstack = useLocalStack();
  let faults: ApiFaultInjector | undefined;
  afterEach(() => faults?.stop());

  const retriedCodes =
    "answers EC2, SSM (JSON 1.1) and STS in their own protocols, with codes the SDK retries (maxAttempts 2: two attempts each)";
  it(retriedCodes, async () => {
    const config = { ...localstack.clientConfig(freshAccount()), maxAttempts: 2, retryMode: "standard" };
    const calls = [
      () => new EC2Client(config).send(new DescribeInstancesCommand({})),
      () => new SSMClient(config).send(new GetParametersByPathCommand({ Path: "/cattleprod/" })),
      () => new STSClient(config).send(new GetCallerIdentityCommand({})),
    ];
    faults = await injectApiFaults({ endpoint: localstack.handle.endpoint, fraction: 1, seed: 1, fault: "throttle" });
    const throttled = [];
    for (const call of calls) throttled.push(await rejection(call()));
    expect(throttled.map((e) => [e.name, e.$metadata.httpStatusCode, e.$metadata.attempts])).toEqual([
      ["RequestLimitExceeded", 400, 2],
      ["ThrottlingException", 400, 2],
      ["Throttling", 400, 2],
    ]);
    expect(faults.faultedOperations).toEqual({ DescribeInstances: 2, GetParametersByPath: 2, GetCallerIdentity: 2 });
    faults.stop();

    faults = await injectApiFaults({ endpoint: localstack.handle.endpoint, fraction: 1, seed: 1, fault: "5xx" });
    const unavailable = [];
    for (const call of calls) unavailable.push(await rejection(call()));
    expect(unavailable.map((e) => [e.name, e.$metadata.httpStatusCode, e.$metadata.attempts])).toEqual([
      ["Unavailable", 503, 2],
      ["ServiceUnavailable", 503, 2],
      ["ServiceUnavailable", 503, 2],
    ]);
    expect([faults.faulted, faults.passed]).toEqual([6, 0]);
  });

  const otherTraffic =
    "leaves other traffic alone: LocalStack's health, another local server and a Unix socket (as a container engine's) pass uncounted";
  it(otherTraffic, async () => {
    const dir = mkdtempSync(join(tmpdir(), "cattleprod-faults-"));
    const socketPath = join(dir, "engine.sock");
    const servers: Server[] = [];
    const listen = (target: string | number) =>
      new Promise<Server>((resolve) => {
        const server = createServer((req, res) => res.end(`ok ${req.url}`));
        servers.push(server);
        server.listen(target, () => resolve(server));
      });
    try {
      await listen(socketPath);
      const tcp = await listen(0);
      const port = (tcp.address() as { port: number }).port;
      const overSocket = () =>
        new Promise<string>((resolve, reject) => {
          request({ socketPath, path: "/_ping" }, (res) => {
            let body = "";
            res.on("data", (chunk: Buffer) => (body += chunk.toString()));
            res.on("end", () => resolve(body));
          })
            .on("error", reject)
            .end();
        });
      faults = await injectApiFaults({ endpoint: localstack.handle.endpoint, fraction: 1, seed: 1, fault: "5xx" });
      expect((await fetch(`${localstack.handle.endpoint}/_localstack/health`)).status).toBe(200);
      expect(await (await fetch(`http://127.0.0.1:${port}/other`)).text()).toBe("ok /other");
      expect(await overSocket()).toBe("ok /_ping");
      expect([faults.faulted, faults.passed]).toEqual([0, 0]);
    } finally {
      for (const server of servers) server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("faults a seeded 30% of calls: the same calls on a replay with the same seed, none once stopped", async () => {
    const ec2 = new EC2Client({ ...localstack.clientConfig(freshAccount()), maxAttempts: 1 });
    const pattern = async (): Promise<string> => {
      let outcomes = "";
      for (let i = 0; i < 60; i++)
        outcomes += await ec2.send(new DescribeInstancesCommand({})).then(
          () => ".",
          () => "x",
        );
      return outcomes;
    };
    faults = await injectApiFaults({ endpoint: localstack.handle.endpoint, fraction: 0.3, seed: 11, fault: "throttle" });
    const first = await pattern();
    const { faulted, passed } = faults;
    faults.stop();
    faults = await injectApiFaults({ endpoint: localstack.handle.endpoint, fraction: 0.3, seed: 11, fault: "throttle" });
    expect(await pattern()).toBe(first);
    faults.stop();
    expect([faulted, passed]).toEqual([first.split("x").length - 1, first.split(".").length - 1]);
    expect(faulted / 60).toBeGreaterThan(0.2);
    expect(faulted / 60).toBeLessThan(0.4);
    expect(await pattern()).toBe(".".repeat(60));
  });

  it(`with 30% of AWS calls throttled (fault seed ${FAULT_SEED}), the cattle heal scenario passes as on the simulator`, async () => {
    faults = await injectApiFaults({ endpoint: localstack.handle.endpoint, fraction: 0.3, seed: FAULT_SEED, fault: "throttle" });
    const { result, api, stats } = await runOnLocalStack(localstack, HEAL);
    faults.stop();
    expect(result.status).toBe("pass");
    expect(result.verdicts.find((v) => v.control === "CAT-HEAL-001")?.status).toBe("pass");
    const onSim = runScenario(await loadScenario(HEAL), { platform: referencePlatform() });
    expect(result.verdicts.map((v) => [v.control, v.status])).toEqual(onSim.verdicts.map((v) => [v.control, v.status]));
    // Faults were really injected, near the fraction asked for, and every call got through in the end.
    const ratio = faults.faulted / (faults.faulted + faults.passed);
    expect(faults.faulted).toBeGreaterThan(0);
    expect(ratio).toBeGreaterThan(0.15);
    expect(ratio).toBeLessThan(0.45);
    expect(faults.passed).toBe(api.totalCalls());
    expect(stats.failedWrites).toBe(0);
    expect(stats.totalCalls).toBe(api.totalCalls());
  });

  it("with 30% 5xx, and with 50% 5xx and only two attempts per call, the run is decided or inconclusive, never a crash", async () => {
    // Fault seed 1 at 50% with two attempts fails a DescribeInstances read and a RunInstances write for good.
    for (const [fraction, maxAttempts, seed] of [
      [0.3, undefined, FAULT_SEED],
      [0.5, 2, 1],
    ] as const) {
      faults = await injectApiFaults({ endpoint: localstack.handle.endpoint, fraction, seed, fault: "5xx" });
      const { result, world, stats } = await runOnLocalStack(localstack, HEAL, maxAttempts);
      faults.stop();
      expect(faults.faulted).toBeGreaterThan(0);
      expect(["pass", "fail", "inconclusive"]).toContain(result.status);
      for (const verdict of result.verdicts) expect(["pass", "fail", "inconclusive", "skipped"]).toContain(verdict.status);
      const failed = world.history.ofKind("api.fault").map((e) => e.operation);
      if (maxAttempts === 2) {
        expect(stats.failedReads + stats.failedWrites).toBe(failed.length);
        expect(failed.length).toBeGreaterThan(0);
        // A write that failed is never a fact: it is given up as unapplied, and what rests on it does not pass.
        const unapplied = world.history.ofKind("api.unapplied");
        expect(unapplied.length).toBeGreaterThanOrEqual(stats.failedWrites > 0 ? 1 : 0);
        for (const event of unapplied) {
          const withheld = result.verdicts.filter((v) => v.status === "pass" && v.evidence.source === "account");
          expect(withheld.filter((v) => v.evidence.eventIds.includes(event.seq))).toEqual([]);
        }
      } else expect(failed).toEqual([]);
    }
  });

  const swallowed =
    "an account that answers AuthorizeSecurityGroupIngress with success but never applies it: FLT-NET-001 never passes, " +
    "and the dropped write is in the history as api.unapplied";
  it(swallowed, async () => {
    faults = await injectApiFaults({
      endpoint: localstack.handle.endpoint,
      fraction: 1,
      seed: 1,
      fault: "swallow",
      operations: ["AuthorizeSecurityGroupIngress"],
    });
    const { result, world } = await runOnLocalStack(localstack, "scenarios/library/immutable-open-ingress.yaml");
    faults.stop();
    expect(faults.faultedOperations).toEqual({ AuthorizeSecurityGroupIngress: faults.faulted });
    expect(faults.faulted).toBeGreaterThan(0);
    const unapplied = world.history.ofKind("api.unapplied");
    expect(unapplied.map((e) => [e.operation, e.observable])).toContainEqual(["AuthorizeSecurityGroupIngress", "ingress"]);
    expect(world.history.ofKind("ingress.opened")).toEqual([]);
    const verdict = result.verdicts.find((v) => v.control === "FLT-NET-001");
    expect(["fail", "inconclusive"]).toContain(verdict?.status);
    expect(result.status).not.toBe("pass");
    // The same scenario with the write let through passes: the account, not the model, decided the difference.
    const honest = await runOnLocalStack(localstack, "scenarios/library/immutable-open-ingress.yaml");
    expect(honest.result.verdicts.find((v) => v.control === "FLT-NET-001")?.status).toBe("pass");
  });
});
