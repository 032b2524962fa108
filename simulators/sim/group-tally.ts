import type { UpCohort } from "../../core/index.ts";
import { COHORT, DOWN, type Cohort, type MutableInstance } from "./mutable-instance.ts";

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
    const group = instance.group;
    const live = instance.state !== "terminated";
    const down = live && (instance.impaired || instance.state === "stopped");
    if (down !== instance[DOWN]) {
      instance[DOWN] = down;
      if (group !== undefined) this.down.set(group, (this.down.get(group) ?? 0) + (down ? 1 : -1));
    }
    const up = live && !instance.impaired && (instance.state === "running" || instance.state === "pending");
    const was = instance[COHORT];
    if (was !== undefined && (!up || was.vmType !== instance.vmType)) {
      was.count--;
      const cohorts = this.up.get(group as string);
      if (was.count === 0 && cohorts) cohorts.splice(cohorts.indexOf(was), 1);
      instance[COHORT] = undefined;
    }
    if (!up || group === undefined || instance[COHORT] !== undefined) return;
    let cohorts = this.up.get(group);
    if (!cohorts) this.up.set(group, (cohorts = []));
    let cohort: Cohort | undefined;
    for (const c of cohorts)
      if (c.imageId === instance.imageId && c.launchedBy === instance.launchedBy && c.vmType === instance.vmType) {
        cohort = c;
        break;
      }
    if (!cohort) cohorts.push((cohort = { imageId: instance.imageId, launchedBy: instance.launchedBy, vmType: instance.vmType, count: 0 }));
    cohort.count++;
    instance[COHORT] = cohort;
  }
}

const NONE: Iterable<UpCohort> = [];
