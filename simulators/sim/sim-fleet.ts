import {
  History,
  type Clock,
  type EventKind,
  type EvidenceOffer,
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
  type ModelWorld,
  type Rng,
  type Scheduler,
  type WorldObservations,
} from "../../core/index.ts";
import { AccessDesk } from "./access-desk.ts";
import { Configuration } from "./configuration.ts";
import { DataDesk } from "./data-desk.ts";
import { EventBus } from "./event-bus.ts";
import { FaultDesk } from "./fault-desk.ts";
import { ImageDesk } from "./image-desk.ts";
import { InstanceHealth } from "./instance-health.ts";
import { InstanceTable } from "./instance-table.ts";
import { Lifecycle } from "./lifecycle.ts";
import type { MutableInstance } from "./mutable-instance.ts";
import { Network } from "./network.ts";
import { SimClock } from "./sim-clock.ts";
import type { SimContext } from "./sim-context.ts";

const MODEL = { source: "model", why: "the simulated fleet is the model" } as const;

/**
 * The deterministic in-process fleet: a discrete-event world on a virtual clock. It assembles one object per
 * resource (clock and queue, instances and their lifecycle, configuration, access, network, images, data,
 * faults) and hands each call to its owner. Indexes keep every operation proportional to what it touches.
 *
 * @example
 * const sim = new SimFleet(spec, createRng(42).fork("world"));
 * sim.buildInitialFleet();
 * sim.runUntil(3 * HOUR_MS);
 */
export class SimFleet implements FleetDriver, FaultSurface, Scheduler, Clock, SimContext, ModelWorld {
  readonly kind = "model";
  readonly spec: FleetSpec;
  readonly history: History;
  readonly clock: Clock = this;
  readonly driver: FleetDriver = this;
  readonly faults: FaultSurface = this;
  readonly scheduler: Scheduler = this;
  private readonly time = new SimClock();
  private readonly bus: EventBus;
  private readonly groups = new Map<string, GroupSpec>();
  private readonly table: InstanceTable;
  private readonly images: ImageDesk;
  private readonly data: DataDesk;
  private readonly network: Network;
  private readonly access: AccessDesk;
  private readonly fault: FaultDesk;
  private readonly lifecycle: Lifecycle;
  private readonly health: InstanceHealth;
  private readonly configuration: Configuration;
  private installed: FleetPolicies = {};

  constructor(spec: FleetSpec, rng: Rng, history = new History()) {
    this.spec = spec;
    this.history = history;
    for (const group of spec.groups) this.groups.set(group.name, group);
    this.bus = new EventBus(history);
    this.table = new InstanceTable(spec);
    this.images = new ImageDesk(this);
    this.data = new DataDesk(this);
    this.network = new Network(this);
    this.access = new AccessDesk(this);
    this.fault = new FaultDesk(this, rng, (id, cause) => this.data.lose(id, cause));
    this.lifecycle = new Lifecycle(this, this.table, this.images, rng, (id, cause) => {
      this.network.forget(id);
      this.data.lose(id, cause);
    });
    this.health = new InstanceHealth(this, this.table);
    this.configuration = new Configuration(this, this.table);
  }

  // ---- the world ------------------------------------------------------------------------------

  open(): void {}

  close(): void {}

  /**
   * Registers each group's image and launches the fleet at time zero, already running. With
   * `launch: false` only the images are set up: the instances are adopted from elsewhere.
   */
  buildInitialFleet(options: { readonly launch?: boolean } = {}): void {
    for (const group of this.spec.groups) {
      const image = this.images.installInitial(group);
      if (options.launch === false) continue;
      const actor = group.vmType === "pet" ? `operator:${group.operators[0] ?? "admin"}` : "pipeline";
      for (let i = 0; i < group.capacity; i++) {
        const zone = group.zones[i % group.zones.length] as string;
        const instance = this.lifecycle.createRunning({ group: group.name, imageId: image.id, zone }, group, actor, -group.initialAgeMs);
        if (group.ha) this.setHaRole(instance.id, i === 0 ? "active" : "passive", actor);
      }
      if (group.replicationFactor > 0) this.data.placeInitial(group, this.table.members(group.name));
    }
  }

  /** Runs every task due up to `endMs`, delivering events to subscribers after each task. */
  runUntil(endMs: number): void {
    this.bus.deliver();
    this.time.runUntil(endMs, () => this.bus.deliver());
  }

  observations(): WorldObservations {
    const healthy: Record<string, number> = {};
    for (const group of this.spec.groups) healthy[group.name] = this.healthyCount(group.name);
    return { healthy };
  }

  evidence(): EvidenceOffer {
    return MODEL;
  }

  /** Healthy members of a group (running, not crashed). */
  healthyCount(group: string): number {
    return this.table.healthyCount(group);
  }

  /** How many shards an instance holds (placement load). */
  dataLoad(instanceId: string): number {
    return this.data.load(instanceId);
  }

  // ---- what the pieces share (SimContext) -----------------------------------------------------

  nowMs(): number {
    return this.time.nowMs();
  }

  emit<K extends EventKind>(kind: K, actor: string, payload: EventPayloads[K], cause?: number): HistoryEvent<K> {
    return this.history.append(this.time.nowMs(), kind, actor, payload, cause);
  }

  faulted(operation: string, actor: string): boolean {
    return this.fault.faulted(operation, actor);
  }

  live(id: string): MutableInstance | undefined {
    return this.table.live(id);
  }

  policies(): FleetPolicies {
    return this.installed;
  }

  // ---- clock and scheduling -------------------------------------------------------------------

  after(delayMs: number, task: () => void): () => void {
    return this.time.after(delayMs, task);
  }

  injectAt(atMs: number, task: () => void): void {
    this.time.injectAt(atMs, task);
  }

  subscribe(kinds: readonly EventKind[] | "*", handler: (event: HistoryEvent) => void): void {
    this.bus.subscribe(kinds, handler);
  }

  record<K extends EventKind>(kind: K, payload: EventPayloads[K], actor: string, cause?: number): HistoryEvent<K> {
    return this.emit(kind, actor, payload, cause);
  }

  // ---- reads ----------------------------------------------------------------------------------

  group(name: string): GroupSpec | undefined {
    return this.groups.get(name);
  }

  instance(id: string): Instance | undefined {
    return this.table.get(id);
  }

  /** Non-terminated members of a group, in launch order. The array is live: copy it before terminating while iterating. */
  members(group: string): readonly Instance[] {
    return this.table.members(group);
  }

  list(filter: InstanceFilter = {}): readonly Instance[] {
    return this.table.list(filter);
  }

  image(id: string): Image | undefined {
    return this.images.get(id);
  }

  imageStatus(id: string): ImageStatus | undefined {
    return this.images.statusOf(id);
  }

  currentImage(group: string): Image {
    return this.images.current(group);
  }

  releasedPatchLevel(): number {
    return this.fault.releasedPatchLevel();
  }

  grant(id: string): Grant | undefined {
    return this.access.grant(id);
  }

  replicas(group: string, shard: number): readonly string[] {
    return this.data.replicas(group, shard);
  }

  underReplicated(group: string): readonly number[] {
    return this.data.underReplicated(group);
  }

  publicIngress(instanceId: string): readonly number[] {
    return this.network.publicIngress(instanceId);
  }

  // ---- lifecycle, configuration and patches ---------------------------------------------------

  launch(request: LaunchRequest, actor: string, cause?: number): LaunchResult {
    return this.lifecycle.launch(request, actor, cause);
  }

  terminate(instanceId: string, actor: string, reason: string, cause?: number): boolean {
    return this.lifecycle.terminate(instanceId, actor, reason, cause);
  }

  stop(instanceId: string, actor: string, cause?: number): boolean {
    return this.lifecycle.stop(instanceId, actor, cause);
  }

  start(instanceId: string, actor: string, cause?: number): boolean {
    return this.lifecycle.start(instanceId, actor, cause);
  }

  recover(instanceId: string, actor: string, cause?: number): boolean {
    return this.health.recover(instanceId, actor, cause);
  }

  taint(instanceId: string, reason: string, actor: string, cause?: number): boolean {
    return this.health.taint(instanceId, reason, actor, cause);
  }

  setHaRole(instanceId: string, role: HaRole, actor: string, cause?: number): boolean {
    return this.health.setHaRole(instanceId, role, actor, cause);
  }

  writeConfig(instanceId: string, version: string, actor: string, cause?: number): boolean {
    return this.configuration.writeConfig(instanceId, version, actor, cause);
  }

  applyDesiredConfig(instanceId: string, actor: string, cause?: number): boolean {
    return this.configuration.applyDesiredConfig(instanceId, actor, cause);
  }

  patchInPlace(instanceId: string, level: number, actor: string, cause?: number): boolean {
    return this.configuration.patchInPlace(instanceId, level, actor, cause);
  }

  // ---- images ---------------------------------------------------------------------------------

  registerImage(draft: ImageDraft, actor: string, cause?: number): Image {
    return this.images.register(draft, actor, cause);
  }

  submitImage(imageId: string, actor: string, cause?: number, batch?: string): void {
    this.images.submit(imageId, actor, cause, batch);
  }

  scanImage(imageId: string, actor: string, cause?: number): "passed" | "failed" {
    return this.images.scan(imageId, actor, cause);
  }

  approveImage(imageId: string, actor: string, cause?: number): void {
    this.images.approve(imageId, actor, cause);
  }

  rejectImage(imageId: string, reason: string, actor: string, cause?: number): void {
    this.images.reject(imageId, reason, actor, cause);
  }

  promoteImage(group: string, imageId: string, actor: string, cause?: number): void {
    this.images.promote(group, imageId, actor, cause);
  }

  // ---- access and network ---------------------------------------------------------------------

  setPolicies(policies: FleetPolicies): void {
    this.installed = policies;
  }

  attemptLogin(request: LoginRequest, actor: string, cause?: number): { allowed: boolean; sessionId?: string } {
    return this.access.attemptLogin(request, actor, cause);
  }

  endSession(sessionId: string, actor: string, cause?: number): void {
    this.access.endSession(sessionId, actor, cause);
  }

  adminAction(sessionId: string, command: string, actor: string, cause?: number): boolean {
    return this.access.adminAction(sessionId, command, actor, cause);
  }

  issueGrant(user: string, instanceId: string, durationMs: number, actor: string, cause?: number): Grant | undefined {
    return this.access.issueGrant(user, instanceId, durationMs, actor, cause);
  }

  revokeGrant(grantId: string, reason: string, actor: string, cause?: number): void {
    this.access.revokeGrant(grantId, reason, actor, cause);
  }

  injectKey(instanceId: string, keyName: string, actor: string, cause?: number): boolean {
    return this.access.injectKey(instanceId, keyName, actor, cause);
  }

  attemptEgress(instanceId: string, destination: string, actor: string, cause?: number): boolean {
    return this.network.attemptEgress(instanceId, destination, actor, cause);
  }

  openIngress(instanceId: string, port: number, actor: string, cause?: number): boolean {
    return this.network.openIngress(instanceId, port, actor, cause);
  }

  revokeIngress(instanceId: string, port: number, actor: string, cause?: number): boolean {
    return this.network.revokeIngress(instanceId, port, actor, cause);
  }

  replicate(group: string, shard: number, toInstanceId: string, actor: string, cause?: number): boolean {
    return this.data.replicate(group, shard, toInstanceId, actor, cause);
  }

  // ---- faults (chaos only) --------------------------------------------------------------------

  crash(instanceId: string, actor: string, cause?: number): boolean {
    return this.fault.crash(instanceId, actor, cause);
  }

  infect(instanceId: string, sample: string, actor: string, cause?: number): boolean {
    return this.fault.infect(instanceId, sample, actor, cause);
  }

  backdate(instanceId: string, byMs: number, actor: string, cause?: number): boolean {
    return this.fault.backdate(instanceId, byMs, actor, cause);
  }

  releasePatch(level: number, advisory: string, actor: string, cause?: number): void {
    this.fault.releasePatch(level, advisory, actor, cause);
  }

  pauseController(controller: string, forMs: number, actor: string, cause?: number): boolean {
    return this.fault.pauseController(controller, forMs, actor, cause);
  }

  injectApiFaults(fraction: number, forMs: number, fault: string, _actor: string, _cause?: number): void {
    this.fault.injectApiFaults(fraction, forMs, fault);
  }
}
