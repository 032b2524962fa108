import { formatDuration as fmt } from "../core/index.ts";
import type { HistoryEvent, Verdict } from "../core/index.ts";
import { noEvidence } from "./chaos-index.ts";
import { groupsOfType, isPlatformActor, limitMs } from "./context.ts";
import type { CheckContext } from "./context.ts";
import { chaosFailures, countInWindow, describeFailures, failureVerb, upperBound, upperBoundBy } from "./failures.ts";
import type { ChaosFailure } from "./failures.ts";
import { Judge, plural } from "./judge.ts";

const KILLS = ["kill", "crash", "zone-outage"];
const atMsOf = (event: { readonly atMs: number }): number => event.atMs;

/** CAT-HEAL-001: after each chaos kill or crash the group is back to capacity within the RTO, with no platform login. */
export function checkCattleHealing(ctx: CheckContext): Verdict {
  const j = new Judge("CAT-HEAL-001");
  const rtoMs = limitMs(ctx, "rtoMs");
  const platformLogins = ctx.history
    .ofKind("login.attempted")
    .filter((login) => login.outcome === "allowed" && isPlatformActor(login.actor))
    .sort((a, b) => a.atMs - b.atMs);
  const reported = new Set<number>();
  const all: ChaosFailure[] = [];
  for (const group of groupsOfType(ctx.spec, "cattle")) {
    const timeline = ctx.index.timelines.get(group.name);
    for (const failure of chaosFailures(ctx, group.name)) {
      all.push(failure);
      const deadlineMs = failure.atMs + rtoMs;
      for (let i = upperBoundBy(platformLogins, failure.atMs - 1, atMsOf); i < platformLogins.length; i++) {
        const login = platformLogins[i] as HistoryEvent<"login.attempted">;
        if (login.atMs > deadlineMs) break;
        if (login.atMs < failure.atMs || reported.has(login.seq)) continue;
        reported.add(login.seq);
        j.fail(`${login.actor} logged in to ${login.instanceId} over ${login.protocol} while ${group.name} healed`, {
          instance: login.instanceId,
          seqs: [failure.seq, login.seq],
        });
      }
      const back = timeline?.firstAtLeast(group.capacity, failure.atMs, deadlineMs);
      if (back) {
        j.okHealed(failure.seq, failure.instanceId, back.seq, back.atMs - failure.atMs);
        continue;
      }
      const cause = `${failureVerb(failure)} ${failure.instanceId}`;
      const what = `${group.name} not back to ${group.capacity} healthy within ${fmt(rtoMs)} of ${cause}`;
      const info = { instance: failure.instanceId, seqs: [failure.seq] };
      const later = timeline?.firstAtLeast(group.capacity, deadlineMs, ctx.runMs);
      if (later)
        j.fail(`${what} (took ${fmt(later.atMs - failure.atMs)})`, {
          ...info,
          seqs: [failure.seq, later.seq],
          healMs: later.atMs - failure.atMs,
        });
      else if (deadlineMs > ctx.runMs)
        j.undecide(
          `${group.name} at ${timeline?.at(ctx.runMs) ?? 0}/${group.capacity} healthy at run end, ` +
            `${fmt(ctx.runMs - failure.atMs)} after ${cause}`,
          info,
        );
      else j.fail(`${what} (${timeline?.at(ctx.runMs) ?? 0} healthy at run end)`, info);
    }
  }
  return j.verdict({
    expected: `each cattle group back to capacity within ${fmt(rtoMs)} of every kill or crash, without interactive sessions`,
    exercised: all.length > 0 ? true : noEvidence(ctx.index.chaos, KILLS, "no effective kill on a cattle group"),
    summary: () => `${describeFailures(all)} healed, worst ${fmt(j.worstHealMs ?? 0)} (limit ${fmt(rtoMs)})`,
    hint:
      "the self-healer did not replace the node in time: check it watches terminations and crashes, " +
      "that the replacement image may launch, and boot time against the RTO",
  });
}

/**
 * CAT-HEAL-002: once a group first reaches capacity, its healthy count stays at or above
 * capacity - maxUnavailable at every moment when at most maxUnavailable chaos kills or crashes of
 * the group happened within the last RTO.
 */
export function checkCattleFloor(ctx: CheckContext): Verdict {
  const j = new Judge("CAT-HEAL-002");
  const rtoMs = limitMs(ctx, "rtoMs");
  let kills = 0;
  let replacements = 0;
  let tightest: { group: string; lowest: number; floor: number } | undefined;
  for (const group of groupsOfType(ctx.spec, "cattle")) {
    const floor = group.capacity - group.maxUnavailable;
    const failures = chaosFailures(ctx, group.name);
    const platformReplacements = (ctx.index.byGroup.get(group.name) ?? []).filter(
      (facts) => facts.launch.replaces !== undefined && isPlatformActor(facts.launchedBy),
    );
    kills += failures.length;
    replacements += platformReplacements.length;
    const timeline = ctx.index.timelines.get(group.name);
    const reachedMs = timeline?.firstReaching(group.capacity);
    if (!timeline || reachedMs === undefined) continue;
    const killTimes = failures.map((failure) => failure.atMs);
    let broken = false;
    for (const dip of timeline.dipsBelow(floor, reachedMs, ctx.runMs)) {
      const atMs = unexcusedMoment(killTimes, dip.startMs, dip.endMs, rtoMs, group.maxUnavailable);
      if (atMs === undefined) continue;
      const from = upperBound(killTimes, atMs - rtoMs);
      const to = upperBound(killTimes, atMs);
      j.fail(
        `${group.name} down to ${dip.lowest} healthy (floor ${floor}) at ${fmt(atMs)} ` +
          `with ${plural(to - from, "chaos kill")} in the last ${fmt(rtoMs)} (maxUnavailable ${group.maxUnavailable})`,
        {
          seqs: [dip.seq, ...failures.slice(from, Math.min(to, from + 10)).map((failure) => failure.seq)].filter((seq) => seq >= 0),
          ...(dip.recovered ? { healMs: dip.endMs - dip.startMs } : {}),
        },
      );
      broken = true;
    }
    if (broken || failures.length + platformReplacements.length === 0) continue;
    const lowest = timeline.lowestBetween(reachedMs, ctx.runMs);
    if (!tightest || lowest - floor < tightest.lowest - tightest.floor) tightest = { group: group.name, lowest, floor };
    j.ok({ seqs: [...failures, ...platformReplacements.map((facts) => facts.launch)].map((event) => event.seq) });
  }
  return j.verdict({
    expected: `healthy >= capacity - maxUnavailable whenever chaos kills within the last ${fmt(rtoMs)} stay within maxUnavailable`,
    exercised:
      kills + replacements > 0
        ? true
        : noEvidence(ctx.index.chaos, KILLS, "no effective kill on a cattle group and no platform replacement"),
    summary: () => {
      const lowestNote = tightest ? `, lowest ${tightest.lowest} healthy in ${tightest.group} (floor ${tightest.floor})` : "";
      return `floor held through ${plural(kills, "chaos kill")} and ${plural(replacements, "platform replacement")}${lowestNote}`;
    },
    hint:
      "capacity dipped below the floor: replacements must surge (launch, wait until running, then terminate), " +
      "and recycles must respect maxUnavailable",
  });
}

/**
 * The first moment in `[startMs, endMs)` at which at most `maxUnavailable` kills fall within the
 * last `rtoMs` (so a dip there is not excused), or undefined. The count only drops when a kill
 * leaves the window, so the dip's start and those moments are the only candidates.
 */
function unexcusedMoment(
  killTimes: readonly number[],
  startMs: number,
  endMs: number,
  rtoMs: number,
  maxUnavailable: number,
): number | undefined {
  if (countInWindow(killTimes, startMs - rtoMs, startMs) <= maxUnavailable) return startMs;
  for (let i = upperBound(killTimes, startMs - rtoMs); i < killTimes.length; i++) {
    const probe = (killTimes[i] as number) + rtoMs;
    if (probe >= endMs) break;
    if (probe > startMs && countInWindow(killTimes, probe - rtoMs, probe) <= maxUnavailable) return probe;
  }
  return undefined;
}
