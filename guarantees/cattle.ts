import { allowlistAdmits, formatDuration as fmt } from "../core/index.ts";
import type { HistoryEvent, Verdict } from "../core/index.ts";
import { grantProblem } from "./access-index.ts";
import { checkGrants } from "./break-glass.ts";
import { checkCattleFloor, checkCattleHealing } from "./cattle-capacity.ts";
import { checkCattleData } from "./cattle-data.ts";
import { checkCattleImages, checkStaleImages } from "./cattle-images.ts";
import { isChaosEffect, noEvidence } from "./chaos-index.ts";
import { groupBy } from "./collections.ts";
import { groupSpec, isPlatformActor, limitMs } from "./context.ts";
import type { CheckContext, Checker } from "./context.ts";
import { scopeOf } from "./instance-index.ts";
import { Judge, plural } from "./judge.ts";
import { checkMalware } from "./malware.ts";
import { checkPatchDeadline } from "./patching.ts";

/** CAT-ACC-001: every allowed login on cattle carries a valid grant for that user and instance. */
export function checkCattleAccess(ctx: CheckContext): Verdict {
  const j = new Judge("CAT-ACC-001");
  let refused = 0;
  for (const login of ctx.history.ofKind("login.attempted")) {
    if (scopeOf(ctx.index, login.instanceId, login.vmType) !== "cattle") continue;
    const info = { instance: login.instanceId, seqs: [login.seq] };
    if (login.outcome === "denied") {
      refused += 1;
      j.ok(info);
      continue;
    }
    const problem = grantProblem(ctx.index.access, login.grantId, login.user, login.instanceId, login.seq, login.atMs);
    if (problem) j.fail(`${login.user} logged in to ${login.instanceId} over ${login.protocol} with ${problem}`, info);
    else j.ok(info);
  }
  return j.verdict({
    expected: "every allowed login on cattle carries a valid JIT grant for that user and instance",
    exercised: j.passed + j.failed > 0 ? true : noEvidence(ctx.index.chaos, ["login", "break-glass"], "no login attempt on cattle"),
    summary: () => `${plural(j.passed, "login attempt")} on cattle: ${j.passed - refused} allowed with a valid grant, ${refused} refused`,
    hint:
      "cattle accepted an interactive session without a JIT grant: " +
      "check the login policy and that the broker's grants are checked per user and instance",
  });
}

/** CAT-BG-002: a cattle instance with an interactive session is tainted and terminated within the recycle window after the session ends. */
export function checkBreakGlassRecycle(ctx: CheckContext): Verdict {
  const j = new Judge("CAT-BG-002");
  const windowMs = limitMs(ctx, "recycleWindowMs");
  let sessions = 0;
  for (const { login, ended } of ctx.index.access.sessions.values()) {
    if (scopeOf(ctx.index, login.instanceId, login.vmType) !== "cattle") continue;
    sessions += 1;
    const facts = ctx.index.instances.get(login.instanceId);
    const term = facts?.terminated && facts.terminated.seq > login.seq ? facts.terminated : undefined;
    // A taint from an earlier session on the same instance still marks it: taints are never lifted.
    const taint = facts?.taints.find((event) => term === undefined || event.seq < term.seq);
    const endMs = ended?.atMs;
    const what = `${login.instanceId} (session ${login.sessionId} of ${login.user})`;
    const info = {
      instance: login.instanceId,
      seqs: [login.seq, ...[ended, taint, term].flatMap((event) => (event ? [event.seq] : []))],
      ...(term && endMs !== undefined ? { healMs: Math.max(0, term.atMs - endMs) } : {}),
    };
    const deadlineMs = endMs === undefined ? Number.POSITIVE_INFINITY : endMs + windowMs;
    if (term && term.atMs <= deadlineMs) {
      if (taint || isChaosEffect(ctx.index.chaos, term)) j.ok(info);
      else j.fail(`${what} recycled without being tainted`, info);
    } else if (term && endMs !== undefined)
      j.fail(`${what} recycled ${fmt(term.atMs - endMs)} after the session ended (limit ${fmt(windowMs)})`, info);
    else if (deadlineMs > ctx.runMs)
      j.undecide(`${what} ${endMs === undefined ? "session still open" : "not yet recycled"} at run end`, info);
    else
      j.fail(
        `${what} still running ${fmt(ctx.runMs - (endMs ?? 0))} after the session ended` +
          `${taint ? "" : ", never tainted"} (limit ${fmt(windowMs)})`,
        info,
      );
  }
  return j.verdict({
    expected: `every cattle instance with a session tainted and terminated within ${fmt(windowMs)} of the session's end`,
    exercised: sessions > 0 ? true : noEvidence(ctx.index.chaos, ["break-glass", "login"], "no allowed interactive session on cattle"),
    summary: () =>
      `${plural(j.passed, "touched instance")} tainted and recycled, ` +
      `worst ${fmt(j.worstHealMs ?? 0)} after the session (limit ${fmt(windowMs)})`,
    hint:
      "break-glass left a hand-touched node in service: " +
      "the broker must taint the instance and the platform recycle it after the session",
  });
}

/** The first event after the drift that fixes it: the platform re-applying config, the instance's termination or a replacement's launch. */
function firstFix(
  ctx: CheckContext,
  applied: readonly HistoryEvent[] | undefined,
  drift: HistoryEvent<"config.drifted">,
): HistoryEvent | undefined {
  let fix = applied?.find((event) => event.seq > drift.seq);
  const facts = ctx.index.instances.get(drift.instanceId);
  if (!facts) return fix;
  const term = facts.terminated;
  if (term && term.seq > drift.seq && (!fix || term.seq < fix.seq)) fix = term;
  for (const id of facts.replacedBy) {
    const launch = ctx.index.instances.get(id)?.launch;
    if (launch && launch.seq > drift.seq && (!fix || launch.seq < fix.seq)) fix = launch;
  }
  return fix;
}

/** CAT-DRF-001: drift on cattle is re-applied by the platform (or the instance replaced) within the drift window. */
export function checkCattleDrift(ctx: CheckContext): Verdict {
  const j = new Judge("CAT-DRF-001");
  const windowMs = limitMs(ctx, "driftWindowMs");
  const applied = groupBy(ctx.history.ofKind("config.applied"), (event) => (isPlatformActor(event.actor) ? event.instanceId : undefined));
  for (const drift of ctx.history.ofKind("config.drifted")) {
    if (scopeOf(ctx.index, drift.instanceId) !== "cattle") continue;
    const fix = firstFix(ctx, applied.get(drift.instanceId), drift);
    const deadlineMs = drift.atMs + windowMs;
    if (fix && fix.atMs <= deadlineMs) {
      j.okHealed(drift.seq, drift.instanceId, fix.seq, fix.atMs - drift.atMs, fix.atMs - drift.atMs);
      continue;
    }
    const what = `drift on ${drift.instanceId} (${drift.from} -> ${drift.to})`;
    const info = {
      instance: drift.instanceId,
      seqs: [drift.seq, ...(fix ? [fix.seq] : [])],
      ...(fix ? { detectMs: fix.atMs - drift.atMs, healMs: fix.atMs - drift.atMs } : {}),
    };
    if (fix) j.fail(`${what} corrected after ${fmt(fix.atMs - drift.atMs)} (limit ${fmt(windowMs)})`, info);
    else if (deadlineMs > ctx.runMs) j.undecide(`${what} ${fmt(ctx.runMs - drift.atMs)} before run end`, info);
    else j.fail(`${what} never re-applied (limit ${fmt(windowMs)})`, info);
  }
  return j.verdict({
    expected: `drift on cattle re-applied or replaced within ${fmt(windowMs)}`,
    exercised: j.passed + j.failed + j.undecided > 0 ? true : noEvidence(ctx.index.chaos, ["drift"], "no drift on a cattle instance"),
    summary: () => `${plural(j.passed, "drift")} corrected, worst ${fmt(j.worstHealMs ?? 0)} (limit ${fmt(windowMs)})`,
    hint: "the drift manager did not notice the change: check its polling interval against the drift window, and that it was not paused",
  });
}

/** CAT-NET-001: egress from cattle is allowed only to destinations on the group's allowlist (hosts, addresses, CIDR blocks; "*" any). */
export function checkCattleEgress(ctx: CheckContext): Verdict {
  const j = new Judge("CAT-NET-001");
  let offList = 0;
  for (const attempt of ctx.history.ofKind("egress.attempted")) {
    if (scopeOf(ctx.index, attempt.instanceId, attempt.vmType) !== "cattle") continue;
    const group = groupSpec(ctx.spec, ctx.index.instances.get(attempt.instanceId)?.group);
    const allowlist = group?.egressAllowlist ?? [];
    const listed = allowlistAdmits(allowlist, attempt.destination);
    const info = { instance: attempt.instanceId, seqs: [attempt.seq] };
    if (!listed) offList += 1;
    if (attempt.outcome === "allowed" && !listed)
      j.fail(`${attempt.instanceId} reached ${attempt.destination}, not on ${group?.name ?? "its group"}'s allowlist`, info);
    else j.ok(info);
  }
  return j.verdict({
    expected: "egress from cattle allowed only to allowlisted destinations",
    exercised: offList > 0 ? true : noEvidence(ctx.index.chaos, ["egress"], "no egress attempt to a destination off a cattle allowlist"),
    summary: () => `${plural(offList, "off-list egress attempt")} refused, ${plural(j.passed, "attempt")} in all`,
    hint:
      "the egress policy let an unlisted destination through: names must match an allowlist entry exactly, " +
      "addresses must lie inside a listed CIDR block (first and last address included, nothing past them)",
  });
}

/** Checkers of the cattle controls. */
export const CATTLE_CHECKERS = {
  "CAT-HEAL-001": checkCattleHealing,
  "CAT-HEAL-002": checkCattleFloor,
  "CAT-DATA-001": checkCattleData,
  "CAT-ACC-001": checkCattleAccess,
  "CAT-BG-001": (ctx: CheckContext) => checkGrants(ctx, "CAT-BG-001", "cattle", true),
  "CAT-BG-002": checkBreakGlassRecycle,
  "CAT-IMG-001": checkCattleImages,
  "CAT-IMG-002": checkStaleImages,
  "CAT-DRF-001": checkCattleDrift,
  "CAT-PAT-001": (ctx: CheckContext) => checkPatchDeadline(ctx, "CAT-PAT-001", "cattle"),
  "CAT-NET-001": checkCattleEgress,
  "CAT-MAL-001": (ctx: CheckContext) => checkMalware(ctx, "CAT-MAL-001", "cattle"),
} as const satisfies Record<string, Checker>;
