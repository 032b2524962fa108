import type { ControllerContext, Decision, EventKind, FleetPolicies, HistoryEvent, Platform, PlatformHost } from "../core/index.ts";

type PolicyKind = keyof FleetPolicies;
type Decider = (...args: never[]) => Decision;

/**
 * Starts every controller of a platform against a world. Each controller gets its own actor
 * name and random stream; a paused controller (controller-outage chaos) keeps its events and
 * timers until it resumes, as a real controller's work queue would.
 */
export function startPlatform(platform: Platform, host: PlatformHost): void {
  // Outages may overlap: a controller resumes when the last of them ends. One counter object per controller name, so
  // delivering an event to a handler reads a field rather than looking the name up.
  const pauses = new Map<string, { count: number }>();
  const pauseOf = (name: string): { count: number } => {
    let pause = pauses.get(name);
    if (!pause) pauses.set(name, (pause = { count: 0 }));
    return pause;
  };
  const paused = { has: (name: string): boolean => (pauses.get(name)?.count ?? 0) > 0 };
  const backlog = new Map<string, Array<() => void>>();
  const deciders: Record<PolicyKind, Array<{ by: string; decide: Decider }>> = { launch: [], login: [], egress: [], keyInjection: [] };

  host.fleet.subscribe(["controller.paused", "controller.resumed"], (event) => {
    const name = (event as HistoryEvent<"controller.paused">).controller;
    const pause = pauseOf(name);
    if (event.kind === "controller.paused") {
      pause.count++;
      return;
    }
    pause.count = Math.max(0, pause.count - 1);
    if (paused.has(name)) return;
    const tasks = backlog.get(name) ?? [];
    backlog.delete(name);
    for (const task of tasks) task();
  });

  const gate = (name: string, task: () => void): void => {
    if (!paused.has(name)) return task();
    let list = backlog.get(name);
    if (!list) backlog.set(name, (list = []));
    list.push(task);
  };

  host.fleet.record("platform.started", { platform: platform.name, controllers: platform.controllers.map((c) => c.name) }, "harness");

  for (const controller of platform.controllers) {
    const actor = `platform/${controller.name}`;
    const pause = pauseOf(controller.name);
    const ctx: ControllerContext = {
      fleet: host.fleet,
      spec: host.fleet.spec,
      clock: host.fleet.clock,
      rng: host.rng.fork(controller.name),
      actor,
      on(kinds: readonly EventKind[], handler: (event: HistoryEvent) => void): void {
        // Hot path: no closure per event unless the controller is paused.
        host.fleet.subscribe(kinds, (event) => (pause.count > 0 ? gate(controller.name, () => handler(event)) : handler(event)));
      },
      after(delayMs: number, task: () => void): () => void {
        return host.scheduler.after(delayMs, () => (pause.count > 0 ? gate(controller.name, task) : task()));
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
