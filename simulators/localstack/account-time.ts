import { AccountClock, type AccountClockOptions, type ClockStatus } from "./account-clock.ts";

/**
 * Time as an account world maps it: the account reads `t0 + v + skew` at virtual time `v`, where `t0` is the wall
 * time the world opened and `skew` grows with age chaos. On a driven clock every stamp the account puts on a
 * resource (LaunchTime, a volume's AttachTime) converts back to virtual time; on a clock that is not driven the
 * model's times stand in, and age cannot be shown.
 */
export class AccountTime {
  private readonly clock: AccountClock;
  private state: ClockStatus = { drivable: false, reason: "the world is not open" };
  private t0Ms = 0;
  private skew = 0;
  /** The chaos step whose clock move the next reads follow, until the next full poll. */
  move: { readonly cause: number | undefined } | undefined;

  constructor(
    options: AccountClockOptions,
    private readonly wallNowMs: () => number,
  ) {
    this.clock = new AccountClock({ ...options, wallNowMs });
  }

  /** Drives the account's clock when the run needs ages and the account allows it (taking the clock lease). */
  async open(needsClock: boolean): Promise<ClockStatus> {
    this.state = needsClock
      ? await this.clock.open()
      : { drivable: false, reason: "this run drives no clock (no immutable group, no initial age)" };
    this.t0Ms = Math.floor(this.wallNowMs() / 1000) * 1000;
    return this.state;
  }

  async close(): Promise<void> {
    await this.clock.close();
  }

  /** Whether the account's clock is driven in this run. */
  get driven(): boolean {
    return this.state.drivable;
  }

  get status(): ClockStatus {
    return this.state;
  }

  get skewMs(): number {
    return this.skew;
  }

  /** Makes the account read virtual time `atMs` before a write that stamps a time (a launch, a start). */
  async stamp(atMs: number): Promise<void> {
    if (this.driven) await this.clock.set(this.t0Ms + atMs + this.skew);
  }

  /** The account time `t0 + atMs + skew` (epoch ms) of virtual time `atMs`: what the account reads there when driven. */
  accountMsAt(atMs: number): number {
    return this.t0Ms + atMs + this.skew;
  }

  /** Moves the account's clock forward by `byMs` from now on (age chaos); the next reads show every instance older. */
  moveForward(byMs: number, cause: number | undefined): number {
    this.skew += byMs;
    this.move = { cause };
    return this.skew;
  }

  /** Virtual creation time from a root volume's attach time (launch time as fallback); model time when not driven. */
  createdAtOf(attachTimeMs: number | undefined, launchTimeMs: number, fallbackMs: number): number {
    return this.driven ? (attachTimeMs ?? launchTimeMs) - this.t0Ms - this.skew : fallbackMs;
  }

  /** Virtual time of the latest start from LaunchTime; model time when not driven. */
  startedAtOf(launchTimeMs: number, fallbackMs: number): number {
    return this.driven ? launchTimeMs - this.t0Ms - this.skew : fallbackMs;
  }

  /** The record's figures. */
  figures(): Record<string, unknown> {
    return this.driven
      ? { drivable: true, sets: this.clock.sets, skewMs: this.skew, t0: new Date(this.t0Ms).toISOString() }
      : { drivable: false, reason: (this.state as { reason: string }).reason };
  }
}
