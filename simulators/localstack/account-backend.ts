import { randomBytes } from "node:crypto";
import type { EvidenceOffer, FleetSpec, Observable, Rng } from "../../core/index.ts";
import { AccountFleet, type AccountFleetOptions } from "./account-fleet.ts";
import { ACCOUNT_OFFERS } from "./account-offers.ts";
import { AwsApi } from "./aws-api.ts";
import { sweep, type SweepResult } from "./aws-sweep.ts";
import { resolveLocalStack, type LocalStackHandle, type ResolveLocalStackOptions } from "./endpoint.ts";
import { checkRealAccount, type RealAccountOptions } from "./real-account.ts";

/** Settings every account backend takes (builder methods set them). */
interface BackendSettings {
  runId?: string;
  reconcileEveryMs?: number;
  launchTimeOnStart?: "reset" | "keep";
  drivableClock?: boolean;
  log?: (line: string) => void;
}

/** Options of one scenario's world on a started backend. */
export interface WorldOptions {
  /** The account's own automation keeps the fleet (`--platform external`). */
  readonly external?: boolean;
  /** Once aborted (Ctrl-C), the world stops at its next flush of writes with E_INTERRUPTED, so nothing is created after a sweep. */
  readonly signal?: AbortSignal;
}

/**
 * A started account backend: it owns the API, the run id, the worlds of its scenarios and what they created.
 * `close()` (or `await using`) sweeps the run's resources and stops a LocalStack it started.
 */
export interface StartedBackend extends AsyncDisposable {
  readonly name: "localstack" | "aws";
  readonly runId: string;
  /** One line for the log: where and how. */
  readonly description: string;
  /** What the API is, for the record's environment (`localstack 4.13.1`); none for a real account. */
  readonly version?: string;
  readonly api: AwsApi;
  /** The world factory of scenario `index` (its resources carry `cattleprod:scenario-run = <runId>.<index>`). */
  worldFor(index: number, options?: WorldOptions): (spec: FleetSpec, rng: Rng) => AccountFleet;
  /** How this backend offers each observable: the data behind the README's method table. */
  offers(): Readonly<Record<Observable, EvidenceOffer>>;
  /** Deletes what cattleprod created (this run's by default, or another run's, or every run's with `"all"`). */
  sweep(runId?: string | "all"): Promise<SweepResult>;
  /** Sweeps this run's resources, then stops what the backend started. */
  close(): Promise<void>;
  /** Stops what the backend started (a LocalStack), without sweeping. */
  stop(): Promise<void>;
}

const REAL_CLOCK = "a real account's clock is real time: it cannot show the run's virtual ages";

/** A new run id: `cp-` and 8 hex digits. */
export function newRunId(): string {
  return `cp-${randomBytes(4).toString("hex")}`;
}

/** The builder half shared by both backends. */
abstract class AccountBackendBuilder<Self> {
  protected readonly settings: BackendSettings = {};

  /** Tags every resource with this run id (default: a new one); with `--platform external` the account's fleet carries it. */
  withRunId(runId: string): Self {
    this.settings.runId = runId;
    return this as unknown as Self;
  }

  /** Virtual time between full polls of the account (default 1h; 1m for external platforms). */
  withReconcileEvery(ms: number): Self {
    this.settings.reconcileEveryMs = ms;
    return this as unknown as Self;
  }

  /** Where to report waiting for the clock lease. */
  withLog(log: (line: string) => void): Self {
    this.settings.log = log;
    return this as unknown as Self;
  }

  protected started(parts: {
    name: "localstack" | "aws";
    api: AwsApi;
    description: string;
    version?: string;
    clockEndpoint: string | undefined;
    offers: Readonly<Record<Observable, EvidenceOffer>>;
    stop: () => Promise<void>;
  }): StartedBackend {
    const runId = this.settings.runId ?? newRunId();
    const settings = { ...this.settings };
    let closed: Promise<void> | undefined;
    const close = (): Promise<void> =>
      (closed ??= (async () => {
        try {
          await sweep(parts.api, runId);
        } finally {
          await parts.stop();
        }
      })());
    return {
      name: parts.name,
      runId,
      description: parts.description,
      ...(parts.version ? { version: parts.version } : {}),
      api: parts.api,
      worldFor(index, options = {}) {
        const worldOptions: AccountFleetOptions = {
          backend: parts.name,
          runId,
          scenarioRunId: `${runId}.${index}`,
          external: options.external ?? false,
          ...(parts.clockEndpoint && settings.drivableClock !== false ? { clockEndpoint: parts.clockEndpoint } : {}),
          ...(settings.reconcileEveryMs === undefined ? {} : { reconcileEveryMs: settings.reconcileEveryMs }),
          ...(settings.launchTimeOnStart ? { launchTimeOnStart: settings.launchTimeOnStart } : {}),
          ...(settings.log ? { log: settings.log } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        };
        return (spec, rng) => new AccountFleet(spec, rng, parts.api, worldOptions);
      },
      offers: () => parts.offers,
      sweep: (which = runId) => sweep(parts.api, which === "all" ? undefined : which),
      close,
      stop: parts.stop,
      [Symbol.asyncDispose]: close,
    };
  }
}

/**
 * LocalStack as an account backend: found or started as `resolveLocalStack` does (a given endpoint, a
 * testcontainers container, the pinned own install). On cattleprod's own LocalStack the account's clock is
 * drivable (ages are real) and StartInstances resets LaunchTime as on AWS; on another LocalStack ages are not
 * the account's and age verdicts cannot pass.
 *
 * @example
 * await using backend = await new LocalStackBackend().withRunId("cp-ci-42").start();
 * const result = await runScenarioOn(scenario, { platform, backend: "localstack", makeWorld: backend.worldFor(0) });
 */
export class LocalStackBackend extends AccountBackendBuilder<LocalStackBackend> {
  /** How this backend shows each observable (on cattleprod's own LocalStack; another one cannot show age). */
  static readonly OFFERS: Readonly<Record<Observable, EvidenceOffer>> = ACCOUNT_OFFERS;

  constructor(private readonly resolve: ResolveLocalStackOptions = {}) {
    super();
  }

  /** How StartInstances treats LaunchTime in the run's accounts: `reset` (AWS, the plugin's default) or `keep` (moto). */
  withLaunchTimeOnStart(mode: "reset" | "keep"): LocalStackBackend {
    this.settings.launchTimeOnStart = mode;
    return this;
  }

  /** Whether to drive the account clock when the LocalStack allows it (default true); false reads ages as a foreign LocalStack would. */
  withDrivableClock(drive: boolean): LocalStackBackend {
    this.settings.drivableClock = drive;
    return this;
  }

  async start(): Promise<StartedBackend> {
    const localstack: LocalStackHandle = await resolveLocalStack({ log: false, ...this.resolve });
    const api = new AwsApi({ endpoint: localstack.endpoint, region: localstack.region, credentials: localstack.credentials });
    return this.started({
      name: "localstack",
      api,
      description: localstack.description,
      version: `localstack ${localstack.version}`,
      clockEndpoint: localstack.endpoint,
      offers: LocalStackBackend.OFFERS,
      stop: () => localstack.stop(),
    });
  }
}

/**
 * A real AWS account as a backend. `start()` refuses (E_BACKEND) unless `allowRealAws` is set and the caller's
 * account (STS) is on the `awsAccounts` allowlist, for library callers as for the CLI. A real account's clock is
 * real time: virtual ages cannot be shown, so age verdicts are inconclusive there.
 */
export class AwsBackend extends AccountBackendBuilder<AwsBackend> {
  /** How this backend shows each observable: a real account's clock is real time, so virtual ages cannot be shown. */
  static readonly OFFERS: Readonly<Record<Observable, EvidenceOffer>> = {
    ...ACCOUNT_OFFERS,
    age: { source: "unavailable", why: REAL_CLOCK },
    "restart-age": { source: "unavailable", why: REAL_CLOCK },
  };

  constructor(private readonly options: RealAccountOptions & { readonly region?: string } = {}) {
    super();
  }

  async start(): Promise<StartedBackend> {
    const api = new AwsApi({ region: this.options.region ?? process.env["AWS_REGION"] ?? "us-east-1" });
    const account = await checkRealAccount(api, this.options);
    return this.started({
      name: "aws",
      api,
      description: `aws account ${account} (${api.target.region})`,
      clockEndpoint: undefined,
      offers: AwsBackend.OFFERS,
      stop: async () => undefined,
    });
  }
}
