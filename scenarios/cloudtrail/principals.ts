import type { TrailRecord, UserIdentity } from "./trail-record.ts";

/** Who made a call: the platform (given with --platform-principal), an AWS service, or a person. */
export type ActorKind = "platform" | "service" | "person";

/** The caller of one record, as the importer names it. */
export interface Actor {
  readonly kind: ActorKind;
  /** A short name: the IAM user, the role session, "root", or the service. */
  readonly name: string;
  /** The ARN (or service) it was matched by. */
  readonly arn: string;
}

/**
 * Decides whose calls are the platform's. A principal matches a record when it equals the caller's ARN, the role
 * the session was issued from (`sessionContext.sessionIssuer.arn`), or the service that made the call
 * (`invokedBy`, e.g. autoscaling.amazonaws.com); a principal ending in `*` matches by prefix.
 *
 * @example new PlatformPrincipals(["arn:aws:iam::111122223333:role/age-reaper"]).actorOf(record)
 */
export class PlatformPrincipals {
  private readonly exact: Set<string>;
  private readonly prefixes: string[];

  constructor(readonly principals: readonly string[]) {
    this.exact = new Set(principals.filter((p) => !p.endsWith("*")));
    this.prefixes = principals.filter((p) => p.endsWith("*")).map((p) => p.slice(0, -1));
  }

  /** The caller of `record`, classified. */
  actorOf(record: TrailRecord): Actor {
    const identity = record.userIdentity ?? {};
    const candidates = [identity.arn, identity.sessionContext?.sessionIssuer?.arn, identity.invokedBy].filter(
      (c): c is string => typeof c === "string" && c !== "",
    );
    const matched = candidates.find((c) => this.exact.has(c) || this.prefixes.some((p) => c.startsWith(p)));
    const name = shortName(identity);
    if (matched) return { kind: "platform", name, arn: matched };
    if (identity.type === "AWSService") return { kind: "service", name, arn: identity.invokedBy ?? "aws" };
    return { kind: "person", name, arn: identity.arn ?? identity.principalId ?? "unknown" };
  }
}

/** The IAM user, the role session name, "root", the federated user, or the service; else the principal id. */
export function shortName(identity: UserIdentity): string {
  const arn = identity.arn ?? "";
  if (identity.type === "Root") return "root";
  if (identity.type === "AWSService") return identity.invokedBy ?? "aws-service";
  if (identity.type === "IAMUser" && identity.userName) return identity.userName;
  const assumed = /:assumed-role\/[^/]+\/(.+)$/.exec(arn);
  if (assumed?.[1]) return assumed[1];
  const tail = /:(?:user|federated-user)\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (tail?.[1]) return tail[1];
  const session = identity.principalId?.split(":")[1];
  return session || identity.userName || identity.principalId || "unknown";
}
