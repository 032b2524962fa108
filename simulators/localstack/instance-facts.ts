import type { HaRole, VmType } from "../../core/index.ts";
import { isVmType } from "../../core/index.ts";
import type { MutableInstance } from "../sim/index.ts";
import type { AccountContext, KnownInstance } from "./account-context.ts";
import type { Intent } from "./account-intents.ts";
import type { Snapshot } from "./account-reads.ts";
import type { ObservedInstance } from "./aws-api.ts";
import { TAG } from "./tags.ts";

/** What the instance facts ask of their world. */
export interface InstanceWorld {
  /** Facts seen while the fleet at time zero comes up: instances run at once. */
  readonly initialPhase: boolean;
  /** A model instance for an instance nobody of cattleprod's launched. */
  adopt(where: { group: string | undefined; vmType: VmType | undefined; zone: string; imageId: string }, actor: string): MutableInstance;
  /** Starts the modelled boot of an instance the account shows launched or started. */
  boot(instance: MutableInstance): void;
  /** What goes with a terminated instance (its data copies, its rules). */
  retire(instanceId: string, cause?: number): void;
  setHaRole(instanceId: string, role: HaRole, actor: string): void;
  /** The account keeps LaunchTime across StartInstances: said once. */
  deviation(observable: "restart-age", deviation: string): void;
  /** The chaos step whose clock move the next ages follow, if any (backdates are its effects). */
  readonly clockMove: { readonly cause: number | undefined } | undefined;
}

/** An instance's state as cattleprod counts it. */
export type State = "running" | "stopped" | "terminated";

/** EC2's states folded: pending counts as running, stopping as stopped, shutting-down (or gone) as terminated. */
export function normal(state: string): State {
  if (state === "stopping" || state === "stopped") return "stopped";
  if (state === "shutting-down" || state === "terminated" || state === "absent") return "terminated";
  return "running";
}

/**
 * Instance facts from what the account shows: launches (with launch time, image, zone, tags and the writer of
 * the launch, or the account), stops, starts and terminations, configuration tags, world-open ports of the
 * attached security groups, and ages on the account's clock. The platform's view of each instance follows.
 */
export class InstanceFacts {
  /** Per Auto Scaling group: instances of its group seen terminated and not yet replaced, oldest first. */
  private readonly awaitingReplacement = new Map<string, string[]>();

  constructor(
    private readonly ctx: AccountContext,
    private readonly world: InstanceWorld,
  ) {}

  /** An instance the account shows for the first time: launched by `intent`'s writer, or by someone else. */
  launched(observed: ObservedInstance, intent: Intent | undefined): void {
    const tags = observed.tags;
    const vmType = isVmType(tags[TAG.vmType]) ? (tags[TAG.vmType] as VmType) : undefined;
    const group = tags[TAG.group] !== undefined && this.ctx.group(tags[TAG.group] as string) ? tags[TAG.group] : undefined;
    const imageId = this.ctx.imageByAmi.get(observed.imageId) ?? observed.imageId;
    const zone = this.ctx.zoneOf(observed.zone, tags);
    const asg = tags[TAG.asgName];
    const actor = intent?.actor ?? (asg ? `external/${asg}` : "account");
    const instance =
      intent === undefined
        ? this.world.adopt({ group, vmType, zone, imageId }, actor)
        : (this.ctx.table.get(intent.resource) as MutableInstance);
    this.ctx.ec2ByModel.set(instance.id, observed.ec2Id);
    this.ctx.modelByEc2.set(observed.ec2Id, instance.id);
    const planned = Number(intent?.detail["createdAtMs"] ?? this.ctx.nowMs());
    instance.createdAtMs = this.ctx.createdAtOf(observed.attachTimeMs, observed.launchTimeMs, planned);
    instance.lastStartedAtMs = this.ctx.startedAtOf(observed.launchTimeMs, this.ctx.nowMs());
    instance.zone = zone;
    instance.imageId = imageId;
    if (instance.vmType !== vmType) this.ctx.table.retype(instance, vmType);
    this.ctx.known.set(observed.ec2Id, {
      ec2Id: observed.ec2Id,
      modelId: instance.id,
      state: "running",
      tags: { ...tags, [TAG.config]: tags[TAG.config] ?? "" },
      securityGroups: observed.securityGroups,
      ports: [],
      launchTimeMs: observed.launchTimeMs,
      attachTimeMs: observed.attachTimeMs,
    });
    // An Auto Scaling group replaces what left its group: its launch is the replacement of the oldest such instance.
    const replaces = intent?.detail["replaces"] ?? (asg ? this.awaitingReplacement.get(asg)?.shift() : undefined);
    this.ctx.fact(
      "instance.launched",
      actor,
      {
        instanceId: instance.id,
        ...(group ? { group } : {}),
        ...(vmType ? { vmType } : {}),
        zone,
        imageId,
        createdAtMs: instance.createdAtMs,
        ...(typeof replaces === "string" ? { replaces } : {}),
      },
      intent?.cause,
      "DescribeInstances",
    );
    if (intent?.detail["initial"] === true || (intent === undefined && this.world.initialPhase)) {
      instance.state = "running";
      this.ctx.emit("instance.running", "world", { instanceId: instance.id, ...(group ? { group } : {}) });
      const role = intent?.detail["haRole"];
      if (typeof role === "string") this.world.setHaRole(instance.id, role as HaRole, actor);
    } else this.world.boot(instance);
  }

  /** Stopped, started or terminated: the fact, by the writer of `intent` or by the account. */
  stateFact(known: KnownInstance, state: State, observed: ObservedInstance | undefined, intent: Intent | undefined): void {
    const instance = this.ctx.table.get(known.modelId) as MutableInstance;
    const actor = intent?.actor ?? "account";
    const cause = intent?.cause;
    known.state = state;
    if (state === "terminated") {
      instance.state = "terminated";
      this.ctx.table.retire(instance);
      const reason = String(intent?.detail["reason"] ?? "observed terminated in the account");
      const payload = {
        instanceId: instance.id,
        ...(instance.group ? { group: instance.group } : {}),
        ...(instance.vmType ? { vmType: instance.vmType } : {}),
        reason,
        ageMs: this.ctx.nowMs() - instance.createdAtMs,
      };
      this.ctx.fact("instance.terminated", actor, payload, cause, "DescribeInstances");
      const asg = known.tags[TAG.asgName];
      if (asg) this.awaitingReplacement.set(asg, [...(this.awaitingReplacement.get(asg) ?? []), instance.id]);
      this.world.retire(instance.id, cause);
      return;
    }
    if (state === "stopped") {
      if (instance.state !== "stopped") instance.bootGeneration++;
      instance.state = "stopped";
      this.ctx.fact("instance.stopped", actor, { instanceId: instance.id }, cause, "DescribeInstances");
      return;
    }
    const launchTimeMs = observed?.launchTimeMs ?? known.launchTimeMs;
    if (Math.abs(launchTimeMs - known.launchTimeMs) < 1_000)
      this.world.deviation("restart-age", "the account kept LaunchTime across StartInstances (AWS sets it anew; LocalStack/moto keeps it)");
    known.launchTimeMs = launchTimeMs;
    instance.lastStartedAtMs = this.ctx.startedAtOf(launchTimeMs, this.ctx.nowMs());
    instance.state = "pending";
    this.ctx.fact("instance.started", actor, { instanceId: instance.id }, cause, "DescribeInstances");
    this.world.boot(instance);
  }

  /** What changed on an instance that no pending write explains. */
  instanceChanges(observed: ObservedInstance, snap: Snapshot): void {
    const known = this.ctx.known.get(observed.ec2Id);
    if (!known) {
      if (normal(observed.state) === "terminated") return;
      const modelId = observed.tags[TAG.id];
      if (modelId !== undefined && this.ctx.table.get(modelId)) return; // ours, its launch intent still pending
      if (this.ctx.external && !(observed.tags[TAG.group] && this.ctx.group(observed.tags[TAG.group] as string))) return;
      this.launched(observed, undefined);
      return this.instanceChanges(observed, snap);
    }
    if (known.state === "terminated") return;
    const instance = this.ctx.table.get(known.modelId) as MutableInstance;
    const state = normal(observed.state);
    if (state !== known.state) this.stateFact(known, state, observed, undefined);
    if (state === "terminated") return;
    const config = observed.tags[TAG.config] ?? "";
    if (config !== (known.tags[TAG.config] ?? "")) {
      const from = known.tags[TAG.config] ?? "";
      instance.actualConfig = config;
      if (config === instance.desiredConfig)
        this.ctx.fact("config.applied", "account", { instanceId: instance.id, version: config }, undefined, "DescribeInstances");
      else this.ctx.fact("config.drifted", "account", { instanceId: instance.id, from, to: config }, undefined, "DescribeInstances");
    }
    const vmType = isVmType(observed.tags[TAG.vmType]) ? (observed.tags[TAG.vmType] as VmType) : undefined;
    if (vmType !== instance.vmType) this.ctx.table.retype(instance, vmType);
    known.tags = observed.tags;
    known.securityGroups = observed.securityGroups;
    known.attachTimeMs = observed.attachTimeMs;
    const ports = snap.ports.get(observed.ec2Id);
    if (ports) this.portChanges(known, ports);
    this.ageChange(known, instance, observed);
  }

  private portChanges(known: KnownInstance, ports: readonly number[]): void {
    const local = this.ctx.ports.get(known.modelId) ?? new Set<number>();
    for (const port of ports.filter((p) => !known.ports.includes(p)))
      this.ctx.fact(
        "ingress.opened",
        "account",
        { instanceId: known.modelId, port, cidr: "0.0.0.0/0" },
        undefined,
        "DescribeSecurityGroups",
      );
    for (const port of known.ports.filter((p) => !ports.includes(p)))
      this.ctx.fact(
        "ingress.revoked",
        "account",
        { instanceId: known.modelId, port, cidr: "0.0.0.0/0" },
        undefined,
        "DescribeSecurityGroups",
      );
    known.ports = ports;
    local.clear();
    for (const port of ports) local.add(port);
    this.ctx.ports.set(known.modelId, local);
  }

  /** After the account's clock moved (age chaos), every instance the account shows is older: backdated, by chaos. */
  private ageChange(known: KnownInstance, instance: MutableInstance, observed: ObservedInstance): void {
    const move = this.world.clockMove;
    if (!move) return;
    const createdAtMs = this.ctx.createdAtOf(observed.attachTimeMs, observed.launchTimeMs, instance.createdAtMs);
    const byMs = instance.createdAtMs - createdAtMs;
    if (byMs < 1_000) return;
    instance.createdAtMs = createdAtMs;
    instance.lastStartedAtMs = this.ctx.startedAtOf(known.launchTimeMs, instance.lastStartedAtMs);
    this.ctx.fact("instance.backdated", "chaos", { instanceId: instance.id, byMs, createdAtMs }, move.cause, "DescribeInstances");
  }

  /** A live instance described by id that the account no longer has. */
  vanished(ec2Id: string): void {
    const known = this.ctx.known.get(ec2Id);
    if (known && known.state !== "terminated") this.stateFact(known, "terminated", undefined, undefined);
  }
}
