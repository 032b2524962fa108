import type { ChaosActionName, GroupSpec, TargetSpec } from "../../core/index.ts";
import type { InstanceBook, InstanceFacts } from "./instance-book.ts";
import type { Actor } from "./principals.ts";
import type { ReconstructedFleet } from "./reconstruct-fleet.ts";
import type { TrailEvent } from "./trail-record.ts";

/** What a step came from, beyond its event: what `--expect-from-incident` judges the incident by. */
export interface StepEvidence {
  /** Security group, port and CIDR of an opened rule. */
  readonly securityGroup?: string;
  readonly port?: number;
  readonly cidr?: string;
  /** The instance a launch made. */
  readonly launched?: string;
  /** The tag or attribute a drift changed. */
  readonly setting?: string;
  /** The account refused the call (errorCode), or EC2 Instance Connect answered success: false. */
  readonly refused?: string;
}

/** One chaos step drawn from an event: its offset, action, target and parameters as a scenario writes them. */
export interface StepDraft {
  readonly atMs: number;
  readonly action: ChaosActionName;
  readonly target: TargetSpec;
  /** `with` parameters as written (durations as text); defaults are dropped when rendered. */
  readonly params: Readonly<Record<string, string | number | boolean>>;
  readonly group: GroupSpec | undefined;
  /** The account's instance ids the step stands for. */
  readonly instances: readonly string[];
  readonly event: TrailEvent;
  readonly evidence: StepEvidence;
}

/** What one event became: steps (and the later events folded into them), or a reason it maps to none. */
export type Mapping =
  | { readonly kind: "steps"; readonly steps: readonly StepDraft[]; readonly partners: readonly TrailEvent[]; readonly note?: string }
  | { readonly kind: "ignored"; readonly reason: string };

/** Everything a mapper may read about one event. */
export interface MapContext {
  readonly event: TrailEvent;
  readonly actor: Actor;
  readonly book: InstanceBook;
  readonly fleet: ReconstructedFleet;
  readonly startMs: number;
  readonly endMs: number;
  /** Instances chosen by --instances or --tag; undefined means all. */
  readonly selected: ReadonlySet<string> | undefined;
  /** Whether a tag key is configuration (a change of it is drift). */
  readonly isConfigTag: (key: string) => boolean;
  /** The first later event named `name` in the window, by anyone but the platform, that `match` accepts and no step took yet. */
  readonly later: (name: string, match: (event: TrailEvent) => boolean) => TrailEvent | undefined;
}

/** Maps one event to steps; the table in event-mapping.ts holds one per mapped event name. */
export type Mapper = (ctx: MapContext) => Mapping;

/** Shorthand for a mapping to no step. */
export const ignored = (reason: string): Mapping => ({ kind: "ignored", reason });

/** The instances of the window's fleet among `ids`, by group, and why the others have no place in it. */
export interface Placement {
  readonly byGroup: ReadonlyMap<GroupSpec, InstanceFacts[]>;
  readonly unplaced: readonly string[];
}

/** Places account instance ids in the reconstructed fleet (selected instances only, when a filter is given). */
export function place(ctx: MapContext, ids: readonly string[]): Placement {
  const byGroup = new Map<GroupSpec, InstanceFacts[]>();
  const unplaced: string[] = [];
  for (const id of ids) {
    if (ctx.selected && !ctx.selected.has(id)) continue;
    const facts = ctx.book.instance(id);
    const group = facts && ctx.fleet.groupOf(facts);
    if (!facts || !group) {
      const name = facts && ctx.fleet.groupName(facts);
      unplaced.push(
        `${id} (${!facts ? "no launch, tag or inventory evidence" : name ? `group ${name} is not in the fleet` : "no group tag"})`,
      );
      continue;
    }
    const list = byGroup.get(group);
    if (list) list.push(facts);
    else byGroup.set(group, [facts]);
  }
  return { byGroup, unplaced };
}

/**
 * The scenario target for `instances` of `group`: every instance when they are the whole group, else one (in its
 * zone, when the group spans several) or `random: n`. The account's instance ids are not the simulated fleet's, so a
 * target names the group, the zone and a count, never an instance id.
 */
export function targetFor(ctx: MapContext, group: GroupSpec, instances: readonly InstanceFacts[]): TargetSpec {
  if (instances.length >= group.capacity) return { group: group.name, count: { kind: "all" } };
  if (instances.length > 1) return { group: group.name, count: { kind: "random", n: instances.length } };
  const zone = instances[0] && ctx.fleet.zoneOf(instances[0]);
  const inZone = zone !== undefined && group.zones.length > 1 && group.zones.includes(zone);
  return { group: group.name, ...(inZone ? { zone } : {}), count: { kind: "one" } };
}

/** Steps, one per group of the placed instances, or the reason none could be placed. */
export function perGroup(
  ctx: MapContext,
  ids: readonly string[],
  draft: (group: GroupSpec, instances: readonly InstanceFacts[]) => Omit<StepDraft, "atMs" | "event" | "group" | "instances" | "target">,
  partners: readonly TrailEvent[] = [],
): Mapping {
  const { byGroup, unplaced } = place(ctx, ids);
  if (byGroup.size === 0) return ignored(unplaced.length > 0 ? `not in the window's fleet: ${unplaced.join(", ")}` : "names no instance");
  const steps = [...byGroup].map(([group, instances]) => ({
    ...draft(group, instances),
    atMs: ctx.event.timeMs - ctx.startMs,
    event: ctx.event,
    group,
    instances: instances.map((i) => i.id),
    target: targetFor(ctx, group, instances),
  }));
  return { kind: "steps", steps, partners, ...(unplaced.length > 0 ? { note: `left out: ${unplaced.join(", ")}` } : {}) };
}
