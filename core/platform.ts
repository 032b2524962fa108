import type { Clock } from "./clock.ts";
import type { FleetDriver, FleetPolicies, Scheduler } from "./driver.ts";
import type { FleetSpec } from "./fleet-spec.ts";
import type { EventKind, HistoryEvent } from "./history.ts";
import type { Rng } from "./rng.ts";

/** What a controller gets: the fleet, time, its own random stream and its actor name. */
export interface ControllerContext {
  readonly fleet: FleetDriver;
  readonly spec: FleetSpec;
  readonly clock: Clock;
  /** Forked per controller: adding a controller never changes another's draws. */
  readonly rng: Rng;
  /** "platform/<controller name>": pass it to every fleet write. */
  readonly actor: string;
  /** Reacts to history events. While the controller is paused, events wait. */
  on(kinds: readonly EventKind[], handler: (event: HistoryEvent) => void): void;
  /** Runs `task` later; while paused, it runs on resume. */
  after(delayMs: number, task: () => void): () => void;
  /** Installs policy decision points; deny wins across controllers. */
  policy(policies: FleetPolicies): void;
}

/** One piece of automation: a self-healer, a reaper, a broker. */
export interface Controller {
  readonly name: string;
  start(ctx: ControllerContext): void;
}

/**
 * The system under test: a named list of controllers. Replace or wrap one to model your own
 * automation.
 *
 * @example
 * export default withController(referencePlatform(), "age-reaper", (ctx) => myReaper(ctx));
 */
export interface Platform {
  readonly name: string;
  readonly controllers: readonly Controller[];
}

/** Runtime hooks a platform host offers a world (the scheduler behind `after`). */
export interface PlatformHost {
  readonly fleet: FleetDriver;
  readonly scheduler: Scheduler;
  readonly rng: Rng;
}
