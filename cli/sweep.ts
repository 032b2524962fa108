import { isCattleprodError } from "../core/index.ts";
import { AwsBackend, LocalStackBackend } from "../simulators/localstack/index.ts";

/** Options of `cattleprod sweep`. */
export interface SweepOptions {
  readonly backend: "localstack" | "aws";
  readonly runId?: string;
  readonly allowRealAws?: boolean;
  readonly awsAccounts?: string[];
  readonly region?: string;
}

/** `cattleprod sweep`: deletes what cattleprod created (one run's, with --run-id) and prints what it removed. */
export async function sweepCommand(options: SweepOptions): Promise<number> {
  try {
    // The same backends as run, with the same interlock for a real account.
    const backend =
      options.backend === "localstack"
        ? new LocalStackBackend({ sources: ["endpoint", "testcontainers", "own-install"] })
        : new AwsBackend(options);
    const started = await backend.start();
    try {
      const removed = await started.sweep(options.runId ?? "all");
      process.stdout.write(
        `swept ${options.runId ? `run ${options.runId}` : "every cattleprod run"} on ${options.backend}: ` +
          `${removed.autoScalingGroups} auto scaling groups, ${removed.instances} instances, ${removed.securityGroups} security groups, ` +
          `${removed.keyPairs} key pairs, ${removed.images} images, ${removed.parameters} parameters\n`,
      );
      return 0;
    } finally {
      await started.stop();
    }
  } catch (error) {
    process.stderr.write(`${isCattleprodError(error) ? error.message : `Failed to sweep: ${(error as Error).message}.`}\n`);
    return 2;
  }
}
