import { randomBytes } from "node:crypto";
import { CattleprodError, type Rng, type Scenario } from "../core/index.ts";
import type { ApiWorld } from "../scenarios/index.ts";
import { AwsApi, AwsFleet, resolveLocalStack, sweep, type LocalStackHandle } from "../simulators/localstack/index.ts";

/** The worlds `run --backend` can use. */
export const BACKENDS = ["sim", "localstack", "aws"] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Safety settings for a real account. */
export interface RealAwsOptions {
  readonly allowRealAws?: boolean;
  /** Account ids the caller's identity (STS) must be one of. */
  readonly awsAccounts?: readonly string[];
  readonly region?: string;
}

/** An opened API backend: a world factory per scenario, cleanup per scenario and at the end. */
export interface ApiBackend {
  readonly name: Exclude<BackendName, "sim">;
  readonly runId: string;
  /** One line for the log: where and how. */
  readonly description: string;
  /** `external`: the account's automation keeps the fleet (`--platform external`). */
  makeWorld(scenarioIndex: number, external?: boolean): (spec: Scenario["fleet"], rng: Rng) => ApiWorld;
  /** Sweeps everything the run created, then stops a LocalStack this process started. */
  close(): Promise<void>;
}

/**
 * The interlock for real accounts: refuses without --allow-real-aws and an allowlist that holds
 * the caller's account (STS GetCallerIdentity). Returns the account id.
 */
export async function checkRealAws(api: AwsApi, options: RealAwsOptions): Promise<string> {
  if (!options.allowRealAws) throw new CattleprodError("E_BACKEND", "Failed to use a real AWS account: --allow-real-aws not given. A real account needs --allow-real-aws and --aws-accounts ID[,ID].");
  const allowed = options.awsAccounts ?? [];
  if (allowed.length === 0) throw new CattleprodError("E_BACKEND", "Failed to use a real AWS account: no --aws-accounts allowlist. Name the account ids cattleprod may touch.");
  const account = await api.callerAccount().catch((error: Error) => {
    throw new CattleprodError("E_BACKEND", `Failed to identify the AWS caller: ${error.message.replace(/\.+$/, "")}. Check the credentials.`);
  });
  if (!allowed.includes(account)) throw new CattleprodError("E_BACKEND", `Failed to use AWS account ${account}: not in --aws-accounts (${allowed.join(", ")}). Add it only if cattleprod may create and delete resources there.`);
  return account;
}

/** Parses `--backend sim,localstack`. */
export function parseBackends(value: string): BackendName[] {
  const names = value.split(",").map((v) => v.trim()).filter((v) => v !== "");
  for (const name of names) {
    if (!(BACKENDS as readonly string[]).includes(name)) throw new CattleprodError("E_USAGE", `Failed to read --backend "${value}": unknown backend "${name}". Known: ${BACKENDS.join(", ")}.`);
  }
  if (names.length === 0) throw new CattleprodError("E_USAGE", "Failed to read --backend: empty. Known: sim, localstack, aws.");
  return [...new Set(names)] as BackendName[];
}

function newRunId(): string {
  return `cp-${randomBytes(4).toString("hex")}`;
}

/**
 * Opens an API backend. LocalStack comes from LOCALSTACK_ENDPOINT / AWS_ENDPOINT_URL, else
 * testcontainers, else the pinned own install. A real account needs --allow-real-aws and an
 * account allowlist that contains the caller's account (checked with STS) before anything is
 * touched.
 */
export async function openBackend(name: Exclude<BackendName, "sim">, options: RealAwsOptions = {}, runId: string = newRunId()): Promise<ApiBackend> {
  let localstack: LocalStackHandle | undefined;
  let api: AwsApi;
  let description: string;
  if (name === "localstack") {
    localstack = await resolveLocalStack({ log: false });
    api = new AwsApi({ endpoint: localstack.endpoint, region: localstack.region, credentials: localstack.credentials });
    description = localstack.description;
  } else {
    api = new AwsApi({ region: options.region ?? process.env["AWS_REGION"] ?? "us-east-1" });
    const account = await checkRealAws(api, options);
    description = `aws account ${account} (${api.target.region})`;
  }
  const scenarioRun = (index: number): string => `${runId}.${index}`;
  return {
    name, runId, description,
    makeWorld: (index, external = false) => (spec, rng) => new AwsFleet(spec, rng, api, { runId, scenarioRunId: scenarioRun(index), external }),
    close: async () => {
      try {
        await sweep(api, runId);
      } finally {
        await localstack?.stop();
      }
    },
  };
}
