import type { ChaosActionName, ChaosStep, FleetSpec, TargetSpec } from "../../core/index.ts";
import type { SimSession } from "../../scenarios/index.ts";

/** What the explorer's model knows: the virtual time, the next step index and recent losses (the fault budget). */
export interface ExploreModel {
  readonly fleet: FleetSpec;
  nowMs: number;
  nextIndex: number;
  /** Total age added by `age` chaos so far (conservatively: all of it may land on one instance). */
  agedMs: number;
  /** Instance losses caused by chaos (kills, crashes, malware), per group, with their time. */
  readonly losses: Array<{ readonly group: string; readonly atMs: number; readonly count: number }>;
}

/** The real system: a simulated session plus the first safety violation seen. */
export interface ExploreReal {
  readonly session: SimSession;
  violation?: string;
  /** History length at the last safety check: an advance that added nothing needs no new check. */
  checkedLength?: number;
}

/** A chaos step as generated, before it has a time or an index. */
export interface PlannedChaos {
  readonly action: ChaosActionName;
  readonly target: TargetSpec;
  readonly with: Readonly<Record<string, string | number | boolean>>;
  /** Instances this step may take down (kill, crash, malware), counted against the fault budget. */
  readonly losses: number;
  /** Extra admissibility rule (e.g. aging must not push an instance past the limit by itself). */
  readonly admissible?: (model: Readonly<ExploreModel>) => boolean;
}

/** Turns a planned step into a scenario step at the model's time. */
/** Records in the model what a step does to the fault budget. */
export function account(model: ExploreModel, planned: PlannedChaos): void {
  // A loss counts from when it ends: a node stopped for 31 minutes is down for all of them.
  const outageMs = Number(planned.with["downForMs"] ?? 0);
  if (planned.losses > 0 && planned.target.group)
    model.losses.push({ group: planned.target.group, atMs: model.nowMs + outageMs, count: planned.losses });
  if (planned.action === "age") model.agedMs += Number(planned.with["byMs"] ?? 0);
  model.nextIndex++;
}

export function toStep(model: ExploreModel, planned: PlannedChaos): ChaosStep {
  return { index: model.nextIndex, atMs: model.nowMs, action: planned.action, target: planned.target, with: planned.with };
}

/**
 * The fault budget the fleet spec declares: losses on a group inside a window of twice its RTO
 * stay within maxUnavailable and below the replication factor, and an HA pet pair loses at
 * most one node per window. Chaos beyond it would make a failure legitimate, not a finding.
 */
export function withinBudget(model: ExploreModel, planned: PlannedChaos): boolean {
  if (planned.admissible && !planned.admissible(model)) return false;
  if (planned.losses === 0) return true;
  const groupName = planned.target.group;
  const group = model.fleet.groups.find((g) => g.name === groupName);
  if (!group) return false;
  const windowMs = 2 * model.fleet.bounds.rtoMs + 10 * 60_000;
  const recent = model.losses.filter((l) => l.group === group.name && model.nowMs - l.atMs < windowMs).reduce((sum, l) => sum + l.count, 0);
  const total = recent + planned.losses;
  if (group.vmType === "pet") return total <= 1;
  if (total > group.maxUnavailable) return false;
  return group.replicationFactor === 0 || total < group.replicationFactor;
}
