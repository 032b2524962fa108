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
  /** A command platform: the team's own automation, run as a command on its schedule (controllers are then empty). */
  readonly command?: PlatformCommand;
}

/**
 * A command platform's reconcile (from a `kind: Platform` manifest): the command line, run at every `everyMs` of
 * the virtual clock and right after each chaos step, in `cwd` (the manifest's folder), with `timeoutMs` of wall
 * time per call. `{workdir}` in an argument is the run's work folder for the command.
 */
export interface PlatformCommand {
  /** The manifest file it came from (named in errors). */
  readonly manifest: string;
  readonly argv: readonly string[];
  readonly everyMs: number;
  readonly timeoutMs: number;
  /** The folder relative paths resolve in: the manifest's. */
  readonly cwd: string;
  /** Extra environment for the command (values as written). */
  readonly env: Readonly<Record<string, string>>;
}

/** Runtime hooks a platform host offers a world (the scheduler behind `after`). */
export interface PlatformHost {
  readonly fleet: FleetDriver;
  readonly scheduler: Scheduler;
  readonly rng: Rng;
}
