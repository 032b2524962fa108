import { MINUTE_MS, formatDuration as fmt } from "../core/index.ts";
import type { ControlId, Verdict, VmType } from "../core/index.ts";
import { grantProblem } from "./access-index.ts";
import { noEvidence } from "./chaos-index.ts";
import { groupSpec, limitMs, plainUser } from "./context.ts";
import type { CheckContext } from "./context.ts";
import { scopeOf } from "./instance-index.ts";
import { groupBy } from "./collections.ts";
import { Judge, plural } from "./judge.ts";

/** How late after expiry a revocation may be recorded. */
export const REVOKE_TOLERANCE_MS = MINUTE_MS;

/**
 * PET-BG-001 / CAT-BG-001: grants on instances of `vmType` last at most jitMax, are revoked by
 * expiry (within 1m) and are never used after it. With `attributeAdminActions`, every admin action
 * on that type must also carry a valid grant of the acting user.
 */
export function checkGrants(ctx: CheckContext, control: ControlId, vmType: VmType, attributeAdminActions: boolean): Verdict {
  const j = new Judge(control);
  const jitMs = limitMs(ctx, "jitMaxMs");
  const { access } = ctx.index;
  // A named operator of a pet group gets in as an operator: a grant they present decides nothing.
  const operator = (instanceId: string, user: string): boolean => {
    const facts = ctx.index.instances.get(instanceId);
    return facts?.scope === "pet" && (groupSpec(ctx.spec, facts.group)?.operators.includes(plainUser(user)) ?? false);
  };
  const loginsByGrant = groupBy(ctx.history.ofKind("login.attempted"), (login) =>
    login.outcome === "allowed" && !operator(login.instanceId, login.user) ? login.grantId : undefined,
  );
  let grants = 0;
  let longestMs = 0;
  for (const { issued, revoked } of access.grants.values()) {
    if (scopeOf(ctx.index, issued.instanceId, issued.vmType) !== vmType) continue;
    grants += 1;
    const durationMs = issued.expiresAtMs - issued.atMs;
    longestMs = Math.max(longestMs, durationMs);
    const name = `grant ${issued.grantId} (${issued.user} on ${issued.instanceId})`;
    const info = { instance: issued.instanceId, seqs: [issued.seq, ...(revoked ? [revoked.seq] : [])] };
    let broken = false;
    if (durationMs > jitMs) {
      j.fail(`${name} lasts ${fmt(durationMs)} (limit ${fmt(jitMs)})`, info);
      broken = true;
    }
    const endMs = Math.min(issued.expiresAtMs, revoked?.atMs ?? Number.POSITIVE_INFINITY);
    for (const login of loginsByGrant.get(issued.grantId) ?? []) {
      const afterRevoke = revoked !== undefined && revoked.seq < login.seq;
      if (login.atMs < issued.expiresAtMs && !afterRevoke) continue;
      j.fail(`${name} let ${login.user} in ${fmt(login.atMs - endMs)} after it ${afterRevoke ? "was revoked" : "expired"}`, {
        ...info,
        seqs: [issued.seq, login.seq],
      });
      broken = true;
    }
    if (revoked && revoked.atMs > issued.expiresAtMs + REVOKE_TOLERANCE_MS) {
      j.fail(`${name} revoked ${fmt(revoked.atMs - issued.expiresAtMs)} after expiry (tolerance ${fmt(REVOKE_TOLERANCE_MS)})`, info);
      broken = true;
    } else if (!revoked && issued.expiresAtMs + REVOKE_TOLERANCE_MS <= ctx.runMs) {
      j.fail(`${name} never revoked after expiring at ${fmt(issued.expiresAtMs)}`, info);
      broken = true;
    }
    if (broken) continue;
    if (revoked) j.ok(info);
    else j.undecide(`${name} expires ${fmt(issued.expiresAtMs - ctx.runMs)} after run end`, info);
  }
  let actions = 0;
  if (attributeAdminActions) {
    for (const action of ctx.history.ofKind("admin.action")) {
      if (scopeOf(ctx.index, action.instanceId) !== vmType) continue;
      actions += 1;
      const problem = grantProblem(access, action.grantId, action.user, action.instanceId, action.seq, action.atMs);
      const info = { instance: action.instanceId, seqs: [action.seq] };
      if (problem) j.fail(`admin action "${action.command}" by ${action.user} on ${action.instanceId} not attributed: ${problem}`, info);
      else j.ok(info);
    }
  }
  const attribution = attributeAdminActions ? "; every admin action carries its user's grant" : "";
  return j.verdict({
    expected: `grants on ${vmType} last <= ${fmt(jitMs)}, revoked at expiry, never used after${attribution}`,
    exercised:
      grants > 0
        ? true
        : noEvidence(ctx.index.chaos, ["break-glass"], `no grant issued on ${vmType === "cattle" ? "cattle" : `a ${vmType}`}`),
    summary: () => {
      const attributed = attributeAdminActions ? `, ${plural(actions, "admin action")} attributed` : "";
      return `${plural(grants, "grant")} time-boxed, longest ${fmt(longestMs)} (limit ${fmt(jitMs)})${attributed}`;
    },
    hint: "the access broker issued an over-long grant, did not revoke it at expiry, or let a session in with an expired grant",
  });
}
