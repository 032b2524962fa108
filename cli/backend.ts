import { randomBytes } from "node:crypto";
import { CattleprodError, type Rng, type Scenario } from "../core/index.ts";
import type { ApiWorld } from "../scenarios/index.ts";
import type { BackendName } from "./backend-names.ts";
import { AWS_METHODS, AwsApi, AwsFleet, resolveLocalStack, sweep, type LocalStackHandle } from "../simulators/localstack/index.ts";

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
  /** What the API is, for the record's environment: `localstack 4.13.1`; for a real account its description. */
  readonly version?: string;
  /** How each control is decided on this backend (the evidence's method). */
  readonly methods: Readonly<Record<string, string>>;
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
  if (!options.allowRealAws)
    throw new CattleprodError(
      "E_BACKEND",
      "Failed to use a real AWS account: --allow-real-aws not given. A real account needs --allow-real-aws and --aws-accounts ID[,ID].",
    );
  const allowed = options.awsAccounts ?? [];
  if (allowed.length === 0)
    throw new CattleprodError(
      "E_BACKEND",
      "Failed to use a real AWS account: no --aws-accounts allowlist. Name the account ids cattleprod may touch.",
    );
  const account = await api.callerAccount().catch((error: Error) => {
    throw new CattleprodError(
      "E_BACKEND",
      `Failed to identify the AWS caller: ${error.message.replace(/\.+$/, "")}. Check the credentials.`,
    );
  });
  if (!allowed.includes(account))
    throw new CattleprodError(
      "E_BACKEND",
      `Failed to use AWS account ${account}: not in --aws-accounts (${allowed.join(", ")}). ` +
        "Add it only if cattleprod may create and delete resources there.",
    );
  return account;
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
export async function openBackend(
  name: Exclude<BackendName, "sim">,
  options: RealAwsOptions = {},
  runId: string = newRunId(),
): Promise<ApiBackend> {
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
    name,
    runId,
    description,
    ...(localstack ? { version: `localstack ${localstack.version}` } : {}),
    methods: AWS_METHODS,
    makeWorld:
      (index, external = false) =>
      (spec, rng) =>
        new AwsFleet(spec, rng, api, { runId, scenarioRunId: scenarioRun(index), external }),
    close: async () => {
      try {
        await sweep(api, runId);
      } finally {
        await localstack?.stop();
      }
    },
  };
}
