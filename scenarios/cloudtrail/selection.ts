import { importError } from "./import-error.ts";
import type { InstanceBook } from "./instance-book.ts";
import { items, request, response, str } from "./trail-record.ts";
import type { TrailEvent } from "./trail-record.ts";

/** --instances or --tag: which instances the scenario is about. */
export interface InstanceFilter {
  readonly instances?: readonly string[];
  /** Every pair must be on the instance (each key with that value). */
  readonly tags?: readonly (readonly [string, string])[];
}

/**
 * The instance ids a filter selects (undefined without a filter). An id no input mentions, or a tag no instance
 * carries, is an error: the filter would silently select nothing.
 */
export function selectInstances(book: InstanceBook, filter: InstanceFilter, files: readonly string[]): Set<string> | undefined {
  const where = files.join(", ");
  if (filter.instances && filter.instances.length > 0) {
    const unknown = filter.instances.filter((id) => !book.instance(id));
    if (unknown.length > 0)
      throw importError(
        where,
        `--instances names ${unknown.join(", ")}, which no record or inventory mentions`,
        "Give instance ids from the trail.",
      );
    return new Set(filter.instances);
  }
  if (filter.tags && filter.tags.length > 0) {
    const wanted = filter.tags;
    const found = book.all().filter((facts) => wanted.every(([key, value]) => facts.tags.get(key) === value));
    if (found.length === 0) {
      const text = wanted.map(([k, v]) => `${k}=${v}`).join(", ");
      throw importError(
        where,
        `no instance carries the tag ${text}`,
        "Give a tag the instances had at launch, by CreateTags or in the inventory.",
      );
    }
    return new Set(found.map((facts) => facts.id));
  }
  return undefined;
}

/** The instance ids an event names: instance sets, instanceId, a session target, tagged resources, launches. */
export function namedInstances(event: TrailEvent): string[] {
  const req = request(event.record);
  const res = response(event.record);
  const ids = [
    ...items(req["instancesSet"]).map((i) => str(i["instanceId"])),
    ...items(res["instancesSet"]).map((i) => str(i["instanceId"])),
    ...items(req["resourcesSet"]).map((r) => str(r["resourceId"])),
    str(req["instanceId"]),
    str(req["target"]),
  ];
  return [...new Set(ids.filter((id): id is string => id !== undefined && id.startsWith("i-")))];
}

/** Whether an event concerns a selected instance (security-group calls: an instance in that group at the time). */
export function touches(event: TrailEvent, selected: ReadonlySet<string>, book: InstanceBook): boolean {
  if (namedInstances(event).some((id) => selected.has(id))) return true;
  const groupId = str(request(event.record)["groupId"]);
  return groupId !== undefined && book.inSecurityGroup(groupId, event.timeMs).some((facts) => selected.has(facts.id));
}
