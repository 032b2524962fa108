// Vitest glue for the LocalStack suite (test/localstack/): one LocalStack per file, or a printed reason and a
// skipped suite. CATTLEPROD_REQUIRE_LOCALSTACK=1 (set by .ci/run) turns "unavailable" into a failure.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { resolveLocalStack, type LocalStackHandle, type ResolveLocalStackOptions } from "../../simulators/localstack/endpoint.ts";
import { engineHasImage, findContainerEngine } from "../../simulators/localstack/localstack-engine.ts";
import { DEFAULT_LOCALSTACK_IMAGE } from "../../simulators/localstack/localstack-container.ts";
import { ROOT } from "./cli.ts";

process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";

/** True under CATTLEPROD_REQUIRE_LOCALSTACK=1: an unavailable LocalStack fails the suite instead of skipping it. */
export const REQUIRE_LOCALSTACK = process.env["CATTLEPROD_REQUIRE_LOCALSTACK"] === "1";

/** True under CATTLEPROD_CI_PODMAN=0: this machine has no podman on purpose, and the testcontainers test is left out. */
export const WITHOUT_PODMAN = process.env["CATTLEPROD_CI_PODMAN"] === "0";

/** What a `prepare` step found: why LocalStack cannot be had here, and what to undo afterwards. */
export interface Preparation {
  /** Set when the suite cannot run here. */
  readonly unavailable?: string;
  /**
   * The reason is podman missing: skipped when CATTLEPROD_CI_PODMAN=0 says so explicitly, a failure under
   * CATTLEPROD_REQUIRE_LOCALSTACK=1 otherwise.
   */
  readonly needsPodman?: boolean;
  readonly cleanup?: () => Promise<void>;
}

/** Options of {@link useLocalStack}: those of resolveLocalStack, plus a preparation step and a time limit. */
export interface UseLocalStackOptions extends ResolveLocalStackOptions {
  /** Runs before resolving (for example {@link preparePodman}). */
  readonly prepare?: () => Promise<Preparation>;
  /** Limit for the whole beforeAll (resolving may install LocalStack the first time). Default 420 s. */
  readonly timeoutMs?: number;
  /**
   * The suite needs an account clock it can drive (ages on LocalStack): a LocalStack without it (one not started
   * by this checkout's scripts/localstack/start.sh) is replaced, for this suite, by this checkout's own install.
   */
  readonly drivableClock?: boolean;
}

/** Why a LocalStack's account clock cannot be driven, or undefined when it can. */
export async function clockProblem(endpoint: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${endpoint}/_cattleprod/clock`, { signal: AbortSignal.timeout(5_000) });
    const body = (await response.json().catch(() => ({}))) as { drivable?: boolean; reason?: string };
    if (response.status === 200 && body.drivable === true) return undefined;
    return body.reason ?? `no /_cattleprod/clock route (HTTP ${response.status})`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** What a suite gets from {@link useLocalStack}. */
export interface LocalStackSuite {
  /** The resolved LocalStack; only inside tests (the tests of a skipped suite never run). */
  readonly handle: LocalStackHandle;
  /**
   * Settings for an @aws-sdk v3 client. With a 12-digit `account`, the access key is that number, which LocalStack
   * maps to a fresh, empty account: a clean slate per test, also on a shared endpoint.
   */
  clientConfig(account?: string): { endpoint: string; region: string; credentials: { accessKeyId: string; secretAccessKey: string } };
  /**
   * The environment of a CLI child acting on `account` of this LocalStack: its endpoint in `variable`
   * (LOCALSTACK_ENDPOINT, or AWS_ENDPOINT_URL where LocalStack stands in for a real account), region and credentials,
   * and nothing else of this machine's AWS settings ({@link cleanCliEnv}).
   */
  cliEnv(account: string, variable?: "LOCALSTACK_ENDPOINT" | "AWS_ENDPOINT_URL"): NodeJS.ProcessEnv;
}

/** The environment of a CLI child: no endpoint, profile or metadata service from this machine leaks in; `extra` on top. */
export function cleanCliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("AWS_") || name === "LOCALSTACK_ENDPOINT") delete env[name];
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: "/nonexistent",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...extra,
  };
}

/**
 * Resolves LocalStack once for the enclosing file or `describe` (beforeAll) and stops what it started (afterAll).
 * When LocalStack is unavailable it prints why and skips that suite's tests, or fails under
 * CATTLEPROD_REQUIRE_LOCALSTACK=1.
 *
 * @example
 * describe("EC2 on LocalStack", () => {
 *   const localstack = useLocalStack();
 *   it("describes", async () => { await new EC2Client(localstack.clientConfig()).send(new DescribeInstancesCommand({})); });
 * });
 */
export function useLocalStack(options: UseLocalStackOptions = {}): LocalStackSuite {
  let handle: LocalStackHandle | undefined;
  let skipped: string | undefined;
  const cleanups: (() => Promise<void>)[] = [];
  const skip = (file: string, reason: string, note = "(CATTLEPROD_REQUIRE_LOCALSTACK=1 makes this a failure.)"): void => {
    skipped = reason;
    process.stderr.write(`LocalStack suite skipped (${file}): ${reason}\n  ${note}\n`);
  };

  beforeAll(async () => {
    const file = (expect.getState().testPath ?? "test/localstack").replace(`${ROOT}/`, "");
    const preparation = (await options.prepare?.()) ?? {};
    if (preparation.cleanup) cleanups.push(preparation.cleanup);
    if (preparation.unavailable) {
      if (preparation.needsPodman && WITHOUT_PODMAN)
        return skip(file, preparation.unavailable, "(left out: CATTLEPROD_CI_PODMAN=0 says this machine has no podman.)");
      if (REQUIRE_LOCALSTACK)
        throw new Error(
          `Failed to prepare LocalStack: ${preparation.unavailable}.` +
            (preparation.needsPodman ? " Install podman, or set CATTLEPROD_CI_PODMAN=0 to leave this test out." : ""),
        );
      return skip(file, preparation.unavailable);
    }
    try {
      handle = await resolveLocalStack(options);
      const problem = options.drivableClock ? await clockProblem(handle.endpoint) : undefined;
      if (problem !== undefined) {
        process.stderr.write(
          `${file}: ${handle.endpoint} cannot drive the account clock (${problem}); starting this checkout's own install\n`,
        );
        await handle.stop();
        handle = await resolveLocalStack({ ...options, sources: ["own-install"] });
        const still = await clockProblem(handle.endpoint);
        if (still !== undefined) throw new Error(`Failed to get a LocalStack with a drivable clock: ${still}.`);
      }
    } catch (error) {
      if (REQUIRE_LOCALSTACK) throw error;
      skip(file, error instanceof Error ? error.message : String(error));
    }
  }, options.timeoutMs ?? 420_000);

  beforeEach((context) => {
    if (skipped !== undefined) context.skip(`LocalStack unavailable: ${skipped}`);
  });

  afterAll(async () => {
    await handle?.stop();
    for (const cleanup of cleanups.reverse()) await cleanup();
  }, 60_000);

  const started = (): LocalStackHandle => {
    if (!handle) throw new Error("Failed to use LocalStack: not resolved yet. Use the suite's handle inside tests only.");
    return handle;
  };
  return {
    get handle() {
      return started();
    },
    clientConfig(account) {
      const { endpoint, region, credentials } = started();
      return { endpoint, region, credentials: account ? { accessKeyId: account, secretAccessKey: "test" } : credentials };
    },
    cliEnv(account, variable = "LOCALSTACK_ENDPOINT") {
      const { endpoint, region } = started();
      return cleanCliEnv({ [variable]: endpoint, AWS_ACCESS_KEY_ID: account, AWS_SECRET_ACCESS_KEY: "test", AWS_REGION: region });
    },
  };
}

/** A fresh 12-digit account id for {@link LocalStackSuite.clientConfig} (random, never 000000000000). */
export function freshAccount(): string {
  return String(100_000_000_000 + Math.floor(Math.random() * 899_999_999_999));
}

/**
 * Preparation for the testcontainers suite: use the container engine that answers; if none does and podman is
 * installed, serve podman's Docker API (scripts/localstack/podman-service.sh start; stopped afterwards). Podman
 * not installed fails under CATTLEPROD_REQUIRE_LOCALSTACK=1 unless CATTLEPROD_CI_PODMAN=0 leaves the test out;
 * an engine without the image, or a podman that cannot serve its API, fails there too.
 */
export async function preparePodman(image = process.env["CATTLEPROD_LOCALSTACK_IMAGE"] || DEFAULT_LOCALSTACK_IMAGE): Promise<Preparation> {
  let search = await findContainerEngine(process.env);
  let cleanup: (() => Promise<void>) | undefined;
  if ("reason" in search) {
    if (spawnSync("podman", ["--version"], { encoding: "utf8" }).status !== 0) {
      return {
        unavailable: `${search.reason}, and podman is not installed (scripts/localstack/build-image.sh installs it and builds the image)`,
        needsPodman: true,
      };
    }
    const script = join(ROOT, "scripts", "localstack", "podman-service.sh");
    const started = spawnSync("bash", [script, "start"], { encoding: "utf8", timeout: 30_000 });
    if (started.status !== 0) {
      const output = `${started.stdout}${started.stderr}`.trim().split("\n").slice(-3).join(" | ");
      return { unavailable: `scripts/localstack/podman-service.sh start failed: ${output}` };
    }
    cleanup = async () => void spawnSync("bash", [script, "stop"], { encoding: "utf8", timeout: 30_000 });
    search = await findContainerEngine(process.env);
    if ("reason" in search)
      return { unavailable: `podman's Docker API did not answer after podman-service.sh start: ${search.reason}`, cleanup };
  }
  if (!(await engineHasImage(search.engine.dockerHost, image))) {
    const build = "build it: scripts/localstack/build-image.sh";
    return {
      unavailable: `${search.engine.name} at ${search.engine.dockerHost} has no image ${image} (${build})`,
      ...(cleanup ? { cleanup } : {}),
    };
  }
  return cleanup ? { cleanup } : {};
}
