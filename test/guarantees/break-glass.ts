import { MINUTE_MS } from "./fleet-history.ts";
import type { FleetHistory } from "./fleet-history.ts";

/** Break-glass as the chaos runs it: request, issue, login, admin action, end, revoke at expiry, probe. */
export function breakGlass(
  f: FleetHistory,
  atMs: number,
  instanceId: string,
  opts: {
    durationMs?: number;
    grantMs?: number;
    revokeAtMs?: number | null;
    probe?: "allowed" | "denied";
    adminGrant?: string | null;
    vmType?: "pet" | "cattle";
  } = {},
): void {
  const durationMs = opts.durationMs ?? 30 * MINUTE_MS;
  const expiresAtMs = atMs + (opts.grantMs ?? durationMs);
  const vmType = opts.vmType ?? "pet";
  f.chaos(atMs, "break-glass", [instanceId], (cause) => {
    f.add(atMs, "grant.requested", "operator:bob", { user: "bob", instanceId, vmType, durationMs }, cause);
    f.add(atMs, "grant.issued", "platform/access-broker", { grantId: "g1", user: "bob", instanceId, vmType, expiresAtMs }, cause);
    f.add(
      atMs + MINUTE_MS,
      "login.attempted",
      "operator:bob",
      { instanceId, vmType, user: "bob", protocol: "ssh", grantId: "g1", outcome: "allowed", reason: "grant", sessionId: "s1" },
      cause,
    );
    const adminGrant = opts.adminGrant === undefined ? "g1" : opts.adminGrant;
    f.add(
      atMs + 2 * MINUTE_MS,
      "admin.action",
      "operator:bob",
      {
        instanceId,
        sessionId: "s1",
        user: "bob",
        command: "systemctl restart app",
        ...(adminGrant === null ? {} : { grantId: adminGrant }),
      },
      cause,
    );
    f.add(atMs + 3 * MINUTE_MS, "session.ended", "operator:bob", { sessionId: "s1", instanceId, user: "bob" }, cause);
  });
  if (opts.revokeAtMs !== null)
    f.add(opts.revokeAtMs ?? expiresAtMs, "grant.revoked", "platform/access-broker", { grantId: "g1", reason: "expired" });
  const probeAtMs = atMs + durationMs + MINUTE_MS;
  f.add(probeAtMs, "login.attempted", "operator:bob", {
    instanceId,
    vmType,
    user: "bob",
    protocol: "ssh",
    grantId: "g1",
    outcome: opts.probe ?? "denied",
    reason: "probe",
    ...(opts.probe === "allowed" ? { sessionId: "s2" } : {}),
  });
}
