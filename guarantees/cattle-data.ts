import { formatDuration as fmt } from "../core/index.ts";
import type { GroupSpec, HistoryEvent, Verdict } from "../core/index.ts";
import { isChaosEffect, noEvidence } from "./chaos-index.ts";
import { pushTo } from "./collections.ts";
import { groupsOfType, isPlatformActor, limitMs } from "./context.ts";
import type { CheckContext } from "./context.ts";
import { chaosFailures, countInWindow, upperBoundBy } from "./failures.ts";
import type { InstanceFacts } from "./instance-index.ts";
import { Judge, plural } from "./judge.ts";

const KILLS = ["kill", "crash", "zone-outage"];
const seqOf = (event: { readonly seq: number }): number => event.seq;

type Placed = HistoryEvent<"data.placed">;
type ReplicaLost = HistoryEvent<"data.replica-lost">;

/**
 * The platform's own removal of a holder that chaos had not condemned (infected, or launched by
 * chaos): a planned removal, which must copy the holder's shards off first. Undefined otherwise.
 */
function plannedRemoval(
  ctx: CheckContext,
  facts: InstanceFacts | undefined,
  loss: ReplicaLost,
): HistoryEvent<"instance.terminated"> | undefined {
  const term = facts?.terminated;
  if (!facts || !term || term.seq > loss.seq || !isPlatformActor(term.actor)) return undefined;
  if (isChaosEffect(ctx.index.chaos, facts.launch)) return undefined;
  const infected = ctx.history.ofKind("instance.infected").some((event) => event.instanceId === facts.id && event.seq < term.seq);
  return infected ? undefined : term;
}

/** Judges one lost copy: a planned removal must not drop below RF; any other loss is back to RF within the RTO. */
function judgeLoss(ctx: CheckContext, j: Judge, group: GroupSpec, loss: ReplicaLost, copies: readonly Placed[], rtoMs: number): void {
  const rf = group.replicationFactor;
  if (loss.copies >= rf) {
    // A drained node (copies moved off before it went): the shard never dropped below RF.
    j.ok({ instance: loss.instanceId, seqs: [loss.seq], healMs: 0 });
    return;
  }
  const planned = plannedRemoval(ctx, ctx.index.instances.get(loss.instanceId), loss);
  if (planned) {
    j.fail(
      `${planned.actor} removed ${loss.instanceId} (${planned.reason}) holding shard ${loss.shard} of ${group.name} ` +
        `without copying it first: ${loss.copies} of ${rf} copies left`,
      { instance: loss.instanceId, seqs: [planned.seq, loss.seq] },
    );
    return;
  }
  let restore: Placed | undefined;
  for (let i = upperBoundBy(copies, loss.seq, seqOf); !restore && i < copies.length; i++)
    if ((copies[i]?.copies ?? 0) >= rf) restore = copies[i];
  const deadlineMs = loss.atMs + rtoMs;
  if (restore && restore.atMs <= deadlineMs) {
    j.okHealed(loss.seq, loss.instanceId, restore.seq, restore.atMs - loss.atMs);
    return;
  }
  const what = `shard ${loss.shard} of ${group.name} (replica on ${loss.instanceId} lost at ${fmt(loss.atMs)})`;
  const info = {
    instance: loss.instanceId,
    seqs: [loss.seq, ...(restore ? [restore.seq] : [])],
    ...(restore ? { healMs: restore.atMs - loss.atMs } : {}),
  };
  if (restore) j.fail(`${what} back to ${rf} copies after ${fmt(restore.atMs - loss.atMs)} (limit ${fmt(rtoMs)})`, info);
  else if (deadlineMs > ctx.runMs) j.undecide(`${what} not yet back to ${rf} copies at run end`, info);
  else j.fail(`${what} never back to ${rf} copies (limit ${fmt(rtoMs)})`, info);
}

const NO_SHARDS: ReadonlyMap<number, never[]> = new Map();

/** Events by group, then by shard (shards in order of their first event), each list in history order. */
function byGroupAndShard<E extends { readonly group: string; readonly shard: number }>(
  events: readonly E[],
): Map<string, Map<number, E[]>> {
  const groups = new Map<string, Map<number, E[]>>();
  for (const event of events) {
    let shards = groups.get(event.group);
    if (!shards) groups.set(event.group, (shards = new Map()));
    pushTo(shards, event.shard, event);
  }
  return groups;
}

/**
 * CAT-DATA-001: no shard is lost while chaos took fewer than RF nodes, the platform never drops a
 * shard below RF by removing a holder it was not forced to lose, and every shard is back to RF
 * copies within the RTO. Decided by chaos kills or by any lost copy.
 */
export function checkCattleData(ctx: CheckContext): Verdict {
  const j = new Judge("CAT-DATA-001");
  const rtoMs = limitMs(ctx, "rtoMs");
  const groups = groupsOfType(ctx.spec, "cattle").filter((group) => group.replicationFactor > 0);
  // Each data event list is split by group and shard once (not scanned again for every group).
  const lostByGroup = byGroupAndShard(ctx.history.ofKind("data.lost"));
  const placedByGroup = byGroupAndShard(ctx.history.ofKind("data.placed"));
  const replicaLostByGroup = byGroupAndShard(ctx.history.ofKind("data.replica-lost"));
  let kills = 0;
  let losses = 0;
  let excused = 0;
  for (const group of groups) {
    const rf = group.replicationFactor;
    const killTimes = chaosFailures(ctx, group.name).map((failure) => failure.atMs);
    kills += killTimes.length;
    const lost = lostByGroup.get(group.name) ?? NO_SHARDS;
    const placed = placedByGroup.get(group.name) ?? NO_SHARDS;
    for (const [shard, events] of lost) {
      for (const event of events) {
        const recent = countInWindow(killTimes, event.atMs - rtoMs, event.atMs);
        if (recent < rf)
          j.fail(`${group.name} lost shard ${shard} with ${plural(recent, "chaos kill")} in the last ${fmt(rtoMs)} (RF ${rf})`, {
            seqs: [event.seq],
          });
        else {
          excused += 1;
          j.ok({ seqs: [event.seq] });
        }
      }
    }
    for (const [shard, events] of replicaLostByGroup.get(group.name) ?? NO_SHARDS) {
      const copies = placed.get(shard) ?? [];
      for (const loss of events) {
        losses += 1;
        const restoredSeq = copies.find((event) => event.seq > loss.seq && event.copies >= rf)?.seq ?? Number.POSITIVE_INFINITY;
        // Judged by the data.lost check above when the shard was lost before it was restored.
        if ((lost.get(shard) ?? []).some((event) => event.seq > loss.seq && event.seq < restoredSeq)) continue;
        judgeLoss(ctx, j, group, loss, copies, rtoMs);
      }
    }
  }
  return j.verdict({
    expected:
      `no data.lost while chaos took fewer than RF nodes; no planned removal below RF; ` +
      `every shard back to RF copies within ${fmt(rtoMs)}`,
    exercised:
      kills + losses > 0 ? true : noEvidence(ctx.index.chaos, KILLS, "no effective kill and no lost copy on a cattle group holding data"),
    summary: () => {
      const lostNote = excused > 0 ? `, ${plural(excused, "shard")} lost only after RF nodes were killed` : ", no data lost";
      const worst = `worst ${fmt(j.worstHealMs ?? 0)} (limit ${fmt(rtoMs)})`;
      return `${plural(losses, "replica loss", "replica losses")} re-replicated, ${worst}${lostNote}`;
    },
    hint:
      "the replicator did not copy shards to a replacement in time, a planned removal (scale-in, recycle) did not drain the node " +
      "first, or replicas of one shard sat on nodes that fail together (one zone)",
  });
}
