// Where LocalStack comes from: a running endpoint, a testcontainers container, or the project's own install.
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { CattleprodError } from "../../core/index.ts";
import { DEFAULT_LOCALSTACK_IMAGE, startLocalStackContainer } from "./localstack-container.ts";
import { waitForServices } from "./localstack-health.ts";
import { startOwnInstall } from "./localstack-own-install.ts";

/** How a {@link LocalStackHandle} was obtained. */
export type LocalStackSource = "endpoint" | "testcontainers" | "own-install";

/** The order {@link resolveLocalStack} tries by default. */
export const LOCALSTACK_SOURCES: readonly LocalStackSource[] = ["endpoint", "testcontainers", "own-install"];

/** The AWS services cattleprod calls; a LocalStack must report each as available or running. */
export const LOCALSTACK_SERVICES: readonly string[] = ["ec2", "autoscaling", "ssm", "sts", "iam"];

/** Static credentials for the SDK clients (LocalStack checks no signature; `test` maps to account 000000000000). */
export interface LocalStackCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/**
 * A LocalStack that answers health with every service cattleprod needs. `endpoint`, `region` and
 * `credentials` are what an @aws-sdk v3 client takes. `stop()` stops what this handle started (idempotent);
 * for an endpoint it was given it does nothing.
 *
 * @example
 * await using localstack = await resolveLocalStack();
 * const ec2 = new EC2Client({ endpoint: localstack.endpoint, region: localstack.region, credentials: localstack.credentials });
 */
export interface LocalStackHandle extends AsyncDisposable {
  readonly endpoint: string;
  readonly how: LocalStackSource;
  readonly version: string;
  readonly region: string;
  readonly credentials: LocalStackCredentials;
  /** The line logged on stderr: `localstack 4.13.1 at http://127.0.0.1:4566 (own install)`. */
  readonly description: string;
  stop(): Promise<void>;
}

/** Options of {@link resolveLocalStack}; every one has a default. */
export interface ResolveLocalStackOptions {
  /** Sources to try, in this order. Default {@link LOCALSTACK_SOURCES}. */
  readonly sources?: readonly LocalStackSource[];
  /** Environment read for LOCALSTACK_ENDPOINT, AWS_*, DOCKER_HOST, CATTLEPROD_LOCALSTACK_IMAGE. Default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  /** Container image. Default CATTLEPROD_LOCALSTACK_IMAGE, else {@link DEFAULT_LOCALSTACK_IMAGE}. */
  readonly image?: string;
  /** Services that must be ready. Default {@link LOCALSTACK_SERVICES}. */
  readonly services?: readonly string[];
  /** Default AWS_REGION, AWS_DEFAULT_REGION, else us-east-1. */
  readonly region?: string;
  /** Whether the own install may run install.sh first (about 90 s and PyPI the first time). Default true. */
  readonly install?: boolean;
  /** Time limits: health of a given endpoint (10 s), container start (90 s), own install (300 s; 120 s without install). */
  readonly timeouts?: { readonly endpointMs?: number; readonly containerMs?: number; readonly ownInstallMs?: number };
  /** Where the "how and which version" line goes. Default stderr; `false` is silent. */
  readonly log?: ((line: string) => void) | false;
}

const LABEL: Record<LocalStackSource, string> = { endpoint: "endpoint", testcontainers: "testcontainers", "own-install": "own install" };
const TEST_CREDENTIALS: LocalStackCredentials = { accessKeyId: "test", secretAccessKey: "test" };

/**
 * Finds or starts a LocalStack, in this order: (1) LOCALSTACK_ENDPOINT or AWS_ENDPOINT_URL when set: its health
 * must answer, or this throws (E_BACKEND) naming the endpoint; (2) testcontainers' LocalStack module when a
 * container engine answers (DOCKER_HOST, Docker's socket, or podman's `/run/cattleprod-podman.sock`) and holds the
 * image; (3) the pinned own install (scripts/localstack/start.sh --install). Logs one line saying how and which
 * version. Throws E_BACKEND with every source's reason when none gives a LocalStack.
 *
 * @example
 * const localstack = await resolveLocalStack({ sources: ["testcontainers"] });
 * try { ... } finally { await localstack.stop(); }
 */
export async function resolveLocalStack(options: ResolveLocalStackOptions = {}): Promise<LocalStackHandle> {
  const env = options.env ?? process.env;
  const services = options.services ?? LOCALSTACK_SERVICES;
  const region = options.region ?? (env["AWS_REGION"] || env["AWS_DEFAULT_REGION"] || "us-east-1");
  const log = options.log === false ? () => undefined : (options.log ?? ((line: string) => void process.stderr.write(`${line}\n`)));
  const reasons: string[] = [];
  const sources = options.sources ?? LOCALSTACK_SOURCES;
  for (const source of sources) {
    if (source === "endpoint") {
      const given = givenEndpoint(env);
      if (!given) {
        reasons.push("endpoint: LOCALSTACK_ENDPOINT and AWS_ENDPOINT_URL are unset");
        continue;
      }
      const hint = `Start it with scripts/localstack/start.sh or unset ${given.variable}.`;
      const health = await waitForServices(given.endpoint, services, options.timeouts?.endpointMs ?? 10_000, hint);
      const credentials =
        env["AWS_ACCESS_KEY_ID"] && env["AWS_SECRET_ACCESS_KEY"]
          ? { accessKeyId: env["AWS_ACCESS_KEY_ID"], secretAccessKey: env["AWS_SECRET_ACCESS_KEY"] }
          : TEST_CREDENTIALS;
      return handle(log, {
        endpoint: given.endpoint,
        how: source,
        version: health.version,
        region,
        credentials,
        detail: `from ${given.variable}`,
        stop: async () => undefined,
      });
    }
    if (source === "testcontainers") {
      const image = options.image ?? (env["CATTLEPROD_LOCALSTACK_IMAGE"] || DEFAULT_LOCALSTACK_IMAGE);
      const result = await startLocalStackContainer({ image, services, timeoutMs: options.timeouts?.containerMs ?? 90_000, env });
      if ("started" in result) {
        const { endpoint, version, where, stop } = result.started;
        return handle(log, { endpoint, how: source, version, region, credentials: TEST_CREDENTIALS, detail: where, stop });
      }
      reasons.push(`testcontainers: ${result.reason}`);
      const next = sources[sources.indexOf(source) + 1];
      if (next && !result.reason.startsWith("no container engine answered"))
        log(`localstack: not through testcontainers (${result.reason}); trying the ${LABEL[next]}`);
      continue;
    }
    const install = options.install ?? true;
    if (install && !isInstalled(env))
      log("localstack: installing the pinned LocalStack first (scripts/localstack/install.sh, about 90 s, needs Python 3.11 and PyPI)");
    const result = await startOwnInstall({
      services,
      install,
      env,
      timeoutMs: options.timeouts?.ownInstallMs ?? (install ? 300_000 : 120_000),
    });
    if ("started" in result) {
      const { endpoint, version, stop } = result.started;
      return handle(log, { endpoint, how: source, version, region, credentials: TEST_CREDENTIALS, detail: "", stop });
    }
    reasons.push(`own install: ${result.reason}`);
  }
  throw new CattleprodError(
    "E_BACKEND",
    `Failed to start LocalStack: ${reasons.join("; ")}. Set LOCALSTACK_ENDPOINT to a running LocalStack (scripts/localstack/start.sh), ` +
      "serve the image from scripts/localstack/build-image.sh on a container engine (scripts/localstack/podman-service.sh start), " +
      "or let the own install run (Python 3.10/3.11 with venv, and PyPI the first time).",
  );
}

/** LOCALSTACK_ENDPOINT, else AWS_ENDPOINT_URL, without a trailing slash. */
function givenEndpoint(env: NodeJS.ProcessEnv): { endpoint: string; variable: string } | undefined {
  for (const variable of ["LOCALSTACK_ENDPOINT", "AWS_ENDPOINT_URL"]) {
    const value = env[variable]?.trim();
    if (value) return { endpoint: value.replace(/\/+$/, ""), variable };
  }
  return undefined;
}

/** True when install.sh has completed into the venv start.sh will use (same defaults as scripts/localstack/env.sh). */
function isInstalled(env: NodeJS.ProcessEnv): boolean {
  const cache = env["CATTLEPROD_CACHE"] || join(env["HOME"] || homedir(), ".cache", "cattleprod");
  return existsSync(join(env["LOCALSTACK_VENV"] || join(cache, "localstack-venv"), ".cattleprod-localstack-stamp"));
}

interface HandleParts {
  readonly endpoint: string;
  readonly how: LocalStackSource;
  readonly version: string;
  readonly region: string;
  readonly credentials: LocalStackCredentials;
  readonly detail: string;
  readonly stop: () => Promise<void>;
}

function handle(log: (line: string) => void, parts: HandleParts): LocalStackHandle {
  const description = `localstack ${parts.version} at ${parts.endpoint} (${LABEL[parts.how]}${parts.detail ? `: ${parts.detail}` : ""})`;
  log(description);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= parts.stop());
  return {
    endpoint: parts.endpoint,
    how: parts.how,
    version: parts.version,
    region: parts.region,
    credentials: parts.credentials,
    description,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
