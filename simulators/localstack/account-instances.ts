import type { GroupSpec, LaunchRequest, LaunchResult, Rng } from "../../core/index.ts";
import { ALLOW, SimInstance, type MutableInstance } from "../sim/index.ts";
import type { AccountContext } from "./account-context.ts";
import { TAG } from "./tags.ts";

/**
 * Instances of an account world from cattleprod's side: every launch, termination, stop and start is an intent
 * and a write; the instance the platform reads is updated at once (as an informer's cache would be) and made
 * good by what the account shows after the write. Model ids (`i-000001`, ...) are cattleprod's: the EC2 id is
 * mapped through the `cattleprod:id` tag.
 */
export class AccountInstances {
  private launched = 0;
  /** Terminations waiting for one TerminateInstances call (the writes of one task go out together). */
  private batch: { readonly ids: string[]; readonly intents: number[]; sent: boolean } | undefined;

  constructor(
    private readonly ctx: AccountContext,
    private readonly rng: Rng,
  ) {}

  /** A fresh model id. */
  nextId(): string {
    return `i-${String(++this.launched).padStart(6, "0")}`;
  }

  launch(request: LaunchRequest, actor: string, cause?: number): LaunchResult {
    const group = request.group === undefined ? undefined : this.ctx.group(request.group);
    const image = this.ctx.images.get(request.imageId);
    const decision = this.ctx.policies().launch?.(request, image, actor) ?? ALLOW;
    if (!decision.allow) {
      this.ctx.emit(
        "launch.denied",
        decision.by ?? "platform",
        { ...(group ? { group: group.name, vmType: group.vmType } : {}), imageId: request.imageId, reason: decision.reason },
        cause,
      );
      return { ok: false, reason: decision.reason };
    }
    if (this.ctx.faulted("RunInstances", actor)) return { ok: false, reason: "api fault" };
    const zone = request.zone ?? group?.zones[this.rng.int(group.zones.length)] ?? "a";
    const instance = this.intendLaunch({ ...request, zone }, group, actor, this.ctx.nowMs(), cause, {});
    return { ok: true, instance };
  }

  /** The group's instances at time zero, already running, launched by the pipeline (an operator for pets). */
  intendInitial(group: GroupSpec, image: { readonly id: string }): void {
    const actor = group.vmType === "pet" ? `operator:${group.operators[0] ?? "admin"}` : "pipeline";
    for (let i = 0; i < group.capacity; i++) {
      const zone = group.zones[i % group.zones.length] as string;
      const haRole = group.ha ? (i === 0 ? "active" : "passive") : undefined;
      this.intendLaunch({ group: group.name, imageId: image.id, zone }, group, actor, -group.initialAgeMs, undefined, {
        initial: true,
        ...(haRole ? { haRole } : {}),
      });
    }
  }

  /**
   * Records a launch intent and queues RunInstances, stamped at `createdAtMs` on the account's clock (the fleet
   * at time zero is launched with the clock set back by its initial age). `initial` instances run at once.
   */
  intendLaunch(
    request: LaunchRequest & { zone: string },
    group: GroupSpec | undefined,
    actor: string,
    createdAtMs: number,
    cause: number | undefined,
    detail: { readonly initial?: boolean; readonly haRole?: string },
  ): MutableInstance {
    const id = this.nextId();
    const vmType = request.untagged ? undefined : group?.vmType;
    const instance = this.local(id, { group: group?.name, vmType, zone: request.zone, imageId: request.imageId }, actor, createdAtMs);
    const tags = this.ctx.scopeTags({
      [TAG.id]: id,
      [TAG.config]: "v1",
      [TAG.zone]: request.zone,
      ...(vmType ? { [TAG.vmType]: vmType } : {}),
      ...(group ? { [TAG.group]: group.name } : {}),
    });
    this.ctx.write(
      {
        operation: "RunInstances",
        resource: id,
        serves: "instance.launched",
        observable: "instances",
        actor,
        ...(cause === undefined ? {} : { cause }),
        expect: { kind: "launch", modelId: id },
        detail: { replaces: request.replaces, initial: detail.initial, haRole: detail.haRole, createdAtMs },
      },
      {
        stampMs: createdAtMs,
        touches: { instances: [id] },
        run: async () => {
          const ec2Id = await this.ctx.api.runInstance({
            imageId: this.ctx.amiByImage.get(request.imageId) ?? request.imageId,
            tags,
            ...(this.ctx.availabilityZone(request.zone) ? { zone: this.ctx.availabilityZone(request.zone) as string } : {}),
          });
          this.ctx.ec2ByModel.set(id, ec2Id);
          this.ctx.modelByEc2.set(ec2Id, id);
        },
      },
    );
    return instance;
  }

  /** The platform's view of a new instance: pending until the account shows it and its (modelled) boot ends. */
  local(
    id: string,
    where: { group: string | undefined; vmType: MutableInstance["vmType"]; zone: string; imageId: string },
    actor: string,
    createdAtMs: number,
  ): MutableInstance {
    const instance = new SimInstance({
      id,
      ...where,
      state: "pending",
      impaired: false,
      createdAtMs,
      lastStartedAtMs: this.ctx.nowMs(),
      launchedBy: actor,
      patchLevel: this.ctx.images.get(where.imageId)?.patchLevel ?? 0,
      desiredConfig: "v1",
      actualConfig: "v1",
      tainted: false,
      infected: false,
      haRole: undefined,
      tags: { [TAG.runId]: this.ctx.runId, ...(where.vmType ? { [TAG.vmType]: where.vmType } : {}) },
      bootGeneration: 0,
    });
    this.ctx.table.add(instance);
    return instance;
  }

  terminate(instanceId: string, actor: string, reason: string, cause?: number): boolean {
    const instance = this.ctx.table.live(instanceId);
    if (!instance || this.ctx.faulted("TerminateInstances", actor)) return false;
    instance.state = "terminated";
    this.ctx.table.retire(instance);
    const seq = this.ctx.write(
      {
        operation: "TerminateInstances",
        resource: instanceId,
        serves: "instance.terminated",
        observable: "instances",
        actor,
        ...(cause === undefined ? {} : { cause }),
        expect: { kind: "state", modelId: instanceId, states: ["shutting-down", "terminated", "absent"] },
        detail: { reason },
      },
      undefined,
    );
    if (!this.batch || this.batch.sent) {
      const batch: { readonly ids: string[]; readonly intents: number[]; sent: boolean } = { ids: [], intents: [], sent: false };
      this.batch = batch;
      this.ctx.queue({
        operation: "TerminateInstances",
        intents: batch.intents,
        touches: { instances: batch.ids },
        run: async () => {
          batch.sent = true;
          const ids = batch.ids.flatMap((id) => this.ctx.ec2ByModel.get(id) ?? []);
          if (ids.length > 0) await this.ctx.api.terminate(ids);
        },
      });
    }
    this.batch.ids.push(instanceId);
    this.batch.intents.push(seq);
    return true;
  }

  stop(instanceId: string, actor: string, cause?: number): boolean {
    const instance = this.ctx.table.live(instanceId);
    if (!instance || instance.state === "stopped" || this.ctx.faulted("StopInstances", actor)) return false;
    instance.state = "stopped";
    instance.bootGeneration++;
    this.stateWrite(instanceId, "StopInstances", "instance.stopped", ["stopping", "stopped"], actor, cause, (ids) =>
      this.ctx.api.stop(ids),
    );
    return true;
  }

  start(instanceId: string, actor: string, cause?: number): boolean {
    const instance = this.ctx.table.live(instanceId);
    if (!instance || instance.state !== "stopped" || this.ctx.faulted("StartInstances", actor)) return false;
    instance.state = "pending";
    instance.lastStartedAtMs = this.ctx.nowMs();
    this.stateWrite(instanceId, "StartInstances", "instance.started", ["pending", "running"], actor, cause, (ids) =>
      this.ctx.api.start(ids),
    );
    return true;
  }

  private stateWrite(
    instanceId: string,
    operation: string,
    serves: "instance.stopped" | "instance.started",
    states: readonly string[],
    actor: string,
    cause: number | undefined,
    call: (ec2Ids: string[]) => Promise<void>,
  ): void {
    this.ctx.write(
      {
        operation,
        resource: instanceId,
        serves,
        observable: "instances",
        actor,
        ...(cause === undefined ? {} : { cause }),
        expect: { kind: "state", modelId: instanceId, states },
      },
      {
        ...(serves === "instance.started" ? { stampMs: this.ctx.nowMs() } : {}),
        touches: { instances: [instanceId] },
        run: async () => {
          const ec2Id = this.ctx.ec2ByModel.get(instanceId);
          if (ec2Id) await call([ec2Id]);
        },
      },
    );
  }
}
