import type { Controller, HistoryEvent } from "../../core/index.ts";
import { controller } from "../define.ts";
import { reactionMs } from "../retry.ts";

/**
 * Active/passive pet pairs: when the active fails, it is fenced first and only then the
 * passive is promoted, so two actives never exist; a recovered node rejoins as passive.
 */
export function haFailover(): Controller {
  return controller("ha-failover", (ctx) => {
    ctx.on(["instance.crashed", "instance.terminated", "instance.stopped"], (event) => {
      const failed = ctx.fleet.instance((event as HistoryEvent<"instance.crashed">).instanceId);
      if (!failed || failed.vmType !== "pet" || failed.haRole !== "active" || failed.group === undefined) return;
      const group = failed.group;
      ctx.after(reactionMs(ctx, 10_000, 20_000), () => {
        ctx.fleet.setHaRole(failed.id, "fenced", ctx.actor, event.seq);
        const standby = ctx.fleet
          .members(group)
          .find((m) => m.id !== failed.id && m.haRole === "passive" && m.state === "running" && !m.impaired);
        if (standby) ctx.fleet.setHaRole(standby.id, "active", ctx.actor, event.seq);
      });
    });
    ctx.on(["instance.recovered", "instance.running"], (event) => {
      const node = ctx.fleet.instance((event as HistoryEvent<"instance.recovered">).instanceId);
      if (!node || node.haRole !== "fenced" || node.group === undefined) return;
      const group = node.group;
      const hasActive = ctx.fleet.members(group).some((m) => m.haRole === "active");
      ctx.fleet.setHaRole(node.id, hasActive ? "passive" : "active", ctx.actor, event.seq);
    });
  });
}
