// `cattleprod run --backend`: the real CLI against an endpoint that refuses, the real-account interlock (which must
// make no AWS call at all before it is satisfied), and runs on LocalStack, alone and side by side with the sim.
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import { createServer as createNetServer } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../../core/index.ts";
import { cliAsync, tempDir } from "../support/cli.ts";
import { cleanCliEnv, freshAccount, useLocalStack } from "../support/localstack.ts";

const LIBRARY = "scenarios/library";

const cattleprod = cliAsync;

/** A local port that refuses connections: bound once, then released. */
function refusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createNetServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const readRecord = (dir: string): RunRecord => JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as RunRecord;

describe("run --backend: refusals that need no LocalStack", () => {
  // Stands in for AWS: records every request and refuses it as an unknown caller would be refused.
  const seen: string[] = [];
  const recorder = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.headers["authorization"]?.split("/")[3] ?? "?"}`);
    res
      .writeHead(403, { "content-type": "text/xml" })
      .end(
        "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>" +
          "<Message>The security token included in the request is invalid.</Message></Error><RequestId>r-1</RequestId></ErrorResponse>",
      );
  });
  let awsEnv: NodeJS.ProcessEnv;
  beforeAll(async () => {
    await new Promise<void>((resolve) => recorder.listen(0, "127.0.0.1", resolve));
    awsEnv = cleanCliEnv({
      AWS_ENDPOINT_URL: `http://127.0.0.1:${(recorder.address() as { port: number }).port}`,
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "example",
      AWS_REGION: "us-east-1",
    });
  });
  afterAll(() => void recorder.close());

  it("an endpoint that refuses connections: exit 2 with one line naming it, nothing written", async () => {
    const endpoint = `http://127.0.0.1:${await refusedPort()}`;
    const out = join(tempDir(), "out");
    const { code, stdout, stderr } = await cattleprod(
      cleanCliEnv({ LOCALSTACK_ENDPOINT: endpoint }),
      "run",
      `${LIBRARY}/cattle-two-nodes-die-at-once.yaml`,
      "--backend",
      "localstack",
      "--out",
      out,
    );
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `Failed to reach LocalStack at ${endpoint}: connection refused. ` +
        "Start it with scripts/localstack/start.sh or unset LOCALSTACK_ENDPOINT.\n",
    );
    expect(existsSync(out)).toBe(false);
  });

  it("--backend aws without --allow-real-aws, or without --aws-accounts: exit 2 before any AWS call", async () => {
    const scenario = `${LIBRARY}/pet-operator-access.yaml`;
    const out = join(tempDir(), "out");
    const refused = await cattleprod(awsEnv, "run", scenario, "--backend", "aws", "--out", out);
    expect([refused.code, refused.stderr]).toEqual([
      2,
      "Failed to use a real AWS account: --allow-real-aws not given. A real account needs --allow-real-aws and --aws-accounts ID[,ID].\n",
    ]);
    const noAllowlist = await cattleprod(awsEnv, "run", scenario, "--backend", "aws", "--allow-real-aws", "--out", out);
    expect([noAllowlist.code, noAllowlist.stderr]).toEqual([
      2,
      "Failed to use a real AWS account: no --aws-accounts allowlist. Name the account ids cattleprod may touch.\n",
    ]);
    expect(seen).toEqual([]);
    expect(existsSync(out)).toBe(false);
    // The recorder does see calls once the flags are there: the identity check (STS) is the first and only one.
    const checked = await cattleprod(
      awsEnv,
      "run",
      scenario,
      "--backend",
      "aws",
      "--allow-real-aws",
      "--aws-accounts",
      "111111111111",
      "--out",
      out,
    );
    expect(checked.code).toBe(2);
    expect(checked.stderr).toMatch(
      /^Failed to identify the AWS caller: The security token included in the request is invalid\. Check the credentials\.\n$/,
    );
    expect(seen).toEqual(["POST sts"]);
  });
});

describe("run --backend on LocalStack", () => {
  const localstack = useLocalStack({ drivableClock: true });
  const envFor = (account: string, variable?: "LOCALSTACK_ENDPOINT" | "AWS_ENDPOINT_URL") => localstack.cliEnv(account, variable);

  it("sim,localstack runs each scenario on both backends and reports no differences for the reference platform", async () => {
    const out = tempDir();
    const names = ["cattle-two-nodes-die-at-once", "immutable-drift-replaced"];
    const { code, stderr, stdout } = await cattleprod(
      envFor(freshAccount()),
      "run",
      ...names.map((n) => `${LIBRARY}/${n}.yaml`),
      "--backend",
      "sim,localstack",
      "--out",
      out,
    );
    expect(code, stderr + "\nSTDOUT:\n" + stdout).toBe(0);
    const record = readRecord(out);
    expect(record.backend).toBe("sim,localstack");
    expect(record.scenarios.map((s) => `${s.backend}:${s.name}:${s.status}`).sort()).toEqual(
      names.flatMap((n) => [`localstack:${n}:pass`, `sim:${n}:pass`]).sort(),
    );
    expect(record.differences).toEqual([]);
  }, 300_000); // the account clock is shared: a run may wait for another run's lease first

  it("localstack alone: a scenario per VM type exits 0 and every control says where its evidence came from, and how", async () => {
    const out = tempDir();
    const names = ["pet-ha-failover", "cattle-untagged-and-open-ssh", "immutable-stop-start-keeps-age"];
    const { code, stderr } = await cattleprod(
      envFor(freshAccount()),
      "run",
      ...names.map((n) => `${LIBRARY}/${n}.yaml`),
      "--backend",
      "localstack",
      "--out",
      out,
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^localstack: localstack \S+ at \S+ \(endpoint: from LOCALSTACK_ENDPOINT\) · run id cp-[0-9a-f]+ /m);
    const record = readRecord(out);
    expect(record.backend).toBe("localstack");
    expect(record.scenarios.map((s) => [s.name, s.backend, s.status])).toEqual(names.map((n) => [n, "localstack", "pass"]).sort());
    for (const scenario of record.scenarios) {
      expect(scenario.controls.length).toBeGreaterThan(0);
      for (const control of scenario.controls) {
        expect(["account", "model"]).toContain(control.evidence.source);
        if (control.evidence.source === "account") expect(control.evidence.calls?.length).toBeGreaterThan(0);
      }
    }
    const decided = (id: string) => record.scenarios.flatMap((s) => s.controls.filter((c) => c.id === id && c.status === "pass"));
    expect(decided("IMM-AGE-002").map((c) => [c.evidence.source, c.evidence.calls])).toEqual([["account", ["DescribeInstances"]]]);
    expect(decided("PET-HA-001").map((c) => c.evidence.source)).toEqual(["model"]);
  }, 300_000); // the account clock is shared: a run may wait for another run's lease first

  const accountAllowList =
    "--backend aws with the caller's account outside --aws-accounts exits 2 and creates nothing; inside, it runs and sweeps after itself";
  it(
    accountAllowList,
    async () => {
      const account = freshAccount();
      const env = envFor(account, "AWS_ENDPOINT_URL"); // LocalStack stands in for a real account here
      const scenario = `${LIBRARY}/pet-operator-access.yaml`;
      const refused = await cattleprod(
        env,
        "run",
        scenario,
        "--backend",
        "aws",
        "--allow-real-aws",
        "--aws-accounts",
        "111111111111,222222222222",
        "--out",
        join(tempDir(), "out"),
      );
      expect([refused.code, refused.stderr]).toEqual([
        2,
        `Failed to use AWS account ${account}: not in --aws-accounts (111111111111, 222222222222). ` +
          "Add it only if cattleprod may create and delete resources there.\n",
      ]);
      const ec2 = new EC2Client(localstack.clientConfig(account));
      expect((await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? []).toEqual([]);

      const out = tempDir();
      const allowed = await cattleprod(
        env,
        "run",
        scenario,
        "--backend",
        "aws",
        "--allow-real-aws",
        "--aws-accounts",
        `111111111111,${account}`,
        "--out",
        out,
      );
      expect(allowed.code, allowed.stderr).toBe(0);
      expect(allowed.stderr).toContain(`aws: aws account ${account} (${localstack.handle.region}) · run id cp-`);
      const record = readRecord(out);
      expect(record.scenarios.map((s) => [s.backend, s.status])).toEqual([["aws", "pass"]]);
      const instances = ((await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? []).flatMap((r) => r.Instances ?? []);
      expect(instances.length).toBeGreaterThan(0);
      expect(instances.filter((i) => i.State?.Name !== "terminated")).toEqual([]);
    },
    300_000,
  ); // the account clock is shared: a run may wait for another run's lease first
});
