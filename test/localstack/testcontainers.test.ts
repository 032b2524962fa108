// LocalStack started through testcontainers' LocalStack module (on podman's Docker API here), then one real EC2 call.
// Without podman it skips with a printed reason, or fails under CATTLEPROD_REQUIRE_LOCALSTACK=1 unless
// CATTLEPROD_CI_PODMAN=0 says this machine has no podman (then the log says the test was left out); with podman
// installed, a missing image or a podman that cannot serve its API fails under the requirement too.
import { DescribeAvailabilityZonesCommand, DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { freshAccount, preparePodman, useLocalStack } from "../support/localstack.ts";

describe("LocalStack through testcontainers", () => {
  const localstack = useLocalStack({ sources: ["testcontainers"], prepare: () => preparePodman(), timeouts: { containerMs: 120_000 } });

  it("starts the container and answers EC2", async () => {
    const { how, endpoint, version, description } = localstack.handle;
    expect(how).toBe("testcontainers");
    expect(description).toMatch(new RegExp(`^localstack ${version} at ${endpoint} \\(testcontainers: \\S+ on .+ at \\S+\\)$`));
    const ec2 = new EC2Client(localstack.clientConfig(freshAccount()));
    const zones = await ec2.send(new DescribeAvailabilityZonesCommand({}));
    expect((zones.AvailabilityZones ?? []).map((z) => z.ZoneName)).toContain(`${localstack.handle.region}a`);
    expect((await ec2.send(new DescribeInstancesCommand({}))).Reservations ?? []).toEqual([]);
  });
});
