import { allowlistAdmits } from "../../core/index.ts";
import type { Controller, GroupSpec, HistoryEvent, Instance } from "../../core/index.ts";
import { controller } from "../define.ts";
import { reactionMs, retry } from "../retry.ts";

/** True when `destination` is on the allowlist: an exact host or address, an address in a listed CIDR block, or `*`. */
export function allowlisted(allowlist: readonly string[], destination: string): boolean {
  return allowlistAdmits(allowlist, destination);
}

function groupOf(fleetGroup: (name: string) => GroupSpec | undefined, instance: Instance): GroupSpec | undefined {
  return instance.group === undefined ? undefined : fleetGroup(instance.group);
}

/** Egress: immutable servers reach nothing; cattle and pets only their allowlist (exact hosts, addresses in listed CIDR blocks). */
export function egressPolicy(): Controller {
  return controller("egress-policy", (ctx) => {
    ctx.policy({
      egress(instance, destination) {
        if (instance.vmType === "immutable") return { allow: false, reason: "immutable servers have no internet egress" };
        const allowlist = groupOf((name) => ctx.fleet.group(name), instance)?.egressAllowlist ?? [];
        return allowlisted(allowlist, destination)
          ? { allow: true, reason: `${destination} is allowlisted` }
          : { allow: false, reason: `${destination} is not on the allowlist` };
      },
    });
  });
}

/** Ingress: revokes any world-open SSH/RDP rule, except on pets whose group allows it. */
export function ingressGuard(): Controller {
  return controller("ingress-guard", (ctx) => {
    ctx.on(["ingress.opened"], (event) => {
      const opened = event as HistoryEvent<"ingress.opened">;
      const instance = ctx.fleet.instance(opened.instanceId);
      if (!instance) return;
      const group = groupOf((name) => ctx.fleet.group(name), instance);
      if (instance.vmType === "pet" && group?.publicIngress) return;
      ctx.after(reactionMs(ctx), () =>
        retry(
          ctx,
          () =>
            !ctx.fleet.publicIngress(opened.instanceId).includes(opened.port) ||
            ctx.fleet.revokeIngress(opened.instanceId, opened.port, ctx.actor, opened.seq),
        ),
      );
    });
  });
}
