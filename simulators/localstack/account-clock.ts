import { CattleprodError } from "../../core/index.ts";

/** Whether an account's clock can be driven, and why not. */
export type ClockStatus = { readonly drivable: true } | { readonly drivable: false; readonly reason: string };

/** Options of {@link AccountClock}. */
export interface AccountClockOptions {
  /** LocalStack's endpoint; undefined for a real account (whose clock is never driven). */
  readonly endpoint: string | undefined;
  /** Who holds the lease (the scenario run id): visible to a waiting run. */
  readonly holder: string;
  /** Longest wait for another run's lease. Default 15 minutes. */
  readonly leaseWaitMs?: number;
  /** Lines about waiting for the lease. */
  readonly log?: (line: string) => void;
  /** Wall clock (epoch ms). Default Date.now. */
  readonly wallNowMs?: () => number;
}

const LEASE_TTL_S = 60;
const RENEW_EVERY_MS = 15_000;

/**
 * The account's clock, driven through cattleprod's LocalStack plugin (`/_cattleprod/clock`, libfaketime under
 * the hood) so that `LaunchTime` and volume `AttachTime` read the run's virtual time. One run drives a LocalStack's
 * clock at a time: the plugin grants a lease, renewed while the run lives and released at the end (it expires on
 * its own after a minute if the run is killed). A LocalStack without the plugin, or a real account, is not drivable.
 */
export class AccountClock {
  private status: ClockStatus = { drivable: false, reason: "not opened" };
  private renewTimer: ReturnType<typeof setInterval> | undefined;
  private lastSet: { readonly targetMs: number; readonly wallMs: number } | undefined;
  private readonly wallNowMs: () => number;
  /** Times the clock was set (a figure for the record). */
  sets = 0;

  constructor(private readonly options: AccountClockOptions) {
    this.wallNowMs = options.wallNowMs ?? (() => Date.now());
  }

  /** Whether the clock can be driven (after {@link open}). */
  get current(): ClockStatus {
    return this.status;
  }

  /** Learns whether the clock is drivable and, if so, takes the lease (waiting for another run's). */
  async open(): Promise<ClockStatus> {
    const endpoint = this.options.endpoint;
    if (endpoint === undefined) return (this.status = { drivable: false, reason: "a real account's clock cannot be driven" });
    const probe = await this.request("GET", "/_cattleprod/clock").catch(
      (error: Error): { status: number; body: Record<string, unknown> } => ({ status: 0, body: { error: error.message } }),
    );
    if (probe.status !== 200 || typeof probe.body["drivable"] !== "boolean")
      return (this.status = {
        drivable: false,
        reason: "this LocalStack has no /_cattleprod/clock (not started by scripts/localstack/start.sh with cattleprod's plugin)",
      });
    if (probe.body["drivable"] !== true)
      return (this.status = { drivable: false, reason: String(probe.body["reason"] ?? "the LocalStack clock is not drivable") });
    await this.acquire();
    this.renewTimer = setInterval(() => void this.renew().catch(() => undefined), RENEW_EVERY_MS);
    this.renewTimer.unref();
    return (this.status = { drivable: true });
  }

  /** Makes the account read `targetMs` (epoch ms) now. Skipped when it already does, within half a second. */
  async set(targetMs: number): Promise<void> {
    if (!this.status.drivable) return;
    const now = this.wallNowMs();
    if (this.lastSet && Math.abs(this.lastSet.targetMs + (now - this.lastSet.wallMs) - targetMs) < 500) return;
    const answer = await this.request("POST", "/_cattleprod/clock", { holder: this.options.holder, nowMs: Math.round(targetMs) });
    if (answer.status !== 200)
      throw new CattleprodError("E_BACKEND", `Failed to set the account clock: ${String(answer.body["error"] ?? answer.status)}`);
    this.sets++;
    this.lastSet = { targetMs, wallMs: this.wallNowMs() };
  }

  /** Releases the lease (the plugin puts the clock back to real time). */
  async close(): Promise<void> {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = undefined;
    if (!this.status.drivable) return;
    await this.request("DELETE", `/_cattleprod/clock/lease?holder=${encodeURIComponent(this.options.holder)}`).catch(() => undefined);
  }

  private async acquire(): Promise<void> {
    const deadline = this.wallNowMs() + (this.options.leaseWaitMs ?? 15 * 60_000);
    let told = false;
    let dropped = 0;
    for (;;) {
      // A busy LocalStack may drop a connection: ask again (20 times at most) rather than fail the run.
      const answer = await this.request("POST", "/_cattleprod/clock/lease", { holder: this.options.holder, ttlSeconds: LEASE_TTL_S }).catch(
        (error: unknown) => {
          if (++dropped > 20 || this.wallNowMs() > deadline) throw error;
          return undefined;
        },
      );
      if (answer === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (answer.status === 200) return;
      const lease = answer.body["lease"] as { holder?: string; expiresInSeconds?: number } | null | undefined;
      if (answer.status !== 409 || !lease)
        throw new CattleprodError("E_BACKEND", `Failed to take the account clock lease: ${JSON.stringify(answer.body)}.`);
      if (this.wallNowMs() > deadline)
        throw new CattleprodError(
          "E_BACKEND",
          `Failed to take the account clock lease: run ${lease.holder} has held it for longer than the wait. ` +
            "Wait for it to finish, or give each run its own LocalStack.",
        );
      if (!told) this.options.log?.(`account clock: waiting for run ${lease.holder} to release the lease`);
      told = true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  private async renew(): Promise<void> {
    await this.request("POST", "/_cattleprod/clock/lease", { holder: this.options.holder, ttlSeconds: LEASE_TTL_S });
  }

  private async request(method: string, path: string, body?: object): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.options.endpoint}${path}`, {
      method,
      ...(body ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    try {
      return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
    } catch {
      return { status: response.status === 200 ? 502 : response.status, body: { error: text.slice(0, 200) } };
    }
  }
}

/** Sets how an account's StartInstances treats LaunchTime on cattleprod's LocalStack (`reset` as AWS, `keep` as moto). */
export async function setLaunchTimeFidelity(endpoint: string, account: string, mode: "reset" | "keep"): Promise<void> {
  const response = await fetch(`${endpoint}/_cattleprod/fidelity`, {
    method: "POST",
    body: JSON.stringify({ account, launchTimeOnStart: mode }),
    headers: { "content-type": "application/json" },
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status !== 200)
    throw new CattleprodError(
      "E_BACKEND",
      `Failed to set LaunchTime fidelity on ${endpoint}: HTTP ${response.status}. It needs cattleprod's LocalStack plugin (start.sh).`,
    );
}
