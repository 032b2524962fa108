import type { Grant, LoginRequest } from "../../core/index.ts";
import { ALLOW, decideOn, typeOf, type SimContext } from "./sim-context.ts";

interface Session {
  readonly id: string;
  readonly instanceId: string;
  readonly user: string;
  readonly grantId?: string;
  open: boolean;
}

/**
 * Interactive access: login attempts decided by the platform's login policy, the sessions they open, admin
 * actions in them, just-in-time grants and key injection. Nothing here needs an instance that boots: an
 * account world keeps this part modelled.
 */
export class AccessDesk {
  private readonly grants = new Map<string, Grant>();
  private readonly sessions = new Map<string, Session>();
  private counters = { grant: 0, session: 0 };

  constructor(private readonly ctx: SimContext) {}

  grant(id: string): Grant | undefined {
    return this.grants.get(id);
  }

  attemptLogin(request: LoginRequest, actor: string, cause?: number): { allowed: boolean; sessionId?: string } {
    const instance = this.ctx.live(request.instanceId);
    if (!instance) return { allowed: false };
    const decision =
      instance.state !== "running"
        ? { allow: false, reason: `instance is ${instance.state}` }
        : (this.ctx.policies().login?.(request, instance) ?? ALLOW);
    const sessionId = decision.allow ? `s-${String(++this.counters.session).padStart(5, "0")}` : undefined;
    if (sessionId)
      this.sessions.set(sessionId, {
        id: sessionId,
        instanceId: instance.id,
        user: request.user,
        ...(request.grantId ? { grantId: request.grantId } : {}),
        open: true,
      });
    this.ctx.emit(
      "login.attempted",
      actor,
      {
        instanceId: instance.id,
        ...typeOf(instance),
        user: request.user,
        protocol: request.protocol,
        ...(request.grantId ? { grantId: request.grantId } : {}),
        outcome: decision.allow ? "allowed" : "denied",
        reason: decision.reason,
        ...(sessionId ? { sessionId } : {}),
      },
      cause,
    );
    return sessionId ? { allowed: true, sessionId } : { allowed: false };
  }

  endSession(sessionId: string, actor: string, cause?: number): void {
    const session = this.sessions.get(sessionId);
    if (!session || !session.open) return;
    session.open = false;
    this.ctx.emit("session.ended", actor, { sessionId, instanceId: session.instanceId, user: session.user }, cause);
  }

  adminAction(sessionId: string, command: string, actor: string, cause?: number): boolean {
    const session = this.sessions.get(sessionId);
    if (!session || !session.open || !this.ctx.live(session.instanceId)) return false;
    this.ctx.emit(
      "admin.action",
      actor,
      {
        instanceId: session.instanceId,
        sessionId,
        user: session.user,
        command,
        ...(session.grantId ? { grantId: session.grantId } : {}),
      },
      cause,
    );
    return true;
  }

  issueGrant(user: string, instanceId: string, durationMs: number, actor: string, cause?: number): Grant | undefined {
    const instance = this.ctx.live(instanceId);
    if (!instance) return undefined;
    const now = this.ctx.nowMs();
    const grant: Grant = {
      id: `g-${String(++this.counters.grant).padStart(5, "0")}`,
      user,
      instanceId,
      issuedAtMs: now,
      expiresAtMs: now + durationMs,
      revoked: false,
    };
    this.grants.set(grant.id, grant);
    this.ctx.emit(
      "grant.issued",
      actor,
      { grantId: grant.id, user, instanceId, ...typeOf(instance), expiresAtMs: grant.expiresAtMs },
      cause,
    );
    return grant;
  }

  revokeGrant(grantId: string, reason: string, actor: string, cause?: number): void {
    const grant = this.grants.get(grantId);
    if (!grant || grant.revoked) return;
    this.grants.set(grantId, { ...grant, revoked: true });
    this.ctx.emit("grant.revoked", actor, { grantId, reason }, cause);
    for (const session of this.sessions.values()) {
      if (session.open && session.grantId === grantId) this.endSession(session.id, actor, cause);
    }
  }

  /** A key pushed onto an instance (EC2 Instance Connect, an agent): accepted or rejected by the key policy. */
  injectKey(instanceId: string, keyName: string, actor: string, cause?: number): boolean {
    return decideOn(
      this.ctx,
      instanceId,
      (instance) => this.ctx.policies().keyInjection?.(instance, keyName),
      (instance, decision) =>
        this.ctx.emit(
          "key.injected",
          actor,
          { instanceId, ...typeOf(instance), keyName, outcome: decision.allow ? "accepted" : "rejected", reason: decision.reason },
          cause,
        ),
    );
  }
}
