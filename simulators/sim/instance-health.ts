import type { HaRole } from "../../core/index.ts";
import type { InstanceTable } from "./instance-table.ts";
import { groupOf, type SimContext } from "./sim-context.ts";

/**
 * What only the model knows about a running instance: whether it recovered from a crash, whether break-glass
 * tainted it, and its role in an HA pair. An account world keeps this part modelled too.
 */
export class InstanceHealth {
  constructor(
    private readonly ctx: SimContext,
    private readonly table: InstanceTable,
  ) {}

  recover(instanceId: string, actor: string, cause?: number): boolean {
    const instance = this.table.live(instanceId);
    if (!instance || !instance.impaired || this.ctx.faulted("RebootInstances", actor)) return false;
    instance.impaired = false;
    this.ctx.emit("instance.recovered", actor, { instanceId, ...groupOf(instance) }, cause);
    return true;
  }

  taint(instanceId: string, reason: string, actor: string, cause?: number): boolean {
    const instance = this.table.live(instanceId);
    if (!instance || instance.tainted) return false;
    instance.tainted = true;
    instance.tags = { ...instance.tags, "cattleprod:tainted": reason };
    this.ctx.emit("instance.tainted", actor, { instanceId, reason }, cause);
    return true;
  }

  setHaRole(instanceId: string, role: HaRole, actor: string, cause?: number): boolean {
    const instance = this.table.live(instanceId);
    if (!instance || !instance.group || instance.haRole === role) return false;
    const previous = instance.haRole;
    instance.haRole = role;
    this.ctx.emit("ha.role", actor, { instanceId, group: instance.group, role, ...(previous ? { previous } : {}) }, cause);
    return true;
  }
}
