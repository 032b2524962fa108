import type { Controller, ControllerContext, GroupSpec, HistoryEvent, Instance } from "../../core/index.ts";
import { controller } from "../define.ts";
import { drainOff } from "../drain.ts";
import { reactionMs, retry } from "../retry.ts";

/** What the self-healer remembers between passes. */
interface HealerState {
  /** Per group: serving nodes lost (killed, crashed, stopped) and not yet matched by a launch, oldest first. */
  readonly lost: Map<string, string[]>;
  /** Replaced id -> its replacement's id, for every launch that names one (any controller's surges included). */
  readonly replacedBy: Map<string, string>;
  /** Per group: replaced ids not terminated yet (the only members that may count through a replacement). */
  readonly replacedLive: Map<string, Set<string>>;
}

/**
 * Keeps cattle and immutable groups at capacity: a crashed node is terminated, a stopped one is
 * started again, and every deficit is filled from the group's current image in the least loaded
 * zone, each launch naming the lost node it replaces. Stopped or crashed nodes do not count as
 * serving, and a surge pair (a replacement under way and the node it replaces) counts once.
 * Surplus nodes are drained of replica data before they go. Pets are never replaced: a crashed
 * pet is rebooted in place.
 */
export function selfHealer(): Controller {
  return controller("self-healer", (ctx) => {
    const state: HealerState = { lost: new Map(), replacedBy: new Map(), replacedLive: new Map() };
    const scheduled = new Set<string>();

    ctx.on(["instance.launched"], (event) => {
      const launched = event as HistoryEvent<"instance.launched">;
      if (launched.replaces === undefined) return;
      state.replacedBy.set(launched.replaces, launched.instanceId);
      // Only a replaced node still alive can count through its replacement: a heal names a node already terminated.
      const replaced = ctx.fleet.instance(launched.replaces);
      const group = replaced?.state === "terminated" ? undefined : replaced?.group;
      if (group === undefined) return;
      let live = state.replacedLive.get(group);
      if (!live) state.replacedLive.set(group, (live = new Set()));
      live.add(launched.replaces);
    });

    ctx.on(["instance.terminated"], (event) => {
      const { instanceId, group } = event as HistoryEvent<"instance.terminated">;
      if (group !== undefined) state.replacedLive.get(group)?.delete(instanceId);
    });

    ctx.on(["instance.terminated", "instance.crashed", "instance.stopped"], (event) => {
      const { instanceId } = event as HistoryEvent<"instance.terminated">;
      const instance = ctx.fleet.instance(instanceId);
      const group = instance?.group;
      const spec = group === undefined ? undefined : ctx.fleet.group(group);
      if (!instance || !spec || group === undefined) return;
      if (spec.vmType === "pet") {
        if (event.kind === "instance.crashed") rebootSoon(ctx, instanceId, event.seq);
        return;
      }
      const planned = event.actor === ctx.actor && (event as HistoryEvent<"instance.terminated">).reason === "scale-in";
      // A node the platform retired after launching its replacement is no loss, whatever became of the replacement
      // since (events reach a paused self-healer late): if the replacement failed, its own loss is the one to name.
      const retired = event.kind === "instance.terminated" && event.actor !== "chaos" && state.replacedBy.has(instanceId);
      const replaced = retired || underReplacement(ctx, state, instanceId);
      if (event.kind === "instance.terminated" && !planned && countsTowardCapacity(ctx, instance) && !replaced)
        noteLoss(state, group, instanceId);
      if (!scheduled.has(group)) reconcileSoon(ctx, state, scheduled, group);
    });

    // Desired capacity works both ways: once nothing is booting, surplus nodes (a stopped node
    // that came back after it was replaced) are drained and removed, stale and oldest first.
    const scaleInScheduled = new Set<string>();
    ctx.on(["instance.running"], (event) => {
      const group = (event as HistoryEvent<"instance.running">).group;
      const spec = group === undefined ? undefined : ctx.fleet.group(group);
      if (!spec || spec.vmType === "pet" || group === undefined || scaleInScheduled.has(group)) return;
      scaleInSoon(ctx, state, scaleInScheduled, spec);
    });
  });
}

// The timers below are set in functions of their own: a closure written inside an event handler makes every call of
// the handler allocate a context for what it captures, even the calls that set no timer.

/** Reconciles the group after a reaction delay (once, however many events ask meanwhile). */
function reconcileSoon(ctx: ControllerContext, state: HealerState, scheduled: Set<string>, group: string): void {
  scheduled.add(group);
  ctx.after(reactionMs(ctx), () => {
    scheduled.delete(group);
    reconcile(ctx, group, state);
  });
}

/** Removes the group's surplus nodes after a reaction delay (once, however many events ask meanwhile). */
function scaleInSoon(ctx: ControllerContext, state: HealerState, scheduled: Set<string>, spec: GroupSpec): void {
  scheduled.add(spec.name);
  ctx.after(reactionMs(ctx), () => {
    scheduled.delete(spec.name);
    scaleIn(ctx, spec, state);
  });
}

/** Reboots a crashed pet in place after a reaction delay, retrying until it is no longer impaired. */
function rebootSoon(ctx: ControllerContext, instanceId: string, cause: number): void {
  ctx.after(reactionMs(ctx, 5 * 60_000, 5 * 60_000), () =>
    retry(ctx, () => ctx.fleet.recover(instanceId, ctx.actor, cause) || !ctx.fleet.instance(instanceId)?.impaired),
  );
}

function noteLoss(state: HealerState, group: string, instanceId: string): void {
  let list = state.lost.get(group);
  if (!list) state.lost.set(group, (list = []));
  if (!list.includes(instanceId)) list.push(instanceId);
}

/** True when a live, serving replacement for `instanceId` is already under way (a surge): its loss needs no launch. */
function underReplacement(ctx: ControllerContext, state: HealerState, instanceId: string): boolean {
  const replacementId = state.replacedBy.get(instanceId);
  const replacement = replacementId === undefined ? undefined : ctx.fleet.instance(replacementId);
  return replacement !== undefined && canServe(ctx, replacement);
}

/** Running or booting, not crashed, not stopped, and a node the platform keeps. */
function canServe(ctx: ControllerContext, instance: Instance): boolean {
  return (instance.state === "running" || instance.state === "pending") && !instance.impaired && countsTowardCapacity(ctx, instance);
}

/** Removes nodes beyond capacity once nothing boots: replaced ones first, then stale, then oldest. */
function scaleIn(ctx: ControllerContext, group: GroupSpec, state: HealerState): void {
  // At or under capacity (the common case after every boot: a replaced node goes as its replacement runs) nothing
  // can be surplus.
  if (ctx.fleet.members(group.name).length <= group.capacity) return;
  const counts = capacityCounter(ctx);
  // One pass without allocating: a counted member still booting, or none beyond capacity, leaves nothing to rank.
  let kept = 0;
  for (const m of ctx.fleet.members(group.name))
    if (counts(m) && !m.impaired) {
      if (m.state !== "running") return;
      kept++;
    }
  if (kept <= group.capacity) return;
  const members = ctx.fleet.members(group.name).filter((m) => counts(m) && !m.impaired);
  const current = ctx.fleet.currentImage(group.name).id;
  const surplus = members
    .sort(
      (a, b) =>
        Number(underReplacement(ctx, state, b.id)) - Number(underReplacement(ctx, state, a.id)) ||
        Number(a.imageId === current) - Number(b.imageId === current) ||
        a.createdAtMs - b.createdAtMs,
    )
    .slice(0, Math.max(0, members.length - group.capacity));
  for (const extra of surplus) {
    // A node holding replica data goes only once its shards have their copies elsewhere.
    retry(ctx, () => {
      const now = ctx.fleet.instance(extra.id);
      if (!now || now.state === "terminated") return true;
      return drainOff(ctx, now) && ctx.fleet.terminate(extra.id, ctx.actor, "scale-in");
    });
  }
}

/**
 * Instances that other controllers will remove do not fill capacity: untagged ones, ones on
 * unapproved images, and immutable servers not deployed by the pipeline or the platform.
 */
export function countsTowardCapacity(ctx: ControllerContext, instance: Pick<Instance, "vmType" | "imageId" | "launchedBy">): boolean {
  return keptByPlatform(instance) && ctx.fleet.imageStatus(instance.imageId) === "approved";
}

/** Tagged, and (for an immutable server) deployed by the pipeline or the platform: the image aside, a node kept. */
function keptByPlatform(instance: Pick<Instance, "vmType" | "launchedBy">): boolean {
  if (instance.vmType === undefined) return false;
  return instance.vmType !== "immutable" || instance.launchedBy === "pipeline" || instance.launchedBy.startsWith("platform/");
}

/**
 * {@link countsTowardCapacity} for one pass over a group, where no image changes status: members mostly share an
 * image, so its status is asked once per run of members on the same image.
 */
function capacityCounter(ctx: ControllerContext): (instance: Instance) => boolean {
  let image: string | undefined;
  let approved = false;
  return (instance) => {
    if (!keptByPlatform(instance)) return false;
    if (instance.imageId !== image) {
      image = instance.imageId;
      approved = ctx.fleet.imageStatus(image) === "approved";
    }
    return approved;
  };
}

/**
 * Nodes serving the group: a node whose replacement is under way counts through its replacement
 * only, so a surge pair never hides a lost node.
 */
function servingCount(ctx: ControllerContext, groupName: string, state: HealerState): number {
  let serving = 0;
  // Counted by the world where it can (the simulator): a few cohorts rather than every member.
  const cohorts = ctx.fleet.upCohorts?.(groupName);
  if (cohorts) {
    for (const cohort of cohorts) if (countsTowardCapacity(ctx, cohort)) serving += cohort.count;
  } else {
    const counts = capacityCounter(ctx);
    for (const member of ctx.fleet.members(groupName))
      if ((member.state === "running" || member.state === "pending") && !member.impaired && counts(member)) serving++;
  }
  // Only a replaced node still alive can count through its replacement: look at those, not at every member.
  for (const id of state.replacedLive.get(groupName) ?? []) {
    const member = ctx.fleet.instance(id);
    if (member && member.state !== "terminated" && member.group === groupName && canServe(ctx, member) && underReplacement(ctx, state, id))
      serving--;
  }
  return serving;
}

const NONE: readonly Instance[] = [];

/** Crashed or stopped: a member to terminate or start again. */
function isDown(member: Instance): boolean {
  return member.impaired || member.state === "stopped";
}

/** Members per zone of the group, in the order of its zones: kept by the world where it can (the simulator), else counted. */
function zoneLoads(ctx: ControllerContext, group: GroupSpec): number[] {
  const kept = ctx.fleet.zoneLoad?.(group.name);
  if (kept) return group.zones.map((zone) => kept.get(zone) ?? 0);
  const loads = group.zones.map(() => 0);
  for (const member of ctx.fleet.members(group.name)) {
    const at = group.zones.indexOf(member.zone);
    if (at >= 0) loads[at] = (loads[at] as number) + 1;
  }
  return loads;
}

function reconcile(ctx: ControllerContext, groupName: string, state: HealerState): void {
  const group = ctx.fleet.group(groupName) as GroupSpec;
  let retryLater = false;
  // Counted by the world where it can (the simulator), else here; copied only when there is something to do
  // (terminating changes the live member list).
  const downCount = ctx.fleet.downCount?.(groupName);
  const anyDown = downCount === undefined ? ctx.fleet.members(groupName).some(isDown) : downCount > 0;
  for (const member of anyDown ? ctx.fleet.members(groupName).filter(isDown) : NONE) {
    const counted = countsTowardCapacity(ctx, member) && !underReplacement(ctx, state, member.id);
    if (member.impaired) {
      if (ctx.fleet.terminate(member.id, ctx.actor, "unhealthy") && counted) noteLoss(state, groupName, member.id);
    } else if (counted && !ctx.fleet.start(member.id, ctx.actor)) retryLater = true;
  }
  if (retryLater) ctx.after(10_000 + ctx.rng.int(10_000), () => reconcile(ctx, groupName, state));
  // Losses another controller already replaced (a malware kill-and-replace) need no launch of ours.
  const lost = state.lost.get(groupName);
  const gone = lost === undefined ? [] : lost.filter((id) => !underReplacement(ctx, state, id));
  state.lost.set(groupName, gone);
  const serving = servingCount(ctx, groupName, state);
  if (serving < group.capacity) {
    const imageId = ctx.fleet.currentImage(groupName).id;
    // Each launch goes to the least loaded zone (the first of equals), counting this pass's launches.
    const loads = zoneLoads(ctx, group);
    for (let i = serving; i < group.capacity; i++) {
      const replaces = gone[0];
      let at = 0;
      for (let z = 1; z < loads.length; z++) if ((loads[z] as number) < (loads[at] as number)) at = z;
      const zone = group.zones[at] as string;
      const request = replaces === undefined ? { group: groupName, imageId, zone } : { group: groupName, imageId, zone, replaces };
      const result = ctx.fleet.launch(request, ctx.actor);
      if (!result.ok) {
        // Throttled or refused: the unmatched losses stay for the next attempt.
        ctx.after(10_000 + ctx.rng.int(10_000), () => reconcile(ctx, groupName, state));
        return;
      }
      gone.shift();
      // A zone named twice in the spec is one zone: both entries count the launch.
      for (let z = 0; z < loads.length; z++) if (group.zones[z] === zone) loads[z] = (loads[z] as number) + 1;
    }
  }
  // Capacity is covered: losses left unmatched were made good otherwise (a stopped node started again).
  state.lost.delete(groupName);
}
