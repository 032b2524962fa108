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
  /** Per group, its few cohorts (members mostly share one image and launcher): a short list, no keys to build. */
  private readonly up = new Map<string, Cohort[]>();

  /** Non-terminated members of a group that are stopped or crashed. */
  downCount(group: string): number {
    return this.down.get(group) ?? 0;
  }

  /** Up members of a group per image, launcher and VM type tag (no empty cohort). */
  upCohorts(group: string): Iterable<UpCohort> {
    return this.up.get(group) ?? NONE;
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
      const cohorts = this.up.get(group as string);
      if (was.count === 0 && cohorts) cohorts.splice(cohorts.indexOf(was), 1);
      tallied[COHORT] = undefined;
    }
    if (!up || group === undefined || tallied[COHORT] !== undefined) return;
    let cohorts = this.up.get(group);
    if (!cohorts) this.up.set(group, (cohorts = []));
    let cohort = cohorts.find(
      (c) => c.imageId === instance.imageId && c.launchedBy === instance.launchedBy && c.vmType === instance.vmType,
    );
    if (!cohort) cohorts.push((cohort = { imageId: instance.imageId, launchedBy: instance.launchedBy, vmType: instance.vmType, count: 0 }));
    cohort.count++;
    tallied[COHORT] = cohort;
  }
}

const NONE: Iterable<UpCohort> = [];
