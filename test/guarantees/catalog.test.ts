import { describe, expect, it } from "vitest";
import { BOUND_NAMES, CHAOS_ACTIONS, CONTROL_IDS } from "../../core/index.ts";
import { CATALOG, boundKeyOf, catalogIsComplete, controlById } from "../../guarantees/index.ts";

const SEVERITY: Record<string, string> = {
  "FLT-INV-001": "high",
  "FLT-AUD-001": "high",
  "FLT-NET-001": "critical",
  "PET-PROT-001": "critical",
  "PET-ACC-001": "critical",
  "PET-BG-001": "high",
  "PET-PAT-001": "high",
  "PET-HA-001": "critical",
  "PET-DRF-001": "medium",
  "CAT-HEAL-001": "critical",
  "CAT-HEAL-002": "critical",
  "CAT-DATA-001": "critical",
  "CAT-ACC-001": "critical",
  "CAT-BG-001": "high",
  "CAT-BG-002": "high",
  "CAT-IMG-001": "high",
  "CAT-IMG-002": "medium",
  "CAT-DRF-001": "high",
  "CAT-PAT-001": "medium",
  "CAT-NET-001": "high",
  "CAT-MAL-001": "critical",
  "IMM-PAT-001": "high",
  "IMM-HEAL-001": "high",
};

describe("CATALOG", () => {
  it("lists every control id once, in CONTROL_IDS order", () => {
    expect(CATALOG.map((entry) => entry.id)).toEqual([...CONTROL_IDS]);
    expect(catalogIsComplete()).toBe(true);
  });

  it("carries the agreed severities", () => {
    for (const entry of CATALOG)
      expect(entry.severity, entry.id).toBe(SEVERITY[entry.id] ?? (entry.id.startsWith("IMM-") ? "critical" : "?"));
  });

  it("scopes controls by their prefix", () => {
    const scope = { FLT: "fleet", PET: "pet", CAT: "cattle", IMM: "immutable" } as Record<string, string>;
    for (const entry of CATALOG) expect(entry.scope, entry.id).toBe(scope[entry.id.slice(0, 3)]);
  });

  it("names only known chaos actions and bounds, and has text everywhere", () => {
    for (const entry of CATALOG) {
      for (const action of entry.chaos) expect(CHAOS_ACTIONS).toContain(action);
      if (entry.bound !== undefined) expect(Object.keys(BOUND_NAMES)).toContain(entry.bound);
      expect(entry.title.length).toBeGreaterThan(5);
      expect(entry.requirement).toMatch(/\.$/);
      expect(entry.evidence.length).toBeGreaterThan(5);
      expect(entry.references.length).toBeGreaterThan(0);
    }
  });

  it("finds entries and bound keys by id", () => {
    expect(controlById("IMM-AGE-001").bound).toBe("maxAge");
    expect(boundKeyOf("IMM-AGE-001")).toBe("maxAgeMs");
    expect(boundKeyOf("CAT-HEAL-001")).toBe("rtoMs");
    expect(boundKeyOf("PET-HA-001")).toBe("failoverRtoMs");
    expect(boundKeyOf("IMM-ACC-001")).toBeUndefined();
    expect(controlById("NOPE-001")).toBeUndefined();
  });
});
