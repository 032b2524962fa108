// Builds synthetic histories for checker tests: a fleet that is up at t=0, chaos steps with their
// effects and outcome, and platform reactions. It fakes the simulator's event stream only; it
// keeps no instance state beyond ids, groups and types.
import { DAY_MS, DEFAULT_BOUNDS, History, HOUR_MS, MINUTE_MS, groupDefaults } from "../../core/index.ts";
import type { ControlId, EventKind, EventPayloads, FleetBounds, FleetSpec, GroupSpec, Verdict, VmType } from "../../core/index.ts";
import { evaluateSome } from "../../guarantees/index.ts";

export { DAY_MS, HOUR_MS, MINUTE_MS };

export const CONTROLLERS = [
  "self-healer",
  "age-reaper",
  "drift-manager",
  "image-gate",
  "stale-image-rebuilder",
  "access-broker",
  "egress-policy",
  "patcher",
  "ha-failover",
  "replicator",
];

/** A group as tests write it: name, type and capacity, the rest defaulted. */
export type GroupInput = Pick<GroupSpec, "name" | "vmType" | "capacity"> & Partial<GroupSpec>;

/** A fleet spec from short group inputs and bound overrides. */
export function fleet(groups: GroupInput[], bounds: Partial<FleetBounds> = {}): FleetSpec {
  return {
    groups: groups.map((g) => ({ ...groupDefaults(g.vmType, g.capacity), image: `${g.name}-image`, ...g })),
    bounds: { ...DEFAULT_BOUNDS, ...bounds },
  };
}

/** A fluent history builder over one fleet. Instance ids are `<group>-<n>`, images `img-<group>`. */
export class FleetHistory {
  readonly history = new History();
  private readonly groupOf = new Map<string, string>();
  private readonly typeOf = new Map<string, VmType | undefined>();
  private readonly counters = new Map<string, number>();
  private step = 0;
  private readonly queue: Array<{ atMs: number; run: () => void }> = [];
  private flushing = false;

  constructor(
    readonly spec: FleetSpec,
    options: { createdAtMs?: number } = {},
  ) {
    const h = this.history;
    h.append(0, "run.started", "harness", { seed: 1, scenario: "test", groups: spec.groups.map((g) => g.name) });
    h.append(0, "platform.started", "harness", { platform: "reference", controllers: CONTROLLERS });
    for (const g of spec.groups) {
      this.image(0, `img-${g.name}`, { group: g.name, name: g.image });
      h.append(0, "image.approved", "pipeline", { imageId: `img-${g.name}` });
    }
    for (const g of spec.groups) {
      const actor = g.vmType === "pet" ? `operator:${g.operators[0] ?? "admin"}` : "pipeline";
      for (let i = 0; i < g.capacity; i++) {
        const id = this.launch(0, g.name, { actor, createdAtMs: options.createdAtMs ?? -g.initialAgeMs });
        h.append(0, "instance.running", "world", { instanceId: id, group: g.name });
        if (g.ha && i < 2)
          h.append(0, "ha.role", "platform/ha-failover", { instanceId: id, group: g.name, role: i === 0 ? "active" : "passive" });
      }
      const members = this.members(g.name);
      for (let shard = 0; shard < g.shards; shard++) {
        for (let copy = 0; copy < g.replicationFactor; copy++) {
          h.append(0, "data.placed", "platform/replicator", {
            group: g.name,
            shard,
            instanceId: members[(shard + copy) % members.length] as string,
            copies: copy + 1,
          });
        }
      }
    }
  }

  /** Ids launched into a group so far. */
  members(group: string): string[] {
    return [...this.groupOf].filter(([, g]) => g === group).map(([id]) => id);
  }

  /**
   * Appends any event (for cases the helpers below do not cover). Events scheduled with `later`
   * for this time or earlier are appended first, so the history stays in time order.
   */
  add<K extends EventKind>(atMs: number, kind: K, actor: string, payload: EventPayloads[K], cause?: number): number {
    this.flush(atMs);
    return this.history.append(atMs, kind, actor, payload, cause).seq;
  }

  /** Schedules events for a later time; they are appended when the history reaches it. */
  later(atMs: number, run: () => void): void {
    this.queue.push({ atMs, run });
    this.queue.sort((a, b) => a.atMs - b.atMs);
  }

  private flush(untilMs: number): void {
    if (this.flushing) return;
    this.flushing = true;
    while (this.queue.length > 0 && (this.queue[0]?.atMs ?? Infinity) <= untilMs) this.queue.shift()?.run();
    this.flushing = false;
  }

  /** Registers an image; defaults to a clean stage-3 pipeline image at patch level 1. */
  image(atMs: number, imageId: string, draft: Partial<EventPayloads["image.registered"]> = {}, actor = "pipeline"): number {
    return this.add(atMs, "image.registered", actor, {
      imageId,
      name: imageId,
      stage: 3,
      builtBy: "pipeline",
      patchLevel: 1,
      vulnerable: false,
      accounts: [],
      remoteShell: false,
      ...draft,
    });
  }

  /** Launches an instance into a group (or none) and returns its id. */
  launch(
    atMs: number,
    group: string | undefined,
    opts: {
      actor?: string;
      imageId?: string;
      replaces?: string;
      untagged?: boolean;
      createdAtMs?: number;
      id?: string;
      cause?: number;
    } = {},
  ): string {
    const g = this.spec.groups.find((x) => x.name === group);
    const n = (this.counters.get(group ?? "rogue") ?? 0) + 1;
    this.counters.set(group ?? "rogue", n);
    const id = opts.id ?? `${group ?? "rogue"}-${n}`;
    const vmType = opts.untagged ? undefined : g?.vmType;
    this.groupOf.set(id, group ?? "");
    this.typeOf.set(id, vmType);
    this.add(
      atMs,
      "instance.launched",
      opts.actor ?? "pipeline",
      {
        instanceId: id,
        ...(group === undefined ? {} : { group }),
        ...(vmType === undefined ? {} : { vmType }),
        zone: "a",
        imageId: opts.imageId ?? `img-${group}`,
        createdAtMs: opts.createdAtMs ?? atMs,
        ...(opts.replaces === undefined ? {} : { replaces: opts.replaces }),
      },
      opts.cause,
    );
    return id;
  }

  running(atMs: number, id: string): number {
    return this.add(atMs, "instance.running", "world", { instanceId: id, group: this.groupOf.get(id) ?? "" });
  }

  terminate(atMs: number, id: string, actor: string, reason: string, cause?: number): number {
    return this.add(
      atMs,
      "instance.terminated",
      actor,
      { instanceId: id, group: this.groupOf.get(id) ?? "", vmType: this.typeOf.get(id), reason, ageMs: 0 },
      cause,
    );
  }

  /** A platform replacement of `oldId`: launched at `atMs`, running after `bootMs`. Returns the new id. */
  replace(atMs: number, oldId: string, opts: { bootMs?: number; actor?: string; imageId?: string } = {}): string {
    const group = this.groupOf.get(oldId) ?? "";
    const id = this.launch(atMs, group, {
      actor: opts.actor ?? "platform/self-healer",
      replaces: oldId,
      ...(opts.imageId ? { imageId: opts.imageId } : {}),
    });
    this.later(atMs + (opts.bootMs ?? 90_000), () => this.running(atMs + (opts.bootMs ?? 90_000), id));
    return id;
  }

  /**
   * A chaos step: `chaos.injected`, the effects `effects(cause)` appends, then `chaos.outcome`.
   * Returns the injection's seq.
   */
  chaos(atMs: number, action: string, targets: string[], effects: (cause: number) => void = () => {}, tookEffect = true): number {
    const step = this.step++;
    const cause = this.add(atMs, "chaos.injected", "chaos", { step, action, spec: `${action}(${targets.join(",")})`, targets });
    effects(cause);
    this.add(atMs, "chaos.outcome", "chaos", { step, action, tookEffect, affected: tookEffect ? targets : [], note: "" }, cause);
    return cause;
  }

  /** Chaos kill of `id` at `atMs`; returns the termination's seq. */
  kill(atMs: number, id: string, action = "kill"): number {
    let seq = -1;
    this.chaos(atMs, action, [id], (cause) => {
      seq = this.terminate(atMs, id, "chaos", `chaos:${action}`, cause);
    });
    return seq;
  }

  /** Chaos crash of `id`; the platform terminates it as unhealthy after `detectMs` when given. */
  crash(atMs: number, id: string, detectMs?: number): number {
    let seq = -1;
    this.chaos(atMs, "crash", [id], (cause) => {
      seq = this.add(atMs, "instance.crashed", "chaos", { instanceId: id, group: this.groupOf.get(id) ?? "" }, cause);
    });
    if (detectMs !== undefined)
      this.later(atMs + detectMs, () => this.terminate(atMs + detectMs, id, "platform/self-healer", "unhealthy", seq));
    return seq;
  }

  /** A chaos step that took no effect. */
  idle(atMs: number, action: string, targets: string[] = []): number {
    return this.chaos(atMs, action, targets, () => {}, false);
  }

  /** Ends the run and returns what checkers read. */
  end(runMs: number): { history: History; spec: FleetSpec; runMs: number } {
    this.flush(runMs);
    this.queue.length = 0;
    this.add(runMs, "run.ended", "harness", { healthy: {} });
    return { history: this.history, spec: this.spec, runMs };
  }

  /** Ends the run at `runMs` and evaluates one control. */
  verdict(id: ControlId, runMs: number, boundMs?: number): Verdict {
    const input = this.end(runMs);
    return evaluateSome({ ...input, ...(boundMs === undefined ? {} : { overrides: { [id]: boundMs } }) }, [id])[0] as Verdict;
  }
}
