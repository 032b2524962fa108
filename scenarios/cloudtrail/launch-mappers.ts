import type { ChaosActionName } from "../../core/index.ts";
import { ignored } from "./map-context.ts";
import type { Mapper, StepDraft } from "./map-context.ts";
import { items, request, response, str, tagPairs } from "./trail-record.ts";

/**
 * RunInstances by a person: for each instance launched, `untagged-launch` when it has no VM type tag, `rogue-image`
 * when its image is not one its group ran at the window's start or got from the platform, else `manual-launch`
 * (a launch by hand, outside the pipeline).
 */
export const runInstances: Mapper = (ctx) => {
  const { record } = ctx.event;
  if (record.errorCode !== undefined) return ignored(`refused by the account (${record.errorCode}): nothing was launched`);
  const launched = items(response(record)["instancesSet"]).flatMap((i) => str(i["instanceId"]) ?? []);
  if (launched.length === 0) return ignored("launched no instance (no responseElements.instancesSet)");
  // The window opens with this launch: its instances are the fleet at the start, not chaos on it.
  if (ctx.event.timeMs <= ctx.startMs) return ignored("the window opens with this launch: its instances are the fleet at the start");
  const steps: StepDraft[] = [];
  const unplaced: string[] = [];
  for (const id of launched) {
    if (ctx.selected && !ctx.selected.has(id)) continue;
    const facts = ctx.book.instance(id);
    if (!facts) continue;
    const name = ctx.fleet.groupName(facts);
    const group = ctx.fleet.groupOf(facts);
    const image = facts.imageId ?? "an unknown image";
    let action: ChaosActionName;
    let params: Record<string, string> = {};
    if (!ctx.fleet.hasVmType(facts)) action = "untagged-launch";
    else if (!group) {
      unplaced.push(`${id} (${name === undefined ? "no group tag" : `group ${name} is not in the fleet`})`);
      continue;
    } else if (!isApproved(ctx, group.name, facts.imageId)) action = "rogue-image";
    else {
      action = "manual-launch";
      params = { user: ctx.actor.name };
    }
    steps.push({
      atMs: ctx.event.timeMs - ctx.startMs,
      action,
      target: group ? { group: group.name, count: { kind: "one" } } : { count: { kind: "one" } },
      params,
      group,
      instances: [id],
      event: ctx.event,
      evidence: { launched: id, setting: image },
    });
  }
  if (steps.length === 0)
    return ignored(unplaced.length > 0 ? `not in the window's fleet: ${unplaced.join(", ")}` : "no selected instance");
  return { kind: "steps", steps, partners: [], ...(unplaced.length > 0 ? { note: `left out: ${unplaced.join(", ")}` } : {}) };
};

function isApproved(ctx: Parameters<Mapper>[0], group: string, imageId: string | undefined): boolean {
  if (imageId === undefined) return false;
  const registeredBy = ctx.book.image(imageId)?.registeredBy?.kind;
  return ctx.fleet.approvedImages(group).has(imageId) || registeredBy === "platform" || registeredBy === "service";
}

/**
 * RegisterImage / CreateImage by anyone but the platform: `image-release` for the group the image is tagged for, or
 * (CreateImage) the group of the instance it was made from.
 */
export const registerImage: Mapper = (ctx) => {
  const { record } = ctx.event;
  if (record.errorCode !== undefined) return ignored(`refused by the account (${record.errorCode}): no image was made`);
  const req = request(record);
  const imageId = str(response(record)["imageId"]) ?? "an image";
  const imageTags = new Map(
    items(req["tagSpecificationSet"])
      .filter((spec) => str(spec["resourceType"]) === "image")
      .flatMap((spec) => tagPairs(spec["tags"])),
  );
  const source = str(req["instanceId"]);
  const sourceFacts = source === undefined ? undefined : ctx.book.instance(source);
  const tagged = ctx.fleet.groups.find((g) => ctx.fleet.groupName({ id: imageId, tags: imageTags, securityGroups: new Set() }) === g.name);
  const group = tagged ?? (sourceFacts ? ctx.fleet.groupOf(sourceFacts) : undefined);
  if (!group)
    return ignored(`${imageId} (${str(req["name"]) ?? "no name"}): tagged for no group of the fleet and made from no instance of it`);
  if (ctx.selected && !(source !== undefined && ctx.selected.has(source)) && !tagged) return ignored("outside the selected instances");
  return {
    kind: "steps",
    steps: [
      {
        atMs: ctx.event.timeMs - ctx.startMs,
        action: "image-release",
        target: { group: group.name, count: { kind: "one" } },
        params: {},
        group,
        instances: source === undefined ? [] : [source],
        event: ctx.event,
        evidence: { setting: imageId },
      },
    ],
    partners: [],
  };
};
