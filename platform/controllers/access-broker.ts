import type { Controller, ControllerContext, Decision, HistoryEvent, Instance, LoginRequest } from "../../core/index.ts";
import { controller } from "../define.ts";
import { createReplacer } from "../replacer.ts";
import { reactionMs } from "../retry.ts";

/** True when the request carries a live grant for this user and instance. */
export function validGrant(ctx: ControllerContext, request: LoginRequest, instance: Instance): boolean {
  if (request.grantId === undefined) return false;
  const grant = ctx.fleet.grant(request.grantId);
  return (
    grant !== undefined &&
    !grant.revoked &&
    grant.user === request.user &&
    grant.instanceId === instance.id &&
    ctx.clock.nowMs() < grant.expiresAtMs
  );
}

/** The login decision by VM type. */
export function decideLogin(ctx: ControllerContext, request: LoginRequest, instance: Instance): Decision {
  switch (instance.vmType) {
    case "immutable":
      return { allow: false, reason: "immutable servers take no interactive logins" };
    case "cattle":
      return validGrant(ctx, request, instance)
        ? { allow: true, reason: "valid JIT grant" }
        : { allow: false, reason: "no valid JIT grant" };
    case "pet": {
      const group = instance.group === undefined ? undefined : ctx.fleet.group(instance.group);
      if (group?.operators.includes(request.user)) return { allow: true, reason: "authorised operator" };
      return validGrant(ctx, request, instance)
        ? { allow: true, reason: "break-glass grant" }
        : { allow: false, reason: `${request.user} is not an authorised operator` };
    }
    default:
      return { allow: false, reason: "instance has no VM type" };
  }
}

/**
 * Interactive access: pets admit their named operators (and break-glass grants); cattle admit
 * only time-boxed JIT grants, and any instance touched that way is tainted and recycled when
 * the session ends; immutable servers admit nobody and take no keys.
 */
export function accessBroker(): Controller {
  return controller("access-broker", (ctx) => {
    const replacer = createReplacer(ctx);
    ctx.policy({
      login(request, instance) {
        return decideLogin(ctx, request, instance);
      },
      keyInjection(instance) {
        return instance.vmType === "pet"
          ? { allow: true, reason: "pets accept operator keys" }
          : { allow: false, reason: `${instance.vmType ?? "untyped"} instances take no injected keys` };
      },
    });
    ctx.on(["grant.requested"], (event) => {
      const request = event as HistoryEvent<"grant.requested">;
      const instance = ctx.fleet.instance(request.instanceId);
      if (!instance || instance.vmType === "immutable" || instance.vmType === undefined) {
        ctx.fleet.record(
          "grant.denied",
          { user: request.user, instanceId: request.instanceId, reason: "no break-glass on immutable or untyped instances" },
          ctx.actor,
          request.seq,
        );
        return;
      }
      const durationMs = Math.min(request.durationMs, ctx.spec.bounds.jitMaxMs);
      const grant = ctx.fleet.issueGrant(request.user, request.instanceId, durationMs, ctx.actor, request.seq);
      if (grant) ctx.after(durationMs, () => ctx.fleet.revokeGrant(grant.id, "expired", ctx.actor, request.seq));
    });
    ctx.on(["login.attempted"], (event) => {
      const login = event as HistoryEvent<"login.attempted">;
      if (login.outcome === "allowed" && login.vmType === "cattle")
        ctx.fleet.taint(login.instanceId, "break-glass session", ctx.actor, login.seq);
    });
    ctx.on(["session.ended"], (event) => {
      const ended = event as HistoryEvent<"session.ended">;
      const instance = ctx.fleet.instance(ended.instanceId);
      if (!instance || instance.vmType !== "cattle" || !instance.tainted) return;
      ctx.after(reactionMs(ctx), () => {
        const current = ctx.fleet.instance(ended.instanceId);
        if (current && current.state !== "terminated") replacer.surge(current, "tainted", undefined, ended.seq);
      });
    });
  });
}
