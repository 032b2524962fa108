import type { BackendName } from "./backend-names.ts";
import { AwsBackend, LocalStackBackend, type RealAccountOptions, type StartedBackend } from "../simulators/localstack/index.ts";

/** Safety settings for a real account, as the CLI's flags give them. */
export interface RealAwsOptions extends RealAccountOptions {
  readonly region?: string;
}

/**
 * Starts the API backend the CLI names. The backend object owns the rest: finding or starting LocalStack, the
 * real-account interlock (--allow-real-aws and an --aws-accounts allowlist holding the caller's account, checked
 * before anything is touched), the worlds, and sweeping what the run created.
 */
export async function openBackend(
  name: Exclude<BackendName, "sim">,
  options: RealAwsOptions = {},
  runId?: string,
  log?: (line: string) => void,
): Promise<StartedBackend> {
  const backend = name === "localstack" ? new LocalStackBackend() : new AwsBackend(options);
  if (runId !== undefined) backend.withRunId(runId);
  if (log) backend.withLog(log);
  return backend.start();
}
