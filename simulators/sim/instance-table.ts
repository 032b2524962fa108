import { isHealthy, type FleetSpec, type Instance, type InstanceFilter } from "../../core/index.ts";
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
  /** Live (non-terminated) instances by VM type tag ("" for untagged). */
  private readonly liveByType = new Map<string, Set<MutableInstance>>();
  /** Live instances in launch order. */
  private readonly liveInstances = new Set<MutableInstance>();

  constructor(spec: FleetSpec) {
    for (const group of spec.groups) this.memberArrays.set(group.name, []);
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
    if (instance.group !== undefined) {
      let array = this.memberArrays.get(instance.group);
      if (!array) this.memberArrays.set(instance.group, (array = []));
      array.push(instance);
    }
    let typed = this.liveByType.get(instance.vmType ?? "");
    if (!typed) this.liveByType.set(instance.vmType ?? "", (typed = new Set()));
    typed.add(instance);
    this.liveInstances.add(instance);
  }

  /** Removes a terminated instance from the live indexes (it stays readable by id). */
  retire(instance: MutableInstance): void {
    if (instance.group !== undefined) {
      const array = this.memberArrays.get(instance.group);
      const at = array ? array.indexOf(instance) : -1;
      if (array && at >= 0) array.splice(at, 1);
    }
    this.liveByType.get(instance.vmType ?? "")?.delete(instance);
    this.liveInstances.delete(instance);
  }

  /** Moves a live instance to another VM type index (its tag changed). */
  retype(instance: MutableInstance, vmType: MutableInstance["vmType"]): void {
    this.liveByType.get(instance.vmType ?? "")?.delete(instance);
    instance.vmType = vmType;
    let typed = this.liveByType.get(vmType ?? "");
    if (!typed) this.liveByType.set(vmType ?? "", (typed = new Set()));
    typed.add(instance);
  }

  /** Non-terminated members of a group, in launch order. The array is live: copy it before terminating while iterating. */
  members(group: string): readonly MutableInstance[] {
    return this.memberArrays.get(group) ?? [];
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

function matches(instance: Instance, filter: InstanceFilter): boolean {
  return (
    (filter.includeTerminated === true || instance.state !== "terminated") &&
    (filter.healthy !== true || (instance.state === "running" && !instance.impaired)) &&
    (filter.vmType === undefined || instance.vmType === filter.vmType) &&
    (filter.zone === undefined || instance.zone === filter.zone)
  );
}
