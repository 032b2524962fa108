import type { ControllerContext, EventKind, FleetDriver, HistoryEvent } from "../core/index.ts";

const TRACKED: readonly EventKind[] = ["instance.launched", "instance.terminated"];

/** Old instance id (not terminated) -> the latest replacement any controller launched for it, as of `seq`. */
class Ledger {
  readonly latest = new Map<string, string>();
  /** Seq of the last launch or termination applied (-1: none yet). */
  seq = -1;

  apply(event: HistoryEvent): void {
    note(this.latest, event);
    this.seq = event.seq;
  }
}

/** One ledger per fleet, fed once per event for every replacer of every controller. */
const LEDGERS = new WeakMap<FleetDriver, Ledger>();

function ledgerOf(fleet: FleetDriver): Ledger {
  let ledger = LEDGERS.get(fleet);
  if (!ledger) {
    const created = new Ledger();
    fleet.subscribe(TRACKED, (event) => created.apply(event));
    LEDGERS.set(fleet, (ledger = created));
  }
  return ledger;
}

/**
 * What a controller's replacer knows of the replacements launched so far: the latest replacement launched for an
 * instance, by any controller, until that instance is terminated. Every replacer of a fleet reads one shared ledger
 * fed once per launch and termination (rather than keeping a map each, fed through its own subscription). A paused
 * controller sees launches and terminations only when it resumes and works through what waited; from its pause
 * until it has caught up, its replacer keeps its own copy, fed through the controller's (gated) subscription, so it
 * answers exactly as a map of its own would have at every moment.
 */
export class ReplacementView {
  private readonly ledger: Ledger;
  /** The controller's own copy while it lags behind the ledger (paused, or working through its backlog). */
  private own: { readonly latest: Map<string, string>; seq: number } | undefined;
  private pauses = 0;
  private fedOwn = false;

  constructor(private readonly ctx: ControllerContext) {
    this.ledger = ledgerOf(ctx.fleet);
    // Not gated: the pause itself is what the view must see at once.
    ctx.fleet.subscribe(["controller.paused", "controller.resumed"], (event) => {
      if (`platform/${(event as HistoryEvent<"controller.paused">).controller}` !== ctx.actor) return;
      if (event.kind === "controller.paused") this.paused();
      else this.resumed();
    });
  }

  /** The latest replacement launched for `instanceId` while it lives, if any. */
  replacementOf(instanceId: string): string | undefined {
    return (this.own ?? this.ledger).latest.get(instanceId);
  }

  private paused(): void {
    this.pauses++;
    if (this.own) return;
    this.own = { latest: new Map(this.ledger.latest), seq: this.ledger.seq };
    if (this.fedOwn) return;
    this.fedOwn = true;
    this.ctx.on(TRACKED, (event) => {
      if (!this.own) return;
      note(this.own.latest, event);
      this.own.seq = event.seq;
    });
  }

  private resumed(): void {
    // The runtime has worked through the controller's backlog by now (its handler of this event runs first).
    this.pauses = Math.max(0, this.pauses - 1);
    if (this.pauses === 0 && this.own && this.own.seq === this.ledger.seq) this.own = undefined;
  }
}

function note(latest: Map<string, string>, event: HistoryEvent): void {
  if (event.kind === "instance.launched") {
    if (event.replaces !== undefined) latest.set(event.replaces, event.instanceId);
  } else latest.delete((event as HistoryEvent<"instance.terminated">).instanceId);
}
