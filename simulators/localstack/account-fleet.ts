import {
  CattleprodError,
  formatDuration,
  History,
  type AccountWorld,
  type Clock,
  type EventKind,
  type EventPayloads,
  type EvidenceOffer,
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
  type Observable,
  type Rng,
  type Scheduler,
  type WorldObservations,
} from "../../core/index.ts";
import { ImageRegistry } from "../sim/image-registry.ts";
import {
  AccessDesk,
  Configuration,
  DataDesk,
  EventBus,
  FaultDesk,
  InstanceHealth,
  InstanceTable,
  Network,
  SimClock,
  type MutableInstance,
} from "../sim/index.ts";
import { AccountClock, setLaunchTimeFidelity, type ClockStatus } from "./account-clock.ts";
import { AccountConfig } from "./account-config.ts";
import type { AccountContext, KnownImage, KnownInstance, Op, Touches } from "./account-context.ts";
import { AccountImages } from "./account-images.ts";
import { AccountIngress } from "./account-ingress.ts";
import { AccountInstances } from "./account-instances.ts";
import { IntentLog, type Expectation } from "./account-intents.ts";
import { ACCOUNT_OFFERS, clockUnavailable } from "./account-offers.ts";
import { AccountObserver } from "./account-observer.ts";
import { readAccount } from "./account-reads.ts";
import { createGroupAsg } from "./auto-scaling.ts";
import type { AwsApi } from "./aws-api.ts";
import { TAG } from "./tags.ts";

/** Rounds of write, read and deliver within one task before the world gives up (a loop, not a busy platform). */
const MAX_SETTLE_ROUNDS = 200;

/** Options of an account world. */
export interface AccountFleetOptions {
  /** `localstack` or `aws` (named in the history and the record). */
  readonly backend: "localstack" | "aws";
  /** The id every resource is tagged with (`cattleprod:run-id`); `cattleprod sweep --run-id` takes it. */
  readonly runId: string;
  /** This scenario's part of the run (`cattleprod:scenario-run`): polls read only its own resources. */
  readonly scenarioRunId?: string;
  /**
   * The account's own automation keeps the fleet (`--platform external`): cattleprod launches nothing but its
   * Auto Scaling groups, adopts the instances tagged with the run id and a group, and records what happens to them.
   */
  readonly external?: boolean;
  /** Virtual time between full polls of the account. Default 1h; 1m for external platforms. */
  readonly reconcileEveryMs?: number;
  /** A LocalStack endpoint serving cattleprod's `/_cattleprod/` routes (the account clock); none on a real account. */
  readonly clockEndpoint?: string;
  /** cattleprod's LocalStack only: how StartInstances treats LaunchTime in this account (default: AWS's `reset`). */
  readonly launchTimeOnStart?: "reset" | "keep";
  /** Reads of a resource without a write's effect before the write is given up (default 1; eventually consistent AWS: more). */
  readonly patience?: number;
  /** Longest wait for another run's clock lease. Default 15 minutes. */
  readonly leaseWaitMs?: number;
  /** Wall clock (epoch ms), for the account's clock. Default Date.now. */
  readonly wallNowMs?: () => number;
  /** Lines for the operator (waiting for the clock lease). */
  readonly log?: (line: string) => void;
  /** Once aborted, the world stops at its next flush of writes (E_INTERRUPTED): nothing is created after a sweep. */
  readonly signal?: AbortSignal;
}

/** A callback at a virtual time, between tasks, with the account at hand (tests change the account there). */
export type AccountHook = (world: AccountFleet) => Promise<void> | void;

/**
 * A world whose fleet lives in an AWS account (LocalStack or real). cattleprod's writes are intents
 * (`api.intent`), sent after each task; the history's facts are what the account then shows: targeted reads of
 * what the writes touched, and a full poll every reconcile interval that sees what anyone else changed. Ages are
 * the account's clock (driven on cattleprod's LocalStack); what an emulator cannot show (boot, health, sessions,
 * traffic, malware, data, patches) stays modelled.
 *
 * @example
 * const world = new AccountFleet(spec, rng, api, { backend: "localstack", runId, clockEndpoint: endpoint });
 * await world.open(); world.buildInitialFleet(); await world.runUntil(HOUR_MS); await world.close();
 */
export class AccountFleet implements FleetDriver, FaultSurface, Scheduler, Clock, AccountContext, AccountWorld {
  readonly kind = "account";
  readonly spec: FleetSpec;
  readonly history = new History();
  readonly clock: Clock = this;
  readonly driver: FleetDriver = this;
  readonly faults: FaultSurface = this;
  readonly scheduler: Scheduler = this;
  readonly runId: string;
  readonly scenarioRunId: string;
  readonly external: boolean;
  readonly parameterPrefix: string;
  readonly table: InstanceTable;
  readonly images = new ImageRegistry();
  readonly intents: IntentLog;
  readonly ec2ByModel = new Map<string, string>();
  readonly modelByEc2 = new Map<string, string>();
  readonly amiByImage = new Map<string, string>();
  readonly imageByAmi = new Map<string, string>();
  readonly ownGroup = new Map<string, string>();
  readonly known = new Map<string, KnownInstance>();
  readonly knownImages = new Map<string, KnownImage>();
  readonly knownParameters = new Map<string, string>();
  readonly groupPorts = new Map<string, readonly number[]>();
  readonly ports = new Map<string, Set<number>>();
  private readonly time = new SimClock();
  private readonly bus: EventBus;
  private readonly groups = new Map<string, GroupSpec>();
  private readonly access: AccessDesk;
  private readonly network: Network;
  private readonly data: DataDesk;
  private readonly fault: FaultDesk;
  private readonly health: InstanceHealth;
  private readonly patches: Configuration;
  private readonly instances: AccountInstances;
  private readonly config: AccountConfig;
  private readonly ingress: AccountIngress;
  private readonly imageDesk: AccountImages;
  private readonly observer: AccountObserver;
  private readonly accountClock: AccountClock;
  private readonly ops: Op[] = [];
  private readonly hooks: Array<{ atMs: number; hook: AccountHook }> = [];
  private readonly deviations = new Map<Observable, string>();
  private readonly reconcileEveryMs: number;
  private readonly wallNowMs: () => number;
  private installed: FleetPolicies = {};
  private clockStatus: ClockStatus = { drivable: false, reason: "the world is not open" };
  private driving = false;
  private t0Ms = 0;
  private skewMs = 0;
  private clockMove: { cause: number | undefined } | undefined;
  private initialPhase = true;
  private lastPollMs = Number.NEGATIVE_INFINITY;
  private readonly afterInitial: Array<() => void> = [];
  private readonly counters = { polls: 0, targetedReads: 0, intents: 0, failedWrites: 0, failedReads: 0 };
  /** The API's call counts when the world opened (the API may be shared by a backend's worlds). */
  private callsAtOpen = new Map<string, number>();

  constructor(
    spec: FleetSpec,
    rng: Rng,
    readonly api: AwsApi,
    private readonly options: AccountFleetOptions,
  ) {
    this.spec = spec;
    for (const group of spec.groups) this.groups.set(group.name, group);
    this.runId = options.runId;
    this.scenarioRunId = options.scenarioRunId ?? options.runId;
    this.external = options.external ?? false;
    this.parameterPrefix = `/cattleprod/${this.runId}/${this.scenarioRunId.replace(/[^A-Za-z0-9_.-]/g, "_")}/`;
    this.reconcileEveryMs = options.reconcileEveryMs ?? (this.external ? 60_000 : 3_600_000);
    this.wallNowMs = options.wallNowMs ?? (() => Date.now());
    this.intents = new IntentLog(options.patience ?? 1);
    this.bus = new EventBus(this.history);
    this.table = new InstanceTable(spec);
    this.access = new AccessDesk(this);
    this.network = new Network(this);
    this.data = new DataDesk(this);
    this.fault = new FaultDesk(this, rng, (id, cause) => this.data.lose(id, cause));
    this.health = new InstanceHealth(this, this.table);
    this.patches = new Configuration(this, this.table);
    this.instances = new AccountInstances(this, rng);
    this.config = new AccountConfig(this);
    this.ingress = new AccountIngress(this);
    this.imageDesk = new AccountImages(this);
    this.accountClock = new AccountClock({
      endpoint: options.clockEndpoint,
      holder: this.scenarioRunId,
      ...(options.leaseWaitMs === undefined ? {} : { leaseWaitMs: options.leaseWaitMs }),
      ...(options.log ? { log: options.log } : {}),
      wallNowMs: this.wallNowMs,
    });
    const phase = (): { initial: boolean; move: { cause: number | undefined } | undefined } => ({
      initial: this.initialPhase,
      move: this.clockMove,
    });
    this.observer = new AccountObserver(this, {
      get initialPhase() {
        return phase().initial;
      },
      get clockMove() {
        return phase().move;
      },
      adopt: (where, actor) => this.instances.local(this.instances.nextId(), where, actor, this.nowMs()),
      boot: (instance) => this.boot(instance),
      retire: (id, cause) => {
        this.ports.delete(id);
        this.data.lose(id, cause);
      },
      setHaRole: (id, role, actor) => void this.health.setHaRole(id, role, actor),
      deviation: (observable, deviation) => {
        if (this.deviations.has(observable) || !this.driving) return;
        this.deviations.set(observable, deviation);
        this.emit("account.deviation", "world", { observable, deviation });
      },
    });
  }

  // ---- the world ------------------------------------------------------------------------------

  /**
   * Learns what the account can show: drives its clock when the fleet needs ages (an immutable group, or an
   * initial age) and the account allows it (cattleprod's LocalStack: libfaketime and the fidelity plugin),
   * taking the clock lease; sets how StartInstances treats LaunchTime when asked to.
   */
  async open(): Promise<void> {
    this.callsAtOpen = new Map(this.api.calls);
    const endpoint = this.options.clockEndpoint;
    if (this.options.launchTimeOnStart && endpoint)
      await setLaunchTimeFidelity(endpoint, await this.api.callerAccount(), this.options.launchTimeOnStart);
    const needsClock = this.spec.groups.some((g) => g.vmType === "immutable" || g.initialAgeMs > 0);
    this.clockStatus = needsClock
      ? await this.accountClock.open()
      : { drivable: false, reason: "this run drives no clock (no immutable group, no initial age)" };
    this.driving = this.clockStatus.drivable;
    this.t0Ms = Math.floor(this.wallNowMs() / 1000) * 1000;
    const status = this.clockStatus;
    this.emit("account.opened", "harness", {
      backend: this.options.backend,
      runId: this.runId,
      clock: status.drivable ? "drivable" : "not drivable",
      ...(status.drivable ? {} : { reason: status.reason }),
    });
  }

  async close(): Promise<void> {
    await this.accountClock.close();
  }

  /**
   * The images of every group and the fleet at time zero, as writes: groups launch oldest first, each with the
   * account's clock set back by its initial age, so the clock only moves forward. With an external platform only
   * Auto Scaling groups are created; the rest of the fleet is adopted from the account.
   */
  buildInitialFleet(): void {
    const images = new Map(this.spec.groups.map((group) => [group.name, this.imageDesk.installInitial(group)]));
    const byAge = [...this.spec.groups].sort((a, b) => b.initialAgeMs - a.initialAgeMs);
    for (const group of byAge) {
      const image = images.get(group.name) as Image;
      if (group.autoScaling) {
        this.queueAsg(group, image);
        continue;
      }
      if (this.external) continue;
      const actor = group.vmType === "pet" ? `operator:${group.operators[0] ?? "admin"}` : "pipeline";
      for (let i = 0; i < group.capacity; i++) {
        const zone = group.zones[i % group.zones.length] as string;
        const haRole = group.ha ? (i === 0 ? "active" : "passive") : undefined;
        this.instances.intendLaunch({ group: group.name, imageId: image.id, zone }, group, actor, -group.initialAgeMs, undefined, {
          initial: true,
          ...(haRole ? { haRole } : {}),
        });
      }
    }
    for (const group of this.spec.groups)
      if (group.replicationFactor > 0) this.afterInitial.push(() => this.data.placeInitial(group, this.table.members(group.name)));
  }

  /** Runs to `endMs`: after every task its writes go out and what they touched is read back; a full poll every interval. */
  async runUntil(endMs: number): Promise<void> {
    if (this.initialPhase) {
      await this.settle();
      await this.poll();
      this.initialPhase = false;
      for (const place of this.afterInitial.splice(0)) place();
      await this.settle();
    }
    for (;;) {
      const next = this.time.nextMs();
      const hook = this.hooks[0];
      if (hook && hook.atMs <= endMs && (next === undefined || hook.atMs <= next)) {
        this.hooks.shift();
        this.time.advanceTo(hook.atMs);
        await hook.hook(this);
        await this.poll();
        continue;
      }
      if (next === undefined || next > endMs) break;
      this.time.runNext();
      await this.settle();
      if (this.nowMs() - this.lastPollMs >= this.reconcileEveryMs) await this.poll();
    }
    this.time.advanceTo(endMs);
    await this.poll();
    this.observer.finalize();
    this.bus.deliver();
  }

  /** Runs `hook` when the clock reaches `atMs`, before tasks due then; a full poll follows it. */
  at(atMs: number, hook: AccountHook): void {
    this.hooks.push({ atMs, hook });
    this.hooks.sort((a, b) => a.atMs - b.atMs);
  }

  observations(): WorldObservations {
    const healthy: Record<string, number> = {};
    for (const group of this.spec.groups) healthy[group.name] = this.table.healthyCount(group.name);
    const status = this.clockStatus;
    return {
      healthy,
      backend: {
        runId: this.runId,
        scenarioRunId: this.scenarioRunId,
        ...this.callFigures(),
        polls: this.counters.polls,
        targetedReads: this.counters.targetedReads,
        intents: this.counters.intents,
        unapplied: this.history.ofKind("api.unapplied").length,
        failedWrites: this.counters.failedWrites,
        failedReads: this.counters.failedReads,
        clock: status.drivable
          ? { drivable: true, sets: this.accountClock.sets, skewMs: this.skewMs, t0: new Date(this.t0Ms).toISOString() }
          : { drivable: false, reason: status.reason },
        ...(this.deviations.size > 0 ? { deviations: Object.fromEntries(this.deviations) } : {}),
      },
    };
  }

  /** API calls of this world (since it opened), per operation and in total. */
  private callFigures(): { calls: Record<string, number>; totalCalls: number } {
    const calls: Record<string, number> = {};
    let totalCalls = 0;
    for (const [operation, count] of this.api.calls) {
      const own = count - (this.callsAtOpen.get(operation) ?? 0);
      if (own > 0) calls[operation] = own;
      totalCalls += own;
    }
    return { calls, totalCalls };
  }

  evidence(observable: Observable): EvidenceOffer {
    if (observable === "age" || observable === "restart-age") {
      if (!this.driving)
        return clockUnavailable(
          `the account clock is not driven here: ${this.clockStatus.drivable ? "not open" : this.clockStatus.reason}`,
        );
      const deviation = this.deviations.get(observable);
      if (deviation) return clockUnavailable(`${deviation}: the stop/start evasion does not take effect here`);
    }
    return ACCOUNT_OFFERS[observable];
  }

  /** The EC2 id behind a model instance id. */
  ec2IdOf(modelId: string): string | undefined {
    return this.ec2ByModel.get(modelId);
  }

  /** The AMI behind a model image id. */
  amiOf(imageId: string): string | undefined {
    return this.amiByImage.get(imageId);
  }

  // ---- running writes and reads ---------------------------------------------------------------

  /** Delivers events, sends the writes they led to and reads back what those touched, until nothing is left. */
  private async settle(): Promise<void> {
    for (let round = 0; ; round++) {
      this.bus.deliver();
      if (this.ops.length === 0) return;
      if (round >= MAX_SETTLE_ROUNDS)
        throw new CattleprodError(
          "E_BACKEND",
          `Failed to settle the account at ${formatDuration(this.nowMs())}: writes still led to writes after ${round} rounds ` +
            `(last: ${this.ops.map((op) => op.operation).join(", ")}). This is a harness bug: report it with the scenario.`,
        );
      const touched = await this.flush();
      await this.observe(touched, false);
    }
  }

  /** Reads everything of the scenario run from the account now (a full poll), and settles what it leads to. */
  async refresh(): Promise<void> {
    await this.poll();
  }

  private async poll(): Promise<void> {
    await this.settle();
    await this.observe({}, true);
    this.lastPollMs = this.nowMs();
    this.clockMove = undefined;
    await this.settle();
  }

  /** Sends every queued write, in order, with the account's clock set for those that stamp a time. */
  private async flush(): Promise<Touches> {
    if (this.options.signal?.aborted)
      throw new CattleprodError("E_INTERRUPTED", "Failed to go on: the run was interrupted. Its resources are swept next.");
    const touched = { instances: new Set<string>(), ingress: new Set<string>(), images: new Set<string>(), parameters: new Set<string>() };
    while (this.ops.length > 0) {
      for (const op of this.ops.splice(0)) {
        try {
          if (op.stampMs !== undefined && this.driving) await this.accountClock.set(this.t0Ms + op.stampMs + this.skewMs);
          await op.run();
        } catch (error) {
          const fault = (error as Error).name || String(error);
          this.counters.failedWrites++;
          this.emit("api.fault", "world", { operation: op.operation, fault });
          for (const seq of op.intents) {
            const intent = this.intents.find((i) => i.seq === seq);
            if (intent) intent.failed = `${op.operation} failed: ${(error as Error).message || fault}`;
          }
        }
        for (const id of op.touches.instances ?? []) touched.instances.add(id);
        for (const id of op.touches.ingress ?? []) touched.ingress.add(id);
        for (const id of op.touches.images ?? []) touched.images.add(id);
        for (const name of op.touches.parameters ?? []) touched.parameters.add(name);
      }
    }
    return {
      instances: [...touched.instances],
      ingress: [...touched.ingress],
      images: [...touched.images],
      parameters: [...touched.parameters],
    };
  }

  private async observe(touches: Touches, full: boolean): Promise<void> {
    if (full) this.counters.polls++;
    else this.counters.targetedReads++;
    const snap = await readAccount(this, touches, full, (call, error) => {
      this.counters.failedReads++;
      this.emit("api.fault", "world", { operation: call, fault: error.name || String(error) });
    });
    this.observer.reconcile(snap);
  }

  private queueAsg(group: GroupSpec, image: Image): void {
    const name = `${this.scenarioRunId}-${group.name}`.replace(/[^A-Za-z0-9_.-]/g, "-");
    const zones = group.zones.flatMap((zone) => this.availabilityZone(zone) ?? []);
    this.queue({
      operation: "CreateAutoScalingGroup",
      intents: [],
      stampMs: -group.initialAgeMs,
      touches: {},
      run: () =>
        createGroupAsg(this.api, {
          name,
          amiId: this.amiByImage.get(image.id) ?? image.id,
          zones: zones.length > 0 ? zones : [`${this.api.target.region}a`],
          capacity: group.capacity,
          tags: this.scopeTags({ [TAG.group]: group.name, [TAG.vmType]: group.vmType, [TAG.config]: "v1" }),
        }),
    });
  }

  private boot(instance: MutableInstance): void {
    const generation = ++instance.bootGeneration;
    this.time.after(this.spec.bounds.bootMs, () => {
      if (instance.state !== "pending" || instance.bootGeneration !== generation) return;
      instance.state = "running";
      this.emit("instance.running", "world", { instanceId: instance.id, ...(instance.group ? { group: instance.group } : {}) });
    });
  }

  // ---- what the pieces share (AccountContext) -------------------------------------------------

  nowMs(): number {
    return this.time.nowMs();
  }

  emit<K extends EventKind>(kind: K, actor: string, payload: EventPayloads[K], cause?: number): HistoryEvent<K> {
    return this.history.append(this.time.nowMs(), kind, actor, payload, cause);
  }

  fact<K extends EventKind>(kind: K, actor: string, payload: EventPayloads[K], cause: number | undefined, call: string): HistoryEvent<K> {
    return this.history.appendObserved(this.time.nowMs(), kind, actor, payload, cause, call);
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

  scopeTags(extra: Record<string, string> = {}): Record<string, string> {
    return { [TAG.runId]: this.runId, [TAG.creator]: this.runId, [TAG.scenarioRun]: this.scenarioRunId, ...extra };
  }

  parameterOf(group: string): string {
    return `${this.parameterPrefix}${group}/current-image`;
  }

  write(
    intent: Parameters<AccountContext["write"]>[0] & { readonly expect: Expectation },
    op: Omit<Op, "intents" | "operation"> | undefined,
  ): number {
    const event = this.emit(
      "api.intent",
      intent.actor,
      { operation: intent.operation, resource: intent.resource, serves: intent.serves, observable: intent.observable },
      intent.cause,
    );
    this.counters.intents++;
    this.intents.add({
      seq: event.seq,
      operation: intent.operation,
      resource: intent.resource,
      serves: intent.serves,
      observable: intent.observable,
      actor: intent.actor,
      cause: intent.cause,
      expect: intent.expect,
      detail: intent.detail ?? {},
      misses: 0,
    });
    if (op) this.ops.push({ ...op, operation: intent.operation, intents: [event.seq] });
    return event.seq;
  }

  queue(op: Op): void {
    this.ops.push(op);
  }

  createdAtOf(attachTimeMs: number | undefined, launchTimeMs: number, fallbackMs: number): number {
    if (!this.driving) return fallbackMs;
    return (attachTimeMs ?? launchTimeMs) - this.t0Ms - this.skewMs;
  }

  startedAtOf(launchTimeMs: number, fallbackMs: number): number {
    return this.driving ? launchTimeMs - this.t0Ms - this.skewMs : fallbackMs;
  }

  availabilityZone(zone: string): string | undefined {
    return /^[a-z]$/.test(zone) ? `${this.api.target.region}${zone}` : undefined;
  }

  zoneOf(availabilityZone: string, tags: Readonly<Record<string, string>>): string {
    const region = this.api.target.region;
    if (availabilityZone.startsWith(region) && availabilityZone.length === region.length + 1) return availabilityZone.slice(-1);
    return tags[TAG.zone] ?? "a";
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
    return this.imageDesk.current(group);
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
    return this.ingress.publicIngress(instanceId);
  }

  // ---- writes: instances, configuration, images (through the account) ------------------------

  launch(request: LaunchRequest, actor: string, cause?: number): LaunchResult {
    return this.instances.launch(request, actor, cause);
  }

  terminate(instanceId: string, actor: string, reason: string, cause?: number): boolean {
    return this.instances.terminate(instanceId, actor, reason, cause);
  }

  stop(instanceId: string, actor: string, cause?: number): boolean {
    return this.instances.stop(instanceId, actor, cause);
  }

  start(instanceId: string, actor: string, cause?: number): boolean {
    return this.instances.start(instanceId, actor, cause);
  }

  writeConfig(instanceId: string, version: string, actor: string, cause?: number): boolean {
    return this.config.writeConfig(instanceId, version, actor, cause);
  }

  applyDesiredConfig(instanceId: string, actor: string, cause?: number): boolean {
    return this.config.applyDesiredConfig(instanceId, actor, cause);
  }

  registerImage(draft: ImageDraft, actor: string, cause?: number): Image {
    return this.imageDesk.register(draft, actor, cause);
  }

  submitImage(imageId: string, actor: string, cause?: number, batch?: string): void {
    this.imageDesk.submit(imageId, actor, cause, batch);
  }

  scanImage(imageId: string, actor: string, cause?: number): "passed" | "failed" {
    return this.imageDesk.scan(imageId, actor, cause);
  }

  approveImage(imageId: string, actor: string, cause?: number): void {
    this.imageDesk.approve(imageId, actor, cause);
  }

  rejectImage(imageId: string, reason: string, actor: string, cause?: number): void {
    this.imageDesk.reject(imageId, reason, actor, cause);
  }

  promoteImage(group: string, imageId: string, actor: string, cause?: number): void {
    this.imageDesk.promote(group, imageId, actor, cause);
  }

  openIngress(instanceId: string, port: number, actor: string, cause?: number): boolean {
    return this.ingress.openIngress(instanceId, port, actor, cause);
  }

  revokeIngress(instanceId: string, port: number, actor: string, cause?: number): boolean {
    return this.ingress.revokeIngress(instanceId, port, actor, cause);
  }

  // ---- writes kept in the model ---------------------------------------------------------------

  recover(instanceId: string, actor: string, cause?: number): boolean {
    return this.health.recover(instanceId, actor, cause);
  }

  taint(instanceId: string, reason: string, actor: string, cause?: number): boolean {
    return this.health.taint(instanceId, reason, actor, cause);
  }

  setHaRole(instanceId: string, role: HaRole, actor: string, cause?: number): boolean {
    return this.health.setHaRole(instanceId, role, actor, cause);
  }

  patchInPlace(instanceId: string, level: number, actor: string, cause?: number): boolean {
    return this.patches.patchInPlace(instanceId, level, actor, cause);
  }

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

  /** Without a driven clock, age stays modelled: the instance's modelled creation time moves back. */
  backdate(instanceId: string, byMs: number, actor: string, cause?: number): boolean {
    return this.fault.backdate(instanceId, byMs, actor, cause);
  }

  /**
   * With a driven clock, age chaos moves the account's clock forward by `byMs`: every live instance ages (an
   * account world cannot age single instances). The ages are read back from the account after the move.
   */
  ageAll(byMs: number, actor: string, cause?: number): { readonly affected: readonly string[]; readonly note: string } | undefined {
    if (!this.driving) return undefined;
    if (byMs <= 0) return { affected: [], note: "age by 0: nothing moved" };
    const affected = [...this.table.liveAll()].map((instance) => instance.id);
    this.skewMs += byMs;
    this.clockMove = { cause };
    this.emit("account.clock-moved", actor, { byMs, skewMs: this.skewMs, affected }, cause);
    this.queue({ operation: "SetAccountClock", intents: [], stampMs: this.nowMs(), touches: { instances: affected }, run: async () => {} });
    const shown = affected.length > 6 ? `${affected.slice(0, 6).join(", ")} and ${affected.length - 6} more` : affected.join(", ");
    return {
      affected,
      note:
        `moved the account clock forward by ${formatDuration(byMs)}: every live instance aged (${shown || "none"}); ` +
        "on an account world age chaos cannot pick single instances",
    };
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
