import { describe, expect, it } from "vitest";
import { Judge } from "../../guarantees/judge.ts";

const TEXT = { expected: "healed within 10m", exercised: true as const, summary: () => "healed", hint: "none" };

describe("Judge.okHealed", () => {
  it("gives the verdict `ok` gives for the same healed cases, past the evidence cap", () => {
    const built = new Judge("CAT-HEAL-001");
    const direct = new Judge("CAT-HEAL-001");
    for (let i = 0; i < 30; i++) {
      const healMs = (i * 7_919) % 50_000;
      built.ok({ instance: `i-${i}`, seqs: [2 * i, 2 * i + 1], healMs, ...(i % 2 === 0 ? { detectMs: healMs / 2 } : {}) });
      direct.okHealed(2 * i, `i-${i}`, 2 * i + 1, healMs, i % 2 === 0 ? healMs / 2 : undefined);
    }
    const verdict = direct.verdict(TEXT);
    expect(verdict).toEqual(built.verdict(TEXT));
    expect(verdict.status).toBe("pass");
    expect(verdict.evidence.timeToHealMs).toBe(Math.max(...Array.from({ length: 30 }, (_, i) => (i * 7_919) % 50_000)));
    expect(verdict.evidence.eventIds).toHaveLength(20);
  });

  it("leaves the time to detect unset when no case measured one", () => {
    const judge = new Judge("CAT-DATA-001");
    judge.okHealed(3, "i-1", 9, 1_000);
    expect(judge.verdict(TEXT).evidence.timeToDetectMs).toBeUndefined();
    expect(judge.worstHealMs).toBe(1_000);
  });
});
