import { describe, expect, it } from "vitest";
import type { ScenarioControl, ScenarioRecord } from "../../core/index.ts";
import { failureLines } from "../../reports/index.ts";

// How a measured time reads next to its verdict: never a heal time that contradicts the headline.
const scenario = { name: "cattle-two-nodes-die-at-once", replay: "cattleprod run --seed 3 x.yaml" } as ScenarioRecord;
const verdict = (status: ScenarioControl["status"], evidence: Partial<ScenarioControl["evidence"]>): ScenarioControl => ({
  id: "CAT-HEAL-001",
  status,
  headline: `CAT-HEAL-001 ${status}`,
  evidence: { eventIds: [18], ...evidence },
});
const timeLines = (control: ScenarioControl) => failureLines({ scenario, control }).filter((l) => /heal|detect/.test(l));

describe("heal and detect times in failure text", () => {
  it("a failure that healed late says so, against the bound", () => {
    expect(timeLines(verdict("fail", { timeToHealMs: 728_000, boundMs: 600_000 }))).toEqual(["healed after the bound: 12m 8s (bound 10m)"]);
    expect(timeLines(verdict("fail", { timeToDetectMs: 1_200_000, boundMs: 900_000 }))).toEqual([
      "detected after the bound: 20m (bound 15m)",
    ]);
  });

  it("a failure whose measured cases healed in time gives their worst time as theirs, not the failure's", () => {
    expect(timeLines(verdict("fail", { timeToHealMs: 128_000, boundMs: 600_000 }))).toEqual([
      "time to heal: 2m 8s at worst among the cases that healed (bound 10m)",
    ]);
  });

  it("a pass gives the worst time and the bound", () => {
    expect(timeLines(verdict("pass", { timeToHealMs: 128_000, boundMs: 600_000 }))).toEqual(["time to heal: 2m 8s at worst (bound 10m)"]);
    expect(timeLines(verdict("pass", { timeToHealMs: 128_000 }))).toEqual(["time to heal: 2m 8s at worst"]);
  });
});
