import type { Clock } from "./clock.ts";
import type { FaultSurface, FleetDriver, Scheduler } from "./driver.ts";
import type { History } from "./history.ts";
import type { EvidenceOffer, Observable } from "./observable.ts";

/** What a world reports at the end of a run for the record. */
export interface WorldObservations {
  /** Serving (running, not crashed) instances per group. */
  readonly healthy: Readonly<Record<string, number>>;
  /** An API world's figures (calls, polls, clock), wall-dependent: they go under the record's `timing`. */
  readonly backend?: Readonly<Record<string, unknown>>;
}

/**
 * The world a scenario runs on: what the runner depends on. The platform acts through `driver`, chaos
 * through `faults` and `scheduler`; the harness appends `run.started` and `run.ended` to `history`.
 *
 * The model world (the simulator) is synchronous (`World<void>`): thousands of runs per second go through it.
 * Account worlds (LocalStack, an AWS account) talk to an API and are asynchronous (`World<Promise<void>>`).
 *
 * @example
 * world.buildInitialFleet();
 * startPlatform(platform, { fleet: world.driver, scheduler: world.scheduler, rng });
 * await world.runUntil(scenario.runMs);
 */
export interface World<Done extends void | Promise<void> = void | Promise<void>> {
  /** `model` for the simulator, `account` for a world behind an API. */
  readonly kind: "model" | "account";
  readonly driver: FleetDriver;
  readonly faults: FaultSurface;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  readonly history: History;
  /**
   * Prepares the world (an account world takes the clock lease and learns what the account can show). Named
   * `open`, not `start`: `start` is the driver's StartInstances.
   */
  open(): Done;
  /** Registers each group's image and the fleet at time zero (an account world: as intents its run sends). */
  buildInitialFleet(): void;
  /** Runs every task due up to `endMs`, delivering events to subscribers after each; the clock ends at `endMs`. */
  runUntil(endMs: number): Done;
  /** Serving counts per group and the backend's figures. */
  observations(): WorldObservations;
  /** How this world offers an observable now (an account world may learn, mid-run, that it cannot show one). */
  evidence(observable: Observable): EvidenceOffer;
  /** Releases what `open` took. */
  close(): Done;
}

/** The simulator's kind of world. */
export type ModelWorld = World<void>;

/** A world behind an API. */
export type AccountWorld = World<Promise<void>>;
