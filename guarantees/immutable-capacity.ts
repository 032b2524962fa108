import { formatDuration as fmt } from "../core/index.ts";
import type { GroupSpec, HistoryEvent, Verdict } from "../core/index.ts";
import { isChaosEffect, noEvidence } from "./chaos-index.ts";
import type { ChaosIndex } from "./chaos-index.ts";
import { groupsOfType, isPlatformActor, limitMs } from "./context.ts";
import type { CheckContext } from "./context.ts";
import { countInWindow, upperBound } from "./failures.ts";
import { approvedBefore } from "./image-index.ts";
import type { InstanceFacts } from "./instance-index.ts";
import { Judge, plural } from "./judge.ts";

const UP: ReadonlySet<string> = new Set(["instance.running", "instance.recovered"]);
const LOSS_ACTIONS = ["kill", "crash", "zone-outage", "stop-start", "malware"];

/** One change of a group's serving count. */
interface Change {
  readonly atMs: number;
  readonly seq: number;
  readonly serving: number;
}

/** A server the group may count: launched by the pipeline or the platform from an image approved at launch. */
function vetted(ctx: CheckContext, facts: InstanceFacts): boolean {
  const deployer = facts.launchedBy === "pipeline" || isPlatformActor(facts.launchedBy);
  return deployer && facts.vmType !== undefined && approvedBefore(ctx.index.images.images.get(facts.imageId), facts.launch.seq);
}

/** The group's serving count after every change, in history order (several changes at one time keep the last). */
function servingChanges(ctx: CheckContext, members: readonly InstanceFacts[]): Change[] {
  const events: HistoryEvent[] = [];
  for (const facts of members) if (vetted(ctx, facts)) for (const event of facts.lifecycle) events.push(event);
  events.sort((a, b) => a.seq - b.seq);
  const up = new Set<string>();
  const changes: Change[] = [];
  for (const event of events) {
    const id = (event as HistoryEvent<"instance.running">).instanceId;
    if (UP.has(event.kind)) up.add(id);
    else up.delete(id);
    const last = changes[changes.length - 1];
    if (last && last.atMs === event.atMs) changes[changes.length - 1] = { atMs: event.atMs, seq: event.seq, serving: up.size };
    else if (!last || last.serving !== up.size) changes.push({ atMs: event.atMs, seq: event.seq, serving: up.size });
  }
  return changes;
}

function addLoss(losses: Array<{ atMs: number; seq: number }>, chaos: ChaosIndex, event: HistoryEvent): void {
  if (isChaosEffect(chaos, event)) losses.push({ atMs: event.atMs, seq: event.seq });
}

/** Chaos losses of a group's servers (kills, crashes, stops, infections), by time. */
function chaosLosses(
  ctx: CheckContext,
  members: readonly InstanceFacts[],
  infections: ReadonlyMap<string, HistoryEvent<"instance.infected">>,
): Array<{ atMs: number; seq: number }> {
  const chaos = ctx.index.chaos;
  const losses: Array<{ atMs: number; seq: number }> = [];
  for (const facts of members) {
    for (const event of facts.crashes) addLoss(losses, chaos, event);
    for (const event of facts.stops) addLoss(losses, chaos, event);
    if (facts.terminated) addLoss(losses, chaos, facts.terminated);
    const infection = infections.get(facts.id);
    if (infection) addLoss(losses, chaos, infection);
  }
  return losses.sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
}

/**
 * The first moment (up to the run end) of a shortfall the chaos losses of the last RTO do not
 * cover, with its serving count.
 */
function uncoveredMoment(
  changes: readonly Change[],
  lossTimes: readonly number[],
  group: GroupSpec,
  rtoMs: number,
  fromIndex: number,
  runMs: number,
) {
  for (let i = fromIndex; i < changes.length; i++) {
    const change = changes[i] as Change;
    if (change.serving >= group.capacity) continue;
    const endMs = Math.min((changes[i + 1] as Change | undefined)?.atMs ?? Number.POSITIVE_INFINITY, runMs + 1);
    const probes = [change.atMs];
    for (let k = upperBound(lossTimes, change.atMs - rtoMs); k < lossTimes.length; k++) {
      const probe = (lossTimes[k] as number) + rtoMs;
      if (probe >= endMs) break;
      if (probe > change.atMs) probes.push(probe);
    }
    for (const atMs of probes) {
      const covered = countInWindow(lossTimes, atMs - rtoMs, atMs);
      if (group.capacity - change.serving > covered) return { atMs, change, covered, index: i };
    }
  }
  return undefined;
}

/**
 * IMM-HEAL-002: once an immutable group first serves its capacity, every shortfall below capacity
 * is covered by chaos losses of the last RTO: a group may be short by at most the servers chaos
 * took in the last RTO. Only vetted servers that run and are healthy count as serving.
 */
export function checkImmutableFloor(ctx: CheckContext): Verdict {
  const j = new Judge("IMM-HEAL-002");
  const rtoMs = limitMs(ctx, "rtoMs");
  let losses = 0;
  let surges = 0;
  let lowest: { group: string; serving: number; capacity: number } | undefined;
  // Each instance's last infection.
  const infections = new Map<string, HistoryEvent<"instance.infected">>();
  for (const event of ctx.history.ofKind("instance.infected")) infections.set(event.instanceId, event);
  for (const group of groupsOfType(ctx.spec, "immutable")) {
    const members = ctx.index.byGroup.get(group.name) ?? [];
    const changes = servingChanges(ctx, members);
    const lossList = chaosLosses(ctx, members, infections);
    const lossTimes = lossList.map((loss) => loss.atMs);
    losses += lossList.length;
    surges += members.filter((facts) => facts.launch.replaces !== undefined && isPlatformActor(facts.launchedBy)).length;
    const failedBefore = j.failed;
    const start = changes.findIndex((change) => change.serving >= group.capacity);
    if (start < 0) continue;
    let from = start;
    for (let found = uncoveredMoment(changes, lossTimes, group, rtoMs, from, ctx.runMs); found;) {
      const { atMs, change, covered, index } = found;
      const recovered = changes.slice(index).find((c) => c.serving >= group.capacity);
      const short = group.capacity - change.serving;
      j.fail(
        `${group.name} ${short} short of ${group.capacity} serving at ${fmt(atMs)} (${change.serving} serving) ` +
          `with ${plural(covered, "chaos loss", "chaos losses")} in the last ${fmt(rtoMs)}` +
          (recovered ? `; back to ${group.capacity} at ${fmt(recovered.atMs)}` : "; not back by run end"),
        { seqs: [change.seq, ...(recovered ? [recovered.seq] : [])], ...(recovered ? { healMs: recovered.atMs - atMs } : {}) },
      );
      if (!recovered) break;
      from = changes.indexOf(recovered);
      found = uncoveredMoment(changes, lossTimes, group, rtoMs, from, ctx.runMs);
    }
    for (const change of changes.slice(start)) {
      if (!lowest || change.serving - group.capacity < lowest.serving - lowest.capacity)
        lowest = { group: group.name, serving: change.serving, capacity: group.capacity };
    }
    if (j.failed === failedBefore && lossList.length + surges > 0) j.ok({ seqs: lossList.slice(0, 10).map((loss) => loss.seq) });
  }
  return j.verdict({
    expected:
      `each immutable group short of capacity by at most its chaos losses of the last ${fmt(rtoMs)} ` +
      "(stopped or crashed servers not serving)",
    exercised: losses + surges > 0 ? true : noEvidence(ctx.index.chaos, LOSS_ACTIONS, "no server of an immutable group lost or replaced"),
    summary: () => {
      const low = lowest && lowest.serving < lowest.capacity ? `; lowest ${lowest.serving}/${lowest.capacity} in ${lowest.group}` : "";
      return `capacity kept through ${plural(losses, "chaos loss", "chaos losses")} and ${plural(surges, "platform replacement")}${low}`;
    },
    hint:
      "a lost, stopped or crashed server was counted as serving or not replaced within the RTO: count only running, healthy, " +
      "vetted servers, and count a replacement under way and the server it replaces once",
  });
}
