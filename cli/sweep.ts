import { isCattleprodError } from "../core/index.ts";
import { AwsApi, resolveLocalStack, sweep } from "../simulators/localstack/index.ts";
import { checkRealAws } from "./backend.ts";

/** Options of `cattleprod sweep`. */
export interface SweepOptions {
  readonly backend: "localstack" | "aws";
  readonly runId?: string;
  readonly allowRealAws?: boolean;
  readonly awsAccounts?: string[];
  readonly region?: string;
}

/** `cattleprod sweep`: deletes what cattleprod tagged (one run's, with --run-id) and prints what it removed. */
export async function sweepCommand(options: SweepOptions): Promise<number> {
  try {
    let api: AwsApi;
    let stop = async (): Promise<void> => undefined;
    if (options.backend === "localstack") {
      const localstack = await resolveLocalStack({ log: false, sources: ["endpoint", "testcontainers", "own-install"] });
      api = new AwsApi({ endpoint: localstack.endpoint, region: localstack.region, credentials: localstack.credentials });
      stop = () => localstack.stop();
    } else {
      // The same interlock as run: --allow-real-aws and an allowlist matching the caller.
      api = new AwsApi({ region: options.region ?? process.env["AWS_REGION"] ?? "us-east-1" });
      await checkRealAws(api, options);
    }
    try {
      const removed = await sweep(api, options.runId);
      process.stdout.write(
        `swept ${options.runId ? `run ${options.runId}` : "every cattleprod run"} on ${options.backend}: ` +
          `${removed.instances} instances, ${removed.securityGroups} security groups, ${removed.keyPairs} key pairs, ` +
          `${removed.images} images, ${removed.parameters} parameters\n`,
      );
      return 0;
    } finally {
      await stop();
    }
  } catch (error) {
    process.stderr.write(`${isCattleprodError(error) ? error.message : `Failed to sweep: ${(error as Error).message}.`}\n`);
    return 2;
  }
}
