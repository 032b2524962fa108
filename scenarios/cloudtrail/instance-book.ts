import type { Actor, PlatformPrincipals } from "./principals.ts";
import { items, obj, request, response, str, tagPairs } from "./trail-record.ts";
import type { InventoryInstance, Json, TrailEvent } from "./trail-record.ts";

/** What the evidence says about one instance. Tags keep the first value seen (the fleet as it was). */
export interface InstanceFacts {
  readonly id: string;
  readonly tags: Map<string, string>;
  readonly securityGroups: Set<string>;
  imageId?: string;
  /** Availability zone name, e.g. us-east-1b. */
  zone?: string;
  region?: string;
  launchMs?: number;
  launchedBy?: Actor;
  /** When it was terminated (-Infinity: before the evidence starts). */
  terminatedMs?: number;
}

/** What the evidence says about one image. */
export interface ImageFacts {
  readonly id: string;
  readonly tags: Map<string, string>;
  name?: string;
  /** CreateImage: the instance it was made from. */
  sourceInstance?: string;
  registeredBy?: Actor;
}

type Obj = { readonly [key: string]: Json };

/**
 * Every instance and image the inputs show, from RunInstances, TerminateInstances, CreateTags, RegisterImage,
 * CreateImage and describe-instances evidence, over the whole input (before, in and after the window).
 */
export class InstanceBook {
  private readonly instances = new Map<string, InstanceFacts>();
  private readonly images = new Map<string, ImageFacts>();
  private sorted: InstanceFacts[] | undefined;

  constructor(events: readonly TrailEvent[], inventory: readonly InventoryInstance[], principals: PlatformPrincipals) {
    for (const event of events) if (event.record.errorCode === undefined) this.read(event, principals);
    for (const listed of inventory) this.readInventory(listed);
  }

  /** The facts of instance `id`, if the inputs mention it as an instance. */
  instance(id: string): InstanceFacts | undefined {
    return this.instances.get(id);
  }

  /** The facts of image `id`, if the inputs registered or created it. */
  image(id: string): ImageFacts | undefined {
    return this.images.get(id);
  }

  /** Every instance known, in id order. */
  all(): readonly InstanceFacts[] {
    this.sorted ??= [...this.instances.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return this.sorted;
  }

  /** Instances in security group `groupId` that were alive at `atMs`. */
  inSecurityGroup(groupId: string, atMs: number): InstanceFacts[] {
    return this.all().filter((i) => i.securityGroups.has(groupId) && aliveAt(i, atMs));
  }

  private fact(id: string): InstanceFacts {
    let facts = this.instances.get(id);
    if (!facts) {
      facts = { id, tags: new Map(), securityGroups: new Set() };
      this.instances.set(id, facts);
      this.sorted = undefined;
    }
    return facts;
  }

  private imageFact(id: string): ImageFacts {
    let facts = this.images.get(id);
    if (!facts) {
      facts = { id, tags: new Map() };
      this.images.set(id, facts);
    }
    return facts;
  }

  private read(event: TrailEvent, principals: PlatformPrincipals): void {
    const { record } = event;
    const req = request(record);
    const res = response(record);
    switch (record.eventName) {
      case "RunInstances":
        return this.readLaunch(event, req, res, principals.actorOf(record));
      case "TerminateInstances":
        for (const item of items(req["instancesSet"])) {
          const id = str(item["instanceId"]);
          if (id === undefined) continue;
          const facts = this.fact(id);
          facts.terminatedMs ??= event.timeMs;
        }
        return;
      case "CreateTags":
        for (const resource of items(req["resourcesSet"])) {
          const id = str(resource["resourceId"]) ?? "";
          const tags = id.startsWith("i-") ? this.fact(id).tags : id.startsWith("ami-") ? this.imageFact(id).tags : undefined;
          for (const [key, value] of tagPairs(req["tagSet"])) if (tags && !tags.has(key)) tags.set(key, value);
        }
        return;
      case "RegisterImage":
      case "CreateImage": {
        const id = str(res["imageId"]);
        if (id === undefined) return;
        const image = this.imageFact(id);
        image.name ??= str(req["name"]);
        image.registeredBy ??= principals.actorOf(record);
        const source = str(req["instanceId"]);
        if (source !== undefined) image.sourceInstance ??= source;
        for (const spec of items(req["tagSpecificationSet"]))
          if (str(spec["resourceType"]) === "image")
            for (const [k, v] of tagPairs(spec["tags"])) if (!image.tags.has(k)) image.tags.set(k, v);
        return;
      }
    }
  }

  private readLaunch(event: TrailEvent, req: Obj, res: Obj, actor: Actor): void {
    const requestTags = items(req["tagSpecificationSet"])
      .filter((spec) => str(spec["resourceType"]) === "instance")
      .flatMap((spec) => tagPairs(spec["tags"]));
    const requestGroups = [...items(req["groupSet"]), ...items(req["networkInterfaceSet"]).flatMap((n) => items(n["groupSet"]))];
    for (const item of items(res["instancesSet"])) {
      const id = str(item["instanceId"]);
      if (id === undefined) continue;
      const facts = this.fact(id);
      const launchTime = item["launchTime"];
      facts.launchMs ??= typeof launchTime === "number" ? launchTime : event.timeMs;
      facts.launchedBy ??= actor;
      facts.imageId ??= str(item["imageId"]);
      facts.zone ??= str(obj(item["placement"])?.["availabilityZone"]);
      facts.region ??= event.record.awsRegion;
      for (const [key, value] of [...tagPairs(item["tagSet"]), ...requestTags]) if (!facts.tags.has(key)) facts.tags.set(key, value);
      const groups = [
        ...items(item["groupSet"]),
        ...items(item["networkInterfaceSet"]).flatMap((n) => items(n["groupSet"])),
        ...requestGroups,
      ];
      for (const group of groups) {
        const groupId = str(group["groupId"]);
        if (groupId !== undefined) facts.securityGroups.add(groupId);
      }
    }
  }

  private readInventory(listed: InventoryInstance): void {
    const facts = this.fact(listed.instanceId);
    facts.imageId ??= listed.imageId;
    facts.zone ??= listed.zone;
    facts.launchMs ??= listed.launchMs;
    if (listed.state === "terminated" || listed.state === "shutting-down") facts.terminatedMs ??= Number.NEGATIVE_INFINITY;
    for (const [key, value] of listed.tags) if (!facts.tags.has(key)) facts.tags.set(key, value);
    for (const group of listed.securityGroups) facts.securityGroups.add(group);
  }
}

/** True when the instance existed at `atMs`: launched by then (or launch unknown) and not yet terminated. */
export function aliveAt(facts: InstanceFacts, atMs: number): boolean {
  return (facts.launchMs === undefined || facts.launchMs <= atMs) && (facts.terminatedMs === undefined || facts.terminatedMs > atMs);
}
