import { formatDuration as fmt } from "../core/index.ts";
import type { ControlId, Verdict, VmType } from "../core/index.ts";
import { isChaosEffect, noEvidence } from "./chaos-index.ts";
import { limitMs } from "./context.ts";
import type { CheckContext } from "./context.ts";
import { imagePatchLevel } from "./image-index.ts";
import { aliveAt, aliveAtTime, patchLevelAt } from "./instance-index.ts";
import type { InstanceFacts } from "./instance-index.ts";
import { Judge, plural } from "./judge.ts";

/** PET-PAT-001: every pet alive at a release reaches its level in place by the SLA, keeping its identity. */
export function checkPetPatching(ctx: CheckContext): Verdict {
  const j = new Judge("PET-PAT-001");
  const slaMs = limitMs(ctx, "patchSlaMs");
  // Tagged pets only: an untagged launch into a pet group is removed by inventory, not patched in place.
  const pets = ctx.index.byScope.pet.filter((facts) => facts.vmType === "pet");
  for (const release of ctx.history.ofKind("patch.released")) {
    const deadlineMs = release.atMs + slaMs;
    for (const pet of pets) {
      if (!aliveAt(pet, release.seq)) continue;
      const base = imagePatchLevel(ctx.index.images, pet.imageId);
      const patch = base >= release.level ? undefined : pet.patches.find((event) => event.toLevel >= release.level);
      const reachedMs = base >= release.level ? release.atMs : patch ? Math.max(patch.atMs, release.atMs) : undefined;
      const term = pet.terminated;
      const info = {
        instance: pet.id,
        seqs: [release.seq, ...(patch ? [patch.seq] : []), ...(term ? [term.seq] : [])],
        ...(reachedMs === undefined ? {} : { healMs: reachedMs - release.atMs }),
      };
      if (term && term.atMs <= deadlineMs) {
        if (isChaosEffect(ctx.index.chaos, term)) {
          if (reachedMs !== undefined && reachedMs <= term.atMs) j.ok(info);
          continue;
        }
        j.fail(
          `pet ${pet.id} was terminated by ${term.actor} (${term.reason}) instead of being patched to level ${release.level} in place`,
          info,
        );
      } else if (reachedMs !== undefined && reachedMs <= deadlineMs) j.ok(info);
      else if (reachedMs !== undefined)
        j.fail(
          `pet ${pet.id} reached patch level ${release.level} ${fmt(reachedMs - release.atMs)} after release (limit ${fmt(slaMs)})`,
          info,
        );
      else if (deadlineMs > ctx.runMs)
        j.undecide(`pet ${pet.id} not yet at patch level ${release.level}; SLA ends ${fmt(deadlineMs - ctx.runMs)} after run end`, info);
      else
        j.fail(
          `pet ${pet.id} still at patch level ${patchLevelAt(pet, base, deadlineMs)} ` +
            `${fmt(slaMs)} after level ${release.level} was released`,
          info,
        );
    }
  }
  return j.verdict({
    expected: `every pet alive at a patch release at that level, in place, within ${fmt(slaMs)}`,
    exercised:
      j.passed + j.failed + j.undecided > 0
        ? true
        : noEvidence(ctx.index.chaos, ["patch-release"], "no patch released while pets were running"),
    summary: () => `${plural(j.passed, "pet patch", "pet patches")} in place, worst ${fmt(j.worstHealMs ?? 0)} (limit ${fmt(slaMs)})`,
    hint: "the patcher skipped pets or replaced them instead of patching in situ; pets keep their identity",
  });
}

/**
 * CAT-PAT-001 / IMM-PAT-001: every instance of `vmType` alive at a release's SLA deadline is at the
 * released level. Immutable instances count only their image's level, and any in-place patch fails.
 */
export function checkPatchDeadline(ctx: CheckContext, control: ControlId, vmType: VmType): Verdict {
  const j = new Judge(control);
  const slaMs = limitMs(ctx, "patchSlaMs");
  const immutable = vmType === "immutable";
  const members = ctx.index.byScope[vmType];
  if (immutable) {
    for (const facts of members) {
      for (const patch of facts.patches)
        j.fail(`${facts.id} patched in place from ${patch.fromLevel} to ${patch.toLevel} by ${patch.actor}`, {
          instance: facts.id,
          seqs: [patch.seq],
        });
    }
  }
  let releases = 0;
  for (const release of ctx.history.ofKind("patch.released")) {
    const deadlineMs = release.atMs + slaMs;
    if (deadlineMs > ctx.runMs) {
      if (members.some((facts) => aliveAt(facts, release.seq)))
        j.undecide(`patch level ${release.level} is due ${fmt(deadlineMs - ctx.runMs)} after run end`, { seqs: [release.seq] });
      continue;
    }
    const alive = members.filter((facts) => aliveAtTime(facts, deadlineMs));
    if (alive.length > 0) releases += 1;
    for (const facts of alive) {
      const base = imagePatchLevel(ctx.index.images, facts.imageId);
      const level = immutable ? base : patchLevelAt(facts, base, deadlineMs);
      const reachedMs = reachedLevelAt(facts, base, release.level, immutable);
      const info = {
        instance: facts.id,
        seqs: [release.seq, facts.launch.seq],
        ...(reachedMs === undefined ? {} : { healMs: Math.max(0, reachedMs - release.atMs) }),
      };
      if (level >= release.level) j.ok(info);
      else
        j.fail(
          `${facts.id} at patch level ${level} ${fmt(slaMs)} after level ${release.level} was released` +
            `${immutable ? ` (image ${facts.imageId})` : ""}`,
          info,
        );
    }
  }
  const inPlace = immutable ? ", from its image, never patched in place" : "";
  return j.verdict({
    expected: `every ${vmType} instance alive ${fmt(slaMs)} after a release at that level${inPlace}`,
    exercised:
      releases > 0 || j.undecided > 0
        ? true
        : noEvidence(ctx.index.chaos, ["patch-release"], `no patch released while ${vmType} instances were running`),
    summary: () =>
      `${plural(j.passed, "instance")} at the released level by the deadline, worst ${fmt(j.worstHealMs ?? 0)} (limit ${fmt(slaMs)})`,
    hint: immutable
      ? "immutable instances must be replaced from a rebuilt image: " +
        "check that a patched image was built, promoted and rolled out within the SLA"
      : "the patcher did not reach every instance in time, or replacements launched from an unpatched image",
  });
}

function reachedLevelAt(facts: InstanceFacts, base: number, level: number, imageOnly: boolean): number | undefined {
  if (base >= level) return facts.launch.atMs;
  if (imageOnly) return undefined;
  return facts.patches.find((event) => event.toLevel >= level)?.atMs;
}
