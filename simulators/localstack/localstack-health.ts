// The health of a LocalStack gateway (GET <endpoint>/_localstack/health), with network failures in plain words.
import { CattleprodError } from "../../core/index.ts";

/** What `/_localstack/health` reports: the release and each service's state ("available", "running", "disabled", ...). */
export interface LocalStackHealth {
  readonly version: string;
  readonly services: Readonly<Record<string, string>>;
}

/** Service states that can answer calls: "available" (loads on first call) and "running". */
const READY = new Set(["available", "running"]);

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/**
 * Names a failed request in a few words: "connection refused", "host not found", "no answer within 5 s".
 * Looks through `cause` chains and AggregateErrors (Node's fetch wraps the socket error twice).
 */
export function describeNetworkError(error: unknown, timeoutMs: number): string {
  const codes = new Set<string>();
  const names = new Set<string>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 5 || typeof value !== "object" || value === null) return;
    const { code, name, cause, errors } = value as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === "string") codes.add(code);
    if (typeof name === "string") names.add(name);
    visit(cause, depth + 1);
    if (Array.isArray(errors)) for (const inner of errors) visit(inner, depth + 1);
  };
  visit(error, 0);
  if (codes.has("ECONNREFUSED")) return "connection refused";
  if (codes.has("ENOTFOUND") || codes.has("EAI_AGAIN")) return "host not found";
  if (codes.has("ECONNRESET") || codes.has("UND_ERR_SOCKET")) return "connection reset";
  if (codes.has("EHOSTUNREACH") || codes.has("ENETUNREACH")) return "host unreachable";
  if (codes.has("ENOENT")) return "no such socket";
  if (names.has("TimeoutError") || names.has("AbortError") || codes.has("ETIMEDOUT")) return `no answer within ${seconds(timeoutMs)}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * One GET of `<endpoint>/_localstack/health`.
 * Throws a CattleprodError (E_BACKEND) naming the endpoint when it cannot be reached or is not LocalStack;
 * `hint` ends the message ("Start it with ...").
 */
export async function fetchHealth(endpoint: string, timeoutMs: number, hint: string): Promise<LocalStackHealth> {
  let response: Response;
  try {
    response = await fetch(`${endpoint}/_localstack/health`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new CattleprodError(
      "E_BACKEND",
      `Failed to reach LocalStack at ${endpoint}: ${describeNetworkError(error, timeoutMs)}. ${hint}`,
      { cause: error },
    );
  }
  const body: unknown = await response.json().catch(() => undefined);
  const health = body as { version?: unknown; services?: unknown } | undefined;
  if (!response.ok || typeof health?.version !== "string" || typeof health.services !== "object" || health.services === null) {
    throw new CattleprodError(
      "E_BACKEND",
      `Failed to reach LocalStack at ${endpoint}: /_localstack/health answered HTTP ${response.status} ` +
        `without a LocalStack health report, so this is not a LocalStack gateway. ${hint}`,
    );
  }
  return { version: health.version, services: health.services as Record<string, string> };
}

/** The requested services that cannot answer yet, as `name=state` ("autoscaling=missing"). */
export function servicesNotReady(health: LocalStackHealth, services: readonly string[]): string[] {
  return services.filter((s) => !READY.has(health.services[s] ?? "")).map((s) => `${s}=${health.services[s] ?? "missing"}`);
}

/**
 * Polls the health endpoint until every one of `services` is available or running.
 * A network failure ends the wait at once (with {@link fetchHealth}'s error); services still missing after
 * `timeoutMs` give an E_BACKEND error listing them.
 */
export async function waitForServices(
  endpoint: string,
  services: readonly string[],
  timeoutMs: number,
  hint: string,
): Promise<LocalStackHealth> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await fetchHealth(endpoint, Math.min(5_000, timeoutMs), hint);
    const missing = servicesNotReady(health, services);
    if (missing.length === 0) return health;
    if (Date.now() >= deadline) {
      throw new CattleprodError(
        "E_BACKEND",
        `Failed to use LocalStack ${health.version} at ${endpoint}: ` +
          `services not ready after ${seconds(timeoutMs)}: ${missing.join(", ")}. ` +
          `cattleprod needs ${services.join(", ")}; scripts/localstack/start.sh serves all of them (Auto Scaling through its plugin).`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
