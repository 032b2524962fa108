import { formatDuration as fmt } from "../core/index.ts";
import type { HistoryEvent, Verdict } from "../core/index.ts";
import { noEvidence } from "./chaos-index.ts";
import { groupSpec, limitMs } from "./context.ts";
import type { CheckContext } from "./context.ts";
import { approvedBefore } from "./image-index.ts";
import { aliveAt } from "./instance-index.ts";
import type { InstanceFacts } from "./instance-index.ts";
import { Judge, plural } from "./judge.ts";

/**
 * CAT-IMG-001: a cattle instance launched from an image not approved at launch time is terminated
 * within the detect window. A launch the platform refused (`launch.denied`) counts as kept.
 */
export function checkCattleImages(ctx: CheckContext): Verdict {
  const j = new Judge("CAT-IMG-001");
  const windowMs = limitMs(ctx, "detectWindowMs");
  let refused = 0;
  for (const denied of ctx.history.ofKind("launch.denied")) {
    const vmType = denied.vmType ?? groupSpec(ctx.spec, denied.group)?.vmType;
    if (vmType !== "cattle" || approvedBefore(ctx.index.images.images.get(denied.imageId), denied.seq)) continue;
    refused += 1;
    j.ok({ seqs: [denied.seq] });
  }
  const instances = ctx.index.byScope.cattle;
  for (let n = 0; n < instances.length; n++) {
    const facts = instances[n] as InstanceFacts;
    if (approvedBefore(ctx.index.images.images.get(facts.imageId), facts.launch.seq)) continue;
    const launchedAtMs = facts.launch.atMs;
    const term = facts.terminated;
    const what = `${facts.id} on unapproved image ${facts.imageId}`;
    const info = {
      instance: facts.id,
      seqs: [facts.launch.seq, ...(term ? [term.seq] : [])],
      ...(term ? { detectMs: term.atMs - launchedAtMs, healMs: term.atMs - launchedAtMs } : {}),
    };
    if (term && term.atMs - launchedAtMs <= windowMs) j.ok(info);
    else if (term) j.fail(`${what} terminated ${fmt(term.atMs - launchedAtMs)} after launch (limit ${fmt(windowMs)})`, info);
    else if (launchedAtMs + windowMs > ctx.runMs) j.undecide(`${what} launched ${fmt(ctx.runMs - launchedAtMs)} before run end`, info);
    else j.fail(`${what} still running ${fmt(ctx.runMs - launchedAtMs)} after launch (limit ${fmt(windowMs)})`, info);
  }
  return j.verdict({
    expected: `cattle on unapproved images terminated within ${fmt(windowMs)} of launch (or refused at launch)`,
    exercised:
      j.passed + j.failed + j.undecided > 0
        ? true
        : noEvidence(ctx.index.chaos, ["rogue-image"], "no cattle launch from an unapproved image"),
    summary: () =>
      `${plural(j.passed - refused, "unapproved instance")} terminated, worst ${fmt(j.worstHealMs ?? 0)} (limit ${fmt(windowMs)}), ` +
      `${plural(refused, "launch", "launches")} refused`,
    hint: "the image gate did not catch a launch from an unapproved image: check the launch policy and the rogue-instance sweep",
  });
}

/**
 * CAT-IMG-002: after a promotion, every instance of the group on a superseded image (one the group
 * ran before) is terminated within the rebuild window of that promotion: those alive at the
 * promotion, and those launched later from a superseded image (a replacement from a stale cache).
 */
export function checkStaleImages(ctx: CheckContext): Verdict {
  const j = new Judge("CAT-IMG-002");
  const windowMs = limitMs(ctx, "imageRebuildWindowMs");
  let promotions = 0;
  let lateLaunches = 0;
  for (const [group, events] of ctx.index.images.promotions) {
    if (groupSpec(ctx.spec, group)?.vmType !== "cattle") continue;
    const members = ctx.index.byGroup.get(group) ?? [];
    const first = members[0]?.imageId;
    events.forEach((promotion, p) => {
      if (promotion.previousImageId === "") return;
      promotions += 1;
      // Images the group ran before this promotion; the next promotion judges launches after it.
      const superseded = new Set([first, ...events.slice(0, p + 1).map((event) => event.previousImageId)]);
      const nextSeq = events[p + 1]?.seq ?? Number.POSITIVE_INFINITY;
      for (const facts of members) {
        if (facts.imageId === promotion.imageId) continue;
        const alive = aliveAt(facts, promotion.seq);
        const lateLaunch = facts.launch.seq > promotion.seq && facts.launch.seq < nextSeq && superseded.has(facts.imageId);
        if (!alive && !lateLaunch) continue;
        if (lateLaunch) lateLaunches += 1;
        judgeStale(ctx, j, facts, promotion, windowMs, lateLaunch);
      }
    });
  }
  const none = promotions > 0 ? "image promotions on cattle found no instance on a stale image" : "no image promoted on a cattle group";
  return j.verdict({
    expected:
      "instances on a superseded image (alive at the promotion or launched after it) " + `rebuilt within ${fmt(windowMs)} of the promotion`,
    exercised: j.passed + j.failed + j.undecided > 0 ? true : noEvidence(ctx.index.chaos, ["image-release"], none),
    summary: () =>
      `${plural(j.passed, "stale instance")} rebuilt after ${plural(promotions, "promotion")}` +
      `${lateLaunches > 0 ? ` (${plural(lateLaunches, "launched after the promotion")})` : ""}, ` +
      `worst ${fmt(j.worstHealMs ?? 0)} (limit ${fmt(windowMs)})`,
    hint:
      "the stale-image rebuilder did not roll the group onto the promoted image in time, " +
      "or a replacement was launched from a superseded image and never rebuilt",
  });
}

function judgeStale(
  ctx: CheckContext,
  j: Judge,
  facts: InstanceFacts,
  promotion: HistoryEvent<"image.promoted">,
  windowMs: number,
  lateLaunch: boolean,
): void {
  const deadlineMs = promotion.atMs + windowMs;
  const term = facts.terminated;
  const launched = lateLaunch ? ` launched ${fmt(facts.launch.atMs - promotion.atMs)} after the promotion` : "";
  const what = `${facts.id} on ${lateLaunch ? "superseded" : "stale"} image ${facts.imageId}${launched}`;
  const info = {
    instance: facts.id,
    seqs: [promotion.seq, ...(lateLaunch ? [facts.launch.seq] : []), ...(term ? [term.seq] : [])],
    ...(term ? { healMs: term.atMs - promotion.atMs } : {}),
  };
  if (term && term.atMs <= deadlineMs) j.ok(info);
  else if (term)
    j.fail(`${what} rebuilt ${fmt(term.atMs - promotion.atMs)} after ${promotion.imageId} was promoted (limit ${fmt(windowMs)})`, info);
  else if (deadlineMs > ctx.runMs)
    j.undecide(`${what} not yet rebuilt ${fmt(ctx.runMs - promotion.atMs)} after ${promotion.imageId} was promoted`, info);
  else
    j.fail(
      `${what} still running ${fmt(ctx.runMs - promotion.atMs)} after ${promotion.imageId} was promoted (limit ${fmt(windowMs)})`,
      info,
    );
}
