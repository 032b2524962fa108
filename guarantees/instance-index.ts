import { History, primeTimeFields, type FleetSpec, type HistoryEvent, type HistoryView, type VmType } from "../core/index.ts";
import { buildAccessIndex } from "./access-index.ts";
import type { AccessIndex } from "./access-index.ts";
import { buildChaosIndex } from "./chaos-index.ts";
import type { ChaosIndex } from "./chaos-index.ts";
import { groupSpec } from "./context.ts";
import { HealthTimeline } from "./health-timeline.ts";
import { buildImageIndex } from "./image-index.ts";
import type { ImageIndex } from "./image-index.ts";

/** Lifecycle events that change whether an instance counts as healthy. */
export type LifecycleKind =
  "instance.running" | "instance.recovered" | "instance.crashed" | "instance.stopped" | "instance.started" | "instance.terminated";

/** What the history says about one instance. */
export interface InstanceFacts {
  readonly id: string;
  readonly launch: HistoryEvent<"instance.launched">;
  readonly group: string | undefined;
  /** The VM type tag it was launched with (missing on untagged launches). */
  readonly vmType: VmType | undefined;
  /** The VM type whose controls cover it: its tag, else its group's type. */
  readonly scope: VmType | undefined;
  readonly imageId: string;
  readonly launchedBy: string;
  /** Creation time age is measured from, after every `instance.backdated`. */
  readonly createdAtMs: number;
  /** Ids of instances launched to replace this one. */
  readonly replacedBy: readonly string[];
  /** First `instance.running`. */
  readonly running: HistoryEvent<"instance.running"> | undefined;
  readonly terminated: HistoryEvent<"instance.terminated"> | undefined;
  readonly lifecycle: readonly HistoryEvent<LifecycleKind>[];
  readonly crashes: readonly HistoryEvent<"instance.crashed">[];
  readonly stops: readonly HistoryEvent<"instance.stopped">[];
  readonly starts: readonly HistoryEvent<"instance.started">[];
  readonly backdates: readonly HistoryEvent<"instance.backdated">[];
  readonly patches: readonly HistoryEvent<"instance.patched">[];
  readonly taints: readonly HistoryEvent<"instance.tainted">[];
}

/** Facts built once per evaluation and shared by every checker. */
export interface InstanceIndex {
  readonly instances: ReadonlyMap<string, InstanceFacts>;
  /** Every instance, in launch order: `instances` as an array (a checker walks it by position, with no iterator). */
  readonly all: readonly InstanceFacts[];
  /** Instances by the VM type whose controls cover them (`scope`), in launch order. */
  readonly byScope: Readonly<Record<VmType, readonly InstanceFacts[]>>;
  /** Instances by group, in launch order. */
  readonly byGroup: ReadonlyMap<string, readonly InstanceFacts[]>;
  /** Healthy-count change points by group. */
  readonly timelines: ReadonlyMap<string, HealthTimeline>;
  readonly chaos: ChaosIndex;
  readonly images: ImageIndex;
  readonly access: AccessIndex;
}

type Building = { -readonly [K in keyof InstanceFacts]: InstanceFacts[K] extends readonly (infer E)[] ? E[] : InstanceFacts[K] } & {
  healthy: boolean;
  /** Its group's healthy count (undefined for an instance outside any group). */
  health: GroupHealth | undefined;
};

/** A group's healthy count while indexing, and its timeline once the count first changes. */
interface GroupHealth {
  readonly group: string;
  count: number;
  timeline: HealthTimeline | undefined;
}

/** Builds the index in one pass over the history (plus indexed reads of the few image, chaos and access events). */
export function buildInstanceIndex(history: HistoryView, spec: FleetSpec): InstanceIndex {
  const instances = new Map<string, Building>();
  const all: Building[] = [];
  const byScope: Record<VmType, Building[]> = { pet: [], cattle: [], immutable: [] };
  const byGroup = new Map<string, Building[]>();
  const timelines = new Map<string, HealthTimeline>();
  const health = new Map<string, GroupHealth>();
  const events = history.all();
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as HistoryEvent;
    switch (event.kind) {
      case "instance.launched": {
        if (instances.has(event.instanceId)) break;
        const facts = launched(event, event.vmType ?? groupSpec(spec, event.group)?.vmType);
        instances.set(facts.id, facts);
        all.push(facts);
        if (facts.scope !== undefined) byScope[facts.scope].push(facts);
        const group = facts.group;
        if (group !== undefined) {
          let members = byGroup.get(group);
          if (members === undefined) {
            byGroup.set(group, (members = []));
            health.set(group, { group, count: 0, timeline: undefined });
          }
          members.push(facts);
          facts.health = health.get(group);
        }
        if (event.replaces !== undefined) {
          const replaced = instances.get(event.replaces);
          if (replaced) replaced.replacedBy = append(replaced.replacedBy, facts.id);
        }
        break;
      }
      case "instance.running": {
        const facts = instances.get(event.instanceId);
        if (!facts) break;
        facts.running ??= event;
        facts.lifecycle = append(facts.lifecycle, event);
        if (!facts.terminated) setHealthy(facts, true, event, timelines);
        break;
      }
      case "instance.recovered": {
        const facts = instances.get(event.instanceId);
        if (!facts) break;
        facts.lifecycle = append(facts.lifecycle, event);
        if (!facts.terminated) setHealthy(facts, true, event, timelines);
        break;
      }
      case "instance.crashed": {
        const facts = instances.get(event.instanceId);
        if (!facts) break;
        facts.lifecycle = append(facts.lifecycle, event);
        facts.crashes = append(facts.crashes, event);
        setHealthy(facts, false, event, timelines);
        break;
      }
      case "instance.stopped": {
        const facts = instances.get(event.instanceId);
        if (!facts) break;
        facts.lifecycle = append(facts.lifecycle, event);
        facts.stops = append(facts.stops, event);
        setHealthy(facts, false, event, timelines);
        break;
      }
      case "instance.started": {
        const facts = instances.get(event.instanceId);
        if (!facts) break;
        facts.lifecycle = append(facts.lifecycle, event);
        facts.starts = append(facts.starts, event);
        setHealthy(facts, false, event, timelines);
        break;
      }
      case "instance.terminated": {
        const facts = instances.get(event.instanceId);
        if (!facts) break;
        facts.lifecycle = append(facts.lifecycle, event);
        facts.terminated ??= event;
        setHealthy(facts, false, event, timelines);
        break;
      }
      case "instance.backdated": {
        const facts = instances.get(event.instanceId);
        if (!facts) break;
        facts.backdates = append(facts.backdates, event);
        facts.createdAtMs = event.createdAtMs;
        break;
      }
      case "instance.patched": {
        const facts = instances.get(event.instanceId);
        if (facts) facts.patches = append(facts.patches, event);
        break;
      }
      case "instance.tainted": {
        const facts = instances.get(event.instanceId);
        if (facts) facts.taints = append(facts.taints, event);
        break;
      }
      default:
        break;
    }
  }
  return {
    instances,
    all,
    byScope,
    byGroup,
    timelines,
    chaos: buildChaosIndex(history),
    images: buildImageIndex(history),
    access: buildAccessIndex(history),
  };
}

/** Records a change of the instance's health in its group's count and timeline. */
function setHealthy(facts: Building, value: boolean, event: HistoryEvent, timelines: Map<string, HealthTimeline>): void {
  if (facts.healthy === value) return;
  facts.healthy = value;
  const health = facts.health;
  if (health === undefined) return;
  health.count += value ? 1 : -1;
  let timeline = health.timeline;
  if (timeline === undefined) timelines.set(health.group, (timeline = health.timeline = new HealthTimeline(health.group)));
  timeline.record(event.atMs, health.count, event.seq);
}

/** The empty list every fact starts with: most instances never crash, stop or get patched (no array each). */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * Appends to one of an instance's lists, giving it its own array on the first entry and an array of two on the second
 * (most lists end there: a push would grow the array to room for 17).
 */
function append<T>(list: T[], item: T): T[] {
  if (list === NONE) return [item];
  if (list.length === 1) return [list[0] as T, item];
  list.push(item);
  return list;
}

function launched(event: HistoryEvent<"instance.launched">, scope: VmType | undefined): Building {
  return {
    id: event.instanceId,
    launch: event,
    group: event.group,
    vmType: event.vmType,
    scope,
    imageId: event.imageId,
    launchedBy: event.actor,
    createdAtMs: event.createdAtMs,
    replacedBy: NONE,
    running: undefined,
    terminated: undefined,
    lifecycle: NONE,
    crashes: NONE,
    stops: NONE,
    starts: NONE,
    backdates: NONE,
    patches: NONE,
    taints: NONE,
    healthy: false,
    health: undefined,
  };
}

// An instance's facts, built once with unset times before any real one (see `primeTimeFields`).
primeTimeFields((unset) => {
  const payload = { instanceId: "i-prime", zone: "prime", imageId: "ami-prime", createdAtMs: unset };
  launched(new History().append(unset, "instance.launched", "prime", payload), undefined);
});

/** The VM type whose controls cover an instance: from the index, else the event's own tag. */
export function scopeOf(index: InstanceIndex, instanceId: string, tag?: VmType): VmType | undefined {
  return index.instances.get(instanceId)?.scope ?? tag;
}

/** True when the instance was launched at or before `seq` and not terminated before it. */
export function aliveAt(facts: InstanceFacts, seq: number): boolean {
  return facts.launch.seq <= seq && (facts.terminated === undefined || facts.terminated.seq > seq);
}

/** True when the instance was launched by `atMs` and not terminated by then. */
export function aliveAtTime(facts: InstanceFacts, atMs: number): boolean {
  return facts.launch.atMs <= atMs && (facts.terminated === undefined || facts.terminated.atMs > atMs);
}

/** Whether the instance counted as healthy just after the event `seq`. */
export function healthyAfter(facts: InstanceFacts, seq: number): boolean {
  let state = false;
  for (const event of facts.lifecycle) {
    if (event.seq > seq) break;
    state = event.kind === "instance.running" || event.kind === "instance.recovered";
    if (event.kind === "instance.terminated") return false;
  }
  return state;
}

/** The instance's patch level at `atMs`: its latest patch by then, else its image's level. */
export function patchLevelAt(facts: InstanceFacts, baseLevel: number, atMs: number): number {
  let level = baseLevel;
  for (const patch of facts.patches) {
    if (patch.atMs > atMs) break;
    level = patch.toLevel;
  }
  return level;
}
