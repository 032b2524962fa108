import { formatCompactDuration as dur } from "../compact-duration.ts";
import type { Actor } from "./principals.ts";
import { namedInstances } from "./selection.ts";
import { items, request, str } from "./trail-record.ts";
import type { TrailEvent } from "./trail-record.ts";

const MAX_IDS = 4;

/** A comment is one line: whatever a record holds, newlines never leave it. */
export const oneLine = (text: string): string => text.replace(/[\r\n]+/g, " ");

/** The resources an event names, shortly: instance ids, security group and opened ranges, image. */
export function resourcesOf(event: TrailEvent): string {
  const req = request(event.record);
  const parts: string[] = [];
  const ids = namedInstances(event);
  if (ids.length > 0)
    parts.push(ids.length > MAX_IDS ? `${ids.slice(0, MAX_IDS).join(", ")} +${ids.length - MAX_IDS} more` : ids.join(", "));
  const group = str(req["groupId"]);
  if (group !== undefined) {
    const ranges = items(req["ipPermissions"]).flatMap((p) => {
      const cidrs = [...items(p["ipRanges"]).map((r) => str(r["cidrIp"])), ...items(p["ipv6Ranges"]).map((r) => str(r["cidrIpv6"]))];
      const ports = p["fromPort"] === p["toPort"] ? `${String(p["fromPort"])}` : `${String(p["fromPort"])}-${String(p["toPort"])}`;
      return cidrs.filter(Boolean).map((cidr) => `${String(p["ipProtocol"] ?? "tcp")}/${ports} from ${cidr}`);
    });
    parts.push([group, ...ranges].join(" "));
  }
  const image = str(req["imageId"]) ?? str(req["name"]);
  if (image !== undefined && ids.length === 0) parts.push(image);
  return parts.join("; ");
}

/** `+14m5s 2026-10-07T09:14:05Z AuthorizeSecurityGroupIngress (ec2.amazonaws.com) by alice: sg-... tcp/22 from 0.0.0.0/0` */
export function describeEvent(event: TrailEvent, actor: Actor, startMs: number): string {
  const { record } = event;
  const offset = event.timeMs >= startMs ? `+${dur(event.timeMs - startMs)}` : `-${dur(startMs - event.timeMs)}`;
  const resources = resourcesOf(event);
  const failed = record.errorCode ? ` [${record.errorCode}]` : "";
  const call = `${record.eventName} (${record.eventSource}) by ${actor.name}${failed}`;
  return oneLine(`${offset} ${record.eventTime} ${call}${resources ? `: ${resources}` : ""}`);
}
