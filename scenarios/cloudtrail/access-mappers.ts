import { formatCompactDuration } from "../compact-duration.ts";
import { ignored, perGroup } from "./map-context.ts";
import type { Mapper, StepDraft } from "./map-context.ts";
import { items, obj, request, response, str } from "./trail-record.ts";
import type { Json } from "./trail-record.ts";

const WORLD = new Set(["0.0.0.0/0", "::/0"]);
const ADMIN_PORTS = [22, 3389] as const;

/** The admin ports (22, 3389) a permission opens to the world, with the CIDR it names. */
function worldOpen(permission: { readonly [key: string]: Json }): { port: 22 | 3389; cidr: string }[] {
  const protocol = String(permission["ipProtocol"] ?? "tcp");
  if (protocol !== "tcp" && protocol !== "6" && protocol !== "-1") return [];
  const from = typeof permission["fromPort"] === "number" ? permission["fromPort"] : 0;
  const to = typeof permission["toPort"] === "number" ? permission["toPort"] : 65_535;
  const all = protocol === "-1" || from === -1;
  const ranges = [
    ...items(permission["ipRanges"]).map((r) => str(r["cidrIp"])),
    ...items(permission["ipv6Ranges"]).map((r) => str(r["cidrIpv6"])),
  ];
  const cidr = ranges.find((c) => c !== undefined && WORLD.has(c));
  if (cidr === undefined) return [];
  return ADMIN_PORTS.filter((port) => all || (from <= port && port <= to)).map((port) => ({ port, cidr }));
}

/**
 * AuthorizeSecurityGroupIngress by a person opening 22 or 3389 to 0.0.0.0/0 (or ::/0): `open-ingress` on every
 * instance in that security group at the time, one step per group and port.
 */
export const authorizeIngress: Mapper = (ctx) => {
  const { record } = ctx.event;
  if (record.errorCode !== undefined) return ignored(`refused by the account (${record.errorCode}): nothing was opened`);
  const req = request(record);
  const securityGroup = str(req["groupId"]) ?? str(req["groupName"]);
  if (securityGroup === undefined) return ignored("names no security group");
  const opened = items(req["ipPermissions"]).flatMap(worldOpen);
  if (opened.length === 0) return ignored(`${securityGroup}: no rule opens 22 or 3389 to 0.0.0.0/0 or ::/0`);
  const ids = ctx.book.inSecurityGroup(securityGroup, ctx.event.timeMs).map((i) => i.id);
  if (ids.length === 0) return ignored(`${securityGroup}: no known instance in this security group at the time`);
  const steps: StepDraft[] = [];
  for (const { port, cidr } of opened) {
    if (steps.some((s) => s.params["port"] === port)) continue;
    const mapped = perGroup(ctx, ids, () => ({ action: "open-ingress", params: { port }, evidence: { securityGroup, port, cidr } }));
    if (mapped.kind === "ignored") return mapped;
    steps.push(...mapped.steps);
  }
  return { kind: "steps", steps, partners: [] };
};

/**
 * SendSSHPublicKey (EC2 Instance Connect) by a person: `key-injection` into that instance. A refused push is still
 * the attempt the scenario replays.
 */
export const sendSshPublicKey: Mapper = (ctx) => {
  const { record } = ctx.event;
  const req = request(record);
  const id = str(req["instanceId"]);
  if (id === undefined) return ignored("names no instance");
  const osUser = str(req["instanceOSUser"]) ?? "unknown";
  const refusedBy = record.errorCode ?? (response(record)["success"] === false ? "success: false" : undefined);
  return perGroup(ctx, [id], () => ({
    action: "key-injection",
    params: { key: `eic-${ctx.actor.name}-as-${osUser}` },
    evidence: refusedBy ? { refused: refusedBy } : {},
  }));
};

const REMOTE_HOST = /RemoteHost/i;

/**
 * StartSession (Session Manager) by a person: a `login` over session-manager, open until its TerminateSession (folded
 * into the step) or the default. A port-forwarding session to another host is kept as a comment: the scenario language
 * cannot yet present access obtained on one instance to another.
 */
export const startSession: Mapper = (ctx) => {
  const { record } = ctx.event;
  const req = request(record);
  const id = str(req["target"]);
  if (id === undefined) return ignored("names no target");
  const document = str(req["documentName"]);
  if (document && REMOTE_HOST.test(document)) {
    const given = obj(req["parameters"])?.["host"];
    const host = (Array.isArray(given) ? str(given[0]) : str(given)) ?? "another host";
    return ignored(`${document} through ${id} to ${host}: access to one instance used to reach another is not expressible yet`);
  }
  const sessionId = str(response(record)["sessionId"]);
  const end = sessionId === undefined ? undefined : ctx.later("TerminateSession", (e) => str(request(e.record)["sessionId"]) === sessionId);
  const params = {
    user: ctx.actor.name,
    protocol: "session-manager",
    ...(end && end.timeMs > ctx.event.timeMs ? { sessionFor: formatCompactDuration(end.timeMs - ctx.event.timeMs) } : {}),
  };
  return perGroup(
    ctx,
    [id],
    () => ({ action: "login", params, evidence: record.errorCode ? { refused: record.errorCode } : {} }),
    end ? [end] : [],
  );
};
