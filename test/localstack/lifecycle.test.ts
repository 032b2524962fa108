// Where LocalStack comes from (simulators/localstack/endpoint.ts), checked with real @aws-sdk v3 calls: no mocks.
import { DescribeInstancesCommand, EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { isCattleprodError } from "../../core/index.ts";
import { resolveLocalStack } from "../../simulators/localstack/endpoint.ts";
import { freshAccount, useLocalStack } from "../support/localstack.ts";

/** A local port that refuses connections: bound once by us, then released. */
function refusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 1));
    });
  });
}

describe("LocalStack through @aws-sdk v3", () => {
  const localstack = useLocalStack();

  it("says how it was obtained and which version answers", () => {
    const { how, version, endpoint, description } = localstack.handle;
    expect(["endpoint", "testcontainers", "own-install"]).toContain(how);
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(endpoint).toMatch(/^https?:\/\/[^/]+$/);
    expect(description).toContain(`localstack ${version} at ${endpoint} (`);
  });

  it("answers STS GetCallerIdentity as the account of the access key", async () => {
    const account = freshAccount();
    const sts = new STSClient(localstack.clientConfig(account));
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(account);
    expect(identity.Arn).toContain(account);
  });

  it("answers EC2 DescribeInstances, empty in a fresh account, then with the instances launched there", async () => {
    const ec2 = new EC2Client(localstack.clientConfig(freshAccount()));
    expect((await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? []).toEqual([]);
    const tag = { Key: "cattleprod:test", Value: "lifecycle" };
    await ec2.send(
      new RunInstancesCommand({
        ImageId: "ami-12345678",
        MinCount: 2,
        MaxCount: 2,
        InstanceType: "t3.micro",
        TagSpecifications: [{ ResourceType: "instance", Tags: [tag] }],
      }),
    );
    const described = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: `tag:${tag.Key}`, Values: [tag.Value] }] }));
    const instances = (described.Reservations ?? []).flatMap((r) => r.Instances ?? []);
    expect(instances).toHaveLength(2);
    expect(instances.every((i) => /^i-[0-9a-f]{8,}$/.test(i.InstanceId ?? ""))).toBe(true);
  });

  it("uses a given endpoint as is: stop() and `await using` leave it running", async () => {
    const { endpoint } = localstack.handle;
    const lines: string[] = [];
    {
      await using given = await resolveLocalStack({ env: { LOCALSTACK_ENDPOINT: `${endpoint}/` }, log: (line) => lines.push(line) });
      expect(given.how).toBe("endpoint");
      expect(given.endpoint).toBe(endpoint);
      expect(given.credentials).toEqual({ accessKeyId: "test", secretAccessKey: "test" });
    }
    expect(lines).toEqual([`localstack ${localstack.handle.version} at ${endpoint} (endpoint: from LOCALSTACK_ENDPOINT)`]);
    expect((await fetch(`${endpoint}/_localstack/health`)).ok).toBe(true);
  });
});

describe("an endpoint that refuses connections", () => {
  it("fails with E_BACKEND and a message naming the endpoint (LOCALSTACK_ENDPOINT)", async () => {
    const endpoint = `http://127.0.0.1:${await refusedPort()}`;
    const error: unknown = await resolveLocalStack({ env: { LOCALSTACK_ENDPOINT: endpoint }, log: false }).catch((e: unknown) => e);
    expect(isCattleprodError(error, "E_BACKEND")).toBe(true);
    expect((error as Error).message).toBe(
      `Failed to reach LocalStack at ${endpoint}: connection refused. ` +
        "Start it with scripts/localstack/start.sh or unset LOCALSTACK_ENDPOINT.",
    );
  });

  it("names AWS_ENDPOINT_URL when that is where the endpoint came from, and tries nothing else", async () => {
    const endpoint = `http://127.0.0.1:${await refusedPort()}`;
    const started = Date.now();
    await expect(resolveLocalStack({ env: { AWS_ENDPOINT_URL: endpoint }, log: false })).rejects.toThrow(
      `Failed to reach LocalStack at ${endpoint}: connection refused. Start it with scripts/localstack/start.sh or unset AWS_ENDPOINT_URL.`,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("lists every source's reason when none gives a LocalStack", async () => {
    const error = await resolveLocalStack({
      sources: ["endpoint", "testcontainers"],
      env: { DOCKER_HOST: "unix:///nonexistent/docker.sock" },
      log: false,
    }).catch((e: unknown) => e);
    expect(isCattleprodError(error, "E_BACKEND")).toBe(true);
    expect((error as Error).message).toMatch(
      new RegExp(
        /^Failed to start LocalStack: endpoint: LOCALSTACK_ENDPOINT and AWS_ENDPOINT_URL are unset; /.source +
          /testcontainers: no container engine answered \(unix:\/\/\/nonexistent\/docker\.sock: no such socket\)\. /.source +
          /Set LOCALSTACK_ENDPOINT/.source,
      ),
    );
  });
});
