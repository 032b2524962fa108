import { primeTimeFields, type EventKind, type HistoryEvent } from "../../core/index.ts";
import { unsetInstance, type MutableInstance } from "./mutable-instance.ts";

/**
 * The simulator's most frequent history events (launches, boots, terminations, data copies and losses, drift and
 * its repair: nine in ten events of a large run), each built whole as one object literal: every field stored in
 * the object itself, in the order `History.append` would give it (seq, atMs, kind, actor, cause when there is one,
 * then the payload's fields in the order its type lists them), with no payload object copied into it. Rare
 * shapes (an instance without group or VM type tag) are built field by field.
 */
type Built<K extends EventKind> = HistoryEvent<K>;

/** `instance.launched` of a new instance (`createdAtMs`, zone, image, group and tag from the instance). */
export function launchedEvent(
  seq: number,
  atMs: number,
  actor: string,
  cause: number | undefined,
  instance: MutableInstance,
  replaces: string | undefined,
): Built<"instance.launched"> {
  const kind = "instance.launched";
  const { id: instanceId, group, vmType, zone, imageId, createdAtMs } = instance;
  if (group !== undefined && vmType !== undefined) {
    if (replaces === undefined)
      return cause === undefined
        ? { seq, atMs, kind, actor, instanceId, group, vmType, zone, imageId, createdAtMs }
        : { seq, atMs, kind, actor, cause, instanceId, group, vmType, zone, imageId, createdAtMs };
    return cause === undefined
      ? { seq, atMs, kind, actor, instanceId, group, vmType, zone, imageId, createdAtMs, replaces }
      : { seq, atMs, kind, actor, cause, instanceId, group, vmType, zone, imageId, createdAtMs, replaces };
  }
  const event = open(seq, atMs, kind, actor, cause);
  event["instanceId"] = instanceId;
  if (group !== undefined) event["group"] = group;
  if (vmType) event["vmType"] = vmType;
  event["zone"] = zone;
  event["imageId"] = imageId;
  event["createdAtMs"] = createdAtMs;
  if (replaces) event["replaces"] = replaces;
  return event as unknown as Built<"instance.launched">;
}

/** `instance.running`, by the world (no cause). */
export function runningEvent(seq: number, atMs: number, instance: MutableInstance): Built<"instance.running"> {
  const kind = "instance.running";
  const actor = "world";
  const { id: instanceId, group } = instance;
  return group ? { seq, atMs, kind, actor, instanceId, group } : { seq, atMs, kind, actor, instanceId };
}

/** `instance.terminated` of an instance `ageMs` old. */
export function terminatedEvent(
  seq: number,
  atMs: number,
  actor: string,
  cause: number | undefined,
  instance: MutableInstance,
  reason: string,
  ageMs: number,
): Built<"instance.terminated"> {
  const kind = "instance.terminated";
  const { id: instanceId, group, vmType } = instance;
  if (group && vmType)
    return cause === undefined
      ? { seq, atMs, kind, actor, instanceId, group, vmType, reason, ageMs }
      : { seq, atMs, kind, actor, cause, instanceId, group, vmType, reason, ageMs };
  const event = open(seq, atMs, kind, actor, cause);
  event["instanceId"] = instanceId;
  if (group) event["group"] = group;
  if (vmType) event["vmType"] = vmType;
  event["reason"] = reason;
  event["ageMs"] = ageMs;
  return event as unknown as Built<"instance.terminated">;
}

/** `data.placed` or `data.replica-lost`: a shard's copy on an instance made or lost, with the copies left. */
export function copyEvent<K extends "data.placed" | "data.replica-lost">(
  seq: number,
  atMs: number,
  kind: K,
  actor: string,
  cause: number | undefined,
  group: string,
  shard: number,
  instanceId: string,
  copies: number,
): Built<K> {
  return (
    cause === undefined
      ? { seq, atMs, kind, actor, group, shard, instanceId, copies }
      : { seq, atMs, kind, actor, cause, group, shard, instanceId, copies }
  ) as Built<K>;
}

/** `config.drifted`: the actual configuration moved from `from` to `to`. */
export function driftedEvent(
  seq: number,
  atMs: number,
  actor: string,
  cause: number | undefined,
  instanceId: string,
  from: string,
  to: string,
): Built<"config.drifted"> {
  const kind = "config.drifted";
  return cause === undefined ? { seq, atMs, kind, actor, instanceId, from, to } : { seq, atMs, kind, actor, cause, instanceId, from, to };
}

/** `config.applied`: the desired configuration `version` re-applied. */
export function appliedEvent(
  seq: number,
  atMs: number,
  actor: string,
  cause: number | undefined,
  instanceId: string,
  version: string,
): Built<"config.applied"> {
  const kind = "config.applied";
  return cause === undefined ? { seq, atMs, kind, actor, instanceId, version } : { seq, atMs, kind, actor, cause, instanceId, version };
}

/** The common head of an event built field by field (rare shapes only). */
function open(seq: number, atMs: number, kind: EventKind, actor: string, cause: number | undefined): Record<string, unknown> {
  return cause === undefined ? { seq, atMs, kind, actor } : { seq, atMs, kind, actor, cause };
}

// Every literal above, built once with its times unset before any real event (see `primeTimeFields`).
primeTimeFields((unset) => {
  const instance = unsetInstance(unset);
  for (const cause of [undefined, 0]) {
    launchedEvent(0, unset, "prime", cause, instance, undefined);
    launchedEvent(0, unset, "prime", cause, instance, "i-prime");
    terminatedEvent(0, unset, "prime", cause, instance, "prime", unset);
    copyEvent(0, unset, "data.placed", "prime", cause, "prime", 0, "i-prime", 0);
    driftedEvent(0, unset, "prime", cause, "i-prime", "v1", "v2");
    appliedEvent(0, unset, "prime", cause, "i-prime", "v1");
  }
  runningEvent(0, unset, instance);
});
