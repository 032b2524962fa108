import {
  History,
  type Clock,
  type EvidenceOffer,
  type FaultSurface,
  type FleetDriver,
  type FleetSpec,
  type Image,
  type ImageDraft,
  type ImageStatus,
  type LaunchRequest,
  type LaunchResult,
  type ModelWorld,
  type Rng,
  type Scheduler,
  type UpCohort,
  type WorldObservations,
} from "../../core/index.ts";
import { ImageDesk } from "./image-desk.ts";
import { Lifecycle } from "./lifecycle.ts";
import { FleetFront } from "./fleet-front.ts";

const MODEL = { source: "model", why: "the simulated fleet is the model" } as const;

/**
 * The deterministic in-process fleet: a discrete-event world on a virtual clock. It assembles one object per
 * resource (clock and queue, instances and their lifecycle, configuration, access, network, images, data,
 * faults; the pieces every world keeps modelled come with {@link FleetFront}) and hands each call to its owner.
 * Indexes keep every operation proportional to what it touches.
 *
 * @example
 * const sim = new SimFleet(spec, createRng(42).fork("world"));
 * sim.buildInitialFleet();
 * sim.runUntil(3 * HOUR_MS);
 */
export class SimFleet extends FleetFront implements FleetDriver, FaultSurface, Scheduler, Clock, ModelWorld {
  readonly kind = "model";
  readonly clock: Clock = this;
  readonly driver: FleetDriver = this;
  readonly faults: FaultSurface = this;
  readonly scheduler: Scheduler = this;
  private readonly images: ImageDesk;
  private readonly lifecycle: Lifecycle;

  constructor(spec: FleetSpec, rng: Rng, history = new History()) {
    super(spec, rng, history);
    // Every health change in the simulator goes through the table, so chaos can sample targets by position.
    this.table.trackHealth();
    this.images = new ImageDesk(this);
    this.lifecycle = new Lifecycle(this, this.table, this.images, rng, (id, cause) => {
      this.network.forget(id);
      this.data.lose(id, cause);
    });
  }

  // ---- the world ------------------------------------------------------------------------------

  open(): void {}

  close(): void {}

  /** Registers each group's image and launches the fleet at time zero, already running. */
  buildInitialFleet(): void {
    for (const group of this.spec.groups) {
      const image = this.images.installInitial(group);
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

  /** Members per zone, kept by the table (an instance's zone never changes in the simulator). */
  zoneLoad(group: string): ReadonlyMap<string, number> {
    return this.table.zoneLoad(group);
  }

  /** Stopped or crashed members, kept by the table (every state and crash change goes through it). */
  downCount(group: string): number {
    return this.table.downCount(group);
  }

  /** Up members per image, launcher and VM type tag, kept by the table. */
  upCohorts(group: string): Iterable<UpCohort> {
    return this.table.upCohorts(group);
  }

  observations(): WorldObservations {
    const healthy: Record<string, number> = {};
    for (const group of this.spec.groups) healthy[group.name] = this.healthyCount(group.name);
    return { healthy };
  }

  evidence(): EvidenceOffer {
    return MODEL;
  }

  // ---- instances, configuration, ingress and images, as the simulator keeps them ---------------

  image(id: string): Image | undefined {
    return this.images.get(id);
  }

  imageStatus(id: string): ImageStatus | undefined {
    return this.images.statusOf(id);
  }

  currentImage(group: string): Image {
    return this.images.current(group);
  }

  publicIngress(instanceId: string): readonly number[] {
    return this.network.publicIngress(instanceId);
  }

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

  writeConfig(instanceId: string, version: string, actor: string, cause?: number): boolean {
    return this.configuration.writeConfig(instanceId, version, actor, cause);
  }

  applyDesiredConfig(instanceId: string, actor: string, cause?: number): boolean {
    return this.configuration.applyDesiredConfig(instanceId, actor, cause);
  }

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

  openIngress(instanceId: string, port: number, actor: string, cause?: number): boolean {
    return this.network.openIngress(instanceId, port, actor, cause);
  }

  revokeIngress(instanceId: string, port: number, actor: string, cause?: number): boolean {
    return this.network.revokeIngress(instanceId, port, actor, cause);
  }
}
