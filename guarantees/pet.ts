import { formatDuration as fmt } from "../core/index.ts";
import type { Verdict } from "../core/index.ts";
import { grantProblem } from "./access-index.ts";
import { checkGrants } from "./break-glass.ts";
import { isChaosEffect, noEvidence } from "./chaos-index.ts";
import { groupSpec, isPlatformActor, limitMs, plainUser } from "./context.ts";
import type { CheckContext, Checker } from "./context.ts";
import { healthyAfter, scopeOf } from "./instance-index.ts";
import type { InstanceFacts } from "./instance-index.ts";
import { groupBy } from "./collections.ts";
import { Judge, plural } from "./judge.ts";
import { checkPetPatching } from "./patching.ts";
import { checkPetFailover } from "./pet-ha.ts";

/** PET-PROT-001: no platform controller terminates or replaces a pet, even aged, crashed or drifted. */
export function checkPetProtection(ctx: CheckContext): Verdict {
  const j = new Judge("PET-PROT-001");
  const maxAgeMs = limitMs(ctx, "maxAgeMs");
  const { index } = ctx;
  const drifts = groupBy(ctx.history.ofKind("config.drifted"), (drift) => drift.instanceId);
  let provoked = 0;
  let oldestMs = 0;
  const instances = index.byScope.pet;
  for (let n = 0; n < instances.length; n++) {
    const pet = instances[n] as InstanceFacts;
    // Only instances tagged as pets: an untagged launch into a pet group is no pet, and removing it is FLT-INV-001's demand.
    if (pet.vmType !== "pet") continue;
    const ageMs = (pet.terminated?.atMs ?? ctx.runMs) - pet.createdAtMs;
    oldestMs = Math.max(oldestMs, ageMs);
    // The launch, then the chaos provocations: crashes, backdates and drifts.
    const seqs = [pet.launch.seq];
    for (const event of pet.crashes) if (isChaosEffect(index.chaos, event)) seqs.push(event.seq);
    for (const event of pet.backdates) if (isChaosEffect(index.chaos, event)) seqs.push(event.seq);
    for (const event of drifts.get(pet.id) ?? []) if (isChaosEffect(index.chaos, event)) seqs.push(event.seq);
    const aged = ageMs > maxAgeMs;
    if (aged || seqs.length > 1) provoked += 1;
    const info = { instance: pet.id, seqs };
    let broken = false;
    if (pet.terminated && isPlatformActor(pet.terminated.actor)) {
      j.fail(`${pet.terminated.actor} terminated pet ${pet.id} (${pet.terminated.reason}) at age ${fmt(ageMs)}`, {
        ...info,
        seqs: [pet.terminated.seq],
      });
      broken = true;
    }
    for (const replacementId of pet.replacedBy) {
      const replacement = index.instances.get(replacementId);
      if (!replacement || !isPlatformActor(replacement.launchedBy)) continue;
      j.fail(`${replacement.launchedBy} launched ${replacementId} to replace pet ${pet.id}`, { ...info, seqs: [replacement.launch.seq] });
      broken = true;
    }
    if (!broken) j.ok(info);
  }
  return j.verdict({
    expected: `no platform actor terminates or replaces a pet, even one older than ${fmt(maxAgeMs)}`,
    exercised:
      provoked > 0
        ? true
        : noEvidence(index.chaos, ["age", "crash", "drift"], `no pet aged past ${fmt(maxAgeMs)}, crashed or drifted by chaos`),
    summary: () => `${plural(j.passed, "pet")} kept, ${provoked} provoked (oldest ${fmt(oldestMs)}, max age ${fmt(maxAgeMs)})`,
    hint: "a reaper, self-healer or drift manager treated a pet like cattle: scope age, health and drift automation by VM type",
  });
}

/** PET-ACC-001: a login to a pet is allowed iff the user is an operator of its group or holds a valid grant. */
export function checkPetAccess(ctx: CheckContext): Verdict {
  const j = new Judge("PET-ACC-001");
  const { index } = ctx;
  let strangers = 0;
  let refused = 0;
  for (const login of ctx.history.ofKind("login.attempted")) {
    if (scopeOf(index, login.instanceId, login.vmType) !== "pet") continue;
    const facts = index.instances.get(login.instanceId);
    const operators = new Set((groupSpec(ctx.spec, facts?.group)?.operators ?? []).map(plainUser));
    const user = plainUser(login.user);
    const operator = operators.has(user);
    const problem =
      login.grantId === undefined
        ? "no grant"
        : grantProblem(index.access, login.grantId, login.user, login.instanceId, login.seq, login.atMs);
    const authorised = operator || problem === undefined;
    const info = { instance: login.instanceId, seqs: [login.seq] };
    if (!operator) {
      strangers += 1;
      j.note(login.seq);
    }
    if (login.outcome === "allowed" && !authorised) {
      j.fail(`${user} (not an operator, ${problem}) logged in to pet ${login.instanceId} over ${login.protocol}`, info);
    } else if (login.outcome === "denied" && authorised && facts !== undefined && healthyAfter(facts, login.seq)) {
      j.fail(`${operator ? "operator" : "grant holder"} ${user} was refused on pet ${login.instanceId} (${login.reason})`, info);
    } else {
      if (login.outcome === "denied" && !operator) refused += 1;
      j.ok(info);
    }
  }
  return j.verdict({
    expected: "logins to pets allowed for the group's operators and valid grant holders only",
    exercised: strangers > 0 ? true : noEvidence(index.chaos, ["login"], "no login attempt by a non-operator on a pet"),
    summary: () => `${plural(j.passed, "login attempt")} on pets decided correctly, ${plural(refused, "non-operator")} refused`,
    hint: "the pet's login policy does not match its group's operators: check the access broker's allow list and grant checks",
  });
}

/** PET-DRF-001: every configuration change on a pet is recorded with its actor within the drift window. */
export function checkPetDriftRecorded(ctx: CheckContext): Verdict {
  const j = new Judge("PET-DRF-001");
  const windowMs = limitMs(ctx, "driftWindowMs");
  const recorded = groupBy(ctx.history.ofKind("config.recorded"), (record) => record.driftSeq);
  for (const drift of ctx.history.ofKind("config.drifted")) {
    if (ctx.index.instances.get(drift.instanceId)?.vmType !== "pet") continue;
    const deadlineMs = drift.atMs + windowMs;
    const record = recorded.get(drift.seq)?.find((event) => event.instanceId === drift.instanceId && event.seq > drift.seq);
    const what = `change on pet ${drift.instanceId} by ${drift.actor}`;
    const info = {
      instance: drift.instanceId,
      seqs: [drift.seq, ...(record ? [record.seq] : [])],
      ...(record ? { detectMs: record.atMs - drift.atMs } : {}),
    };
    if (record && record.changedBy !== drift.actor) j.fail(`${what} recorded as made by ${record.changedBy}`, info);
    else if (record && record.atMs <= deadlineMs) j.ok(info);
    else if (record) j.fail(`${what} recorded ${fmt(record.atMs - drift.atMs)} later (limit ${fmt(windowMs)})`, info);
    else if (deadlineMs > ctx.runMs) j.undecide(`${what} made ${fmt(ctx.runMs - drift.atMs)} before run end`, info);
    else j.fail(`${what} never recorded (limit ${fmt(windowMs)})`, info);
  }
  return j.verdict({
    expected: `every change on a pet recorded with its actor within ${fmt(windowMs)}`,
    exercised: j.passed + j.failed + j.undecided > 0 ? true : noEvidence(ctx.index.chaos, ["drift"], "no configuration change on a pet"),
    summary: () => `${plural(j.passed, "change")} recorded with their actor, worst ${fmt(j.worstDetectMs ?? 0)} (limit ${fmt(windowMs)})`,
    hint: "the drift manager reverted or ignored a manual change on a pet instead of recording who made it",
  });
}

/** Checkers of the pet controls. */
export const PET_CHECKERS = {
  "PET-PROT-001": checkPetProtection,
  "PET-ACC-001": checkPetAccess,
  "PET-BG-001": (ctx: CheckContext) => checkGrants(ctx, "PET-BG-001", "pet", false),
  "PET-PAT-001": checkPetPatching,
  "PET-HA-001": checkPetFailover,
  "PET-DRF-001": checkPetDriftRecorded,
} as const satisfies Record<string, Checker>;
