// LocalStack in a container, started by testcontainers' LocalStack module on Docker or podman's Docker API.
import type { LocalstackContainer } from "@testcontainers/localstack";
import { engineHasImage, findContainerEngine, type ContainerEngine } from "./localstack-engine.ts";
import { waitForServices } from "./localstack-health.ts";

/** The image `scripts/localstack/build-image.sh` builds (LocalStack 4.13.1 + the Auto Scaling plugin, no registry). */
export const DEFAULT_LOCALSTACK_IMAGE = "localhost/cattleprod-localstack:4.13.1";

/**
 * The runtime environment LocalStack needs to start offline without a token: the same settings
 * `scripts/localstack/env.sh` gives the host install and `build-image.sh` bakes into the image, set again here
 * so any image named by CATTLEPROD_LOCALSTACK_IMAGE gets them.
 */
export function containerRuntimeEnv(services: readonly string[]): Record<string, string> {
  return {
    SERVICES: services.join(","),
    EAGER_SERVICE_LOADING: "1",
    PERSISTENCE: "0",
    DNS_ADDRESS: "0",
    DISABLE_EVENTS: "1",
    SKIP_SSL_CERT_DOWNLOAD: "1",
    GATEWAY_LISTEN: "0.0.0.0:4566",
  };
}

/** A LocalStack container that answered health with every requested service. */
export interface StartedLocalStackContainerHandle {
  readonly endpoint: string;
  readonly version: string;
  /** "localhost/cattleprod-localstack:4.13.1 on Podman Engine 4.3.1 at unix:///run/cattleprod-podman.sock" */
  readonly where: string;
  stop(): Promise<void>;
}

/** Options of {@link startLocalStackContainer}. */
export interface ContainerOptions {
  readonly image: string;
  readonly services: readonly string[];
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
}

/** The container, or why testcontainers cannot serve one here (the caller falls through to the next source). */
export type ContainerResult = { readonly started: StartedLocalStackContainerHandle } | { readonly reason: string };

/**
 * Starts LocalStack through testcontainers when a container engine answers and can serve `image`.
 * On podman's socket it sets DOCKER_HOST and TESTCONTAINERS_RYUK_DISABLED=true in `process.env` (testcontainers
 * reads its settings from there; Ryuk's image would come from a registry). Images under `localhost/` are never
 * pulled: if the engine lacks one, the reason says how to build it.
 */
export async function startLocalStackContainer(options: ContainerOptions): Promise<ContainerResult> {
  const search = await findContainerEngine(options.env);
  if ("reason" in search) return { reason: search.reason };
  const { engine } = search;
  const where = `${options.image} on ${engine.name} at ${engine.dockerHost}`;
  try {
    if (!(await engineHasImage(engine.dockerHost, options.image)) && options.image.startsWith("localhost/")) {
      return {
        reason: `image ${options.image} is not on ${engine.name} at ${engine.dockerHost} (build it: scripts/localstack/build-image.sh)`,
      };
    }
  } catch (error) {
    return { reason: `${engine.dockerHost} stopped answering: ${error instanceof Error ? error.message : String(error)}` };
  }
  // testcontainers is a devDependency: loaded only here, so the CLI runs without it.
  let Container: typeof LocalstackContainer;
  try {
    ({ LocalstackContainer: Container } = await import("@testcontainers/localstack"));
  } catch {
    return { reason: "@testcontainers/localstack is not installed (it is a devDependency of cattleprod)" };
  }
  useEngine(engine);
  const container = new Container(options.image)
    .withEnvironment(containerRuntimeEnv(options.services))
    .withLabels({ "org.cattleprod.role": "localstack" })
    .withStartupTimeout(options.timeoutMs);
  const starting = container.start();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), options.timeoutMs + 5_000)));
  try {
    const started = await Promise.race([starting, timeout]);
    if (started === "timeout") {
      void starting.then((late) => late.stop()).catch(() => undefined);
      return { reason: `${where}: not started within ${options.timeoutMs / 1000} s` };
    }
    const endpoint = started.getConnectionUri();
    try {
      const health = await waitForServices(endpoint, options.services, 30_000, "The container started but LocalStack is not serving.");
      return { started: { endpoint, version: health.version, where, stop: () => started.stop().then(() => undefined) } };
    } catch (error) {
      await started.stop().catch(() => undefined);
      throw error;
    }
  } catch (error) {
    return { reason: `${where}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` };
  } finally {
    clearTimeout(timer);
  }
}

/** Points testcontainers (which reads process.env) at `engine`; Ryuk stays off on podman. */
function useEngine(engine: ContainerEngine): void {
  process.env["DOCKER_HOST"] ??= engine.dockerHost;
  if (engine.podman) process.env["TESTCONTAINERS_RYUK_DISABLED"] ??= "true";
}
