import type { History } from "../../core/index.ts";
import {
  type EventKind,
  type EventPayloads,
  type FleetPolicies,
  type FleetSpec,
  type Grant,
  type GroupSpec,
  type HaRole,
  type HistoryEvent,
  type Instance,
  type IndexedPool,
  type InstanceFilter,
  type LoginRequest,
  type Rng,
  type VmType,
} from "../../core/index.ts";
import { AccessDesk } from "./access-desk.ts";
import { Configuration } from "./configuration.ts";
import { DataDesk } from "./data-desk.ts";
import { EventBus } from "./event-bus.ts";
import { FaultDesk } from "./fault-desk.ts";
import { InstanceHealth } from "./instance-health.ts";
import { InstanceTable } from "./instance-table.ts";
import type { MutableInstance } from "./mutable-instance.ts";
import { Network } from "./network.ts";
import { SimClock } from "./sim-clock.ts";
import type { SimContext } from "./sim-context.ts";

/**
 * What the front of every world shares, the simulated fleet and the account worlds alike: virtual time and event
 * delivery, the table of instances the platform reads, and the pieces that stay in the model on every world
 * (access and sessions, egress, data, health, taints and HA roles, patches, and the faults only chaos causes).
 * Each call goes to its owner; a world adds how instances, configuration, ingress and images are kept.
 */
export abstract class FleetFront implements SimContext {
  readonly spec: FleetSpec;
  readonly history: History;
  readonly table: InstanceTable;
  protected readonly time = new SimClock();
  protected readonly bus: EventBus;
  protected readonly groups = new Map<string, GroupSpec>();
  protected readonly access: AccessDesk;
  protected readonly network: Network;
  protected readonly data: DataDesk;
  protected readonly fault: FaultDesk;
  protected readonly health: InstanceHealth;
  protected readonly configuration: Configuration;
  private installed: FleetPolicies = {};

  constructor(spec: FleetSpec, rng: Rng, history: History) {
    this.spec = spec;
    this.history = history;
    for (const group of spec.groups) this.groups.set(group.name, group);
    this.bus = new EventBus(history);
    this.table = new InstanceTable(spec);
    this.data = new DataDesk(this);
    this.network = new Network(this);
    this.access = new AccessDesk(this);
    this.fault = new FaultDesk(this, rng, (id, cause) => this.data.lose(id, cause));
    this.health = new InstanceHealth(this, this.table);
    this.configuration = new Configuration(this, this.table);
  }

  /** Healthy members of a group (running, not crashed). */
  healthyCount(group: string): number {
    return this.table.healthyCount(group);
  }

  // ---- what the pieces share (SimContext) -----------------------------------------------------

  nowMs(): number {
    return this.time.nowMs();
  }

  emit<K extends EventKind>(kind: K, actor: string, payload: EventPayloads[K], cause?: number): HistoryEvent<K> {
    return this.history.append(this.time.nowMs(), kind, actor, payload, cause);
  }

  nextSeq(): number {
    return this.history.length;
  }

  emitBuilt<K extends EventKind>(event: HistoryEvent<K>): HistoryEvent<K> {
    return this.history.appendEvent(event);
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

  // ---- clock, scheduling and delivery ---------------------------------------------------------

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

  setPolicies(policies: FleetPolicies): void {
    this.installed = policies;
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

  healthyPool(vmType?: VmType): IndexedPool | undefined {
    return this.table.healthyPool(vmType);
  }

  /** Passes `changed` through, after telling the table an instance's crash flag may have moved. */
  private healthChanged(instanceId: string, changed: boolean): boolean {
    const instance = changed ? this.table.get(instanceId) : undefined;
    if (instance) this.table.refresh(instance);
    return changed;
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

  // ---- writes kept in the model ---------------------------------------------------------------

  recover(instanceId: string, actor: string, cause?: number): boolean {
    return this.healthChanged(instanceId, this.health.recover(instanceId, actor, cause));
  }

  taint(instanceId: string, reason: string, actor: string, cause?: number): boolean {
    return this.health.taint(instanceId, reason, actor, cause);
  }

  setHaRole(instanceId: string, role: HaRole, actor: string, cause?: number): boolean {
    return this.health.setHaRole(instanceId, role, actor, cause);
  }

  patchInPlace(instanceId: string, level: number, actor: string, cause?: number): boolean {
    return this.configuration.patchInPlace(instanceId, level, actor, cause);
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

  replicate(group: string, shard: number, toInstanceId: string, actor: string, cause?: number): boolean {
    return this.data.replicate(group, shard, toInstanceId, actor, cause);
  }

  /** How many shards an instance holds (placement load). */
  dataLoad(instanceId: string): number {
    return this.data.load(instanceId);
  }

  // ---- faults (chaos only) --------------------------------------------------------------------

  crash(instanceId: string, actor: string, cause?: number): boolean {
    return this.healthChanged(instanceId, this.fault.crash(instanceId, actor, cause));
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
