import type { HistoryEvent, HistoryView } from "../core/index.ts";
import { plainUser } from "./context.ts";

/** One JIT / break-glass grant: its issue and its first revocation. */
export interface GrantFacts {
  readonly issued: HistoryEvent<"grant.issued">;
  readonly revoked: HistoryEvent<"grant.revoked"> | undefined;
}

/** One interactive session: the allowed login that opened it and its end. */
export interface SessionFacts {
  readonly login: HistoryEvent<"login.attempted">;
  readonly ended: HistoryEvent<"session.ended"> | undefined;
}

/** Grants by grant id and sessions by session id. */
export interface AccessIndex {
  readonly grants: ReadonlyMap<string, GrantFacts>;
  readonly sessions: ReadonlyMap<string, SessionFacts>;
}

/** Indexes grants and sessions (read by kind). */
export function buildAccessIndex(history: HistoryView): AccessIndex {
  const grants = new Map<string, { issued: HistoryEvent<"grant.issued">; revoked: HistoryEvent<"grant.revoked"> | undefined }>();
  for (const issued of history.ofKind("grant.issued"))
    if (!grants.has(issued.grantId)) grants.set(issued.grantId, { issued, revoked: undefined });
  for (const revoked of history.ofKind("grant.revoked")) {
    const grant = grants.get(revoked.grantId);
    if (grant) grant.revoked ??= revoked;
  }
  const sessions = new Map<string, { login: HistoryEvent<"login.attempted">; ended: HistoryEvent<"session.ended"> | undefined }>();
  for (const login of history.ofKind("login.attempted")) {
    if (login.outcome === "allowed" && login.sessionId !== undefined && !sessions.has(login.sessionId))
      sessions.set(login.sessionId, { login, ended: undefined });
  }
  for (const ended of history.ofKind("session.ended")) {
    const session = sessions.get(ended.sessionId);
    if (session) session.ended ??= ended;
  }
  return { grants, sessions };
}

/**
 * Why `grantId` does not entitle `user` to act on `instanceId` at the event (`seq`, `atMs`), or
 * undefined when it does: issued before, to that user, for that instance, unexpired, unrevoked.
 */
export function grantProblem(
  access: AccessIndex,
  grantId: string | undefined,
  user: string,
  instanceId: string,
  seq: number,
  atMs: number,
): string | undefined {
  if (grantId === undefined) return "no grant";
  const grant = access.grants.get(grantId);
  if (!grant || grant.issued.seq > seq) return `unknown grant ${grantId}`;
  if (plainUser(grant.issued.user) !== plainUser(user)) return `grant ${grantId} belongs to ${grant.issued.user}`;
  if (grant.issued.instanceId !== instanceId) return `grant ${grantId} is for ${grant.issued.instanceId}`;
  if (atMs >= grant.issued.expiresAtMs) return `grant ${grantId} expired`;
  if (grant.revoked && grant.revoked.seq < seq) return `grant ${grantId} revoked`;
  return undefined;
}
