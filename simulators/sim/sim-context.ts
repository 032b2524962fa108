import type {
  Decision,
  EventKind,
  EventPayloads,
  FleetPolicies,
  FleetSpec,
  GroupSpec,
  HistoryEvent,
  Instance,
  VmType,
} from "../../core/index.ts";
import type { MutableInstance } from "./mutable-instance.ts";

/** The answer of a missing policy. */
export const ALLOW: Decision = { allow: true, reason: "no policy" };

/**
 * What the pieces of a world share: the fleet spec, virtual time, the history, timers, the fault switch, the
 * live instances and the platform's policies. The simulated fleet's front provides it; an account world
 * provides it to the pieces it keeps modelled.
 */
export interface SimContext {
  readonly spec: FleetSpec;
  group(name: string): GroupSpec | undefined;
  nowMs(): number;
  emit<K extends EventKind>(kind: K, actor: string, payload: EventPayloads[K], cause?: number): HistoryEvent<K>;
  /** The seq the next history event gets. */
  nextSeq(): number;
  /** Appends an event built whole (its `seq` from {@link nextSeq}, its `atMs` now). */
  emitBuilt<K extends EventKind>(event: HistoryEvent<K>): HistoryEvent<K>;
  after(delayMs: number, task: () => void): () => void;
  /** Platform writes may fail while API faults are injected. True when this call fails (recorded as `api.fault`). */
  faulted(operation: string, actor: string): boolean;
  /** A non-terminated instance. */
  live(id: string): MutableInstance | undefined;
  /** The policies the platform installed (missing ones allow). */
  policies(): FleetPolicies;
}

/** Asks a policy about a live instance (no policy allows), records the answer, returns whether it allowed. */
export function decideOn(
  ctx: SimContext,
  instanceId: string,
  ask: (instance: Instance) => Decision | undefined,
  record: (instance: Instance, decision: Decision) => void,
): boolean {
  const instance = ctx.live(instanceId);
  if (!instance) return false;
  const decision = ask(instance) ?? ALLOW;
  record(instance, decision);
  return decision.allow;
}

/** The optional `vmType` payload field of an instance's events (untagged instances have none). */
export function typeOf(instance: Instance): { vmType?: VmType } {
  return instance.vmType ? { vmType: instance.vmType } : {};
}

/** The optional `group` payload field of an instance's events (rogue launches may have none). */
export function groupOf(instance: Instance): { group?: string } {
  return instance.group ? { group: instance.group } : {};
}
