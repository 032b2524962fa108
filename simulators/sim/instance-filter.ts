import type { Instance, InstanceFilter } from "../../core/index.ts";

/** True when the instance passes every condition the filter sets (a plain function: reads call it per instance). */
export function matchesFilter(instance: Instance, filter: InstanceFilter): boolean {
  return (
    (filter.includeTerminated === true || instance.state !== "terminated") &&
    (filter.healthy !== true || (instance.state === "running" && !instance.impaired)) &&
    (filter.vmType === undefined || instance.vmType === filter.vmType) &&
    (filter.zone === undefined || instance.zone === filter.zone)
  );
}
