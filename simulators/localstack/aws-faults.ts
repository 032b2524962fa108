// Fakes AWS API faults (throttling, 503s, latency, a write swallowed) for a seeded fraction of the AWS calls to one
// endpoint, with msw in this process; every other call passes through to the real endpoint, other traffic is left alone.
import type { SetupServer } from "msw/node";
import { CattleprodError, createRng } from "../../core/index.ts";

/**
 * What a faulted call gets: a throttling error, a 503, a delay before it passes through, or `swallow`: a success
 * answer while the call never reaches the account (an EC2 write the account silently drops).
 */
export type ApiFault = "throttle" | "5xx" | "latency" | "swallow";

/** Options of {@link injectApiFaults}. */
export interface ApiFaultOptions {
  /** The AWS endpoint whose calls are faulted (`http://127.0.0.1:4566`); requests elsewhere are never touched. */
  readonly endpoint: string;
  /** Share of AWS calls (each SDK attempt is one call) that get the fault, in [0, 1]. */
  readonly fraction: number;
  /** Seed of the draw (forked as "api-faults"): the n-th call is faulted or not the same way every run. */
  readonly seed: number;
  readonly fault: ApiFault;
  /** Delay of a `latency` fault. Default 200 ms. */
  readonly latencyMs?: number;
  /** Only these operations (`AuthorizeSecurityGroupIngress`, ...) can be faulted; the rest pass through uncounted. */
  readonly operations?: readonly string[];
}

/** A running injector: counters so a test can see faults really happened, and `stop()`. */
export interface ApiFaultInjector extends Disposable {
  /** AWS calls that got the fault. */
  readonly faulted: number;
  /** AWS calls that passed through untouched. */
  readonly passed: number;
  /** Faulted calls per operation (`RunInstances`, `PutParameter`, ...). */
  readonly faultedOperations: Readonly<Record<string, number>>;
  /** Removes the interception (idempotent). */
  stop(): void;
}

let active: SetupServer | undefined;

/**
 * Starts injecting `fault` into a seeded `fraction` of the AWS API calls this process makes to `endpoint`,
 * answering in the caller's protocol: EC2 Query (`RequestLimitExceeded` / `Unavailable` in a `<Response><Errors>`
 * body), other Query services such as STS and Auto Scaling (`Throttling` / `ServiceUnavailable` in an
 * `<ErrorResponse>`), and JSON 1.1 services such as SSM (`{"__type":"ThrottlingException"}`). The @aws-sdk v3
 * clients treat these codes and 503 as retryable, so backoff absorbs them. Non-AWS requests (LocalStack health,
 * other hosts) pass through uncounted; an unhandled request to an AWS host is reported as an error.
 *
 * msw patches this process's HTTP clients while the injector runs: requests it does not match, such as the
 * container engine's API over its Unix socket, are passed through as they are. Still, start it once LocalStack is
 * up and stop it before LocalStack is stopped. One injector at a time per process.
 *
 * @example
 * using faults = await injectApiFaults({ endpoint, fraction: 0.3, seed: 7, fault: "throttle" });
 * await runScenarioOn(scenario, options);
 * console.log(faults.faulted, faults.passed);
 */
export async function injectApiFaults(options: ApiFaultOptions): Promise<ApiFaultInjector> {
  if (!(options.fraction >= 0 && options.fraction <= 1))
    throw new CattleprodError("E_USAGE", `Failed to inject API faults: fraction ${options.fraction} is outside [0, 1].`);
  if (active)
    throw new CattleprodError("E_USAGE", "Failed to inject API faults: an injector is already running in this process. Stop it first.");
  const origin = new URL(options.endpoint).origin;
  const { http, passthrough, delay } = await import("msw");
  const { setupServer } = await import("msw/node");
  const draw = createRng(options.seed).fork("api-faults");
  const counts = { faulted: 0, passed: 0, operations: {} as Record<string, number> };
  const server = setupServer(
    http.all(new RegExp(`^${escapeRegExp(origin)}/`), async ({ request }) => {
      if (!isAwsCall(request)) return passthrough();
      if (options.operations && !options.operations.includes((await describeCall(request)).operation)) return passthrough();
      if (draw.next() >= options.fraction) {
        counts.passed++;
        return passthrough();
      }
      counts.faulted++;
      const call = await describeCall(request);
      counts.operations[call.operation] = (counts.operations[call.operation] ?? 0) + 1;
      if (options.fault === "latency") {
        await delay(options.latencyMs ?? 200);
        return passthrough();
      }
      if (options.fault === "swallow") return swallowed(call, counts.faulted);
      return faultResponse(call, options.fault, counts.faulted);
    }),
  );
  server.listen({ onUnhandledRequest: (request, print) => (isAwsHost(new URL(request.url).hostname) ? print.error() : undefined) });
  active = server;
  const stop = (): void => {
    if (active !== server) return;
    server.close();
    active = undefined;
  };
  return {
    get faulted() {
      return counts.faulted;
    },
    get passed() {
      return counts.passed;
    },
    get faultedOperations() {
      return { ...counts.operations };
    },
    stop,
    [Symbol.dispose]: stop,
  };
}

/** An AWS API call (signed, or a JSON-protocol target), not a LocalStack health check or other plain request. */
function isAwsCall(request: Request): boolean {
  return (
    request.method === "POST" && (request.headers.get("authorization")?.startsWith("AWS4-") === true || request.headers.has("x-amz-target"))
  );
}

/** Real AWS hosts: an unhandled request there while faults are injected is a mistake worth an error. */
function isAwsHost(hostname: string): boolean {
  return hostname.endsWith(".amazonaws.com") || hostname.endsWith(".amazonaws.com.cn") || hostname.endsWith(".api.aws");
}

interface AwsCall {
  readonly protocol: "json" | "ec2" | "query";
  readonly operation: string;
}

/** The protocol to answer in (JSON by Content-Type / X-Amz-Target, EC2 by the signature's service) and the operation. */
async function describeCall(request: Request): Promise<AwsCall> {
  const target = request.headers.get("x-amz-target");
  if (target || request.headers.get("content-type")?.includes("x-amz-json"))
    return { protocol: "json", operation: target?.split(".").pop() ?? "Unknown" };
  const service = /Credential=[^/]*\/[^/]*\/[^/]*\/([^/]+)\//.exec(request.headers.get("authorization") ?? "")?.[1];
  const action = new URLSearchParams(await request.clone().text()).get("Action") ?? "Unknown";
  return { protocol: service === "ec2" ? "ec2" : "query", operation: action };
}

const CODES = {
  throttle: {
    status: 400,
    ec2: "RequestLimitExceeded",
    query: "Throttling",
    json: "ThrottlingException",
    message: "Request limit exceeded.",
    type: "Sender",
  },
  "5xx": {
    status: 503,
    ec2: "Unavailable",
    query: "ServiceUnavailable",
    json: "ServiceUnavailable",
    message: "The service is unavailable. Try again later.",
    type: "Receiver",
  },
} as const;

/** The error AWS would send, in the call's protocol. */
function faultResponse(call: AwsCall, fault: Exclude<ApiFault, "latency" | "swallow">, n: number): Response {
  const code = CODES[fault];
  const requestId = `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  if (call.protocol === "json") {
    return new Response(JSON.stringify({ __type: code.json, message: code.message }), {
      status: code.status,
      headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId },
    });
  }
  const xml = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const body =
    call.protocol === "ec2"
      ? `${xml}<Response><Errors><Error><Code>${code.ec2}</Code><Message>${code.message}</Message></Error></Errors>` +
        `<RequestID>${requestId}</RequestID></Response>`
      : `${xml}<ErrorResponse><Error><Type>${code.type}</Type><Code>${code.query}</Code><Message>${code.message}</Message></Error>` +
        `<RequestId>${requestId}</RequestId></ErrorResponse>`;
  return new Response(body, { status: code.status, headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId } });
}

/** A success answer to a call that never reached the account (EC2 Query: `<return>true</return>`; others: empty). */
function swallowed(call: AwsCall, n: number): Response {
  const requestId = `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  if (call.protocol === "json") return new Response("{}", { status: 200, headers: { "content-type": "application/x-amz-json-1.1" } });
  const name = `${call.operation}Response`;
  const namespace = call.protocol === "ec2" ? ' xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"' : "";
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const body =
    call.protocol === "ec2"
      ? `${head}<${name}${namespace}><requestId>${requestId}</requestId><return>true</return></${name}>`
      : `${head}<${name}><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${name}>`;
  return new Response(body, { status: 200, headers: { "content-type": "text/xml;charset=UTF-8", "x-amzn-requestid": requestId } });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
