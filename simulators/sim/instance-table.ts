import { isHealthy, type FleetSpec, type Instance, type InstanceFilter, type UpCohort } from "../../core/index.ts";
import { GroupTally } from "./group-tally.ts";
import { HealthyPool } from "./healthy-pool.ts";
import { matchesFilter } from "./instance-filter.ts";
import { ALL_SLOT, TYPE_SLOT, type MutableInstance } from "./mutable-instance.ts";

/**
 * Every instance a world knows, with the indexes reads need: members per group in launch order, live instances
 * by VM type tag and in launch order (in pools whose slots the instances carry: no hash lookup per add or retire).
 * Each index is kept up to date on add and retire, so no read rebuilds anything or scans the fleet.
 */
export class InstanceTable {
  /** Instances whose id is `i-` and a launch number (the simulator's), at that number - 1: no hashing per lookup. */
  private readonly numbered: MutableInstance[] = [];
  /** Instances with any other id (an account's). */
  private readonly named = new Map<string, MutableInstance>();
  /** Every instance ever added, in the order first added. */
  private readonly everyInstance: MutableInstance[] = [];
  /** Members per group in launch order, kept up to date on launch and termination (no rebuilds). */
  private readonly memberArrays = new Map<string, MutableInstance[]>();
  /** Non-terminated members per group and zone. */
  private readonly zones = new Map<string, Map<string, number>>();
  /** Per group: stopped or crashed members, and up members per image, launcher and VM type, kept on every change. */
  private readonly tally = new GroupTally();
  /**
   * Live (non-terminated) instances in launch order, all of them and per VM type tag ("" for untagged), each with a
   * healthy flag. The flags are kept once the world reports every health change through {@link refresh} (the
   * simulator does; see `trackHealth`): only then are the pools handed out for sampling.
   */
  private readonly all = new HealthyPool(ALL_SLOT);
  private readonly byType = new Map<string, HealthyPool>();
  private tracked = false;

  constructor(spec: FleetSpec) {
    for (const group of spec.groups) this.memberArrays.set(group.name, []);
  }

  /** Keeps healthy flags from now on; the owner then calls {@link refresh} after every state or crash change. */
  trackHealth(): void {
    if (this.tracked) return;
    this.tracked = true;
    for (const instance of this.all) this.refresh(instance);
  }

  /** Live healthy instances of a VM type (every live one when omitted), in `list` order; undefined unless tracked. */
  healthyPool(vmType?: string): HealthyPool | undefined {
    if (!this.tracked) return undefined;
    return vmType === undefined ? this.all : this.typePool(vmType);
  }

  /** Records an instance's health after its state or crash flag changed. */
  refresh(instance: MutableInstance): void {
    this.tally.note(instance);
    if (instance.state === "terminated") return;
    const healthy = isHealthy(instance);
    this.all.set(instance, healthy);
    this.byType.get(instance.vmType ?? "")?.set(instance, healthy);
  }

  private typePool(vmType: string): HealthyPool {
    let pool = this.byType.get(vmType);
    if (!pool) this.byType.set(vmType, (pool = new HealthyPool(TYPE_SLOT)));
    return pool;
  }

  get(id: string): MutableInstance | undefined {
    const number = launchNumber(id);
    const hit = number > 0 ? this.numbered[number - 1] : undefined;
    return hit !== undefined && hit.id === id ? hit : this.named.get(id);
  }

  /** A non-terminated instance. */
  live(id: string): MutableInstance | undefined {
    const instance = this.get(id);
    return instance && instance.state !== "terminated" ? instance : undefined;
  }

  /** Adds a new instance to every index (again, after {@link retire}, for a world that saw it come back). */
  add(instance: MutableInstance): void {
    this.remember(instance);
    this.tally.note(instance);
    if (instance.group !== undefined) {
      let array = this.memberArrays.get(instance.group);
      if (!array) this.memberArrays.set(instance.group, (array = []));
      array.push(instance);
      let zones = this.zones.get(instance.group);
      if (!zones) this.zones.set(instance.group, (zones = new Map()));
      zones.set(instance.zone, (zones.get(instance.zone) ?? 0) + 1);
    }
    const healthy = isHealthy(instance);
    this.all.append(instance, healthy);
    this.typePool(instance.vmType ?? "").append(instance, healthy);
  }

  /** Makes an instance readable by id (once; an instance of a known id replaces the one known). */
  private remember(instance: MutableInstance): void {
    const known = this.get(instance.id);
    if (known === instance) return;
    if (known !== undefined) this.everyInstance[this.everyInstance.indexOf(known)] = instance;
    else this.everyInstance.push(instance);
    const number = launchNumber(instance.id);
    if (known !== undefined && this.numbered[number - 1] === known) this.numbered[number - 1] = instance;
    else if (known === undefined && number === this.numbered.length + 1) this.numbered.push(instance);
    else this.named.set(instance.id, instance);
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
    this.all.remove(instance);
    this.byType.get(instance.vmType ?? "")?.remove(instance);
  }

  /** Moves a live instance to another VM type index (its tag changed). */
  retype(instance: MutableInstance, vmType: MutableInstance["vmType"]): void {
    this.byType.get(instance.vmType ?? "")?.remove(instance);
    instance.vmType = vmType;
    this.tally.note(instance);
    this.typePool(vmType ?? "").append(instance, isHealthy(instance));
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
    return this.all;
  }

  list(filter: InstanceFilter = {}): readonly Instance[] {
    const out: Instance[] = [];
    if (filter.group !== undefined) {
      for (const instance of this.members(filter.group)) if (matchesFilter(instance, filter)) out.push(instance);
    } else if (filter.includeTerminated) {
      for (const instance of this.everyInstance) if (matchesFilter(instance, filter)) out.push(instance);
    } else if (filter.vmType !== undefined) {
      this.byType.get(filter.vmType)?.collect(filter, out);
    } else {
      this.all.collect(filter, out);
    }
    return out;
  }

  /** Healthy members of a group (running, not crashed). */
  healthyCount(group: string): number {
    let count = 0;
    for (const instance of this.members(group)) if (isHealthy(instance)) count++;
    return count;
  }
}

/** The number in an id of the form `i-<digits>` (the simulator's), else 0 (no instance has it). */
function launchNumber(id: string): number {
  if (id.charCodeAt(0) !== 105 || id.charCodeAt(1) !== 45 || id.length > 12) return 0;
  let number = 0;
  for (let i = 2; i < id.length; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return 0;
    number = number * 10 + digit;
  }
  return number;
}

const EMPTY_ZONES: ReadonlyMap<string, number> = new Map();
