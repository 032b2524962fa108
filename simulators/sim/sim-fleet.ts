import {
  CattleprodError,
  History,
  isHealthy,
  type Clock,
  type Decision,
  type EventKind,
  type EventPayloads,
  type FaultSurface,
  type FleetDriver,
  type FleetPolicies,
  type FleetSpec,
  type Grant,
  type GroupSpec,
  type HaRole,
  type HistoryEvent,
  type Image,
  type ImageDraft,
  type ImageStatus,
  type Instance,
  type InstanceFilter,
  type LaunchRequest,
  type LaunchResult,
  type LoginRequest,
  type Rng,
  type Scheduler,
  type VmType,
} from "../../core/index.ts";
import { DataStore } from "./data-store.ts";
import { EventQueue } from "./event-queue.ts";
import { ImageRegistry } from "./image-registry.ts";
import type { MutableInstance } from "./mutable-instance.ts";

const ALLOW: Decision = { allow: true, reason: "no policy" };

interface Session {
  readonly id: string;
  readonly instanceId: string;
  readonly user: string;
  readonly grantId?: string;
  open: boolean;
}

interface ApiFaults {
  readonly fraction: number;
  readonly untilMs: number;
  readonly fault: string;
}

/**
 * The deterministic in-process fleet: a discrete-event world on a virtual clock. Everything
 * that happens is a task in one queue; the clock jumps from task to task. Indexes (by group,
 * by shard holder) keep every operation proportional to what it touches, never to the fleet.
 *
 * @example
 * const sim = new SimFleet(spec, createRng(42).fork("world"));
 * sim.buildInitialFleet();
 * sim.runUntil(3 * HOUR_MS);
 */
export class SimFleet implements FleetDriver, FaultSurface, Scheduler, Clock {
  readonly spec: FleetSpec;
  readonly history: History;
  readonly clock: Clock = this;
  private readonly rng: Rng;
  private readonly faultRng: Rng;
  private now = 0;
  private readonly queue = new EventQueue();
  private readonly instances = new Map<string, MutableInstance>();
  private readonly groupMembers = new Map<string, Set<string>>();
  /** Members per group in launch order, kept up to date on launch and termination (no rebuilds). */
  private readonly memberArrays = new Map<string, MutableInstance[]>();
  /** Live (non-terminated) instances by VM type tag ("" for untagged). */
  private readonly liveByType = new Map<string, Set<MutableInstance>>();
  /** Live instances in launch order. */
  private readonly liveInstances = new Set<MutableInstance>();
  private readonly groups = new Map<string, GroupSpec>();
  private readonly images = new ImageRegistry();
  private readonly data = new DataStore();
  private readonly grants = new Map<string, Grant>();
  private readonly sessions = new Map<string, Session>();
  private readonly ingress = new Map<string, Set<number>>();
  private readonly subscribers = new Map<EventKind | "*", Array<(event: HistoryEvent) => void>>();
  private readonly pending: HistoryEvent[] = [];
  private pendingHead = 0;
  private policies: FleetPolicies = {};
  private apiFaults: ApiFaults | undefined;
  private patchLevel = 0;
  private counters = { instance: 0, grant: 0, session: 0 };

  constructor(spec: FleetSpec, rng: Rng, history = new History()) {
    this.spec = spec;
    this.rng = rng;
    this.faultRng = rng.fork("api-faults");
    this.history = history;
    for (const group of spec.groups) {
      this.groups.set(group.name, group);
      this.groupMembers.set(group.name, new Set());
      if (group.replicationFactor > 0) this.data.addGroup(group.name, group.shards, group.replicationFactor);
    }
    history.onAppend((event) => {
      if (!event.kind.startsWith("chaos.")) this.pending.push(event);
    });
  }

  // ---- clock and scheduling -------------------------------------------------------------

  nowMs(): number {
    return this.now;
  }

  after(delayMs: number, task: () => void): () => void {
    return this.queue.push(this.now + Math.max(0, delayMs), task);
  }

  injectAt(atMs: number, task: () => void): void {
    this.queue.push(Math.max(atMs, this.now), task, 0);
  }

  /** Runs every task due up to `endMs`, delivering events to subscribers after each task. */
  runUntil(endMs: number): void {
    this.deliver();
    for (;;) {
      const next = this.queue.peekMs();
      if (next === undefined || next > endMs) break;
      const entry = this.queue.pop() as { atMs: number; task: () => void };
      this.now = entry.atMs;
      entry.task();
      this.deliver();
    }
    this.now = endMs;
  }

  /**
   * Like `runUntil`, awaiting `between` after every task (and its deliveries): a world whose
   * state also lives behind an API flushes its writes there before time moves on.
   */
  async runUntilAsync(endMs: number, between: () => Promise<void>): Promise<void> {
    this.deliver();
    await between();
    for (;;) {
      const next = this.queue.peekMs();
      if (next === undefined || next > endMs) break;
      const entry = this.queue.pop() as { atMs: number; task: () => void };
      this.now = entry.atMs;
      entry.task();
      this.deliver();
      await between();
    }
    this.now = endMs;
  }

  /**
   * Applies a change observed outside the model (the API reports an instance gone): records it
   * as a world event and updates the indexes, without asking any policy.
   */
  observeTermination(instanceId: string, reason: string): boolean {
    return this.terminate(instanceId, "world", reason);
  }

  private deliver(): void {
    while (this.pendingHead < this.pending.length) {
      const event = this.pending[this.pendingHead++] as HistoryEvent;
      for (const handler of this.subscribers.get(event.kind) ?? []) handler(event);
      for (const handler of this.subscribers.get("*") ?? []) handler(event);
    }
    this.pending.length = 0;
    this.pendingHead = 0;
  }

  subscribe(kinds: readonly EventKind[] | "*", handler: (event: HistoryEvent) => void): void {
    for (const kind of kinds === "*" ? (["*"] as const) : kinds) {
      let list = this.subscribers.get(kind);
      if (!list) this.subscribers.set(kind, (list = []));
      list.push(handler);
    }
  }

  private emit<K extends EventKind>(kind: K, actor: string, payload: EventPayloads[K], cause?: number): HistoryEvent<K> {
    return this.history.append(this.now, kind, actor, payload, cause);
  }

  record<K extends EventKind>(kind: K, payload: EventPayloads[K], actor: string, cause?: number): HistoryEvent<K> {
    return this.emit(kind, actor, payload, cause);
  }

  /** Platform writes may fail while API faults are injected. Returns true when this call fails. */
  private faulted(operation: string, actor: string): boolean {
    const faults = this.apiFaults;
    if (!faults || !actor.startsWith("platform/") || this.now >= faults.untilMs) return false;
    if (this.faultRng.next() >= faults.fraction) return false;
    this.emit("api.fault", "world", { operation, fault: faults.fault });
    return true;
  }

  // ---- initial fleet ----------------------------------------------------------------------

  /**
   * Registers each group's image and launches the fleet at time zero, already running. With
   * `launch: false` only the images are set up: the instances are adopted from elsewhere.
   */
  buildInitialFleet(options: { readonly launch?: boolean } = {}): void {
    for (const group of this.spec.groups) {
      const image = this.registerImage(initialImageDraft(group), "pipeline");
      this.images.setStatus(image.id, "approved");
      this.images.setScan(image.id, true);
      this.emit("image.approved", "pipeline", { imageId: image.id });
      this.images.setCurrent(group.name, image.id);
      this.emit("image.promoted", "pipeline", { group: group.name, imageId: image.id, previousImageId: "" });
      if (options.launch === false) continue;
      const actor = group.vmType === "pet" ? `operator:${group.operators[0] ?? "admin"}` : "pipeline";
      for (let i = 0; i < group.capacity; i++) {
        const zone = group.zones[i % group.zones.length] as string;
        const instance = this.createInstance({ group: group.name, imageId: image.id, zone }, group, actor, -group.initialAgeMs);
        instance.state = "running";
        this.emit("instance.running", "world", { instanceId: instance.id, group: group.name });
        if (group.ha) this.setHaRole(instance.id, i === 0 ? "active" : "passive", actor);
      }
      if (group.replicationFactor > 0) this.placeInitialData(group);
    }
  }

  /**
   * Takes an instance that something outside the model launched (the account's own automation)
   * into the fleet, running, on the group's current image. Returns its model id.
   */
  adopt(groupName: string, zone: string, actor: string, createdAtMs = this.now): string {
    const group = this.groups.get(groupName);
    const imageId = this.images.currentOf(groupName)?.id ?? "";
    const instance = this.createInstance({ group: groupName, imageId, zone }, group, actor, createdAtMs);
    instance.state = "running";
    this.emit("instance.running", "world", { instanceId: instance.id, group: groupName });
    return instance.id;
  }

  private placeInitialData(group: GroupSpec): void {
    const members = [...(this.groupMembers.get(group.name) ?? [])];
    for (let shard = 0; shard < group.shards; shard++) {
      for (let k = 0; k < Math.min(group.replicationFactor, members.length); k++) {
        const holder = members[(shard + k) % members.length] as string;
        const copies = this.data.place(group.name, shard, holder);
        this.emit("data.placed", "pipeline", { group: group.name, shard, instanceId: holder, copies });
      }
    }
  }

  // ---- reads ------------------------------------------------------------------------------

  group(name: string): GroupSpec | undefined {
    return this.groups.get(name);
  }

  instance(id: string): Instance | undefined {
    return this.instances.get(id);
  }

  /** Non-terminated members of a group, in launch order. The array is live: copy it before terminating while iterating. */
  members(group: string): readonly Instance[] {
    return this.memberArrays.get(group) ?? [];
  }

  list(filter: InstanceFilter = {}): readonly Instance[] {
    if (filter.group !== undefined) return this.filtered(this.members(filter.group), filter);
    const source = filter.includeTerminated
      ? this.instances.values()
      : filter.vmType !== undefined
        ? (this.liveByType.get(filter.vmType) ?? [])
        : this.liveInstances;
    const out: Instance[] = [];
    for (const instance of source) if (this.matches(instance, filter)) out.push(instance);
    return out;
  }

  private filtered(source: readonly Instance[], filter: InstanceFilter): Instance[] {
    const out: Instance[] = [];
    for (const instance of source) if (this.matches(instance, filter)) out.push(instance);
    return out;
  }

  private matches(instance: Instance, filter: InstanceFilter): boolean {
    return (
      (filter.includeTerminated === true || instance.state !== "terminated") &&
      (filter.healthy !== true || (instance.state === "running" && !instance.impaired)) &&
      (filter.vmType === undefined || instance.vmType === filter.vmType) &&
      (filter.zone === undefined || instance.zone === filter.zone)
    );
  }

  image(id: string): Image | undefined {
    return this.images.get(id);
  }

  imageStatus(id: string): ImageStatus | undefined {
    return this.images.statusOf(id);
  }

  currentImage(group: string): Image {
    const image = this.images.currentOf(group);
    if (!image) throw new CattleprodError("E_FLEET_SPEC", `Failed to find the current image of group "${group}": no such group.`);
    return image;
  }

  releasedPatchLevel(): number {
    return this.patchLevel;
  }

  grant(id: string): Grant | undefined {
    return this.grants.get(id);
  }

  replicas(group: string, shard: number): readonly string[] {
    return this.data.replicas(group, shard);
  }

  underReplicated(group: string): readonly number[] {
    return this.data.hasGroup(group) ? this.data.underReplicated(group) : [];
  }

  publicIngress(instanceId: string): readonly number[] {
    return [...(this.ingress.get(instanceId) ?? [])];
  }

  /** Healthy members of a group (running, not crashed). */
  healthyCount(group: string): number {
    let count = 0;
    for (const id of this.groupMembers.get(group) ?? []) if (isHealthy(this.instances.get(id) as Instance)) count++;
    return count;
  }

  // ---- lifecycle --------------------------------------------------------------------------

  launch(request: LaunchRequest, actor: string, cause?: number): LaunchResult {
    const group = request.group === undefined ? undefined : this.groups.get(request.group);
    const image = this.images.get(request.imageId);
    const decision = this.policies.launch?.(request, image, actor) ?? ALLOW;
    if (!decision.allow) {
      this.emit(
        "launch.denied",
        decision.by ?? "platform",
        {
          ...(group ? { group: group.name, vmType: group.vmType } : {}),
          imageId: request.imageId,
          reason: decision.reason,
        },
        cause,
      );
      return { ok: false, reason: decision.reason };
    }
    if (this.faulted("RunInstances", actor)) return { ok: false, reason: "api fault" };
    const zone = request.zone ?? group?.zones[this.rng.int(group.zones.length)] ?? "a";
    const instance = this.createInstance({ ...request, zone }, group, actor, this.now, cause);
    this.scheduleBoot(instance);
    return { ok: true, instance };
  }

  private createInstance(
    request: LaunchRequest & { zone: string },
    group: GroupSpec | undefined,
    actor: string,
    createdAtMs: number,
    cause?: number,
  ): MutableInstance {
    const id = `i-${String(++this.counters.instance).padStart(6, "0")}`;
    const image = this.images.get(request.imageId);
    const vmType = request.untagged ? undefined : group?.vmType;
    const instance: MutableInstance = {
      id,
      group: group?.name,
      vmType,
      zone: request.zone,
      imageId: request.imageId,
      state: "pending",
      impaired: false,
      createdAtMs,
      lastStartedAtMs: this.now,
      launchedBy: actor,
      patchLevel: image?.patchLevel ?? 0,
      desiredConfig: "v1",
      actualConfig: "v1",
      tainted: false,
      infected: false,
      haRole: undefined,
      tags: { "cattleprod:run-id": "sim", ...(vmType ? { "cattleprod:vm-type": vmType } : {}) },
      bootGeneration: 0,
    };
    this.instances.set(id, instance);
    if (group) {
      this.groupMembers.get(group.name)?.add(id);
      let array = this.memberArrays.get(group.name);
      if (!array) this.memberArrays.set(group.name, (array = []));
      array.push(instance);
    }
    let typed = this.liveByType.get(vmType ?? "");
    if (!typed) this.liveByType.set(vmType ?? "", (typed = new Set()));
    typed.add(instance);
    this.liveInstances.add(instance);
    this.emit(
      "instance.launched",
      actor,
      {
        instanceId: id,
        ...(group ? { group: group.name } : {}),
        ...(vmType ? { vmType } : {}),
        zone: request.zone,
        imageId: request.imageId,
        createdAtMs,
        ...(request.replaces ? { replaces: request.replaces } : {}),
      },
      cause,
    );
    return instance;
  }

  private scheduleBoot(instance: MutableInstance): void {
    const generation = ++instance.bootGeneration;
    this.after(this.spec.bounds.bootMs, () => {
      if (instance.state !== "pending" || instance.bootGeneration !== generation) return;
      instance.state = "running";
      this.emit("instance.running", "world", { instanceId: instance.id, ...groupOf(instance) });
    });
  }

  private live(id: string): MutableInstance | undefined {
    const instance = this.instances.get(id);
    return instance && instance.state !== "terminated" ? instance : undefined;
  }

  terminate(instanceId: string, actor: string, reason: string, cause?: number): boolean {
    const instance = this.live(instanceId);
    if (!instance || this.faulted("TerminateInstances", actor)) return false;
    instance.state = "terminated";
    if (instance.group) {
      this.groupMembers.get(instance.group)?.delete(instanceId);
      const array = this.memberArrays.get(instance.group);
      const at = array ? array.indexOf(instance) : -1;
      if (array && at >= 0) array.splice(at, 1);
    }
    this.liveByType.get(instance.vmType ?? "")?.delete(instance);
    this.liveInstances.delete(instance);
    this.ingress.delete(instanceId);
    this.emit(
      "instance.terminated",
      actor,
      {
        instanceId,
        ...groupOf(instance),
        ...typeOf(instance),
        reason,
        ageMs: this.now - instance.createdAtMs,
      },
      cause,
    );
    this.loseData(instanceId, cause);
    return true;
  }

  private loseData(instanceId: string, cause?: number): void {
    for (const lost of this.data.dropInstance(instanceId)) {
      this.emit("data.replica-lost", "world", { group: lost.group, shard: lost.shard, instanceId, copies: lost.copies }, cause);
      if (lost.copies === 0) this.emit("data.lost", "world", { group: lost.group, shard: lost.shard }, cause);
    }
  }

  stop(instanceId: string, actor: string, cause?: number): boolean {
    const instance = this.live(instanceId);
    if (!instance || instance.state === "stopped" || this.faulted("StopInstances", actor)) return false;
    instance.state = "stopped";
    instance.bootGeneration++;
    this.emit("instance.stopped", actor, { instanceId }, cause);
    return true;
  }

  start(instanceId: string, actor: string, cause?: number): boolean {
    const instance = this.live(instanceId);
    if (!instance || instance.state !== "stopped" || this.faulted("StartInstances", actor)) return false;
    instance.state = "pending";
    instance.lastStartedAtMs = this.now;
    this.emit("instance.started", actor, { instanceId }, cause);
    this.scheduleBoot(instance);
    return true;
  }

  recover(instanceId: string, actor: string, cause?: number): boolean {
    const instance = this.live(instanceId);
    if (!instance || !instance.impaired || this.faulted("RebootInstances", actor)) return false;
    instance.impaired = false;
    this.emit("instance.recovered", actor, { instanceId, ...groupOf(instance) }, cause);
    return true;
  }

  taint(instanceId: string, reason: string, actor: string, cause?: number): boolean {
    const instance = this.live(instanceId);
    if (!instance || instance.tainted) return false;
    instance.tainted = true;
    instance.tags["cattleprod:tainted"] = reason;
    this.emit("instance.tainted", actor, { instanceId, reason }, cause);
    return true;
  }

  setHaRole(instanceId: string, role: HaRole, actor: string, cause?: number): boolean {
    const instance = this.live(instanceId);
    if (!instance || !instance.group || instance.haRole === role) return false;
    const previous = instance.haRole;
    instance.haRole = role;
    this.emit("ha.role", actor, { instanceId, group: instance.group, role, ...(previous ? { previous } : {}) }, cause);
    return true;
  }

  // ---- configuration and patches ----------------------------------------------------------

  writeConfig(instanceId: string, version: string, actor: string, cause?: number): boolean {
    const instance = this.live(instanceId);
    if (!instance || instance.actualConfig === version || this.faulted("SendCommand", actor)) return false;
    const from = instance.actualConfig;
    instance.actualConfig = version;
    this.emit("config.drifted", actor, { instanceId, from, to: version }, cause);
    return true;
  }

  applyDesiredConfig(instanceId: string, actor: string, cause?: number): boolean {
    const instance = this.live(instanceId);
    if (!instance || instance.actualConfig === instance.desiredConfig || this.faulted("SendCommand", actor)) return false;
    instance.actualConfig = instance.desiredConfig;
    this.emit("config.applied", actor, { instanceId, version: instance.desiredConfig }, cause);
    return true;
  }

  patchInPlace(instanceId: string, level: number, actor: string, cause?: number): boolean {
    const instance = this.live(instanceId);
    if (!instance || instance.patchLevel >= level || this.faulted("SendCommand", actor)) return false;
    const fromLevel = instance.patchLevel;
    instance.patchLevel = level;
    this.emit("instance.patched", actor, { instanceId, fromLevel, toLevel: level, inPlace: true }, cause);
    return true;
  }

  // ---- images -----------------------------------------------------------------------------

  registerImage(draft: ImageDraft, actor: string, cause?: number): Image {
    const image = this.images.create(draft, this.now);
    this.emit(
      "image.registered",
      actor,
      {
        imageId: image.id,
        name: image.name,
        ...(image.group ? { group: image.group } : {}),
        stage: image.stage,
        builtBy: image.builtBy,
        patchLevel: image.patchLevel,
        vulnerable: image.vulnerable,
        accounts: [...image.manifest.accounts],
        remoteShell: image.manifest.remoteShell,
      },
      cause,
    );
    return image;
  }

  submitImage(imageId: string, actor: string, cause?: number, batch?: string): void {
    if (!this.images.get(imageId)) return;
    this.images.setStatus(imageId, "submitted");
    this.emit("image.submitted", actor, { imageId, ...(batch ? { batch } : {}) }, cause);
  }

  scanImage(imageId: string, actor: string, cause?: number): "passed" | "failed" {
    const image = this.images.get(imageId);
    const passed = image !== undefined && !image.vulnerable;
    if (image) this.images.setScan(imageId, passed);
    this.emit(
      "image.scanned",
      actor,
      { imageId, status: passed ? "passed" : "failed", criticalFindings: image?.vulnerable ? 3 : 0 },
      cause,
    );
    return passed ? "passed" : "failed";
  }

  approveImage(imageId: string, actor: string, cause?: number): void {
    this.images.setStatus(imageId, "approved");
    this.emit("image.approved", actor, { imageId }, cause);
  }

  rejectImage(imageId: string, reason: string, actor: string, cause?: number): void {
    this.images.setStatus(imageId, "rejected");
    this.emit("image.rejected", actor, { imageId, reason }, cause);
  }

  promoteImage(group: string, imageId: string, actor: string, cause?: number): void {
    const previousImageId = this.images.setCurrent(group, imageId);
    this.emit("image.promoted", actor, { group, imageId, previousImageId }, cause);
  }

  // ---- access and network -----------------------------------------------------------------

  setPolicies(policies: FleetPolicies): void {
    this.policies = policies;
  }

  attemptLogin(request: LoginRequest, actor: string, cause?: number): { allowed: boolean; sessionId?: string } {
    const instance = this.live(request.instanceId);
    if (!instance) return { allowed: false };
    const decision =
      instance.state !== "running"
        ? { allow: false, reason: `instance is ${instance.state}` }
        : (this.policies.login?.(request, instance) ?? ALLOW);
    const sessionId = decision.allow ? `s-${String(++this.counters.session).padStart(5, "0")}` : undefined;
    if (sessionId)
      this.sessions.set(sessionId, {
        id: sessionId,
        instanceId: instance.id,
        user: request.user,
        ...(request.grantId ? { grantId: request.grantId } : {}),
        open: true,
      });
    this.emit(
      "login.attempted",
      actor,
      {
        instanceId: instance.id,
        ...typeOf(instance),
        user: request.user,
        protocol: request.protocol,
        ...(request.grantId ? { grantId: request.grantId } : {}),
        outcome: decision.allow ? "allowed" : "denied",
        reason: decision.reason,
        ...(sessionId ? { sessionId } : {}),
      },
      cause,
    );
    return sessionId ? { allowed: true, sessionId } : { allowed: false };
  }

  endSession(sessionId: string, actor: string, cause?: number): void {
    const session = this.sessions.get(sessionId);
    if (!session || !session.open) return;
    session.open = false;
    this.emit("session.ended", actor, { sessionId, instanceId: session.instanceId, user: session.user }, cause);
  }

  adminAction(sessionId: string, command: string, actor: string, cause?: number): boolean {
    const session = this.sessions.get(sessionId);
    if (!session || !session.open || !this.live(session.instanceId)) return false;
    this.emit(
      "admin.action",
      actor,
      {
        instanceId: session.instanceId,
        sessionId,
        user: session.user,
        command,
        ...(session.grantId ? { grantId: session.grantId } : {}),
      },
      cause,
    );
    return true;
  }

  issueGrant(user: string, instanceId: string, durationMs: number, actor: string, cause?: number): Grant | undefined {
    const instance = this.live(instanceId);
    if (!instance) return undefined;
    const grant: Grant = {
      id: `g-${String(++this.counters.grant).padStart(5, "0")}`,
      user,
      instanceId,
      issuedAtMs: this.now,
      expiresAtMs: this.now + durationMs,
      revoked: false,
    };
    this.grants.set(grant.id, grant);
    this.emit("grant.issued", actor, { grantId: grant.id, user, instanceId, ...typeOf(instance), expiresAtMs: grant.expiresAtMs }, cause);
    return grant;
  }

  revokeGrant(grantId: string, reason: string, actor: string, cause?: number): void {
    const grant = this.grants.get(grantId);
    if (!grant || grant.revoked) return;
    this.grants.set(grantId, { ...grant, revoked: true });
    this.emit("grant.revoked", actor, { grantId, reason }, cause);
    for (const session of this.sessions.values()) {
      if (session.open && session.grantId === grantId) this.endSession(session.id, actor, cause);
    }
  }

  injectKey(instanceId: string, keyName: string, actor: string, cause?: number): boolean {
    return this.decideOn(
      instanceId,
      (instance) => this.policies.keyInjection?.(instance, keyName),
      (instance, decision) =>
        this.emit(
          "key.injected",
          actor,
          { instanceId, ...typeOf(instance), keyName, outcome: decision.allow ? "accepted" : "rejected", reason: decision.reason },
          cause,
        ),
    );
  }

  attemptEgress(instanceId: string, destination: string, actor: string, cause?: number): boolean {
    return this.decideOn(
      instanceId,
      (instance) => this.policies.egress?.(instance, destination),
      (instance, decision) =>
        this.emit(
          "egress.attempted",
          actor,
          { instanceId, ...typeOf(instance), destination, outcome: decision.allow ? "allowed" : "denied", reason: decision.reason },
          cause,
        ),
    );
  }

  /** Asks a policy about a live instance (no policy allows), records the answer, returns whether it allowed. */
  private decideOn(
    instanceId: string,
    ask: (instance: Instance) => Decision | undefined,
    record: (instance: Instance, decision: Decision) => void,
  ): boolean {
    const instance = this.live(instanceId);
    if (!instance) return false;
    const decision = ask(instance) ?? ALLOW;
    record(instance, decision);
    return decision.allow;
  }

  openIngress(instanceId: string, port: number, actor: string, cause?: number): boolean {
    if (!this.live(instanceId)) return false;
    let ports = this.ingress.get(instanceId);
    if (!ports) this.ingress.set(instanceId, (ports = new Set()));
    if (ports.has(port)) return false;
    ports.add(port);
    this.emit("ingress.opened", actor, { instanceId, port, cidr: "0.0.0.0/0" }, cause);
    return true;
  }

  revokeIngress(instanceId: string, port: number, actor: string, cause?: number): boolean {
    const ports = this.ingress.get(instanceId);
    if (!ports?.has(port) || this.faulted("RevokeSecurityGroupIngress", actor)) return false;
    ports.delete(port);
    this.emit("ingress.revoked", actor, { instanceId, port, cidr: "0.0.0.0/0" }, cause);
    return true;
  }

  // ---- data -------------------------------------------------------------------------------

  replicate(group: string, shard: number, toInstanceId: string, actor: string, cause?: number): boolean {
    const target = this.live(toInstanceId);
    if (!target || target.group !== group || !isHealthy(target) || this.data.replicas(group, shard).length === 0) return false;
    if (this.faulted("CopyShard", actor)) return false;
    const copies = this.data.place(group, shard, toInstanceId);
    if (copies < 0) return false;
    this.emit("data.placed", actor, { group, shard, instanceId: toInstanceId, copies }, cause);
    return true;
  }

  /** How many shards an instance holds (placement load). */
  dataLoad(instanceId: string): number {
    return this.data.load(instanceId);
  }

  // ---- faults (chaos only) ----------------------------------------------------------------

  crash(instanceId: string, actor: string, cause?: number): boolean {
    const instance = this.live(instanceId);
    if (!instance || instance.impaired || instance.state !== "running") return false;
    instance.impaired = true;
    this.emit("instance.crashed", actor, { instanceId, ...groupOf(instance) }, cause);
    this.loseData(instanceId, cause);
    return true;
  }

  infect(instanceId: string, sample: string, actor: string, cause?: number): boolean {
    const instance = this.live(instanceId);
    if (!instance || instance.infected) return false;
    instance.infected = true;
    const infected = this.emit("instance.infected", actor, { instanceId, sample }, cause);
    this.after(60_000 + this.rng.int(120_000), () => {
      if (this.live(instanceId)) this.emit("malware.detected", "world/edr", { instanceId, sample }, infected.seq);
    });
    return true;
  }

  backdate(instanceId: string, byMs: number, actor: string, cause?: number): boolean {
    const instance = this.live(instanceId);
    if (!instance || byMs <= 0) return false;
    instance.createdAtMs -= byMs;
    this.emit("instance.backdated", actor, { instanceId, byMs, createdAtMs: instance.createdAtMs }, cause);
    return true;
  }

  releasePatch(level: number, advisory: string, actor: string, cause?: number): void {
    this.patchLevel = Math.max(this.patchLevel, level);
    this.emit("patch.released", actor, { level, advisory }, cause);
  }

  pauseController(controller: string, forMs: number, actor: string, cause?: number): boolean {
    const paused = this.emit("controller.paused", actor, { controller, forMs }, cause);
    this.after(forMs, () => this.emit("controller.resumed", actor, { controller }, paused.seq));
    return true;
  }

  injectApiFaults(fraction: number, forMs: number, fault: string, _actor: string, _cause?: number): void {
    this.apiFaults = { fraction, untilMs: this.now + forMs, fault };
  }
}

/** The optional `vmType` payload field of an instance's events (untagged instances have none). */
function typeOf(instance: Instance): { vmType?: VmType } {
  return instance.vmType ? { vmType: instance.vmType } : {};
}

/** The optional `group` payload field of an instance's events (rogue launches may have none). */
function groupOf(instance: Instance): { group?: string } {
  return instance.group ? { group: instance.group } : {};
}

function initialImageDraft(group: GroupSpec): ImageDraft {
  const lockdown = group.vmType === "immutable";
  return {
    name: group.image,
    group: group.name,
    stage: lockdown ? 3 : 2,
    builtBy: "pipeline",
    patchLevel: 0,
    vulnerable: false,
    manifest: lockdown ? { accounts: [], remoteShell: false } : { accounts: ["ops"], remoteShell: true },
  };
}
