import {
  formatDuration,
  History,
  type AccountWorld,
  type Clock,
  type EventKind,
  type EventPayloads,
  type EvidenceOffer,
  type FaultSurface,
  type FleetDriver,
  type FleetSpec,
  type HistoryEvent,
  type Image,
  type ImageDraft,
  type ImageStatus,
  type LaunchRequest,
  type LaunchResult,
  type Observable,
  type Rng,
  type Scheduler,
  type WorldObservations,
} from "../../core/index.ts";
import { ImageRegistry } from "../sim/image-registry.ts";
import { FleetFront, type MutableInstance } from "../sim/index.ts";
import { setLaunchTimeFidelity } from "./account-clock.ts";
import { AccountConfig } from "./account-config.ts";
import type { AccountContext, KnownImage, KnownInstance, Op } from "./account-context.ts";
import { AccountTime } from "./account-time.ts";
import { WriteQueue } from "./account-writes.ts";
import { AccountImages } from "./account-images.ts";
import { AccountIngress } from "./account-ingress.ts";
import { AccountInstances } from "./account-instances.ts";
import { IntentLog } from "./account-intents.ts";
import { ACCOUNT_OFFERS, clockUnavailable } from "./account-offers.ts";
import { AccountLoop } from "./account-loop.ts";
import { AccountObserver } from "./account-observer.ts";
import { awaitGroupCapacity, queueGroupAsg } from "./auto-scaling.ts";
import type { AwsApi } from "./aws-api.ts";
import { TAG } from "./tags.ts";

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

/** Where automation run beside an account world reaches it (see {@link AccountFleet.automationTarget}). */
export interface AutomationTarget {
  readonly backend: "localstack" | "aws";
  readonly endpoint?: string;
  readonly region: string;
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly runId: string;
  readonly scenarioRunId: string;
  /** The account's time at this virtual time (epoch ms) when its clock is driven; absent: real time. */
  readonly accountNowMs?: number;
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
export class AccountFleet extends FleetFront implements FleetDriver, FaultSurface, Scheduler, Clock, AccountContext, AccountWorld {
  readonly kind = "account";
  readonly clock: Clock = this;
  readonly driver: FleetDriver = this;
  readonly faults: FaultSurface = this;
  readonly scheduler: Scheduler = this;
  readonly runId: string;
  readonly scenarioRunId: string;
  readonly external: boolean;
  readonly parameterPrefix: string;
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
  private readonly instances: AccountInstances;
  private readonly config: AccountConfig;
  private readonly ingress: AccountIngress;
  private readonly imageDesk: AccountImages;
  private readonly loop: AccountLoop;
  private readonly accountTime: AccountTime;
  private readonly writes: WriteQueue;
  private readonly deviations = new Map<Observable, string>();
  /** The API's call counts when the world opened (the API may be shared by a backend's worlds). */
  private callsAtOpen = new Map<string, number>();

  constructor(
    spec: FleetSpec,
    rng: Rng,
    readonly api: AwsApi,
    private readonly options: AccountFleetOptions,
  ) {
    super(spec, rng, new History());
    this.runId = options.runId;
    this.scenarioRunId = options.scenarioRunId ?? options.runId;
    this.external = options.external ?? false;
    this.parameterPrefix = `/cattleprod/${this.runId}/${this.scenarioRunId.replace(/[^A-Za-z0-9_.-]/g, "_")}/`;
    this.intents = new IntentLog(options.patience ?? 1);
    this.instances = new AccountInstances(this, rng);
    this.config = new AccountConfig(this);
    this.ingress = new AccountIngress(this);
    this.imageDesk = new AccountImages(this);
    const clock = { endpoint: options.clockEndpoint, holder: this.scenarioRunId, leaseWaitMs: options.leaseWaitMs, log: options.log };
    this.accountTime = new AccountTime(clock, options.wallNowMs ?? (() => Date.now()));
    this.writes = new WriteQueue(
      (kind, actor, payload, cause) => this.emit(kind, actor, payload, cause),
      this.intents,
      this.accountTime,
      options.signal,
    );
    const loop = (): AccountLoop => this.loop;
    const time = this.accountTime;
    const observer = new AccountObserver(this, {
      get initialPhase() {
        return loop().initialPhase;
      },
      get clockMove() {
        return time.move;
      },
      adopt: (where, actor) => this.instances.local(this.instances.nextId(), where, actor, this.nowMs()),
      boot: (instance) => this.boot(instance),
      retire: (id, cause) => {
        this.ports.delete(id);
        this.data.lose(id, cause);
      },
      setHaRole: (id, role, actor) => void this.health.setHaRole(id, role, actor),
      deviation: (observable, deviation) => {
        if (this.deviations.has(observable) || !this.accountTime.driven) return;
        this.deviations.set(observable, deviation);
        this.emit("account.deviation", "world", { observable, deviation });
      },
    });
    this.loop = new AccountLoop({
      ctx: this,
      time: this.time,
      bus: this.bus,
      writes: this.writes,
      observer,
      accountTime: this.accountTime,
      reconcileEveryMs: options.reconcileEveryMs ?? (this.external ? 60_000 : 3_600_000),
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
    const status = await this.accountTime.open(this.spec.groups.some((g) => g.vmType === "immutable" || g.initialAgeMs > 0));
    this.emit("account.opened", "harness", {
      backend: this.options.backend,
      runId: this.runId,
      clock: status.drivable ? "drivable" : "not drivable",
      ...(status.drivable ? {} : { reason: status.reason }),
    });
  }

  async close(): Promise<void> {
    await this.accountTime.close();
  }

  /**
   * The images of every group and the fleet at time zero, as writes: groups launch oldest first, each with the
   * account's clock set back by its initial age, so the clock only moves forward. With an external platform only
   * Auto Scaling groups are created; the rest of the fleet is adopted from the account.
   */
  buildInitialFleet(): void {
    const images = new Map(this.spec.groups.map((group) => [group.name, this.imageDesk.installInitial(group)]));
    for (const group of [...this.spec.groups].sort((a, b) => b.initialAgeMs - a.initialAgeMs)) {
      const image = images.get(group.name) as Image;
      if (group.autoScaling) queueGroupAsg(this, group, image);
      else if (!this.external) this.instances.intendInitial(group, image);
    }
    for (const group of this.spec.groups)
      if (group.replicationFactor > 0) this.loop.whenStarted(() => this.data.placeInitial(group, this.table.members(group.name)));
  }

  /** Runs to `endMs`: after every task its writes go out and what they touched is read back; a full poll every interval. */
  runUntil(endMs: number): Promise<void> {
    return this.loop.runUntil(endMs);
  }

  /** Runs `hook` when the clock reaches `atMs`, before tasks due then; a full poll follows it. */
  at(atMs: number, hook: AccountHook): void {
    this.loop.at(atMs, () => hook(this));
  }

  /** Whether the account's clock is driven in this run (cattleprod's LocalStack); a real account's is real time. */
  get clockDriven(): boolean {
    return this.accountTime.driven;
  }

  /** Why the account's clock is not driven (undefined when it is). */
  get clockReason(): string | undefined {
    const status = this.accountTime.status;
    return status.drivable ? undefined : status.reason;
  }

  /**
   * Where a command platform's automation reaches this account at virtual time `atMs`: the endpoint, region and
   * credentials, the run's ids, and on an emulator the account time of `atMs` (its clock set to it first when driven;
   * when not, the fleet was launched at t0 and the mapping still holds), or none on a real account, where the
   * automation runs in real time.
   */
  async automationTarget(atMs: number): Promise<AutomationTarget> {
    await this.accountTime.stamp(atMs);
    const accountNowMs = this.options.backend === "aws" ? undefined : this.accountTime.accountMsAt(atMs);
    const { endpoint, region, credentials } = this.api.target;
    return {
      backend: this.options.backend,
      region,
      runId: this.runId,
      scenarioRunId: this.scenarioRunId,
      ...(endpoint ? { endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      ...(accountNowMs === undefined ? {} : { accountNowMs }),
    };
  }

  /**
   * After automation ran beside the world: waits (wall clock, at most `maxWallMs`) until the run's Auto Scaling
   * groups are back at their desired capacity, so their replacements show at the virtual time of the change that
   * caused them. Only groups the scenario backs with an Auto Scaling group are waited for.
   */
  async awaitAutomation(maxWallMs = 60_000): Promise<void> {
    if (this.spec.groups.some((g) => g.autoScaling)) await awaitGroupCapacity(this.api, this.scenarioRunId, maxWallMs);
  }

  /** Reads everything of the scenario run from the account now (a full poll), and settles what it leads to. */
  refresh(): Promise<void> {
    return this.loop.poll();
  }

  observations(): WorldObservations {
    const healthy: Record<string, number> = {};
    for (const group of this.spec.groups) healthy[group.name] = this.table.healthyCount(group.name);
    return {
      healthy,
      backend: {
        runId: this.runId,
        scenarioRunId: this.scenarioRunId,
        ...this.api.callsSince(this.callsAtOpen),
        ...this.loop.counters,
        intents: this.writes.recorded,
        unapplied: this.history.ofKind("api.unapplied").length,
        failedWrites: this.writes.failed,
        clock: this.accountTime.figures(),
        ...(this.deviations.size > 0 ? { deviations: Object.fromEntries(this.deviations) } : {}),
      },
    };
  }

  evidence(observable: Observable): EvidenceOffer {
    if (observable === "age" || observable === "restart-age") {
      const clock = this.accountTime.status;
      if (!clock.drivable) return clockUnavailable(`the account clock is not driven here: ${clock.reason}`);
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

  private boot(instance: MutableInstance): void {
    const generation = ++instance.bootGeneration;
    this.time.after(this.spec.bounds.bootMs, () => {
      if (instance.state !== "pending" || instance.bootGeneration !== generation) return;
      instance.state = "running";
      this.emit("instance.running", "world", { instanceId: instance.id, ...(instance.group ? { group: instance.group } : {}) });
    });
  }

  // ---- what the pieces share (AccountContext) -------------------------------------------------

  fact<K extends EventKind>(kind: K, actor: string, payload: EventPayloads[K], cause: number | undefined, call: string): HistoryEvent<K> {
    return this.history.appendObserved(this.time.nowMs(), kind, actor, payload, cause, call);
  }

  scopeTags(extra: Record<string, string> = {}): Record<string, string> {
    return { [TAG.runId]: this.runId, [TAG.creator]: this.runId, [TAG.scenarioRun]: this.scenarioRunId, ...extra };
  }

  parameterOf(group: string): string {
    return `${this.parameterPrefix}${group}/current-image`;
  }

  write(intent: Parameters<AccountContext["write"]>[0], op: Omit<Op, "intents" | "operation"> | undefined): number {
    return this.writes.write(intent, op);
  }

  queue(op: Op): void {
    this.writes.queue(op);
  }

  createdAtOf(attachTimeMs: number | undefined, launchTimeMs: number, fallbackMs: number): number {
    return this.accountTime.createdAtOf(attachTimeMs, launchTimeMs, fallbackMs);
  }

  startedAtOf(launchTimeMs: number, fallbackMs: number): number {
    return this.accountTime.startedAtOf(launchTimeMs, fallbackMs);
  }

  availabilityZone(zone: string): string | undefined {
    return /^[a-z]$/.test(zone) ? `${this.api.target.region}${zone}` : undefined;
  }

  zoneOf(availabilityZone: string, tags: Readonly<Record<string, string>>): string {
    const region = this.api.target.region;
    if (availabilityZone.startsWith(region) && availabilityZone.length === region.length + 1) return availabilityZone.slice(-1);
    return tags[TAG.zone] ?? "a";
  }

  // ---- reads and writes of what the account keeps --------------------------------------------

  image(id: string): Image | undefined {
    return this.images.get(id);
  }

  imageStatus(id: string): ImageStatus | undefined {
    return this.images.statusOf(id);
  }

  currentImage(group: string): Image {
    return this.imageDesk.current(group);
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

  // ---- faults (chaos only) --------------------------------------------------------------------

  /** Without a driven clock, age stays modelled: the instance's modelled creation time moves back. */
  /**
   * With a driven clock, age chaos moves the account's clock forward by `byMs`: every live instance ages (an
   * account world cannot age single instances). The ages are read back from the account after the move.
   */
  ageAll(byMs: number, actor: string, cause?: number): { readonly affected: readonly string[]; readonly note: string } | undefined {
    if (!this.accountTime.driven) return undefined;
    if (byMs <= 0) return { affected: [], note: "age by 0: nothing moved" };
    const affected = [...this.table.liveAll()].map((instance) => instance.id);
    const skewMs = this.accountTime.moveForward(byMs, cause);
    this.emit("account.clock-moved", actor, { byMs, skewMs, affected }, cause);
    this.queue({ operation: "SetAccountClock", intents: [], stampMs: this.nowMs(), touches: { instances: affected }, run: async () => {} });
    const shown = affected.length > 6 ? `${affected.slice(0, 6).join(", ")} and ${affected.length - 6} more` : affected.join(", ");
    return {
      affected,
      note:
        `moved the account clock forward by ${formatDuration(byMs)}: every live instance aged (${shown || "none"}); ` +
        "on an account world age chaos cannot pick single instances",
    };
  }
}
