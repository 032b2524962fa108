// Finds a container engine that speaks the Docker API (Docker, or podman's `podman system service`).
import { request } from "node:http";
import { describeNetworkError } from "./localstack-health.ts";

/** The socket `scripts/localstack/podman-service.sh` serves podman's Docker API on (override: CATTLEPROD_PODMAN_SOCK). */
export const PODMAN_SOCKET = "/run/cattleprod-podman.sock";

/** A container engine that answered `/_ping`. */
export interface ContainerEngine {
  /** As DOCKER_HOST spells it: `unix:///run/cattleprod-podman.sock`, `tcp://host:2375`. */
  readonly dockerHost: string;
  /** From `/version`: "Podman Engine 4.3.1", "Docker Engine 27.3.1". */
  readonly name: string;
  readonly podman: boolean;
}

/** The engine, or why none answered (one reason per address tried). */
export type EngineSearch = { readonly engine: ContainerEngine } | { readonly reason: string };

interface EngineReply {
  readonly status: number;
  readonly body: string;
}

/** One HTTP GET on the Docker API at `dockerHost` (unix socket or tcp/http address). */
export function engineGet(dockerHost: string, path: string, timeoutMs: number): Promise<EngineReply> {
  const url = new URL(dockerHost);
  const target =
    url.protocol === "unix:"
      ? { socketPath: url.pathname }
      : { host: url.hostname, port: Number(url.port || (url.protocol === "https:" ? 443 : 2375)) };
  return new Promise((resolve, reject) => {
    const req = request({ ...target, path, method: "GET", timeout: timeoutMs, headers: { host: "docker" } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end();
  });
}

/** Where to look, in order: DOCKER_HOST alone when it is set; else Docker's default socket, then podman's sockets. */
export function engineCandidates(env: NodeJS.ProcessEnv): string[] {
  const dockerHost = env["DOCKER_HOST"]?.trim();
  if (dockerHost) return [dockerHost];
  const sockets = ["/var/run/docker.sock", env["CATTLEPROD_PODMAN_SOCK"] || PODMAN_SOCKET, "/run/podman/podman.sock"];
  const runtimeDir = env["XDG_RUNTIME_DIR"];
  if (runtimeDir) sockets.push(`${runtimeDir}/podman/podman.sock`);
  return [...new Set(sockets)].map((path) => `unix://${path}`);
}

/** Pings each candidate (2 s each) and returns the first engine that answers. */
export async function findContainerEngine(env: NodeJS.ProcessEnv, timeoutMs = 2_000): Promise<EngineSearch> {
  const tried: string[] = [];
  for (const dockerHost of engineCandidates(env)) {
    if (!/^(unix|tcp|http|https):\/\//.test(dockerHost)) {
      tried.push(`${dockerHost}: unsupported address (use unix:// or tcp://)`);
      continue;
    }
    try {
      const ping = await engineGet(dockerHost, "/_ping", timeoutMs);
      if (ping.status !== 200) {
        tried.push(`${dockerHost}: /_ping answered HTTP ${ping.status}`);
        continue;
      }
      const version = await engineGet(dockerHost, "/version", timeoutMs).catch(() => ({ status: 0, body: "{}" }));
      return { engine: { dockerHost, ...engineName(version.body) } };
    } catch (error) {
      tried.push(`${dockerHost}: ${describeNetworkError(error, timeoutMs)}`);
    }
  }
  return { reason: `no container engine answered (${tried.join("; ")})` };
}

function engineName(versionBody: string): { name: string; podman: boolean } {
  try {
    const v = JSON.parse(versionBody) as { Version?: string; Components?: { Name?: string; Version?: string }[] };
    const main = v.Components?.find((c) => /engine/i.test(c.Name ?? "")) ?? v.Components?.[0];
    const name = main?.Name ? `${main.Name} ${main.Version ?? v.Version ?? ""}`.trim() : `Docker API ${v.Version ?? "?"}`;
    return { name, podman: /podman/i.test(versionBody) };
  } catch {
    return { name: "Docker API", podman: false };
  }
}

/** True when the engine holds `image` locally (no pull). */
export async function engineHasImage(dockerHost: string, image: string, timeoutMs = 5_000): Promise<boolean> {
  const reply = await engineGet(dockerHost, `/images/${encodeURIComponent(image)}/json`, timeoutMs);
  return reply.status === 200;
}
