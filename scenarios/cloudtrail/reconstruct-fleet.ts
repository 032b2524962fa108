import { groupDefaults, MINUTE_MS, VM_TYPES } from "../../core/index.ts";
import type { GroupSpec, VmType } from "../../core/index.ts";
import { aliveAt } from "./instance-book.ts";
import type { InstanceBook, InstanceFacts } from "./instance-book.ts";

/** The tag keys that name an instance's group and VM type (the first key present wins). */
export interface IdentityTags {
  readonly groupKeys: readonly string[];
  readonly vmTypeKeys: readonly string[];
}

/** Default identity tags: cattleprod's own, then the Auto Scaling group's name for the group. */
export const DEFAULT_IDENTITY_TAGS: IdentityTags = {
  groupKeys: ["cattleprod:group", "aws:autoscaling:groupName"],
  vmTypeKeys: ["cattleprod:vm-type"],
};

/** The fleet at the window's start, and how instances map onto it. */
export interface ReconstructedFleet {
  readonly groups: readonly GroupSpec[];
  /** Lines for the header: how each group was built, and what was left out. */
  readonly notes: readonly string[];
  /** The fleet group an instance belongs to (by its tags), if that group is in the fleet. */
  groupOf(facts: InstanceFacts): GroupSpec | undefined;
  /** The group name an instance's tags give, whether or not the group is in the fleet. */
  groupName(facts: InstanceFacts): string | undefined;
  /** Whether the VM type tag is on the instance. */
  hasVmType(facts: InstanceFacts): boolean;
  /** The scenario's zone label for an instance (us-east-1b -> b). */
  zoneOf(facts: InstanceFacts): string | undefined;
  /** Images a group ran at the start or got from the platform: launches from others are rogue. */
  approvedImages(group: string): ReadonlySet<string>;
}

const first = (facts: InstanceFacts, keys: readonly string[]): string | undefined =>
  keys.map((key) => facts.tags.get(key)).find((value) => value !== undefined && value !== "");

/** us-east-1b -> b; a name of another form is kept whole. */
export function zoneLabel(zone: string): string {
  return /^[a-z]{2}(?:-[a-z]+)+-\d+([a-z])$/.exec(zone)?.[1] ?? zone;
}

/**
 * Builds the fleet at `startMs`: one group per group tag value among the instances alive then (restricted to
 * `selected` instances' groups when a filter is given), with the VM type from tags, the capacity alive at the start,
 * the image most of them run, their zones and the age of the oldest.
 */
export function reconstructFleet(
  book: InstanceBook,
  startMs: number,
  tags: IdentityTags,
  selected: ReadonlySet<string> | undefined,
): ReconstructedFleet {
  const groupName = (facts: InstanceFacts) => first(facts, tags.groupKeys);
  const members = new Map<string, InstanceFacts[]>();
  for (const facts of book.all()) {
    const name = groupName(facts);
    if (name === undefined) continue;
    const list = members.get(name);
    if (list) list.push(facts);
    else members.set(name, [facts]);
  }
  const wanted = selected && new Set(book.all().flatMap((facts) => (selected.has(facts.id) ? (groupName(facts) ?? []) : [])));
  const groups: GroupSpec[] = [];
  const notes: string[] = [];
  const approved = new Map<string, Set<string>>();
  for (const [name, all] of [...members].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (wanted && !wanted.has(name)) continue;
    const alive = all.filter((facts) => aliveAt(facts, startMs));
    const vmType = majority(all.map((facts) => vmTypeOf(facts, tags)).filter((v): v is VmType => v !== undefined));
    if (vmType === undefined) {
      notes.push(`group ${name} left out: none of its ${all.length} instance(s) has a VM type tag (${tags.vmTypeKeys.join(", ")})`);
      continue;
    }
    const launchedLater = all.filter(
      (facts) => facts.launchMs !== undefined && facts.launchMs > startMs && facts.launchedBy?.kind !== "person",
    );
    const capacity = alive.length > 0 ? alive.length : launchedLater.length;
    if (capacity === 0) {
      notes.push(`group ${name} left out: no instance of it was running at the window start or launched by the platform in it`);
      continue;
    }
    const basis = alive.length > 0 ? alive : launchedLater;
    const image = majority(basis.flatMap((facts) => facts.imageId ?? [])) ?? `${name}-image`;
    const zones = [...new Set(basis.flatMap((facts) => (facts.zone ? [zoneLabel(facts.zone)] : [])))].sort();
    const launches = alive.flatMap((facts) => (facts.launchMs === undefined ? [] : [facts.launchMs]));
    const oldest = launches.length > 0 ? Math.min(...launches) : startMs;
    const initialAgeMs = Math.floor(Math.max(0, startMs - oldest) / MINUTE_MS) * MINUTE_MS;
    groups.push({
      ...groupDefaults(vmType, capacity),
      name,
      vmType,
      capacity,
      image,
      ...(zones.length > 0 ? { zones } : {}),
      initialAgeMs,
    });
    approved.set(
      name,
      new Set(
        all.flatMap((facts) => (facts.imageId && (aliveAt(facts, startMs) || facts.launchedBy?.kind !== "person") ? [facts.imageId] : [])),
      ),
    );
    const from = alive.length > 0 ? "running at the window start" : "launched by the platform in the window (none ran at its start)";
    notes.push(`group ${name}: ${vmType} x${capacity} ${from}, image ${image}${zones.length > 0 ? `, zones ${zones.join(", ")}` : ""}`);
  }
  const byName = new Map(groups.map((group) => [group.name, group]));
  return {
    groups,
    notes,
    groupOf: (facts) => {
      const name = groupName(facts);
      return name === undefined ? undefined : byName.get(name);
    },
    groupName,
    hasVmType: (facts) => vmTypeOf(facts, tags) !== undefined || first(facts, tags.vmTypeKeys) !== undefined,
    zoneOf: (facts) => (facts.zone ? zoneLabel(facts.zone) : undefined),
    approvedImages: (group) => approved.get(group) ?? new Set(),
  };
}

function vmTypeOf(facts: InstanceFacts, tags: IdentityTags): VmType | undefined {
  const value = first(facts, tags.vmTypeKeys)?.toLowerCase();
  return (VM_TYPES as readonly string[]).includes(value ?? "") ? (value as VmType) : undefined;
}

/** The most frequent value (ties: the first in sort order). */
function majority<T extends string>(values: readonly T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))[0]?.[0];
}
