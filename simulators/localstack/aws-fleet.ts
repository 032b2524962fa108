import type { FleetSpec, HistoryEvent, Rng } from "../../core/index.ts";
import { SimFleet } from "../sim/index.ts";
import { TAG, type AwsApi } from "./aws-api.ts";

/** An API write waiting for the end of the current task. */
type Op = () => Promise<void>;

/** What the AWS side of a run did, for the report and the benchmark. */
export interface AwsStats {
  readonly runId: string;
  readonly calls: Readonly<Record<string, number>>;
  readonly totalCalls: number;
  readonly reconciles: number;
  readonly describePages: number;
  /** Instances the account reported gone while the model had them alive. */
  readonly observedTerminations: number;
  /** API writes that failed after the SDK's retries. */
  readonly failedWrites: number;
  /** Reads of the account (DescribeInstances) that failed after the SDK's retries. */
  readonly failedReads: number;
  /** Virtual time minus wall time at the end: the explicit offset of the platform's clock. */
  readonly clockOffsetMs: number;
}

/** Options of an AWS-backed fleet. */
export interface AwsFleetOptions {
  /** The id every resource is tagged with (`cattleprod:run-id`); `cattleprod sweep --run-id` takes it. */
  readonly runId: string;
  /** This scenario's part of the run (`cattleprod:scenario-run`): reconcile reads only its own instances. */
  readonly scenarioRunId?: string;
  /** Virtual time between reads of the account (DescribeInstances). Default 1h; 1m for external platforms. */
  readonly reconcileEveryMs?: number;
  /** Wall clock, for the reported clock offset only (never for decisions). */
  readonly wallNowMs?: () => number;
  /**
   * The account's own automation keeps the fleet (`--platform external`): cattleprod launches
   * nothing, adopts the instances tagged with the run id (and `cattleprod:group`), and records
   * what the account does to them.
   */
  readonly external?: boolean;
}

/**
 * A FleetDriver whose fleet lives in an AWS account (LocalStack or real). Every change the
 * platform or chaos makes becomes API calls (RunInstances, TerminateInstances, CreateTags,
 * security-group rules, key pairs, images, SSM parameters), flushed after each task before
 * virtual time moves on; DescribeInstances (paginated, by run-id tag) reads the account back,
 * and an instance the account no longer has is recorded as terminated ("observed"). Time is the
 * run's virtual clock: an API cannot backdate a launch, so ages live in the
 * `cattleprod:created-at` tag, which stop/start never changes.
 */
export class AwsFleet extends SimFleet {
  readonly runId: string;
  readonly scenarioRunId: string;
  readonly external: boolean;
  private readonly ops: Op[] = [];
  /** Terminations waiting for one batched TerminateInstances call. */
  private readonly terminating: string[] = [];
  /** Set while adopting, so the launch event maps an existing EC2 instance instead of creating one. */
  private adopting: string | undefined;
  private readonly ec2Ids = new Map<string, string>();
  private readonly amis = new Map<string, string>();
  /** Per-instance security groups holding world-open rules, created on first use. */
  private readonly instanceSgs = new Map<string, Promise<string>>();
  private readonly reconcileEveryMs: number;
  private readonly wallNowMs: () => number;
  private readonly wallStartMs: number;
  private lastReconcileMs = Number.NEGATIVE_INFINITY;
  private readonly awsCounters = { reconciles: 0, pages: 0, observedTerminations: 0, failedWrites: 0, failedReads: 0 };

  constructor(
    spec: FleetSpec,
    rng: Rng,
    readonly api: AwsApi,
    options: AwsFleetOptions,
  ) {
    super(spec, rng);
    this.runId = options.runId;
    this.scenarioRunId = options.scenarioRunId ?? options.runId;
    this.external = options.external ?? false;
    this.reconcileEveryMs = options.reconcileEveryMs ?? (this.external ? 60_000 : 3_600_000);
    this.wallNowMs = options.wallNowMs ?? (() => performance.now());
    this.wallStartMs = this.wallNowMs();
    this.history.onAppend((event) => this.project(event));
  }

  override buildInitialFleet(options: { readonly launch?: boolean } = {}): void {
    super.buildInitialFleet(this.external ? { launch: false } : options);
  }

  /** Runs the virtual clock to `endMs`, flushing API writes after every task and reading the account back periodically. */
  async run(endMs: number): Promise<void> {
    if (this.external) {
      await this.flush();
      await this.reconcile();
    }
    await this.runUntilAsync(endMs, async () => {
      await this.flush();
      if (this.nowMs() - this.lastReconcileMs >= this.reconcileEveryMs) await this.reconcile();
    });
    await this.flush();
    await this.reconcile();
  }

  /** Sends every queued write, in order. A write that fails after retries is recorded, not thrown. */
  async flush(): Promise<void> {
    while (this.ops.length > 0) {
      const batch = this.ops.splice(0, this.ops.length);
      for (const op of batch) {
        try {
          await op();
        } catch (error) {
          this.awsCounters.failedWrites++;
          this.history.append(this.nowMs(), "api.fault", "world", { operation: "write", fault: (error as Error).name || String(error) });
        }
      }
    }
  }

  /**
   * Reads the run's instances from the account (one call per page), records instances it no
   * longer has, and, for an external platform, adopts the ones its automation launched.
   */
  async reconcile(): Promise<void> {
    this.lastReconcileMs = this.nowMs();
    let read: Awaited<ReturnType<AwsApi["describeTagged"]>>;
    try {
      read = this.external
        ? await this.api.describeTagged(TAG.runId, this.runId)
        : await this.api.describeTagged(TAG.scenarioRun, this.scenarioRunId);
    } catch (error) {
      // A read that fails after the SDK's retries is recorded, not thrown: the model stands until the next read.
      this.awsCounters.failedReads++;
      this.history.append(this.nowMs(), "api.fault", "world", {
        operation: "DescribeInstances",
        fault: (error as Error).name || String(error),
      });
      return;
    }
    const { instances, pages } = read;
    this.awsCounters.reconciles++;
    this.awsCounters.pages += pages;
    const observed = new Map(instances.map((i) => [i.ec2Id, i]));
    for (const [modelId, ec2Id] of this.ec2Ids) {
      const model = this.instance(modelId);
      if (!model || model.state === "terminated") continue;
      const seen = observed.get(ec2Id);
      if (!seen || seen.state === "terminated" || seen.state === "shutting-down") {
        this.awsCounters.observedTerminations++;
        this.observeTermination(modelId, "observed terminated in the account");
      }
    }
    if (!this.external) return;
    const known = new Set(this.ec2Ids.values());
    for (const seen of instances) {
      const group = seen.tags[TAG.group];
      if (known.has(seen.ec2Id) || group === undefined || !this.group(group) || (seen.state !== "running" && seen.state !== "pending"))
        continue;
      this.adopting = seen.ec2Id;
      try {
        this.adopt(group, this.group(group)?.zones[0] ?? "a", `external/${seen.tags["aws:autoscaling:groupName"] ?? "account"}`);
      } finally {
        this.adopting = undefined;
      }
    }
  }

  /** The EC2 id behind a model instance id. */
  ec2IdOf(modelId: string): string | undefined {
    return this.ec2Ids.get(modelId);
  }

  stats(): AwsStats {
    return {
      runId: this.runId,
      calls: Object.fromEntries(this.api.calls),
      totalCalls: this.api.totalCalls(),
      reconciles: this.awsCounters.reconciles,
      describePages: this.awsCounters.pages,
      observedTerminations: this.awsCounters.observedTerminations,
      failedWrites: this.awsCounters.failedWrites,
      failedReads: this.awsCounters.failedReads,
      clockOffsetMs: Math.round(this.nowMs() - (this.wallNowMs() - this.wallStartMs)),
    };
  }

  private tags(extra: Record<string, string>): Record<string, string> {
    return { [TAG.runId]: this.runId, [TAG.scenarioRun]: this.scenarioRunId, ...extra };
  }

  private onInstance(modelId: string, op: (ec2Id: string) => Promise<void>): void {
    this.ops.push(async () => {
      const ec2Id = this.ec2Ids.get(modelId);
      if (ec2Id) await op(ec2Id);
    });
  }

  /** Terminations made in one task go out as one TerminateInstances call. */
  private queueTermination(modelId: string): void {
    this.terminating.push(modelId);
    if (this.terminating.length > 1) return;
    this.ops.push(async () => {
      const ids = this.terminating
        .splice(0)
        .map((id) => this.ec2Ids.get(id))
        .filter((id): id is string => id !== undefined);
      if (ids.length > 0) await this.api.terminate(ids);
    });
  }

  private tagInstance(modelId: string, tags: Record<string, string>): void {
    this.onInstance(modelId, (ec2Id) => this.api.tag([ec2Id], tags));
  }

  /** Turns a world event into the API writes that make the account match the model. */
  private project(event: HistoryEvent): void {
    switch (event.kind) {
      case "instance.launched": {
        if (this.adopting !== undefined) {
          // Launched by the account's automation: map it, create nothing.
          this.ec2Ids.set(event.instanceId, this.adopting);
          return;
        }
        const image = this.image(event.imageId);
        const tags = this.tags({
          [TAG.id]: event.instanceId,
          [TAG.createdAt]: String(event.createdAtMs),
          [TAG.config]: "v1",
          [TAG.patchLevel]: String(image?.patchLevel ?? 0),
          [TAG.image]: event.imageId,
          ...(event.vmType ? { [TAG.vmType]: event.vmType } : {}),
          ...(event.group ? { [TAG.group]: event.group } : {}),
        });
        this.ops.push(async () => {
          this.ec2Ids.set(event.instanceId, await this.api.runInstance(this.amis.get(event.imageId) ?? "ami-00cattleprod", tags));
        });
        return;
      }
      case "instance.terminated":
        if (event.actor !== "world" || event.reason !== "observed terminated in the account") this.queueTermination(event.instanceId);
        return;
      case "instance.stopped":
        return this.onInstance(event.instanceId, (id) => this.api.stop([id]));
      case "instance.started":
        return this.onInstance(event.instanceId, (id) => this.api.start([id]));
      case "instance.crashed":
        return this.tagInstance(event.instanceId, { [TAG.health]: "impaired" });
      case "instance.recovered":
        return this.tagInstance(event.instanceId, { [TAG.health]: "ok" });
      case "config.drifted":
        return this.tagInstance(event.instanceId, { [TAG.config]: event.to });
      case "config.applied":
        return this.tagInstance(event.instanceId, { [TAG.config]: event.version });
      case "instance.patched":
        return this.tagInstance(event.instanceId, { [TAG.patchLevel]: String(event.toLevel) });
      case "instance.tainted":
        return this.tagInstance(event.instanceId, { [TAG.tainted]: event.reason });
      case "ha.role":
        return this.tagInstance(event.instanceId, { [TAG.haRole]: event.role });
      case "instance.backdated":
        return this.tagInstance(event.instanceId, { [TAG.createdAt]: String(event.createdAtMs) });
      case "image.registered":
        this.ops.push(async () => {
          this.amis.set(
            event.imageId,
            await this.api.registerImage(
              `${event.name}-${event.imageId}-${this.runId}`,
              this.tags({
                [TAG.image]: event.imageId,
                [TAG.stage]: String(event.stage),
                [TAG.builtBy]: event.builtBy,
                [TAG.patchLevel]: String(event.patchLevel),
              }),
            ),
          );
        });
        return;
      case "image.approved":
      case "image.rejected":
        this.ops.push(async () => {
          const ami = this.amis.get(event.imageId);
          if (ami) await this.api.tag([ami], { [TAG.imageStatus]: event.kind === "image.approved" ? "approved" : "rejected" });
        });
        return;
      case "image.promoted":
        this.ops.push(async () =>
          this.api.putParameter(
            `/cattleprod/${this.runId}/${this.scenarioRunId.replace(/[^A-Za-z0-9_.-]/g, "_")}/${event.group}/current-image`,
            this.amis.get(event.imageId) ?? event.imageId,
          ),
        );
        return;
      case "ingress.opened":
      case "ingress.revoked":
        return this.projectIngress(event.instanceId, event.port, event.kind === "ingress.opened");
      case "key.injected":
        if (event.outcome === "accepted")
          this.ops.push(async () =>
            this.api.importKey(`cp-${this.runId}-${event.instanceId}-${event.keyName}`, this.tags({ [TAG.id]: event.instanceId })),
          );
        return;
      default:
        return;
    }
  }

  /** World-open rules live in a security group of the instance's own, tagged with the run id. */
  private projectIngress(modelId: string, port: number, open: boolean): void {
    this.ops.push(async () => {
      let sg = this.instanceSgs.get(modelId);
      if (!sg)
        this.instanceSgs.set(modelId, (sg = this.api.securityGroup(`cp-${this.runId}-${modelId}`, this.tags({ [TAG.id]: modelId }))));
      const groupId = await sg;
      if (open) await this.api.openWorld(groupId, port);
      else await this.api.closeWorld(groupId, port);
    });
  }
}
