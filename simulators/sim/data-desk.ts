import { isHealthy, type GroupSpec } from "../../core/index.ts";
import { DataStore } from "./data-store.ts";
import { copyEvent } from "./hot-events.ts";
import type { SimContext } from "./sim-context.ts";

/** Replicated data of cattle groups: initial placement, copies made by the platform, and copies lost with their holder. */
export class DataDesk {
  private readonly data = new DataStore();

  constructor(private readonly ctx: SimContext) {
    for (const group of ctx.spec.groups)
      if (group.replicationFactor > 0) this.data.addGroup(group.name, group.shards, group.replicationFactor);
  }

  /** Places every shard of a group on its first members, round robin (the fleet as it was at time zero). */
  placeInitial(group: GroupSpec, members: readonly { readonly id: string }[]): void {
    for (let shard = 0; shard < group.shards; shard++) {
      for (let k = 0; k < Math.min(group.replicationFactor, members.length); k++) {
        const holder = (members[(shard + k) % members.length] as { id: string }).id;
        const copies = this.data.place(group.name, shard, holder);
        this.ctx.emitBuilt(
          copyEvent(this.ctx.nextSeq(), this.ctx.nowMs(), "data.placed", "pipeline", undefined, group.name, shard, holder, copies),
        );
      }
    }
  }

  replicas(group: string, shard: number): readonly string[] {
    return this.data.replicas(group, shard);
  }

  underReplicated(group: string): readonly number[] {
    return this.data.underReplicated(group);
  }

  replicate(group: string, shard: number, toInstanceId: string, actor: string, cause?: number): boolean {
    const target = this.ctx.live(toInstanceId);
    if (!target || target.group !== group || !isHealthy(target) || this.data.replicas(group, shard).length === 0) return false;
    if (this.ctx.faulted("CopyShard", actor)) return false;
    const copies = this.data.place(group, shard, toInstanceId);
    if (copies < 0) return false;
    this.ctx.emitBuilt(copyEvent(this.ctx.nextSeq(), this.ctx.nowMs(), "data.placed", actor, cause, group, shard, toInstanceId, copies));
    return true;
  }

  /** Drops every copy an instance held (it was terminated or crashed). */
  lose(instanceId: string, cause?: number): void {
    for (const lost of this.data.dropInstance(instanceId)) {
      const seq = this.ctx.nextSeq();
      this.ctx.emitBuilt(
        copyEvent(seq, this.ctx.nowMs(), "data.replica-lost", "world", cause, lost.group, lost.shard, instanceId, lost.copies),
      );
      if (lost.copies === 0) this.ctx.emit("data.lost", "world", { group: lost.group, shard: lost.shard }, cause);
    }
  }

  /** How many shards an instance holds (placement load). */
  load(instanceId: string): number {
    return this.data.load(instanceId);
  }
}
