import type { ImageBuilder, ImageStage } from "./image.ts";
import type { HaRole } from "./instance.ts";
import type { VmType } from "./vm-type.ts";
import type { Observable } from "./observable.ts";
import { primeTimeFields } from "./time-fields.ts";

/** Interactive access paths an attacker or operator may try. */
export type LoginProtocol = "ssh" | "rdp" | "console" | "session-manager";
export const LOGIN_PROTOCOLS: readonly LoginProtocol[] = ["ssh", "rdp", "console", "session-manager"];

/**
 * Payloads of every history event, by kind. Actors: "harness", "world" (the fleet itself),
 * "pipeline", "chaos", "operator:<name>", "platform/<controller>". `cause` links an effect to
 * the event that caused it (a chaos injection, a platform decision).
 */
export interface EventPayloads {
  "run.started": { seed: number; scenario: string; groups: string[] };
  "platform.started": { platform: string; controllers: string[] };
  "run.ended": { healthy: Record<string, number> };

  /** An image became known. `group` is the group it is built for. */
  "image.registered": {
    imageId: string;
    name: string;
    group?: string;
    stage: ImageStage;
    builtBy: ImageBuilder;
    patchLevel: number;
    vulnerable: boolean;
    accounts: string[];
    remoteShell: boolean;
  };
  /** An image entered the pipeline for scanning. */
  "image.submitted": { imageId: string; batch?: string };
  "image.scanned": { imageId: string; status: "passed" | "failed"; criticalFindings: number };
  "image.approved": { imageId: string };
  "image.rejected": { imageId: string; reason: string };
  /** `imageId` is now the current image of `group`; older ones are stale. */
  "image.promoted": { group: string; imageId: string; previousImageId: string };

  "instance.launched": {
    instanceId: string;
    group?: string;
    vmType?: VmType;
    zone: string;
    imageId: string;
    /** Creation time age is measured from (before time zero for a fleet that was already up). */
    createdAtMs: number;
    /** The instance this launch replaces, when it is a replacement. */
    replaces?: string;
  };
  /** A launch refused by the platform's launch policy. */
  "launch.denied": { group?: string; vmType?: VmType; imageId: string; reason: string };
  "instance.running": { instanceId: string; group?: string };
  "instance.terminated": { instanceId: string; group?: string; vmType?: VmType; reason: string; ageMs: number };
  "instance.crashed": { instanceId: string; group?: string };
  "instance.recovered": { instanceId: string; group?: string };
  "instance.stopped": { instanceId: string };
  "instance.started": { instanceId: string };
  /** The instance's recorded creation time moved back (age chaos). */
  "instance.backdated": { instanceId: string; byMs: number; createdAtMs: number };
  "instance.tainted": { instanceId: string; reason: string };
  "instance.infected": { instanceId: string; sample: string };
  "instance.patched": { instanceId: string; fromLevel: number; toLevel: number; inPlace: true };
  "instance.untagged-detected": { instanceId: string };

  "patch.released": { level: number; advisory: string };

  /** Actual configuration moved away from desired (drift), in place. */
  "config.drifted": { instanceId: string; from: string; to: string };
  /** Desired configuration re-applied in place. */
  "config.applied": { instanceId: string; version: string };
  /** A manual change on a pet recorded with its actor. */
  "config.recorded": { instanceId: string; changedBy: string; driftSeq: number };

  "login.attempted": {
    instanceId: string;
    vmType?: VmType;
    user: string;
    protocol: LoginProtocol;
    grantId?: string;
    outcome: "allowed" | "denied";
    reason: string;
    sessionId?: string;
  };
  "session.ended": { sessionId: string; instanceId: string; user: string };
  "admin.action": { instanceId: string; sessionId: string; user: string; command: string; grantId?: string };
  "grant.requested": { user: string; instanceId: string; vmType?: VmType; durationMs: number };
  "grant.issued": { grantId: string; user: string; instanceId: string; vmType?: VmType; expiresAtMs: number };
  "grant.denied": { user: string; instanceId: string; reason: string };
  "grant.revoked": { grantId: string; reason: string };
  "key.injected": { instanceId: string; vmType?: VmType; keyName: string; outcome: "accepted" | "rejected"; reason: string };
  "egress.attempted": { instanceId: string; vmType?: VmType; destination: string; outcome: "allowed" | "denied"; reason: string };
  "ingress.opened": { instanceId: string; port: number; cidr: string };
  "ingress.revoked": { instanceId: string; port: number; cidr: string };
  "malware.detected": { instanceId: string; sample: string };

  "ha.role": { instanceId: string; group: string; role: HaRole; previous?: HaRole };
  "data.placed": { group: string; shard: number; instanceId: string; copies: number };
  "data.replica-lost": { group: string; shard: number; instanceId: string; copies: number };
  "data.lost": { group: string; shard: number };

  "controller.paused": { controller: string; forMs: number };
  "controller.resumed": { controller: string };
  "api.fault": { operation: string; fault: string };
  /**
   * An account world's write, before the account shows it: the operation, the resource (a model id, or an image,
   * group or parameter), the fact event it serves and the observable that fact belongs to.
   */
  "api.intent": { operation: string; resource: string; serves: EventKind; observable: Observable };
  /** A write the account never showed (`intent` is the `api.intent` seq): what depends on `observable` cannot pass. */
  "api.unapplied": { operation: string; resource: string; observable: Observable; intent: number; reason: string };
  /** An account world opened: where, and whether its clock can be driven (age is the account's clock). */
  "account.opened": { backend: string; runId: string; clock: "drivable" | "not drivable"; reason?: string };
  /** Age chaos on an account world: the account's clock moved forward by `byMs` for every live instance. */
  "account.clock-moved": { byMs: number; skewMs: number; affected: string[] };
  /** The account does not behave as AWS does where `observable` is read: verdicts resting on it cannot pass. */
  "account.deviation": { observable: Observable; deviation: string };
  /**
   * A command platform's reconcile ran (`trigger`: its schedule or a chaos step) and exited 0 after `durationMs` of
   * wall time. It is not an action: what it changed in the account is observed by the poll that follows it.
   */
  "platform.command": { platform: string; trigger: "schedule" | "chaos"; exitCode: number; durationMs: number };

  /** A chaos step began; `spec` is its replayable form, e.g. `kill(group=web, random=2)`. */
  "chaos.injected": { step: number; action: string; spec: string; targets: string[] };
  /** Whether that step did anything. A fault that took no effect decides nothing. */
  "chaos.outcome": { step: number; action: string; tookEffect: boolean; affected: string[]; note: string };
}

/** Every event kind. */
export type EventKind = keyof EventPayloads;

/** On an event an account world observed: the account showed it, through this API call. */
export interface Observed {
  readonly source: "account";
  readonly call: string;
}

/**
 * One entry of the append-only history. `seq` is its id (0-based, dense). `observed` is set on facts an account
 * world read from the account; events without it come from the model.
 */
export type HistoryEvent<K extends EventKind = EventKind> = {
  [P in K]: {
    readonly seq: number;
    readonly atMs: number;
    readonly kind: P;
    readonly actor: string;
    readonly cause?: number;
    readonly observed?: Observed;
  } & Readonly<EventPayloads[P]>;
}[K];

/** Read access to the history: what checkers see. */
export interface HistoryView {
  readonly length: number;
  all(): readonly HistoryEvent[];
  at(seq: number): HistoryEvent | undefined;
  /** Events of one kind, in order (indexed; no scan). */
  ofKind<K extends EventKind>(kind: K): readonly HistoryEvent<K>[];
}

/** The one append-only, time-stamped log the fleet, the platform and chaos all write to. */
export class History implements HistoryView {
  private readonly events: HistoryEvent[] = [];
  private readonly byKind = new Map<EventKind, HistoryEvent[]>();
  private readonly listeners: Array<(event: HistoryEvent) => void> = [];

  get length(): number {
    return this.events.length;
  }

  /** Appends an event and returns it (with its seq). */
  append<K extends EventKind>(atMs: number, kind: K, actor: string, payload: EventPayloads[K], cause?: number): HistoryEvent<K> {
    return this.push(this.next(atMs, kind, actor, payload, cause)) as unknown as HistoryEvent<K>;
  }

  /**
   * Appends an event its emitter built whole (a simulator's most frequent kinds: one object, its fields where
   * {@link append} would put them). Its `seq` must be {@link length}.
   */
  appendEvent<K extends EventKind>(event: HistoryEvent<K>): HistoryEvent<K> {
    if (event.seq !== this.events.length)
      throw new Error(`Failed to append a ${event.kind} event: seq ${event.seq}, expected ${this.events.length}.`);
    return this.push(event as unknown as HistoryEvent) as unknown as HistoryEvent<K>;
  }

  /** The next event, not yet appended. Two literal shapes rather than a spread of a temporary `{ cause }`. */
  private next<K extends EventKind>(atMs: number, kind: K, actor: string, payload: EventPayloads[K], cause?: number): HistoryEvent {
    const seq = this.events.length;
    return (cause === undefined
      ? { seq, atMs, kind, actor, ...payload }
      : { seq, atMs, kind, actor, cause, ...payload }) as unknown as HistoryEvent;
  }

  private push(event: HistoryEvent): HistoryEvent {
    this.events.push(event);
    let list = this.byKind.get(event.kind);
    if (!list) this.byKind.set(event.kind, (list = []));
    list.push(event);
    for (const listener of this.listeners) listener(event);
    return event;
  }

  /** Appends a fact an account world read from the account (`observed` names the call). */
  appendObserved<K extends EventKind>(
    atMs: number,
    kind: K,
    actor: string,
    payload: EventPayloads[K],
    cause: number | undefined,
    call: string,
  ): HistoryEvent<K> {
    const event = { ...this.next(atMs, kind, actor, payload, cause), observed: { source: "account", call } } as HistoryEvent;
    return this.push(event) as unknown as HistoryEvent<K>;
  }

  /** Calls `listener` for every event appended from now on. */
  onAppend(listener: (event: HistoryEvent) => void): void {
    this.listeners.push(listener);
  }

  all(): readonly HistoryEvent[] {
    return this.events;
  }

  at(seq: number): HistoryEvent | undefined {
    return this.events[seq];
  }

  ofKind<K extends EventKind>(kind: K): readonly HistoryEvent<K>[] {
    return (this.byKind.get(kind) ?? []) as unknown as readonly HistoryEvent<K>[];
  }
}

// The two heads every appended event starts with, built once with an unset time before any real event (see
// `primeTimeFields`): every event of the run keeps the layout it was built with.
primeTimeFields((unset) => {
  const history = new History();
  history.append(unset, "instance.stopped", "prime", { instanceId: "i-prime" });
  history.append(unset, "instance.stopped", "prime", { instanceId: "i-prime" }, 0);
});
