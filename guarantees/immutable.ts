import { DAY_MS, formatDuration as fmt } from "../core/index.ts";
import type { HistoryEvent, Verdict } from "../core/index.ts";
import { noEvidence } from "./chaos-index.ts";
import { groupSpec, limitMs } from "./context.ts";
import type { CheckContext, Checker } from "./context.ts";
import { checkImmutableFloor } from "./immutable-capacity.ts";
import { checkDeployers, checkImageProvenance, checkImmutableHealing, checkVulnerableImages } from "./immutable-supply.ts";
import { aliveAt, scopeOf } from "./instance-index.ts";
import type { InstanceFacts } from "./instance-index.ts";
import { Judge, plural } from "./judge.ts";
import { checkMalware } from "./malware.ts";
import { checkPatchDeadline } from "./patching.ts";

/** IMM-ACC-001: every interactive login attempt on an immutable instance is refused. */
export function checkImmutableLogin(ctx: CheckContext): Verdict {
  const j = new Judge("IMM-ACC-001");
  for (const login of ctx.history.ofKind("login.attempted")) {
    if (scopeOf(ctx.index, login.instanceId, login.vmType) !== "immutable") continue;
    const info = { instance: login.instanceId, seqs: [login.seq] };
    if (login.outcome === "allowed")
      j.fail(
        `${login.user} got a session on ${login.instanceId} over ${login.protocol}${login.grantId ? ` with grant ${login.grantId}` : ""}`,
        info,
      );
    else j.ok(info);
  }
  return j.verdict({
    expected: "every SSH/RDP/console/session attempt on immutable instances refused",
    exercised:
      j.passed + j.failed > 0 ? true : noEvidence(ctx.index.chaos, ["login", "break-glass"], "no login attempt on an immutable instance"),
    summary: () => `${plural(j.passed, "login attempt")} refused`,
    hint:
      "an immutable instance accepted an interactive session: " +
      "its image or the access policy leaves a way in (grants must never apply to immutable servers)",
  });
}

/** IMM-ACC-002: immutable instances run images without accounts or remote shells; key injection is rejected. */
export function checkImmutableKeys(ctx: CheckContext): Verdict {
  const j = new Judge("IMM-ACC-002");
  let instances = 0;
  const members = ctx.index.byScope.immutable;
  for (let n = 0; n < members.length; n++) {
    const facts = members[n] as InstanceFacts;
    const image = ctx.index.images.images.get(facts.imageId)?.registered;
    if (!image) {
      j.undecide(`image ${facts.imageId} of ${facts.id} is not registered; its manifest is unknown`, {
        instance: facts.id,
        seqs: [facts.launch.seq],
      });
      continue;
    }
    // Most instances run a locked-down image: their case adds only a count.
    if (image.accounts.length === 0 && !image.remoteShell) {
      instances += 1;
      continue;
    }
    const exposed = [
      ...(image.accounts.length > 0 ? [`accounts ${image.accounts.join(", ")}`] : []),
      ...(image.remoteShell ? ["a remote shell"] : []),
    ];
    j.fail(`${facts.id} runs image ${facts.imageId} with ${exposed.join(" and ")}`, {
      instance: facts.id,
      seqs: [facts.launch.seq, image.seq],
    });
  }
  if (instances > 0) j.okMany(instances);
  let keys = 0;
  for (const key of ctx.history.ofKind("key.injected")) {
    if (scopeOf(ctx.index, key.instanceId, key.vmType) !== "immutable") continue;
    keys += 1;
    const info = { instance: key.instanceId, seqs: [key.seq] };
    if (key.outcome === "accepted") j.fail(`key ${key.keyName} accepted on ${key.instanceId}`, info);
    else j.ok(info);
  }
  return j.verdict({
    expected: "immutable images have no accounts and no remote shell; every key injection rejected",
    exercised: keys > 0 ? true : noEvidence(ctx.index.chaos, ["key-injection"], "no key injection on an immutable instance"),
    summary: () => `${plural(keys, "key injection")} rejected; ${plural(instances, "instance")} on images without accounts or remote shell`,
    hint:
      "a stage-3 lockdown step is missing: " +
      "the image kept accounts or sshd, or the instance accepted a key through the metadata or agent path",
  });
}

/** IMM-AGE-001: no immutable instance lives past the maximum age; an aged one is reaped only after its replacement runs. */
export function checkImmutableAge(ctx: CheckContext): Verdict {
  return checkAge(ctx, "IMM-AGE-001", false);
}

/** IMM-AGE-002: age counts from creation, so a stop-started immutable instance still never outlives the maximum age. */
export function checkAgeEvasion(ctx: CheckContext): Verdict {
  return checkAge(ctx, "IMM-AGE-002", true);
}

function checkAge(ctx: CheckContext, control: "IMM-AGE-001" | "IMM-AGE-002", restartedOnly: boolean): Verdict {
  const j = new Judge(control);
  const maxAgeMs = limitMs(ctx, "maxAgeMs");
  const thresholdMs = maxAgeMs - DAY_MS;
  let aged = 0;
  let reaped = 0;
  let oldestMs = 0;
  const instances = ctx.index.byScope.immutable;
  for (let n = 0; n < instances.length; n++) {
    const facts = instances[n] as InstanceFacts;
    if (restartedOnly && !restarted(facts)) continue;
    const endMs = facts.terminated?.atMs ?? ctx.runMs;
    const ageMs = endMs - facts.createdAtMs;
    oldestMs = Math.max(oldestMs, ageMs);
    // Most instances are young and reaped by nobody: their case adds only a count.
    const reapedByAge = !restartedOnly && facts.terminated?.reason === "max-age";
    if (ageMs < thresholdMs && !reapedByAge) {
      j.okMany(1);
      continue;
    }
    const info = { instance: facts.id, seqs: ageSeqs(facts) };
    if (ageMs >= thresholdMs) {
      aged += 1;
      j.note(...info.seqs);
    }
    let broken = false;
    if (ageMs > maxAgeMs) {
      const lastStart = facts.starts[facts.starts.length - 1];
      const restartNote =
        restartedOnly && lastStart
          ? ` though restarted ${fmt(endMs - lastStart.atMs)} before ${facts.terminated ? "termination" : "run end"}`
          : "";
      j.fail(`${facts.id} ran ${fmt(ageMs)} (limit ${fmt(maxAgeMs)})${restartNote}`, info);
      broken = true;
    }
    if (reapedByAge) {
      reaped += 1;
      const early = reapedEarly(ctx, facts);
      if (early) {
        j.fail(`${facts.id} reaped ${early}`, info);
        broken = true;
      }
    }
    if (!broken) j.ok(ageMs >= thresholdMs ? info : {});
  }
  const what = restartedOnly ? "stop-started immutable instance" : "immutable instance";
  const reaping = restartedOnly ? "" : "; aged ones reaped only after their replacement runs";
  return j.verdict({
    expected: `every ${what} younger than ${fmt(maxAgeMs)} from creation${reaping}`,
    exercised:
      aged > 0
        ? true
        : noEvidence(
            ctx.index.chaos,
            restartedOnly ? ["stop-start", "age"] : ["age"],
            `no ${what} reached ${fmt(Math.max(0, thresholdMs))} of age`,
          ),
    summary: () => {
      const reapedNote = reaped > 0 ? `, ${reaped} reaped after their replacement ran` : "";
      const counted = plural(j.passed, restartedOnly ? "restarted instance" : "instance");
      return `${counted}, oldest ${fmt(oldestMs)} (limit ${fmt(maxAgeMs)})${reapedNote}`;
    },
    hint: restartedOnly
      ? "the age reaper measures age from the last start: use the creation time, which stop/start does not change"
      : "the age reaper runs too rarely, measures age from the wrong time, or reaps before the replacement is running",
  });
}

/** The events that make an instance's age: launch, backdates, stops and termination. */
function ageSeqs(facts: InstanceFacts): number[] {
  const seqs = [facts.launch.seq];
  for (const event of facts.backdates) seqs.push(event.seq);
  for (const event of facts.stops) seqs.push(event.seq);
  if (facts.terminated) seqs.push(facts.terminated.seq);
  return seqs;
}

function restarted(facts: InstanceFacts): boolean {
  return facts.stops.length > 0 && facts.starts.length > 0;
}

/** Why a max-age termination came too early (no running replacement first), or undefined. */
function reapedEarly(ctx: CheckContext, facts: InstanceFacts): string | undefined {
  const term = facts.terminated;
  if (!term) return undefined;
  const replacements = facts.replacedBy.map((id) => ctx.index.instances.get(id)).filter((r) => r !== undefined);
  if (replacements.length === 0) return "without a replacement";
  if (replacements.some((r) => r.running !== undefined && r.running.seq < term.seq)) return undefined;
  return `before its replacement ${replacements[0]?.id ?? ""} was running`;
}

/** The launch of a replacement of a drifted instance: one launched after the drift, or one already under way at it. */
function replacementOf(ctx: CheckContext, facts: InstanceFacts, driftSeq: number): HistoryEvent<"instance.launched"> | undefined {
  for (const id of facts.replacedBy) {
    const r = ctx.index.instances.get(id);
    if (r !== undefined && (r.launch.seq > driftSeq || aliveAt(r, driftSeq))) return r.launch;
  }
  return undefined;
}

/** When the instance's group (with capacity to spare) was back at capacity after it went. */
function backAtCapacity(ctx: CheckContext, facts: InstanceFacts, goneMs: number): { atMs: number; seq: number } | undefined {
  const group = groupSpec(ctx.spec, facts.group);
  return group ? ctx.index.timelines.get(group.name)?.firstAtLeast(group.capacity, goneMs, Number.POSITIVE_INFINITY) : undefined;
}

/** What a drifted instance still lacks: `not terminated`, `not replaced` or both. */
function missingOf(term: unknown, replacement: unknown): string {
  return [...(term ? [] : ["not terminated"]), ...(replacement ? [] : ["not replaced"])].join(", ");
}

/** IMM-CFG-001: configuration is never re-applied in place; a drifted instance is terminated and replaced within the drift window. */
export function checkImmutableConfig(ctx: CheckContext): Verdict {
  const j = new Judge("IMM-CFG-001");
  const windowMs = limitMs(ctx, "driftWindowMs");
  for (const applied of ctx.history.ofKind("config.applied")) {
    if (scopeOf(ctx.index, applied.instanceId) !== "immutable") continue;
    j.fail(`${applied.actor} re-applied config ${applied.version} on ${applied.instanceId} in place`, {
      instance: applied.instanceId,
      seqs: [applied.seq],
    });
  }
  for (const drift of ctx.history.ofKind("config.drifted")) {
    if (scopeOf(ctx.index, drift.instanceId) !== "immutable") continue;
    const facts = ctx.index.instances.get(drift.instanceId);
    const term = facts?.terminated && facts.terminated.seq > drift.seq ? facts.terminated : undefined;
    // Replaced: by a launch naming it (one already under way at the drift counts, a rolling rebuild's surge), or, when it
    // was removed from a group with capacity to spare, by the group being back at capacity after it went.
    const replacement = (facts && replacementOf(ctx, facts, drift.seq)) ?? (term && facts && backAtCapacity(ctx, facts, term.atMs));
    const deadlineMs = drift.atMs + windowMs;
    const doneMs = term && replacement ? Math.max(term.atMs, replacement.atMs) : undefined;
    const what = `drifted ${drift.instanceId}`;
    const info = {
      instance: drift.instanceId,
      seqs: [drift.seq, ...(term ? [term.seq] : []), ...(replacement ? [replacement.seq] : [])],
      ...(doneMs === undefined ? {} : { healMs: doneMs - drift.atMs }),
    };
    if (doneMs !== undefined && doneMs <= deadlineMs) j.ok(info);
    else if (doneMs !== undefined) j.fail(`${what} replaced after ${fmt(doneMs - drift.atMs)} (limit ${fmt(windowMs)})`, info);
    else if (deadlineMs > ctx.runMs) j.undecide(`${what} ${missingOf(term, replacement)} by run end`, info);
    else j.fail(`${what} ${missingOf(term, replacement)} within ${fmt(windowMs)}`, info);
  }
  return j.verdict({
    expected: `no config.applied on immutable instances; drifted ones terminated and replaced within ${fmt(windowMs)}`,
    exercised: j.passed + j.failed + j.undecided > 0 ? true : noEvidence(ctx.index.chaos, ["drift"], "no drift on an immutable instance"),
    summary: () =>
      `${plural(j.passed, "drifted instance")} replaced, worst ${fmt(j.worstHealMs ?? 0)} (limit ${fmt(windowMs)}), none repaired in place`,
    hint: "the drift manager repaired an immutable instance in place: immutable drift must be answered by kill and replace",
  });
}

/** IMM-NET-001: every egress attempt from an immutable instance is denied. */
export function checkImmutableEgress(ctx: CheckContext): Verdict {
  const j = new Judge("IMM-NET-001");
  for (const attempt of ctx.history.ofKind("egress.attempted")) {
    if (scopeOf(ctx.index, attempt.instanceId, attempt.vmType) !== "immutable") continue;
    const info = { instance: attempt.instanceId, seqs: [attempt.seq] };
    if (attempt.outcome === "allowed") j.fail(`${attempt.instanceId} reached ${attempt.destination}`, info);
    else j.ok(info);
  }
  return j.verdict({
    expected: "every egress from immutable instances denied",
    exercised: j.passed + j.failed > 0 ? true : noEvidence(ctx.index.chaos, ["egress"], "no egress attempt from an immutable instance"),
    summary: () => `${plural(j.passed, "egress attempt")} denied`,
    hint: "the egress policy treats immutable instances like cattle: immutable servers get no internet route at all",
  });
}

/** Checkers of the immutable controls. */
export const IMMUTABLE_CHECKERS = {
  "IMM-ACC-001": checkImmutableLogin,
  "IMM-ACC-002": checkImmutableKeys,
  "IMM-AGE-001": checkImmutableAge,
  "IMM-AGE-002": checkAgeEvasion,
  "IMM-CFG-001": checkImmutableConfig,
  "IMM-PAT-001": (ctx: CheckContext) => checkPatchDeadline(ctx, "IMM-PAT-001", "immutable"),
  "IMM-IMG-001": checkImageProvenance,
  "IMM-CICD-001": checkVulnerableImages,
  "IMM-DEP-001": checkDeployers,
  "IMM-NET-001": checkImmutableEgress,
  "IMM-MAL-001": (ctx: CheckContext) => checkMalware(ctx, "IMM-MAL-001", "immutable"),
  "IMM-HEAL-001": checkImmutableHealing,
  "IMM-HEAL-002": checkImmutableFloor,
} as const satisfies Record<string, Checker>;
