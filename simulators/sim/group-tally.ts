import type { UpCohort } from "../../core/index.ts";
import type { MutableInstance } from "./mutable-instance.ts";

/** A cohort as the tally keeps it: its count moves as members come up and go down. */
interface Cohort extends UpCohort {
  count: number;
}

/** Where an instance keeps what the tally counted it as (symbol-keyed: invisible to JSON and `Object.keys`). */
const DOWN = Symbol("down");
const COHORT = Symbol("cohort");
type Tallied = MutableInstance & { [DOWN]?: boolean; [COHORT]?: Cohort | undefined };

/**
 * Per group, counts that would otherwise take a walk over the members: how many are stopped or crashed, and how many
 * are up (running or booting, not crashed) per image, launcher and VM type tag. Each instance carries what it was
 * counted as, so {@link note} after any change moves only its own counts.
 */
export class GroupTally {
  private readonly down = new Map<string, number>();
  private readonly up = new Map<string, Map<string, Cohort>>();

  /** Non-terminated members of a group that are stopped or crashed. */
  downCount(group: string): number {
    return this.down.get(group) ?? 0;
  }

  /** Up members of a group per image, launcher and VM type tag (no empty cohort). */
  upCohorts(group: string): Iterable<UpCohort> {
    return this.up.get(group)?.values() ?? NONE;
  }

  /** Counts an instance as it is now (added, changed state or crash flag, retagged or terminated). */
  note(instance: MutableInstance): void {
    const tallied = instance as Tallied;
    const group = instance.group;
    const live = instance.state !== "terminated";
    const down = live && (instance.impaired || instance.state === "stopped");
    if (down !== (tallied[DOWN] === true)) {
      tallied[DOWN] = down;
      if (group !== undefined) this.down.set(group, (this.down.get(group) ?? 0) + (down ? 1 : -1));
    }
    const up = live && !instance.impaired && (instance.state === "running" || instance.state === "pending");
    const was = tallied[COHORT];
    if (was !== undefined && (!up || was.vmType !== instance.vmType)) {
      was.count--;
      if (was.count === 0) this.up.get(group as string)?.delete(keyOf(was));
      tallied[COHORT] = undefined;
    }
    if (!up || group === undefined || tallied[COHORT] !== undefined) return;
    let cohorts = this.up.get(group);
    if (!cohorts) this.up.set(group, (cohorts = new Map()));
    const key = keyOf(instance);
    let cohort = cohorts.get(key);
    if (!cohort)
      cohorts.set(key, (cohort = { imageId: instance.imageId, launchedBy: instance.launchedBy, vmType: instance.vmType, count: 0 }));
    cohort.count++;
    tallied[COHORT] = cohort;
  }
}

const NONE: Iterable<UpCohort> = [];

function keyOf(origin: UpCohort | MutableInstance): string {
  return `${origin.imageId}\u0000${origin.launchedBy}\u0000${origin.vmType ?? ""}`;
}
