import type { HaRole, VmType } from "../../core/index.ts";
import { isVmType } from "../../core/index.ts";
import type { MutableInstance } from "../sim/index.ts";
import type { AccountContext, KnownInstance } from "./account-context.ts";
import type { Intent } from "./account-intents.ts";
import type { ObservedImage, ObservedInstance } from "./aws-api.ts";
import type { Snapshot } from "./account-reads.ts";
import { TAG } from "./tags.ts";

/** What the observer asks of its world when a fact lands. */
export interface ObserverWorld {
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

type State = "running" | "stopped" | "terminated";

function normal(state: string): State {
  if (state === "stopping" || state === "stopped") return "stopped";
  if (state === "shutting-down" || state === "terminated" || state === "absent") return "terminated";
  return "running";
}

/**
 * Turns what the account showed into history facts. First the pending writes, in the order they were made: a
 * write whose effect is visible becomes the fact it serves, by its writer; then whatever else changed (made by
 * anyone else) becomes a fact by the account (`account`, or `external/<auto scaling group>`); last, writes whose
 * resource was read without their effect are given up as `api.unapplied`.
 */
export class AccountObserver {
  constructor(
    private readonly ctx: AccountContext,
    private readonly world: ObserverWorld,
  ) {}

  reconcile(snap: Snapshot): void {
    for (const intent of [...this.ctx.intents.all()]) this.check(intent, snap);
    this.newImages(snap);
    this.imageChanges(snap);
    this.parameterChanges(snap);
    for (const observed of snap.instances.values()) this.instanceChanges(observed, snap);
    for (const ec2Id of snap.described) if (!snap.instances.has(ec2Id)) this.vanished(ec2Id);
    this.giveUp(snap);
  }

  // ---- writes whose effect shows --------------------------------------------------------------

  private check(intent: Intent, snap: Snapshot): void {
    const seen = this.effect(intent, snap);
    if (seen === undefined) return;
    if (!seen) {
      if (this.ctx.intents.miss(intent)) this.unapplied(intent, `the account did not show it after ${intent.misses} read(s)`);
      return;
    }
    this.ctx.intents.settle(intent);
  }

  /** True when the effect was seen (and its fact appended), false when the resource was read without it, undefined when unread. */
  private effect(intent: Intent, snap: Snapshot): boolean | undefined {
    const expect = intent.expect;
    switch (expect.kind) {
      case "launch": {
        const ec2Id = this.ctx.ec2ByModel.get(expect.modelId);
        if (ec2Id === undefined) return intent.failed !== undefined ? false : undefined;
        const observed = snap.instances.get(ec2Id);
        if (!observed) return snap.described.has(ec2Id) ? false : undefined;
        this.launched(observed, intent);
        return true;
      }
      case "state": {
        const ec2Id = this.ctx.ec2ByModel.get(expect.modelId);
        const known = ec2Id === undefined ? undefined : this.ctx.known.get(ec2Id);
        if (ec2Id === undefined || !known) return intent.failed !== undefined ? false : undefined;
        const observed = snap.instances.get(ec2Id);
        const state = observed ? observed.state : snap.described.has(ec2Id) ? "absent" : undefined;
        if (state === undefined) return undefined;
        if (!expect.states.includes(state) && !this.superseded(intent, normal(state))) return false;
        this.stateFact(known, normal(intent.serves === "instance.terminated" ? "terminated" : state), observed, intent);
        return true;
      }
      case "config": {
        const known = this.knownOf(expect.modelId);
        const observed = known && snap.instances.get(known.ec2Id);
        if (!known || !observed) return undefined;
        const value = observed.tags[TAG.config] ?? "";
        if (value !== expect.value && !this.superseded(intent, value)) return false;
        const from = known.tags[TAG.config] ?? "";
        known.tags = { ...known.tags, [TAG.config]: expect.value };
        if (intent.serves === "config.applied")
          this.ctx.fact(
            "config.applied",
            intent.actor,
            { instanceId: known.modelId, version: expect.value },
            intent.cause,
            "DescribeInstances",
          );
        else
          this.ctx.fact(
            "config.drifted",
            intent.actor,
            { instanceId: known.modelId, from, to: expect.value },
            intent.cause,
            "DescribeInstances",
          );
        return true;
      }
      case "port": {
        const known = this.knownOf(expect.modelId);
        const ports = known && snap.ports.get(known.ec2Id);
        if (!known || !ports) return undefined;
        if (ports.includes(expect.port) !== expect.open && !this.superseded(intent, String(ports.includes(expect.port)))) return false;
        known.ports = expect.open ? [...new Set([...known.ports, expect.port])] : known.ports.filter((p) => p !== expect.port);
        const payload = { instanceId: known.modelId, port: expect.port, cidr: "0.0.0.0/0" };
        this.ctx.fact(expect.open ? "ingress.opened" : "ingress.revoked", intent.actor, payload, intent.cause, "DescribeSecurityGroups");
        return true;
      }
      case "image": {
        const ami = this.ctx.amiByImage.get(expect.imageId);
        if (ami === undefined) return intent.failed !== undefined ? false : undefined;
        const observed = snap.images.get(ami);
        if (!observed) return snap.full || snap.calls.has("DescribeImages") ? false : undefined;
        this.registered(observed, expect.imageId, intent.actor, intent.cause);
        return true;
      }
      case "image-tag": {
        const ami = this.ctx.amiByImage.get(expect.imageId);
        const known = ami === undefined ? undefined : this.ctx.knownImages.get(ami);
        const observed = ami === undefined ? undefined : snap.images.get(ami);
        if (!known || !observed) return ami === undefined && intent.failed !== undefined ? false : undefined;
        const value = observed.tags[expect.key];
        if (value !== expect.value && !this.superseded(intent, value ?? "")) return false;
        known.tags = { ...known.tags, [expect.key]: expect.value };
        this.imageFact(intent.serves, expect.imageId, intent.actor, intent.cause, intent.detail);
        return true;
      }
      case "parameter": {
        if (!snap.parametersRead.has(expect.name)) return undefined;
        const value = snap.parameters.get(expect.name);
        const wanted = expect.value();
        if (value === undefined || (value !== wanted && !this.superseded(intent, value))) return false;
        this.ctx.knownParameters.set(expect.name, wanted ?? value);
        const { group, imageId, previousImageId } = intent.detail as { group: string; imageId: string; previousImageId: string };
        this.ctx.fact("image.promoted", intent.actor, { group, imageId, previousImageId }, intent.cause, "GetParameters");
        return true;
      }
    }
  }

  /** A later pending write of the same resource explains what the account shows now: this one was applied before it. */
  private superseded(intent: Intent, shown: string): boolean {
    const later = this.ctx.intents.all().filter((other) => other.seq > intent.seq && other.resource === intent.resource);
    return later.some((other) => {
      const e = other.expect;
      if (e.kind === "config" || e.kind === "image-tag") return e.value === shown;
      if (e.kind === "state") return e.states.map(normal).includes(shown as State);
      if (e.kind === "port") return String(e.open) === shown;
      if (e.kind === "parameter") return e.value() === shown;
      return false;
    });
  }

  private knownOf(modelId: string): KnownInstance | undefined {
    const ec2Id = this.ctx.ec2ByModel.get(modelId);
    return ec2Id === undefined ? undefined : this.ctx.known.get(ec2Id);
  }

  // ---- instances ------------------------------------------------------------------------------

  /** An instance the account shows for the first time: launched by `intent`'s writer, or by someone else. */
  private launched(observed: ObservedInstance, intent: Intent | undefined): void {
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
    const replaces = intent?.detail["replaces"];
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
  private stateFact(known: KnownInstance, state: State, observed: ObservedInstance | undefined, intent: Intent | undefined): void {
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
  private instanceChanges(observed: ObservedInstance, snap: Snapshot): void {
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
  private vanished(ec2Id: string): void {
    const known = this.ctx.known.get(ec2Id);
    if (known && known.state !== "terminated") this.stateFact(known, "terminated", undefined, undefined);
  }

  // ---- images and the current image -----------------------------------------------------------

  private registered(observed: ObservedImage, imageId: string, actor: string, cause: number | undefined): void {
    const pendingKeys = new Set(
      this.ctx.intents.all().flatMap((i) => (i.expect.kind === "image-tag" && i.expect.imageId === imageId ? [i.expect.key] : [])),
    );
    const baseline = Object.fromEntries(Object.entries(observed.tags).filter(([key]) => !pendingKeys.has(key)));
    this.ctx.knownImages.set(observed.amiId, { amiId: observed.amiId, imageId, tags: baseline });
    this.ctx.amiByImage.set(imageId, observed.amiId);
    this.ctx.imageByAmi.set(observed.amiId, imageId);
    const image = this.ctx.images.get(imageId);
    const tags = observed.tags;
    this.ctx.fact(
      "image.registered",
      actor,
      {
        imageId,
        name: image?.name ?? observed.name,
        ...(tags[TAG.group] ? { group: tags[TAG.group] } : {}),
        stage: Number(tags[TAG.stage] ?? image?.stage ?? 1) as 1 | 2 | 3,
        builtBy: tags[TAG.builtBy] === "pipeline" ? "pipeline" : "manual",
        patchLevel: Number(tags[TAG.patchLevel] ?? 0),
        vulnerable: tags[TAG.vulnerable] === "true",
        accounts: (tags[TAG.accounts] ?? "").split(",").filter((a) => a !== ""),
        remoteShell: tags[TAG.remoteShell] !== "false",
      },
      cause,
      "DescribeImages",
    );
  }

  /** AMIs of the scenario run that no write of cattleprod's registered. */
  private newImages(snap: Snapshot): void {
    for (const observed of snap.images.values()) {
      if (this.ctx.knownImages.has(observed.amiId) || this.ctx.imageByAmi.has(observed.amiId)) continue;
      const tags = observed.tags;
      const image = this.ctx.images.create(
        {
          name: observed.name,
          ...(tags[TAG.group] ? { group: tags[TAG.group] } : {}),
          stage: Number(tags[TAG.stage] ?? 1) as 1 | 2 | 3,
          builtBy: tags[TAG.builtBy] === "pipeline" ? "pipeline" : "manual",
          patchLevel: Number(tags[TAG.patchLevel] ?? 0),
          vulnerable: tags[TAG.vulnerable] === "true",
          manifest: {
            accounts: (tags[TAG.accounts] ?? "").split(",").filter((a) => a !== ""),
            remoteShell: tags[TAG.remoteShell] !== "false",
          },
        },
        this.ctx.nowMs(),
      );
      const { [TAG.imageStatus]: _status, [TAG.scan]: _scan, ...rest } = tags;
      this.registered({ ...observed, tags: rest }, image.id, "account", undefined);
      (this.ctx.knownImages.get(observed.amiId) as { tags: Record<string, string> }).tags = rest;
    }
  }

  /** Status and scan tags nobody of cattleprod's wrote. */
  private imageChanges(snap: Snapshot): void {
    for (const observed of snap.images.values()) {
      const known = this.ctx.knownImages.get(observed.amiId);
      if (!known) continue;
      const status = observed.tags[TAG.imageStatus];
      if (status !== undefined && status !== known.tags[TAG.imageStatus]) {
        const kind = status === "approved" ? "image.approved" : status === "rejected" ? "image.rejected" : "image.submitted";
        if (status === "approved" || status === "rejected" || status === "submitted") this.ctx.images.setStatus(known.imageId, status);
        this.imageFact(kind, known.imageId, "account", undefined, { reason: "status changed in the account" });
      }
      const scan = observed.tags[TAG.scan];
      if (scan !== undefined && scan !== known.tags[TAG.scan]) {
        this.ctx.images.setScan(known.imageId, scan === "passed");
        this.imageFact("image.scanned", known.imageId, "account", undefined, { criticalFindings: scan === "passed" ? 0 : 1 });
      }
      known.tags = observed.tags;
    }
  }

  private imageFact(
    kind: Intent["serves"],
    imageId: string,
    actor: string,
    cause: number | undefined,
    detail: Readonly<Record<string, string | number | boolean | undefined>>,
  ): void {
    const call = "DescribeImages";
    if (kind === "image.submitted") {
      const batch = detail["batch"];
      this.ctx.fact("image.submitted", actor, { imageId, ...(typeof batch === "string" ? { batch } : {}) }, cause, call);
    } else if (kind === "image.scanned") {
      const findings = Number(detail["criticalFindings"] ?? 0);
      this.ctx.fact(
        "image.scanned",
        actor,
        { imageId, status: findings > 0 ? "failed" : "passed", criticalFindings: findings },
        cause,
        call,
      );
    } else if (kind === "image.approved") this.ctx.fact("image.approved", actor, { imageId }, cause, call);
    else if (kind === "image.rejected")
      this.ctx.fact("image.rejected", actor, { imageId, reason: String(detail["reason"] ?? "") }, cause, call);
  }

  /** A group's current-image parameter changed by someone else. */
  private parameterChanges(snap: Snapshot): void {
    for (const group of this.ctx.spec.groups) {
      const name = this.ctx.parameterOf(group.name);
      if (!snap.parametersRead.has(name)) continue;
      const value = snap.parameters.get(name);
      const known = this.ctx.knownParameters.get(name);
      if (value === undefined || value === known) continue;
      this.ctx.knownParameters.set(name, value);
      const imageId = this.ctx.imageByAmi.get(value) ?? value;
      const previousImageId = known === undefined ? "" : (this.ctx.imageByAmi.get(known) ?? known);
      if (this.ctx.images.get(imageId)) this.ctx.images.setCurrent(group.name, imageId);
      this.ctx.fact("image.promoted", "account", { group: group.name, imageId, previousImageId }, undefined, "GetParameters");
    }
  }

  // ---- writes never applied -------------------------------------------------------------------

  private giveUp(_snap: Snapshot): void {
    for (const intent of [...this.ctx.intents.all()]) if (intent.failed !== undefined) this.unapplied(intent, intent.failed);
  }

  /** At the end of the run: every write still waiting is given up (the run ends before the account showed it). */
  finalize(): void {
    for (const intent of [...this.ctx.intents.all()])
      this.unapplied(intent, intent.failed ?? "the account had not shown it by the end of the run");
  }

  /** Gives a write up: `api.unapplied`, and the platform's view goes back to what the account shows. */
  private unapplied(intent: Intent, reason: string): void {
    this.ctx.intents.settle(intent);
    this.ctx.emit(
      "api.unapplied",
      "world",
      { operation: intent.operation, resource: intent.resource, observable: intent.observable, intent: intent.seq, reason },
      intent.seq,
    );
    const expect = intent.expect;
    if (expect.kind === "launch") {
      const instance = this.ctx.table.get(expect.modelId);
      if (instance && instance.state !== "terminated" && !this.ctx.ec2ByModel.has(expect.modelId)) {
        instance.state = "terminated";
        this.ctx.table.retire(instance);
      }
    } else if (expect.kind === "state" || expect.kind === "config" || expect.kind === "port") {
      const known = this.knownOf(expect.modelId);
      const instance = this.ctx.table.get(expect.modelId);
      if (!known || !instance) return;
      if (expect.kind === "state" && known.state !== "terminated") {
        if (instance.state === "terminated") this.ctx.table.add(instance);
        instance.state = known.state === "stopped" ? "stopped" : "running";
      }
      if (expect.kind === "config") instance.actualConfig = known.tags[TAG.config] ?? instance.actualConfig;
      if (expect.kind === "port") this.ctx.ports.set(expect.modelId, new Set(known.ports));
    }
  }
}
