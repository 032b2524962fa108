import { formatDuration as fmt } from "../core/index.ts";
import type { HaRole, HistoryEvent, Verdict } from "../core/index.ts";
import { isChaosEffect, noEvidence } from "./chaos-index.ts";
import { limitMs } from "./context.ts";
import type { CheckContext } from "./context.ts";
import { chaosFailures, failureVerb, upperBoundBy } from "./failures.ts";
import { groupBy } from "./collections.ts";
import { Judge, plural } from "./judge.ts";

/**
 * PET-HA-001: an HA pet pair never has two actives at one moment (roles as they stand after every
 * event of that millisecond, terminated instances excluded), and after chaos fails (kills, crashes
 * or stops) the active, another instance becomes active within the failover RTO. A chaos failure
 * of the passive also decides it: the pair must ride it out without a split brain.
 */
export function checkPetFailover(ctx: CheckContext): Verdict {
  const j = new Judge("PET-HA-001");
  const rtoMs = limitMs(ctx, "failoverRtoMs");
  const groups = ctx.spec.groups.filter((group) => group.vmType === "pet" && group.ha);
  const names = new Set(groups.map((group) => group.name));
  const roles = groupBy(ctx.history.ofKind("ha.role"), (event) => (names.has(event.group) ? event.group : undefined));
  let failovers = 0;
  let others = 0;
  for (const group of groups) {
    const events = roles.get(group.name) ?? [];
    checkSingleActive(ctx, j, group.name, events);
    const byInstance = groupBy(events, (event) => event.instanceId);
    const stops = (ctx.index.byGroup.get(group.name) ?? []).flatMap((facts) =>
      facts.stops.filter((event) => isChaosEffect(ctx.index.chaos, event)),
    );
    const failures = [...chaosFailures(ctx, group.name), ...stops].sort((a, b) => a.seq - b.seq);
    for (const failure of failures) {
      const own = byInstance.get(failure.instanceId) ?? [];
      if (own[upperBoundBy(own, failure.seq, seqOf) - 1]?.role !== "active") {
        // A passive (or fenced) node failing and coming back provokes a split brain as much as the active failing.
        others += 1;
        j.ok({ instance: failure.instanceId, seqs: [failure.seq] });
        continue;
      }
      failovers += 1;
      const verb = failure.kind === "instance.stopped" ? "stopped" : failureVerb(failure);
      const what = `${group.name}: ${failure.instanceId} (active) ${verb} at ${fmt(failure.atMs)}`;
      const deadlineMs = failure.atMs + rtoMs;
      let next: HistoryEvent<"ha.role"> | undefined;
      for (let i = upperBoundBy(events, failure.seq, seqOf); !next && i < events.length; i++) {
        const event = events[i] as HistoryEvent<"ha.role">;
        if (event.role === "active" && event.instanceId !== failure.instanceId) next = event;
      }
      const info = {
        instance: failure.instanceId,
        seqs: [failure.seq, ...(next ? [next.seq] : [])],
        ...(next ? { healMs: next.atMs - failure.atMs } : {}),
      };
      if (next && next.atMs <= deadlineMs) j.ok(info);
      else if (next) j.fail(`${what}, ${next.instanceId} active only ${fmt(next.atMs - failure.atMs)} later (limit ${fmt(rtoMs)})`, info);
      else if (deadlineMs > ctx.runMs) j.undecide(`${what}, no new active by run end`, info);
      else j.fail(`${what}, no new active within ${fmt(rtoMs)}`, info);
    }
  }
  return j.verdict({
    expected: `never two actives per pair; a new active within ${fmt(rtoMs)} of the active failing`,
    exercised:
      failovers + others > 0
        ? true
        : noEvidence(ctx.index.chaos, ["kill", "crash", "zone-outage", "stop-start"], "no chaos failure of an HA pair member"),
    summary: () => {
      const passive = others > 0 ? `, ${plural(others, "passive failure")} ridden out` : "";
      const done = j.passed - others;
      const failover =
        done > 0 ? `${plural(done, "failover")} within ${fmt(j.worstHealMs ?? 0)} (limit ${fmt(rtoMs)})` : "no failover needed";
      return `${failover}${passive}, never two actives`;
    },
    hint: "the failover controller promoted the passive without fencing the old active, or did not promote at all",
  });
}

function checkSingleActive(ctx: CheckContext, j: Judge, group: string, events: readonly HistoryEvent<"ha.role">[]): void {
  const role = new Map<string, HaRole>();
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as HistoryEvent<"ha.role">;
    role.set(event.instanceId, event.role);
    if (events[i + 1]?.atMs === event.atMs) continue;
    const actives = [...role].filter(([id, r]) => r === "active" && !terminatedBy(ctx, id, event.seq)).map(([id]) => id);
    if (actives.length > 1) {
      j.fail(`${group} had ${actives.length} actives (${actives.join(", ")}) at ${fmt(event.atMs)}`, {
        instance: actives[0] as string,
        seqs: [event.seq],
      });
      return;
    }
  }
}

function terminatedBy(ctx: CheckContext, instanceId: string, seq: number): boolean {
  const term = ctx.index.instances.get(instanceId)?.terminated;
  return term !== undefined && term.seq < seq;
}

const seqOf = (event: { readonly seq: number }): number => event.seq;
