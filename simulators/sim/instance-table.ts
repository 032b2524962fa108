import { isHealthy, type FleetSpec, type Instance, type InstanceFilter, type UpCohort } from "../../core/index.ts";
import { GroupTally } from "./group-tally.ts";
import { ALL_SLOT, HealthyPool, TYPE_SLOT } from "./healthy-pool.ts";
import type { MutableInstance } from "./mutable-instance.ts";

/**
 * Every instance a world knows, with the indexes reads need: members per group in launch order, live instances
 * by VM type tag and in launch order. Each index is kept up to date on add and retire, so no read rebuilds
 * anything or scans the fleet.
 */
export class InstanceTable {
  private readonly instances = new Map<string, MutableInstance>();
  /** Members per group in launch order, kept up to date on launch and termination (no rebuilds). */
  private readonly memberArrays = new Map<string, MutableInstance[]>();
  /** Non-terminated members per group and zone. */
  private readonly zones = new Map<string, Map<string, number>>();
  /** Per group: stopped or crashed members, and up members per image, launcher and VM type, kept on every change. */
  private readonly tally = new GroupTally();
  /** Live (non-terminated) instances by VM type tag ("" for untagged). */
  private readonly liveByType = new Map<string, Set<MutableInstance>>();
  /** Live instances in launch order. */
  private readonly liveInstances = new Set<MutableInstance>();
  /**
   * Healthy-instance pools in the order of `liveByType` (by VM type tag) and `liveInstances` ("all"), kept
   * when the world reports every health change through {@link refresh} (the simulator does; see `trackHealth`).
   */
  private pools: { readonly byType: Map<string, HealthyPool>; readonly all: HealthyPool } | undefined;

  constructor(spec: FleetSpec) {
    for (const group of spec.groups) this.memberArrays.set(group.name, []);
  }

  /** Keeps healthy pools from now on; the owner then calls {@link refresh} after every state or crash change. */
  trackHealth(): void {
    if (this.pools) return;
    const pools = { byType: new Map<string, HealthyPool>(), all: new HealthyPool(ALL_SLOT) };
    for (const instance of this.liveInstances) pools.all.append(instance, isHealthy(instance));
    for (const [vmType, typed] of this.liveByType)
      for (const instance of typed) this.typePool(pools.byType, vmType).append(instance, isHealthy(instance));
    this.pools = pools;
  }

  /** Live healthy instances of a VM type (every live one when omitted), in `list` order; undefined unless tracked. */
  healthyPool(vmType?: string): HealthyPool | undefined {
    if (!this.pools) return undefined;
    return vmType === undefined ? this.pools.all : this.typePool(this.pools.byType, vmType);
  }

  /** Records an instance's health after its state or crash flag changed. */
  refresh(instance: MutableInstance): void {
    this.tally.note(instance);
    if (!this.pools || instance.state === "terminated") return;
    const healthy = isHealthy(instance);
    this.pools.all.set(instance, healthy);
    this.pools.byType.get(instance.vmType ?? "")?.set(instance, healthy);
  }

  private typePool(byType: Map<string, HealthyPool>, vmType: string): HealthyPool {
    let pool = byType.get(vmType);
    if (!pool) byType.set(vmType, (pool = new HealthyPool(TYPE_SLOT)));
    return pool;
  }

  get(id: string): MutableInstance | undefined {
    return this.instances.get(id);
  }

  /** A non-terminated instance. */
  live(id: string): MutableInstance | undefined {
    const instance = this.instances.get(id);
    return instance && instance.state !== "terminated" ? instance : undefined;
  }

  /** Adds a new instance to every index. */
  add(instance: MutableInstance): void {
    this.instances.set(instance.id, instance);
    this.tally.note(instance);
    if (instance.group !== undefined) {
      let array = this.memberArrays.get(instance.group);
      if (!array) this.memberArrays.set(instance.group, (array = []));
      array.push(instance);
      let zones = this.zones.get(instance.group);
      if (!zones) this.zones.set(instance.group, (zones = new Map()));
      zones.set(instance.zone, (zones.get(instance.zone) ?? 0) + 1);
    }
    let typed = this.liveByType.get(instance.vmType ?? "");
    if (!typed) this.liveByType.set(instance.vmType ?? "", (typed = new Set()));
    typed.add(instance);
    this.liveInstances.add(instance);
    if (this.pools) {
      const healthy = isHealthy(instance);
      this.pools.all.append(instance, healthy);
      this.typePool(this.pools.byType, instance.vmType ?? "").append(instance, healthy);
    }
  }

  /** Removes a terminated instance from the live indexes (it stays readable by id). */
  retire(instance: MutableInstance): void {
    this.tally.note(instance);
    if (instance.group !== undefined) {
      const array = this.memberArrays.get(instance.group);
      const at = array ? array.indexOf(instance) : -1;
      if (array && at >= 0) array.splice(at, 1);
      const zones = this.zones.get(instance.group);
      if (zones && at >= 0) zones.set(instance.zone, (zones.get(instance.zone) ?? 1) - 1);
    }
    this.liveByType.get(instance.vmType ?? "")?.delete(instance);
    this.liveInstances.delete(instance);
    if (this.pools) {
      this.pools.all.remove(instance);
      this.pools.byType.get(instance.vmType ?? "")?.remove(instance);
    }
  }

  /** Moves a live instance to another VM type index (its tag changed). */
  retype(instance: MutableInstance, vmType: MutableInstance["vmType"]): void {
    this.liveByType.get(instance.vmType ?? "")?.delete(instance);
    this.pools?.byType.get(instance.vmType ?? "")?.remove(instance);
    instance.vmType = vmType;
    this.tally.note(instance);
    let typed = this.liveByType.get(vmType ?? "");
    if (!typed) this.liveByType.set(vmType ?? "", (typed = new Set()));
    typed.add(instance);
    if (this.pools) this.typePool(this.pools.byType, vmType ?? "").append(instance, isHealthy(instance));
  }

  /** Non-terminated members of a group, in launch order. The array is live: copy it before terminating while iterating. */
  members(group: string): readonly MutableInstance[] {
    return this.memberArrays.get(group) ?? [];
  }

  /**
   * Non-terminated members of a group per zone (zones in the order members first came to them), for a world whose
   * instances never change zone (the simulator).
   */
  zoneLoad(group: string): ReadonlyMap<string, number> {
    return this.zones.get(group) ?? EMPTY_ZONES;
  }

  /**
   * Non-terminated members of a group that are stopped or crashed, for a world that reports every state and crash
   * change through {@link refresh} (the simulator).
   */
  downCount(group: string): number {
    return this.tally.downCount(group);
  }

  /** Up (running or booting, not crashed) members of a group per image, launcher and VM type tag; same condition. */
  upCohorts(group: string): Iterable<UpCohort> {
    return this.tally.upCohorts(group);
  }

  /** Live instances in launch order. */
  liveAll(): Iterable<MutableInstance> {
    return this.liveInstances;
  }

  list(filter: InstanceFilter = {}): readonly Instance[] {
    const source =
      filter.group !== undefined
        ? this.members(filter.group)
        : filter.includeTerminated
          ? this.instances.values()
          : filter.vmType !== undefined
            ? (this.liveByType.get(filter.vmType) ?? [])
            : this.liveInstances;
    const out: Instance[] = [];
    for (const instance of source) if (matches(instance, filter)) out.push(instance);
    return out;
  }

  /** Healthy members of a group (running, not crashed). */
  healthyCount(group: string): number {
    let count = 0;
    for (const instance of this.members(group)) if (isHealthy(instance)) count++;
    return count;
  }
}

const EMPTY_ZONES: ReadonlyMap<string, number> = new Map();

function matches(instance: Instance, filter: InstanceFilter): boolean {
  return (
    (filter.includeTerminated === true || instance.state !== "terminated") &&
    (filter.healthy !== true || (instance.state === "running" && !instance.impaired)) &&
    (filter.vmType === undefined || instance.vmType === filter.vmType) &&
    (filter.zone === undefined || instance.zone === filter.zone)
  );
}
