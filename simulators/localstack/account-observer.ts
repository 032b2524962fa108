import type { AccountContext, KnownInstance } from "./account-context.ts";
import type { Intent } from "./account-intents.ts";
import type { Snapshot } from "./account-reads.ts";
import { ImageFacts } from "./image-facts.ts";
import { InstanceFacts, normal, type InstanceWorld, type State } from "./instance-facts.ts";
import { TAG } from "./tags.ts";

/**
 * Turns what the account showed into history facts. First the pending writes, in the order they were made: a
 * write whose effect is visible becomes the fact it serves, by its writer; then whatever else changed (made by
 * anyone else) becomes a fact by the account (`account`, or `external/<auto scaling group>`); last, writes whose
 * resource was read without their effect are given up as `api.unapplied`.
 */
export class AccountObserver {
  private readonly instances: InstanceFacts;
  private readonly images: ImageFacts;

  constructor(
    private readonly ctx: AccountContext,
    world: InstanceWorld,
  ) {
    this.instances = new InstanceFacts(ctx, world);
    this.images = new ImageFacts(ctx);
  }

  reconcile(snap: Snapshot): void {
    for (const intent of [...this.ctx.intents.all()]) this.check(intent, snap);
    this.images.newImages(snap);
    this.images.imageChanges(snap);
    this.images.parameterChanges(snap);
    // Instances already known first: what left is seen before what replaced it.
    const instances = [...snap.instances.values()];
    const known = (observed: (typeof instances)[number]): boolean => this.ctx.known.has(observed.ec2Id);
    for (const observed of [...instances.filter(known), ...instances.filter((i) => !known(i))])
      this.instances.instanceChanges(observed, snap);
    for (const ec2Id of snap.described) if (!snap.instances.has(ec2Id)) this.instances.vanished(ec2Id);
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
        this.instances.launched(observed, intent);
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
        this.instances.stateFact(known, normal(intent.serves === "instance.terminated" ? "terminated" : state), observed, intent);
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
        this.images.registered(observed, expect.imageId, intent.actor, intent.cause);
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
        this.images.imageFact(intent.serves, expect.imageId, intent.actor, intent.cause, intent.detail);
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
