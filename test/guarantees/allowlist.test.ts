import { describe, expect, it } from "vitest";
import { allowlistAdmits, cidrContains } from "../../core/index.ts";
import { FleetHistory, HOUR_MS, fleet } from "./fleet-history.ts";

describe("egress allowlists: names, addresses, CIDR blocks", () => {
  const list = ["updates.internal", "10.20.0.0/16", "192.168.7.16/28", "203.0.113.9"];

  it("admits exact names and addresses, and a block from its first to its last address", () => {
    for (const ok of ["updates.internal", "203.0.113.9", "10.20.0.0", "10.20.255.255", "192.168.7.16", "192.168.7.31"])
      expect(allowlistAdmits(list, ok), ok).toBe(true);
  });

  it("refuses the addresses either side of a block, look-alike names and malformed addresses", () => {
    for (const no of ["10.19.255.255", "10.21.0.0", "192.168.7.15", "192.168.7.32", "updates.internal.attacker.io", "x.updates.internal"])
      expect(allowlistAdmits(list, no), no).toBe(false);
    expect(cidrContains("10.20.0.0/16", "10.20.0.256")).toBe(false);
    expect(cidrContains("10.20.0.0/33", "10.20.0.1")).toBe(false);
    expect(allowlistAdmits(["*"], "anything")).toBe(true);
  });

  it("CAT-NET-001 judges an address past a listed block as off the list", () => {
    const f = new FleetHistory(fleet([{ name: "web", vmType: "cattle", capacity: 2, egressAllowlist: ["10.20.0.0/16"] }]));
    f.chaos(HOUR_MS, "egress", ["web-1"], (cause) =>
      f.add(
        HOUR_MS,
        "egress.attempted",
        "chaos",
        { instanceId: "web-1", destination: "10.21.0.0", outcome: "allowed", reason: "x" },
        cause,
      ),
    );
    expect(f.verdict("CAT-NET-001", 2 * HOUR_MS).headline).toBe("CAT-NET-001 failed: web-1 reached 10.21.0.0, not on web's allowlist");
  });
});
