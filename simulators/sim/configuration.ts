import { appliedEvent, driftedEvent } from "./hot-events.ts";
import type { InstanceTable } from "./instance-table.ts";
import type { SimContext } from "./sim-context.ts";

/** Configuration and patches applied in place: drift, re-applying the desired configuration, in-place patching. */
export class Configuration {
  constructor(
    private readonly ctx: SimContext,
    private readonly table: InstanceTable,
  ) {}

  writeConfig(instanceId: string, version: string, actor: string, cause?: number): boolean {
    const instance = this.table.live(instanceId);
    if (!instance || instance.actualConfig === version || this.ctx.faulted("SendCommand", actor)) return false;
    const from = instance.actualConfig;
    instance.actualConfig = version;
    this.ctx.emitBuilt(driftedEvent(this.ctx.nextSeq(), this.ctx.nowMs(), actor, cause, instanceId, from, version));
    return true;
  }

  applyDesiredConfig(instanceId: string, actor: string, cause?: number): boolean {
    const instance = this.table.live(instanceId);
    if (!instance || instance.actualConfig === instance.desiredConfig || this.ctx.faulted("SendCommand", actor)) return false;
    instance.actualConfig = instance.desiredConfig;
    this.ctx.emitBuilt(appliedEvent(this.ctx.nextSeq(), this.ctx.nowMs(), actor, cause, instanceId, instance.desiredConfig));
    return true;
  }

  patchInPlace(instanceId: string, level: number, actor: string, cause?: number): boolean {
    const instance = this.table.live(instanceId);
    if (!instance || instance.patchLevel >= level || this.ctx.faulted("SendCommand", actor)) return false;
    const fromLevel = instance.patchLevel;
    instance.patchLevel = level;
    this.ctx.emit("instance.patched", actor, { instanceId, fromLevel, toLevel: level, inPlace: true }, cause);
    return true;
  }
}
