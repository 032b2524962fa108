import { formatCompactDuration } from "../compact-duration.ts";
import { ignored, perGroup } from "./map-context.ts";
import type { MapContext, Mapper, Mapping } from "./map-context.ts";
import { items, request, str, tagPairs } from "./trail-record.ts";
import type { TrailEvent } from "./trail-record.ts";

const instanceIds = (event: TrailEvent): string[] =>
  items(request(event.record)["instancesSet"]).flatMap((i) => str(i["instanceId"]) ?? []);
const refused = (ctx: MapContext): Mapping | undefined =>
  ctx.event.record.errorCode === undefined
    ? undefined
    : ignored(`refused by the account (${ctx.event.record.errorCode}): nothing to replay`);

/** TerminateInstances by a person: `kill` of those instances. */
export const terminateInstances: Mapper = (ctx) =>
  refused(ctx) ?? perGroup(ctx, instanceIds(ctx.event), () => ({ action: "kill", params: {}, evidence: {} }));

/**
 * StopInstances by a person: `stop-start`, down until the same instance's next StartInstances by anyone but the
 * platform in the window (folded into the step), else until the window's end.
 */
export const stopInstances: Mapper = (ctx) => {
  const stop = refused(ctx);
  if (stop) return stop;
  const ids = instanceIds(ctx.event);
  const starts = new Map<string, TrailEvent>();
  for (const id of ids) {
    const start = ctx.later("StartInstances", (e) => e.record.errorCode === undefined && instanceIds(e).includes(id));
    if (start) starts.set(id, start);
  }
  // One step per distinct down time: instances started again together stay together.
  const byDown = new Map<number, string[]>();
  for (const id of ids) {
    const downMs = Math.max(1_000, (starts.get(id)?.timeMs ?? ctx.endMs) - ctx.event.timeMs);
    byDown.set(downMs, [...(byDown.get(downMs) ?? []), id]);
  }
  const steps = [...byDown].flatMap(([downMs, group]) => {
    const mapped = perGroup(ctx, group, () => ({ action: "stop-start", params: { downFor: formatCompactDuration(downMs) }, evidence: {} }));
    return mapped.kind === "steps" ? mapped.steps : [];
  });
  if (steps.length === 0) return perGroup(ctx, ids, () => ({ action: "stop-start", params: {}, evidence: {} }));
  const partners = [...new Set(starts.values())].filter((start) =>
    steps.some((s) => instanceIds(start).some((id) => s.instances.includes(id))),
  );
  const unstarted = ids.filter((id) => !starts.has(id) && steps.some((s) => s.instances.includes(id)));
  return {
    kind: "steps",
    steps,
    partners,
    ...(unstarted.length > 0 ? { note: `not started again in the window: ${unstarted.join(", ")}` } : {}),
  };
};

/** StartInstances on its own (no StopInstances by a person before it in the window): the stop predates the window. */
export const startInstances: Mapper = () => ignored("a start without a StopInstances in the window (the stop is before it)");

/** CreateTags / DeleteTags of configuration tags on instances by a person: `drift` of each setting. */
export const changeTags: Mapper = (ctx) => {
  const failed = refused(ctx);
  if (failed) return failed;
  const req = request(ctx.event.record);
  const ids = items(req["resourcesSet"]).flatMap((r) => str(r["resourceId"]) ?? []);
  const keys = [...new Set(tagPairs(req["tagSet"]).map(([key]) => key))];
  const config = keys.filter(ctx.isConfigTag);
  const instances = ids.filter((id) => id.startsWith("i-"));
  if (instances.length === 0) return ignored(`tags ${ids.join(", ") || "no resource"}, not an instance`);
  if (config.length === 0)
    return ignored(`${keys.join(", ") || "no tag"} on ${instances.join(", ")}: not a configuration tag (--config-tag names them)`);
  const steps = config.flatMap((setting) => {
    const mapped = perGroup(ctx, instances, () => ({
      action: "drift",
      params: { actor: `operator:${ctx.actor.name}`, setting },
      evidence: { setting },
    }));
    return mapped.kind === "steps" ? mapped.steps : [];
  });
  return steps.length > 0
    ? { kind: "steps", steps, partners: [] }
    : perGroup(ctx, instances, () => ({ action: "drift", params: {}, evidence: {} }));
};

const ATTRIBUTES = [
  "instanceType",
  "userData",
  "kernel",
  "ramdisk",
  "disableApiTermination",
  "disableApiStop",
  "instanceInitiatedShutdownBehavior",
  "sourceDestCheck",
  "groupSet",
  "ebsOptimized",
  "sriovNetSupport",
  "enaSupport",
  "blockDeviceMapping",
];

/** ModifyInstanceAttribute by a person: `drift` of that attribute. */
export const modifyInstanceAttribute: Mapper = (ctx) => {
  const failed = refused(ctx);
  if (failed) return failed;
  const req = request(ctx.event.record);
  const id = str(req["instanceId"]);
  if (id === undefined) return ignored("names no instance");
  const setting = str(req["attribute"]) ?? ATTRIBUTES.find((key) => key in req) ?? "attribute";
  return perGroup(ctx, [id], () => ({ action: "drift", params: { actor: `operator:${ctx.actor.name}`, setting }, evidence: { setting } }));
};
