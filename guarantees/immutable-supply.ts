import { formatDuration as fmt } from "../core/index.ts";
import type { HistoryEvent, Verdict } from "../core/index.ts";
import { chaosStepOf, noEvidence } from "./chaos-index.ts";
import { groupBy } from "./collections.ts";
import { groupSpec, groupsOfType, isPlatformActor, limitMs } from "./context.ts";
import type { CheckContext } from "./context.ts";
import { chaosFailures, describeFailures, failureVerb, upperBoundBy } from "./failures.ts";
import type { ChaosFailure } from "./failures.ts";
import { approvedBefore, currentImageBefore, scanPassedBefore } from "./image-index.ts";
import type { ImageFacts } from "./image-index.ts";
import { aliveAt } from "./instance-index.ts";
import type { InstanceFacts } from "./instance-index.ts";
import { Judge, plural } from "./judge.ts";

const KILLS = ["kill", "crash", "zone-outage"];

/** True when a refused launch was aimed at an immutable group or carried the immutable type. */
function deniedImmutable(ctx: CheckContext, denied: HistoryEvent<"launch.denied">): boolean {
  return (denied.vmType ?? groupSpec(ctx.spec, denied.group)?.vmType) === "immutable";
}

/** An image approved by the pipeline at the start of the run (the fleet's initial images) needs no scan of its own. */
function initialApproval(image: ImageFacts, seq: number): boolean {
  return image.approvals.some((event) => event.atMs <= 0 && event.actor === "pipeline" && event.seq < seq);
}

/** What disqualifies an image for an immutable launch at `seq` (empty when it qualifies). */
export function provenanceProblems(image: ImageFacts | undefined, seq: number): string[] {
  const registered = image?.registered;
  if (!image || !registered) return ["unregistered image"];
  const problems: string[] = [];
  if (registered.builtBy !== "pipeline") problems.push(`built by ${registered.builtBy}`);
  if (registered.stage !== 3) problems.push(`stage ${registered.stage}`);
  if (!scanPassedBefore(image, seq) && !initialApproval(image, seq)) problems.push("no passed scan");
  if (!approvedBefore(image, seq)) problems.push("not approved");
  return problems;
}

/** IMM-IMG-001: every immutable instance runs an approved, scan-passed, stage-3, pipeline-built image. */
export function checkImageProvenance(ctx: CheckContext): Verdict {
  const j = new Judge("IMM-IMG-001");
  let rogue = 0;
  const instances = ctx.index.byScope.immutable;
  for (let n = 0; n < instances.length; n++) {
    const facts = instances[n] as InstanceFacts;
    const step = chaosStepOf(ctx.index.chaos, facts.launch);
    if (step?.injection.action === "rogue-image" && step.effective) rogue += 1;
    const problems = provenanceProblems(ctx.index.images.images.get(facts.imageId), facts.launch.seq);
    if (problems.length > 0)
      j.fail(`${facts.id} launched from ${facts.imageId}: ${problems.join(", ")}`, { instance: facts.id, seqs: [facts.launch.seq] });
    else j.okAt(facts.launch.seq, facts.id);
  }
  let refused = 0;
  for (const denied of ctx.history.ofKind("launch.denied")) {
    const step = chaosStepOf(ctx.index.chaos, denied);
    if (step?.injection.action !== "rogue-image" || !step.effective || !deniedImmutable(ctx, denied)) continue;
    rogue += 1;
    refused += 1;
    j.ok({ seqs: [step.injection.seq, denied.seq] });
  }
  return j.verdict({
    expected: "every immutable instance on a pipeline-built, scan-passed, approved stage-3 image",
    exercised: rogue > 0 ? true : noEvidence(ctx.index.chaos, ["rogue-image"], "no effective rogue image launch on an immutable group"),
    summary: () =>
      `${plural(refused, "rogue launch", "rogue launches")} refused, ${plural(j.passed - refused, "instance")} on vetted images`,
    hint:
      "the launch policy admitted an image outside the pipeline's stage-3 output: " +
      "check builder, stage, scan and approval in the image gate",
  });
}

/** A launch by the Auto Scaling group the scenario declares for the instance's group: the deployment the pipeline set up. */
function byOwnAutoScaling(ctx: CheckContext, facts: InstanceFacts): boolean {
  return facts.launchedBy.startsWith("external/") && groupSpec(ctx.spec, facts.group)?.autoScaling === true;
}

/** IMM-CICD-001: every vulnerable image submitted is rejected within the detect window, never approved and never launched. */
export function checkVulnerableImages(ctx: CheckContext): Verdict {
  const j = new Judge("IMM-CICD-001");
  const windowMs = limitMs(ctx, "detectWindowMs");
  const launches = groupBy(ctx.index.all, (facts) => facts.imageId);
  const seen = new Set<string>();
  for (const submitted of ctx.history.ofKind("image.submitted")) {
    const image = ctx.index.images.images.get(submitted.imageId);
    const registered = image?.registered;
    if (!image || !registered?.vulnerable || seen.has(submitted.imageId)) continue;
    const vmType = groupSpec(ctx.spec, registered.group)?.vmType;
    if (registered.group !== undefined && vmType !== undefined && vmType !== "immutable") continue;
    seen.add(submitted.imageId);
    const what = `vulnerable image ${submitted.imageId}`;
    const rejected = image.rejections.find((event) => event.seq > submitted.seq);
    const approvals = image.approvals;
    const launched = launches.get(submitted.imageId) ?? [];
    const info = {
      seqs: [submitted.seq, ...(rejected ? [rejected.seq] : [])],
      ...(rejected ? { detectMs: rejected.atMs - submitted.atMs } : {}),
    };
    if (approvals.length > 0)
      j.fail(`${what} approved by ${approvals[0]?.actor}`, { ...info, seqs: [submitted.seq, ...approvals.map((event) => event.seq)] });
    if (launched.length > 0)
      j.fail(`${what} launched as ${launched.map((facts) => facts.id).join(", ")}`, {
        ...info,
        seqs: [submitted.seq, ...launched.map((facts) => facts.launch.seq)],
      });
    if (approvals.length > 0 || launched.length > 0) continue;
    const deadlineMs = submitted.atMs + windowMs;
    if (rejected && rejected.atMs <= deadlineMs) j.ok(info);
    else if (rejected)
      j.fail(`${what} rejected only ${fmt(rejected.atMs - submitted.atMs)} after submission (limit ${fmt(windowMs)})`, info);
    else if (deadlineMs > ctx.runMs) j.undecide(`${what} neither rejected nor approved by run end`, info);
    else j.fail(`${what} not rejected within ${fmt(windowMs)} of submission`, info);
  }
  return j.verdict({
    expected: `every vulnerable image submitted rejected within ${fmt(windowMs)}, never approved, never launched`,
    exercised: seen.size > 0 ? true : noEvidence(ctx.index.chaos, ["vulnerable-image"], "no vulnerable image submitted to the pipeline"),
    summary: () =>
      `${plural(j.passed, "vulnerable image")} rejected, worst ${fmt(j.worstDetectMs ?? 0)} after submission (limit ${fmt(windowMs)})`,
    hint:
      "the pipeline's scan gate let a vulnerable image through: " +
      "check the scanner result handling and that approval requires a passed scan",
  });
}

/** IMM-DEP-001: an immutable instance launched by anyone but the pipeline or the platform is terminated within the detect window. */
export function checkDeployers(ctx: CheckContext): Verdict {
  const j = new Judge("IMM-DEP-001");
  const windowMs = limitMs(ctx, "detectWindowMs");
  let refused = 0;
  for (const denied of ctx.history.ofKind("launch.denied")) {
    const step = chaosStepOf(ctx.index.chaos, denied);
    if (step?.injection.action !== "manual-launch" || !step.effective || !deniedImmutable(ctx, denied)) continue;
    refused += 1;
    j.ok({ seqs: [step.injection.seq, denied.seq] });
  }
  const instances = ctx.index.byScope.immutable;
  for (let n = 0; n < instances.length; n++) {
    const facts = instances[n] as InstanceFacts;
    if (facts.launchedBy === "pipeline" || isPlatformActor(facts.launchedBy) || byOwnAutoScaling(ctx, facts)) continue;
    const launchedAtMs = facts.launch.atMs;
    const term = facts.terminated;
    const what = `${facts.id} launched by ${facts.launchedBy}`;
    const info = {
      instance: facts.id,
      seqs: [facts.launch.seq, ...(term ? [term.seq] : [])],
      ...(term ? { detectMs: term.atMs - launchedAtMs, healMs: term.atMs - launchedAtMs } : {}),
    };
    if (term && term.atMs - launchedAtMs <= windowMs) j.ok(info);
    else if (term) j.fail(`${what} terminated ${fmt(term.atMs - launchedAtMs)} later (limit ${fmt(windowMs)})`, info);
    else if (launchedAtMs + windowMs > ctx.runMs) j.undecide(`${what} ${fmt(ctx.runMs - launchedAtMs)} before run end`, info);
    else j.fail(`${what} still running ${fmt(ctx.runMs - launchedAtMs)} later (limit ${fmt(windowMs)})`, info);
  }
  return j.verdict({
    expected: `immutable instances launched outside the pipeline terminated within ${fmt(windowMs)} (or refused)`,
    exercised:
      j.passed + j.failed + j.undecided > 0
        ? true
        : noEvidence(ctx.index.chaos, ["manual-launch"], "no manual launch of an immutable instance"),
    summary: () =>
      `${plural(j.passed - refused, "manual launch", "manual launches")} terminated, ` +
      `worst ${fmt(j.worstHealMs ?? 0)} (limit ${fmt(windowMs)}), ${refused} refused`,
    hint: "a person deployed an immutable server and it stayed: only the pipeline identity may launch, and rogue launches must be swept",
  });
}

/**
 * Matches failures (in history order) to replacements: the first unclaimed launch that names it
 * in `replaces`, launched after the failure or already under way at it (a surge in progress),
 * else the first unclaimed launch after the failure that replaces nothing.
 */
function replacementPicker(members: readonly InstanceFacts[]): (failure: ChaosFailure) => InstanceFacts | undefined {
  const claimed = new Set<string>();
  const byReplaces = groupBy(members, (facts) => facts.launch.replaces);
  const orphans = members.filter((facts) => facts.launch.replaces === undefined);
  return (failure) => {
    const named = byReplaces
      .get(failure.instanceId)
      ?.find((facts) => !claimed.has(facts.id) && (facts.launch.seq > failure.seq || aliveAt(facts, failure.seq)));
    let found = named;
    for (let i = upperBoundBy(orphans, failure.seq, (facts) => facts.launch.seq); !found && i < orphans.length; i++) {
      const orphan = orphans[i] as InstanceFacts;
      if (!claimed.has(orphan.id)) found = orphan;
    }
    if (found) claimed.add(found.id);
    return found;
  };
}

/** IMM-HEAL-001: after each chaos kill or crash, a replacement on the group's current image is running within the RTO. */
export function checkImmutableHealing(ctx: CheckContext): Verdict {
  const j = new Judge("IMM-HEAL-001");
  const rtoMs = limitMs(ctx, "rtoMs");
  const all: ChaosFailure[] = [];
  for (const group of groupsOfType(ctx.spec, "immutable")) {
    const members = ctx.index.byGroup.get(group.name) ?? [];
    const pick = replacementPicker(members);
    for (const failure of chaosFailures(ctx, group.name, true)) {
      all.push(failure);
      const replacement = pick(failure);
      const deadlineMs = failure.atMs + rtoMs;
      const what = `${failure.instanceId} ${failureVerb(failure)} at ${fmt(failure.atMs)}`;
      if (!replacement) {
        if (deadlineMs > ctx.runMs) j.undecide(`${what}, no replacement by run end`, { instance: failure.instanceId, seqs: [failure.seq] });
        else j.fail(`${what}, no replacement within ${fmt(rtoMs)}`, { instance: failure.instanceId, seqs: [failure.seq] });
        continue;
      }
      const first = members[0]?.imageId;
      const current = new Set([
        currentImageBefore(ctx.index.images, ctx.spec, group.name, failure.seq, first),
        currentImageBefore(ctx.index.images, ctx.spec, group.name, replacement.launch.seq, first),
      ]);
      const running = replacement.running;
      const info = {
        instance: failure.instanceId,
        seqs: [failure.seq, replacement.launch.seq, ...(running ? [running.seq] : [])],
        ...(running ? { healMs: running.atMs - failure.atMs } : {}),
      };
      if (!current.has(replacement.imageId))
        j.fail(
          `${what}, replacement ${replacement.id} runs ${replacement.imageId}, not the current image ${[...current].join(" / ")}`,
          info,
        );
      else if (running && running.atMs <= deadlineMs) j.ok(info);
      else if (running)
        j.fail(`${what}, replacement ${replacement.id} running after ${fmt(running.atMs - failure.atMs)} (limit ${fmt(rtoMs)})`, info);
      else if (deadlineMs > ctx.runMs) j.undecide(`${what}, replacement ${replacement.id} not yet running at run end`, info);
      else j.fail(`${what}, replacement ${replacement.id} never running (limit ${fmt(rtoMs)})`, info);
    }
  }
  return j.verdict({
    expected: `each killed immutable node replaced from the group's current image and running within ${fmt(rtoMs)}`,
    exercised: all.length > 0 ? true : noEvidence(ctx.index.chaos, KILLS, "no effective kill on an immutable group"),
    summary: () => `${describeFailures(all)} replaced from the current image, worst ${fmt(j.worstHealMs ?? 0)} (limit ${fmt(rtoMs)})`,
    hint: "the self-healer replaced the node late or from an old image: replacements must use the group's latest promoted image",
  });
}
