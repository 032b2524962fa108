import type { ControllerContext, Decision, EventKind, FleetPolicies, HistoryEvent, Platform, PlatformHost } from "../core/index.ts";

type PolicyKind = keyof FleetPolicies;
type Decider = (...args: never[]) => Decision;

/**
 * Starts every controller of a platform against a world. Each controller gets its own actor
 * name and random stream; a paused controller (controller-outage chaos) keeps its events and
 * timers until it resumes, as a real controller's work queue would.
 */
export function startPlatform(platform: Platform, host: PlatformHost): void {
  const pauses = new ControllerPauses();
  const deciders: Record<PolicyKind, Array<{ by: string; decide: Decider }>> = { launch: [], login: [], egress: [], keyInjection: [] };

  host.fleet.subscribe(["controller.paused", "controller.resumed"], (event) => pauses.note(event as HistoryEvent<"controller.paused">));

  host.fleet.record("platform.started", { platform: platform.name, controllers: platform.controllers.map((c) => c.name) }, "harness");

  for (const controller of platform.controllers) {
    const actor = `platform/${controller.name}`;
    const pause = pauses.of(controller.name);
    const ctx: ControllerContext = {
      fleet: host.fleet,
      spec: host.fleet.spec,
      clock: host.fleet.clock,
      rng: host.rng.fork(controller.name),
      actor,
      on(kinds: readonly EventKind[], handler: (event: HistoryEvent) => void): void {
        // Hot path: nothing allocated per event unless the controller is paused (the deferred call is built in
        // `pauses.defer`: a closure over `event` written here would make every call allocate a context for it).
        host.fleet.subscribe(kinds, (event) => (pause.count > 0 ? pauses.defer(controller.name, handler, event) : handler(event)));
      },
      after(delayMs: number, task: () => void): () => void {
        return host.scheduler.after(delayMs, () => (pause.count > 0 ? pauses.gate(controller.name, task) : task()));
      },
      policy(policies: FleetPolicies): void {
        for (const kind of Object.keys(policies) as PolicyKind[]) {
          const decide = policies[kind];
          if (decide) deciders[kind].push({ by: actor, decide: decide as Decider });
        }
      },
    };
    controller.start(ctx);
  }

  host.fleet.setPolicies(mergePolicies(deciders));
}

/**
 * Controller outages, which may overlap: a controller resumes when the last of them ends, and then runs the events and
 * timers it missed, in order. One counter object per controller name, so delivering an event to a handler reads a field
 * rather than looking the name up.
 */
class ControllerPauses {
  private readonly pauses = new Map<string, { count: number }>();
  private readonly backlog = new Map<string, Array<() => void>>();

  /** The pause counter of a controller. */
  of(name: string): { count: number } {
    let pause = this.pauses.get(name);
    if (!pause) this.pauses.set(name, (pause = { count: 0 }));
    return pause;
  }

  /** Counts a pause or a resume; the last resume runs the controller's backlog. */
  note(event: HistoryEvent<"controller.paused"> | HistoryEvent<"controller.resumed">): void {
    const name = event.controller;
    const pause = this.of(name);
    if (event.kind === "controller.paused") {
      pause.count++;
      return;
    }
    pause.count = Math.max(0, pause.count - 1);
    if (pause.count > 0) return;
    const tasks = this.backlog.get(name) ?? [];
    this.backlog.delete(name);
    for (const task of tasks) task();
  }

  /** Hands `event` to `handler` now, or once the paused controller resumes. */
  defer(name: string, handler: (event: HistoryEvent) => void, event: HistoryEvent): void {
    this.gate(name, () => handler(event));
  }

  /** Runs `task` now, or once the paused controller resumes. */
  gate(name: string, task: () => void): void {
    if ((this.pauses.get(name)?.count ?? 0) === 0) return task();
    let list = this.backlog.get(name);
    if (!list) this.backlog.set(name, (list = []));
    list.push(task);
  }
}

function mergePolicies(deciders: Record<PolicyKind, Array<{ by: string; decide: Decider }>>): FleetPolicies {
  const merged: Record<string, Decider> = {};
  for (const kind of Object.keys(deciders) as PolicyKind[]) {
    const list = deciders[kind];
    if (list.length === 0) continue;
    // Every policy takes at most three arguments: passed on as they are (no array per call). The first refusal
    // wins; otherwise the first decision, each named after the controller that made it.
    merged[kind] = ((a: never, b: never, c: never) => {
      let first: Decision | undefined;
      let firstBy = "";
      for (const { by, decide } of list) {
        const decision = (decide as (a: never, b: never, c: never) => Decision)(a, b, c);
        if (!decision.allow) return { ...decision, by };
        if (first === undefined) {
          first = decision;
          firstBy = by;
        }
      }
      return { ...(first as Decision), by: firstBy };
    }) as Decider;
  }
  return merged as FleetPolicies;
}
