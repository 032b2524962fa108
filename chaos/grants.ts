import type { HistoryView } from "../core/index.ts";

/** Which grant a login presents: none, the user's own for the target, the user's for another instance, another user's for the target. */
export type GrantChoice = "none" | "latest" | "other-instance" | "other-user";

/**
 * The grant a login of `user` on `instanceId` presents, read from the history (latest issued
 * first): `undefined` for `none`, or when no such grant was ever issued.
 *
 * @example presentedGrant(world.history, "other-instance", "oncall", "i-000002") // a grant issued for i-000001
 */
export function presentedGrant(history: HistoryView, choice: GrantChoice, user: string, instanceId: string): string | undefined {
  if (choice === "none") return undefined;
  const issued = history.ofKind("grant.issued");
  for (let i = issued.length - 1; i >= 0; i--) {
    const grant = issued[i];
    if (!grant) continue;
    const sameUser = grant.user === user;
    const sameInstance = grant.instanceId === instanceId;
    if (choice === "latest" && sameUser && sameInstance) return grant.grantId;
    if (choice === "other-instance" && sameUser && !sameInstance) return grant.grantId;
    if (choice === "other-user" && !sameUser && sameInstance) return grant.grantId;
  }
  return undefined;
}
