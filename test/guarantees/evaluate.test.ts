import { describe, expect, it } from "vitest";
import { CONTROL_IDS, formatDuration } from "../../core/index.ts";
import type { HistoryView } from "../../core/index.ts";
import { CATALOG, evaluateControls } from "../../guarantees/index.ts";
import { FleetHistory, HOUR_MS, fleet } from "./fleet-history.ts";

const everything = fleet([
  { name: "db", vmType: "pet", capacity: 2, ha: true, operators: ["alice"] },
  { name: "web", vmType: "cattle", capacity: 3 },
  { name: "kv", vmType: "cattle", capacity: 3, replicationFactor: 2, shards: 2 },
  { name: "app", vmType: "immutable", capacity: 3 },
]);

describe("evaluateControls", () => {
  it("answers every control once, in catalog order", () => {
    const verdicts = evaluateControls(new FleetHistory(everything).end(HOUR_MS));
    expect(verdicts.map((v) => v.control)).toEqual([...CONTROL_IDS]);
    for (const v of verdicts) expect(v.headline.startsWith(`${v.control} `)).toBe(true);
  });

  it("never passes a control without evidence: an idle fleet passes only the invariants", () => {
    const verdicts = evaluateControls(new FleetHistory(everything).end(HOUR_MS));
    const passed = verdicts.filter((v) => v.status === "pass").map((v) => v.control);
    expect(passed).toEqual(["FLT-INV-001", "FLT-AUD-001"]);
    for (const v of verdicts.filter((x) => x.status !== "pass")) expect(v.status, v.headline).toBe("inconclusive");
  });

  it("skips controls whose VM type has no group, and HA / data controls without such groups", () => {
    const verdicts = evaluateControls(new FleetHistory(fleet([{ name: "web", vmType: "cattle", capacity: 2 }])).end(HOUR_MS));
    const skipped = verdicts.filter((v) => v.status === "skipped");
    expect(skipped.map((v) => v.control)).toEqual(
      CATALOG.filter((e) => e.scope === "pet" || e.scope === "immutable" || e.id === "CAT-DATA-001").map((e) => e.id),
    );
    expect(verdicts.find((v) => v.control === "PET-ACC-001")?.headline).toBe("PET-ACC-001 skipped: not applicable: no pet group");
    expect(verdicts.find((v) => v.control === "CAT-DATA-001")?.headline).toBe(
      "CAT-DATA-001 skipped: not applicable: no cattle group holding data",
    );
    const ha = evaluateControls(new FleetHistory(fleet([{ name: "db", vmType: "pet", capacity: 1 }])).end(HOUR_MS));
    expect(ha.find((v) => v.control === "PET-HA-001")?.headline).toBe("PET-HA-001 skipped: not applicable: no HA pet group");
  });

  it("turns a checker that throws into inconclusive, never a pass", () => {
    const { history, spec, runMs } = new FleetHistory(everything).end(HOUR_MS);
    const broken: HistoryView = {
      get length() {
        return history.length;
      },
      all: () => history.all(),
      at: (seq) => history.at(seq),
      ofKind: (kind) => {
        if (kind === "patch.released") throw new Error("disk on fire");
        return history.ofKind(kind);
      },
    };
    const verdicts = evaluateControls({ history: broken, spec, runMs });
    const pat = verdicts.filter((v) => v.control.endsWith("PAT-001"));
    expect(pat.map((v) => v.status)).toEqual(["inconclusive", "inconclusive", "inconclusive"]);
    expect(pat[0]?.headline).toBe("PET-PAT-001 inconclusive: failed to check: disk on fire");
    expect(pat[0]?.evidence.observed).toBe("checker error: disk on fire");
    expect(verdicts.find((v) => v.control === "FLT-INV-001")?.status).toBe("pass");
  });

  it("turns a history that cannot be indexed into inconclusive verdicts", () => {
    const broken: HistoryView = {
      length: 1,
      all: () => {
        throw new Error("corrupt");
      },
      at: () => undefined,
      ofKind: () => [],
    };
    const verdicts = evaluateControls({ history: broken, spec: everything, runMs: 0 });
    expect(new Set(verdicts.map((v) => v.status))).toEqual(new Set(["inconclusive"]));
    expect(verdicts[0]?.headline).toBe("FLT-INV-001 inconclusive: failed to index the history: corrupt");
  });

  it("hands every bounded control its scenario override", () => {
    const overrideMs = 4_321_000;
    const overrides = Object.fromEntries(CATALOG.filter((e) => e.bound !== undefined).map((e) => [e.id, overrideMs]));
    const verdicts = evaluateControls({ ...new FleetHistory(everything).end(HOUR_MS), overrides });
    for (const entry of CATALOG.filter((e) => e.bound !== undefined)) {
      const verdict = verdicts.find((v) => v.control === entry.id);
      expect(verdict?.evidence.expected, entry.id).toContain(formatDuration(overrideMs));
    }
  });
});
