import { describe, expect, it } from "vitest";
import { evaluateControls } from "../../guarantees/index.ts";
import { DAY_MS, FleetHistory, MINUTE_MS, fleet } from "./fleet-history.ts";

describe("evaluateControls at scale", () => {
  it("checks a long, busy history in linear-ish time", () => {
    const spec = fleet([
      { name: "web", vmType: "cattle", capacity: 300, maxUnavailable: 100 },
      { name: "app", vmType: "immutable", capacity: 300, maxUnavailable: 100 },
      { name: "db", vmType: "pet", capacity: 2, ha: true },
    ]);
    const f = new FleetHistory(spec);
    const live = { web: f.members("web"), app: f.members("app") };
    let atMs = MINUTE_MS;
    for (let i = 0; i < 40_000; i++, atMs += 5 * MINUTE_MS) {
      for (const group of ["web", "app"] as const) {
        const victim = live[group].shift() as string;
        f.kill(atMs, victim);
        live[group].push(f.replace(atMs + 10_000, victim));
      }
      f.add(atMs, "egress.attempted", "world", {
        instanceId: live.app[0] as string,
        vmType: "immutable",
        destination: "x",
        outcome: "denied",
        reason: "none",
      });
    }
    const input = f.end(atMs + DAY_MS);
    expect(input.history.length).toBeGreaterThan(400_000);
    const started = performance.now();
    const verdicts = evaluateControls(input);
    const elapsedMs = performance.now() - started;
    expect(verdicts.find((v) => v.control === "CAT-HEAL-001")?.status).toBe("pass");
    expect(verdicts.find((v) => v.control === "IMM-HEAL-001")?.status).toBe("pass");
    expect(verdicts.find((v) => v.control === "CAT-HEAL-002")?.status).toBe("pass");
    expect(verdicts.find((v) => v.control === "FLT-AUD-001")?.status).toBe("pass");
    expect(elapsedMs).toBeLessThan(20_000);
  });
});
