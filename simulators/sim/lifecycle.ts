import type { GroupSpec, LaunchRequest, LaunchResult, Rng, VmType } from "../../core/index.ts";
import { launchedEvent, runningEvent, terminatedEvent } from "./hot-events.ts";
import type { ImageDesk } from "./image-desk.ts";
import type { InstanceTable } from "./instance-table.ts";
import { SimInstance, type MutableInstance } from "./mutable-instance.ts";
import { ALLOW, type SimContext } from "./sim-context.ts";

/**
 * Instances from launch to termination: launches asked of the launch policy, boots that take the fleet's boot
 * time, stops and starts. Ids are `i-000001`, ... in launch order.
 */
export class Lifecycle {
  private launched = 0;

  constructor(
    private readonly ctx: SimContext,
    private readonly table: InstanceTable,
    private readonly images: ImageDesk,
    private readonly rng: Rng,
    /** Called after an instance is terminated: what else it held goes with it. */
    private readonly onTerminated: (instanceId: string, cause?: number) => void,
  ) {}

  launch(request: LaunchRequest, actor: string, cause?: number): LaunchResult {
    const group = request.group === undefined ? undefined : this.ctx.group(request.group);
    const image = this.images.get(request.imageId);
    const decision = this.ctx.policies().launch?.(request, image, actor) ?? ALLOW;
    if (!decision.allow) {
      this.ctx.emit(
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
    if (this.ctx.faulted("RunInstances", actor)) return { ok: false, reason: "api fault" };
    const zone = request.zone ?? group?.zones[this.rng.int(group.zones.length)] ?? "a";
    const instance = this.create(request, zone, group, actor, this.ctx.nowMs(), cause);
    this.scheduleBoot(instance);
    return { ok: true, instance };
  }

  /** Creates an instance already running (the fleet at time zero, or one adopted from elsewhere). */
  createRunning(
    request: LaunchRequest & { zone: string },
    group: GroupSpec | undefined,
    actor: string,
    createdAtMs: number,
  ): MutableInstance {
    const instance = this.create(request, request.zone, group, actor, createdAtMs);
    instance.state = "running";
    this.table.refresh(instance);
    this.ctx.emitBuilt(runningEvent(this.ctx.nextSeq(), this.ctx.nowMs(), instance));
    return instance;
  }

  private create(
    request: LaunchRequest,
    zone: string,
    group: GroupSpec | undefined,
    actor: string,
    createdAtMs: number,
    cause?: number,
  ): MutableInstance {
    const id = `i-${String(++this.launched).padStart(6, "0")}`;
    const image = this.images.get(request.imageId);
    const vmType = request.untagged ? undefined : group?.vmType;
    const instance = new SimInstance({
      id,
      group: group?.name,
      vmType,
      zone,
      imageId: request.imageId,
      state: "pending",
      impaired: false,
      createdAtMs,
      lastStartedAtMs: this.ctx.nowMs(),
      launchedBy: actor,
      patchLevel: image?.patchLevel ?? 0,
      desiredConfig: "v1",
      actualConfig: "v1",
      tainted: false,
      infected: false,
      haRole: undefined,
      tags: vmType ? TAGS[vmType] : UNTYPED_TAGS,
      bootGeneration: 0,
    });
    this.table.add(instance);
    const replaces = request.replaces ? request.replaces : undefined;
    this.ctx.emitBuilt(launchedEvent(this.ctx.nextSeq(), this.ctx.nowMs(), actor, cause, instance, replaces));
    return instance;
  }

  private scheduleBoot(instance: MutableInstance): void {
    const generation = ++instance.bootGeneration;
    this.ctx.after(this.ctx.spec.bounds.bootMs, () => {
      if (instance.state !== "pending" || instance.bootGeneration !== generation) return;
      instance.state = "running";
      this.table.refresh(instance);
      this.ctx.emitBuilt(runningEvent(this.ctx.nextSeq(), this.ctx.nowMs(), instance));
    });
  }

  terminate(instanceId: string, actor: string, reason: string, cause?: number): boolean {
    const instance = this.table.live(instanceId);
    if (!instance || this.ctx.faulted("TerminateInstances", actor)) return false;
    instance.state = "terminated";
    this.table.retire(instance);
    const now = this.ctx.nowMs();
    this.ctx.emitBuilt(terminatedEvent(this.ctx.nextSeq(), now, actor, cause, instance, reason, now - instance.createdAtMs));
    this.onTerminated(instanceId, cause);
    return true;
  }

  stop(instanceId: string, actor: string, cause?: number): boolean {
    const instance = this.table.live(instanceId);
    if (!instance || instance.state === "stopped" || this.ctx.faulted("StopInstances", actor)) return false;
    instance.state = "stopped";
    instance.bootGeneration++;
    this.table.refresh(instance);
    this.ctx.emit("instance.stopped", actor, { instanceId }, cause);
    return true;
  }

  start(instanceId: string, actor: string, cause?: number): boolean {
    const instance = this.table.live(instanceId);
    if (!instance || instance.state !== "stopped" || this.ctx.faulted("StartInstances", actor)) return false;
    instance.state = "pending";
    instance.lastStartedAtMs = this.ctx.nowMs();
    this.table.refresh(instance);
    this.ctx.emit("instance.started", actor, { instanceId }, cause);
    this.scheduleBoot(instance);
    return true;
  }
}

/**
 * An instance's tags as launched, one frozen object per VM type shared by every instance of it (nothing writes into
 * them: a taint replaces the instance's tags with a copy).
 */
const UNTYPED_TAGS: Readonly<Record<string, string>> = Object.freeze({ "cattleprod:run-id": "sim" });
const TAGS: Readonly<Record<VmType, Readonly<Record<string, string>>>> = {
  pet: Object.freeze({ "cattleprod:run-id": "sim", "cattleprod:vm-type": "pet" }),
  cattle: Object.freeze({ "cattleprod:run-id": "sim", "cattleprod:vm-type": "cattle" }),
  immutable: Object.freeze({ "cattleprod:run-id": "sim", "cattleprod:vm-type": "immutable" }),
};
