import { formatDuration as fmt, isVmType } from "../core/index.ts";
import type { HistoryEvent, Verdict } from "../core/index.ts";
import { chaosStepOf, noEvidence } from "./chaos-index.ts";
import { groupSpec, isPlatformActor, limitMs } from "./context.ts";
import type { CheckContext, Checker } from "./context.ts";
import { groupBy } from "./collections.ts";
import type { InstanceFacts } from "./instance-index.ts";
import { EVIDENCE_CAP, Judge, plural } from "./judge.ts";

const WORLD_CIDRS: ReadonlySet<string> = new Set(["0.0.0.0/0", "::/0"]);

/**
 * The identities a history may name as actors: the harness, the world and its sensors
 * (`world/edr`), the pipeline, chaos, people (`operator:<name>`), the platform's controllers
 * (`platform/<controller>`), automation observed in an account (`external/<name>`) and, on an account world,
 * `account` on a fact the account showed (`observed`) that matches none of cattleprod's writes and no Auto Scaling
 * group: the team's own automation, such as a command platform's Cloud Custodian run.
 */
const KNOWN_ACTOR = /^(?:harness|world(?:\/[\w.-]+)?|pipeline|chaos|operator:\S+|platform\/\S+|external\/\S+)$/;
/** What FLT-AUD-001 needs to know of one actor name. */
interface ActorClass {
  readonly blank: boolean;
  readonly known: boolean;
  readonly platform: boolean;
  /** A platform actor whose controller is among those started. */
  readonly started: boolean;
}

const ADMIN_PORTS: ReadonlySet<number> = new Set([22, 3389]);

/** FLT-INV-001: every launched instance carries a VM type, or is terminated within the detect window. */
export function checkInventory(ctx: CheckContext): Verdict {
  const j = new Judge("FLT-INV-001");
  const windowMs = limitMs(ctx, "detectWindowMs");
  const detected = new Map<string, HistoryEvent<"instance.untagged-detected">>();
  for (const event of ctx.history.ofKind("instance.untagged-detected"))
    if (!detected.has(event.instanceId)) detected.set(event.instanceId, event);
  let tagged = 0;
  let untagged = 0;
  const instances = ctx.index.all;
  for (let n = 0; n < instances.length; n++) {
    const facts = instances[n] as InstanceFacts;
    if (isVmType(facts.vmType)) {
      tagged += 1;
      j.okAt(facts.launch.seq, facts.id);
      continue;
    }
    untagged += 1;
    const launchedAtMs = facts.launch.atMs;
    const seen = detected.get(facts.id);
    const term = facts.terminated;
    const info = {
      instance: facts.id,
      seqs: [facts.launch.seq, ...(seen ? [seen.seq] : []), ...(term ? [term.seq] : [])],
      ...(seen ? { detectMs: seen.atMs - launchedAtMs } : term ? { detectMs: term.atMs - launchedAtMs } : {}),
      ...(term ? { healMs: term.atMs - launchedAtMs } : {}),
    };
    if (term && term.atMs - launchedAtMs <= windowMs) j.ok(info);
    else if (term) j.fail(`untagged ${facts.id} terminated ${fmt(term.atMs - launchedAtMs)} after launch (limit ${fmt(windowMs)})`, info);
    else if (launchedAtMs + windowMs > ctx.runMs)
      j.undecide(`untagged ${facts.id} launched ${fmt(ctx.runMs - launchedAtMs)} before run end`, info);
    else j.fail(`untagged ${facts.id} still running ${fmt(ctx.runMs - launchedAtMs)} after launch (limit ${fmt(windowMs)})`, info);
  }
  return j.verdict({
    expected: `every instance tagged with a VM type, or terminated within ${fmt(windowMs)} of launch`,
    exercised: ctx.index.instances.size > 0 ? true : "no instance launched",
    summary: () =>
      untagged === 0
        ? `${plural(tagged, "instance")} tagged`
        : `${plural(tagged, "instance")} tagged, ${plural(untagged, "untagged launch", "untagged launches")} terminated, ` +
          `worst ${fmt(j.worstHealMs ?? 0)} (limit ${fmt(windowMs)})`,
    hint:
      "an untagged launch went unnoticed: " +
      "check that the platform watches launches for the cattleprod:vm-type tag and terminates untagged instances",
  });
}

/**
 * FLT-AUD-001: every event has a time and a known actor (harness, world, pipeline, chaos,
 * operator:<name>, platform/<controller>, external/<name>); chaos effects point at their step;
 * platform actors are started controllers.
 */
export function checkAudit(ctx: CheckContext): Verdict {
  const j = new Judge("FLT-AUD-001");
  const controllers = new Set(ctx.history.ofKind("platform.started").flatMap((event) => event.controllers));
  const problems = new Map<string, { count: number; first: string; seqs: number[] }>();
  const flag = (rule: string, event: HistoryEvent, detail: string): void => {
    const entry = problems.get(rule) ?? { count: 0, first: `event ${event.seq} ${event.kind}${detail}`, seqs: [] };
    entry.count += 1;
    if (entry.seqs.length < EVIDENCE_CAP) entry.seqs.push(event.seq);
    problems.set(rule, entry);
  };
  const events = ctx.history.all();
  // One classification per distinct actor (a history names a few actors over thousands of events).
  const actors = new Map<string, ActorClass>();
  const classify = (actor: string): ActorClass => {
    const platform = isPlatformActor(actor);
    return {
      blank: actor.trim() === "",
      known: KNOWN_ACTOR.test(actor),
      platform,
      started: platform && controllers.has(actor.slice("platform/".length).split("/")[0] ?? ""),
    };
  };
  let chaosEffects = 0;
  let platformActions = 0;
  let lastActor: string | undefined;
  let lastKind: ActorClass | undefined;
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as HistoryEvent;
    if (!Number.isFinite(event.atMs)) flag("without a finite time", event, "");
    const actor = event.actor;
    // Runs of events by one actor are common: the last actor's class is at hand.
    let kind = actor === lastActor ? lastKind : typeof actor === "string" ? actors.get(actor) : undefined;
    if (kind === undefined && typeof actor === "string") actors.set(actor, (kind = classify(actor)));
    lastActor = actor;
    lastKind = kind;
    if (kind === undefined || kind.blank) {
      flag("without an actor", event, "");
      continue;
    }
    const known = kind.known || (actor === "account" && event.observed?.source === "account");
    if (!known) flag("by an actor that is no known identity", event, ` (${actor})`);
    if (event.cause !== undefined && !(Number.isInteger(event.cause) && event.cause >= 0 && event.cause < event.seq))
      flag("with a dangling cause", event, ` (cause ${event.cause})`);
    if (actor === "chaos" && event.kind !== "chaos.injected" && event.kind !== "chaos.outcome") {
      chaosEffects += 1;
      if (!chaosStepOf(ctx.index.chaos, event)) flag("by chaos not pointing at a chaos step", event, "");
    }
    if (kind.platform) {
      platformActions += 1;
      if (!kind.started) flag("by a platform actor that is not a started controller", event, ` (${actor})`);
    }
  }
  for (const [rule, { count, first, seqs }] of problems) j.fail(`${plural(count, "event")} ${rule} (first: ${first})`, { seqs });
  if (problems.size === 0) j.okMany(events.length);
  return j.verdict({
    expected:
      "every event has a finite time and a known actor; chaos effects cause-linked to chaos.injected; " +
      "platform actors listed in platform.started",
    exercised: events.length > 0 ? true : "empty history",
    summary: () =>
      `${plural(events.length, "event")} audited (${plural(chaosEffects, "chaos effect")}, ${plural(platformActions, "platform action")})`,
    hint:
      "an actor wrote to the fleet without naming itself or its cause: " +
      "pass the actor and the chaos step's seq to every fleet write, and list every controller in platform.started",
  });
}

/** FLT-NET-001: a world-open rule to 22/3389 is revoked within the detect window unless on a pet that allows it. */
export function checkPublicIngress(ctx: CheckContext): Verdict {
  const j = new Judge("FLT-NET-001");
  const windowMs = limitMs(ctx, "detectWindowMs");
  const revokes = groupBy(ctx.history.ofKind("ingress.revoked"), (event) => `${event.instanceId}|${event.port}|${event.cidr}`);
  let exempt = 0;
  for (const open of ctx.history.ofKind("ingress.opened")) {
    if (!WORLD_CIDRS.has(open.cidr) || !ADMIN_PORTS.has(open.port)) continue;
    const facts = ctx.index.instances.get(open.instanceId);
    if (facts?.scope === "pet" && groupSpec(ctx.spec, facts.group)?.publicIngress === true) {
      exempt += 1;
      continue;
    }
    const revoke = revokes.get(`${open.instanceId}|${open.port}|${open.cidr}`)?.find((event) => event.seq > open.seq);
    const term = facts?.terminated && facts.terminated.seq > open.seq ? facts.terminated : undefined;
    const closed = [revoke, term].filter((event) => event !== undefined).sort((a, b) => a.seq - b.seq)[0];
    const what = `port ${open.port} open to ${open.cidr} on ${open.instanceId}`;
    const info = {
      instance: open.instanceId,
      seqs: [open.seq, ...(closed ? [closed.seq] : [])],
      ...(closed ? { detectMs: closed.atMs - open.atMs, healMs: closed.atMs - open.atMs } : {}),
    };
    if (closed && closed.atMs - open.atMs <= windowMs) j.ok(info);
    else if (closed) j.fail(`${what} for ${fmt(closed.atMs - open.atMs)} (limit ${fmt(windowMs)})`, info);
    else if (open.atMs + windowMs > ctx.runMs) j.undecide(`${what} opened ${fmt(ctx.runMs - open.atMs)} before run end`, info);
    else j.fail(`${what} still open ${fmt(ctx.runMs - open.atMs)} later (limit ${fmt(windowMs)})`, info);
  }
  const none = exempt > 0 ? "no world-open 22/3389 rule outside pets that allow it" : "no world-open 22/3389 rule opened";
  return j.verdict({
    expected: `0.0.0.0/0 ingress to 22/3389 revoked within ${fmt(windowMs)} (except pets with publicIngress)`,
    exercised: j.passed + j.undecided > 0 ? true : noEvidence(ctx.index.chaos, ["open-ingress"], none),
    summary: () => `${plural(j.passed, "world-open admin port")} closed, worst ${fmt(j.worstHealMs ?? 0)} (limit ${fmt(windowMs)})`,
    hint:
      "open security-group rules were not revoked: " +
      "check the platform's ingress watcher (or its security-group policy) and the detect window",
  });
}

/** Checkers of the fleet-wide controls. */
export const FLEET_CHECKERS = {
  "FLT-INV-001": checkInventory,
  "FLT-AUD-001": checkAudit,
  "FLT-NET-001": checkPublicIngress,
} as const satisfies Record<string, Checker>;
