import fc from "fast-check";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { CHAOS_ACTIONS, DEFAULT_BOUNDS, VM_TYPES, type VmType } from "../../core/index.ts";
import { CHAOS_PARAMS, durationText, parseChaosParams, type ChaosActionSpec } from "../../chaos/index.ts";
import { formatCompactDuration } from "../../scenarios/index.ts";
import { referencePlatform } from "../../platform/index.ts";
import { chaosPlans } from "../../suites/properties/chaos-plans.ts";
import { RelativeDuration } from "../../suites/properties/durations.ts";
import { resolvedParams, type PlannedChaos } from "../../suites/properties/model.ts";
import { paramArbitrary } from "../../suites/properties/zod-arbitrary.ts";

const SEED = 15;
const SAMPLES = 4_000;
const controllers = referencePlatform().controllers.map((c) => c.name);

/** `SAMPLES` planned steps drawn from every action's generator for fleets of one type. */
function sample(vmType: VmType, specs?: Readonly<Record<string, ChaosActionSpec>>): PlannedChaos[] {
  const plans = chaosPlans(vmType, { controllers, ...(specs ? { specs } : {}) }).map((p) => p.arbitrary);
  return fc.sample(fc.oneof(...plans), { seed: SEED, numRuns: SAMPLES });
}

/** Every value of every enum and literal parameter of a spec. */
function choices(spec: ChaosActionSpec): Array<[param: string, value: unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [param, schema] of Object.entries(spec.params.shape)) {
    let def = (schema as { _zod: { def: { type: string; innerType?: unknown; entries?: object; values?: unknown[] } } })._zod.def;
    while (def.innerType) def = (def.innerType as typeof schema as { _zod: { def: typeof def } })._zod.def;
    if (def.type === "enum") for (const value of Object.values(def.entries ?? {})) out.push([param, value]);
    if (def.type === "literal") for (const value of def.values ?? []) out.push([param, value]);
  }
  return out;
}

describe(`chaos generators derived from the scenario schema (seed ${SEED}, ${SAMPLES} samples per VM type)`, () => {
  it.each(VM_TYPES)("draw every action, every parameter and every enum or literal value on %s fleets", (vmType) => {
    const drawn = sample(vmType);
    const fleet = { groups: [], bounds: { ...DEFAULT_BOUNDS } };
    const missing: string[] = [];
    for (const action of CHAOS_ACTIONS) {
      const steps = drawn.filter((p) => p.action === action);
      if (steps.length === 0) missing.push(action);
      const spec: ChaosActionSpec = CHAOS_PARAMS[action];
      for (const param of Object.keys(spec.params.shape))
        if (!steps.some((p) => p.with[param] !== undefined)) missing.push(`${action}.${param}`);
      for (const [param, value] of choices(spec))
        if (!steps.some((p) => resolvedParams(fleet, p)[param] === value)) missing.push(`${action}.${param}=${String(value)}`);
    }
    expect(missing).toEqual([]);
  });

  it("draw only values the schema accepts: each step's parameters, as an emitted file writes them, parse back to what runs", () => {
    const fleet = { groups: [], bounds: { ...DEFAULT_BOUNDS } };
    for (const vmType of VM_TYPES)
      for (const planned of sample(vmType)) {
        const resolved = resolvedParams(fleet, planned);
        const written = Object.fromEntries(
          Object.entries(resolved).map(([key, value]) =>
            key.endsWith("Ms") && typeof value === "number" ? [key.slice(0, -2), formatCompactDuration(value)] : [key, value],
          ),
        );
        expect(parseChaosParams(planned.action, written), `${planned.action} ${JSON.stringify(written)}`).toEqual(resolved);
      }
  });

  it("draw durations from seconds to days and at the edges of fleet bounds, and every target count", () => {
    const drawn = sample("cattle");
    const classes = new Set(drawn.flatMap((p) => Object.values(p.classes)));
    for (const cls of ["seconds", "minutes", "hours", "days", "rto-", "rto+", "jitMax", "one", "random", "fraction", "all", "default"])
      expect(classes, cls).toContain(cls);
    const relative = drawn.flatMap((p) => Object.values(p.with)).filter((v) => v instanceof RelativeDuration);
    expect(relative.length).toBeGreaterThan(0);
  });

  it("draw egress destinations as names, look-alikes, addresses and CIDR edges, and any of the platform's controllers", () => {
    const drawn = sample("cattle");
    const classes = (action: string, param: string) => new Set(drawn.filter((p) => p.action === action).map((p) => p.classes[param]));
    expect([...classes("egress", "destination")].sort()).toEqual(
      [
        "address-above",
        "address-below",
        "address-first",
        "address-inside",
        "address-last",
        "allowlisted-name",
        "external-name",
        "metadata-address",
        "name-prefix-match",
        "name-suffix-match",
        "public-address",
        "subdomain",
      ].sort(),
    );
    expect(classes("controller-outage", "controller")).toEqual(new Set([...controllers, "unknown-controller"]));
    expect(classes("drift", "setting")).toContain("any-key");
  });

  it("widen without editing: a new action and a new parameter in the spec table are drawn over their range", () => {
    const diskFill: ChaosActionSpec = {
      scope: "instances",
      requires: [],
      defaultCount: { kind: "one" },
      durations: ["for"],
      summary: "fill a disk",
      params: z.strictObject({
        percent: z.int().min(50).max(100).default(95),
        mount: z.enum(["/", "/var", "/data"]),
        for: durationText("How long the disk stays full."),
      }),
    };
    const specs = {
      ...CHAOS_PARAMS,
      "disk-fill": diskFill,
      kill: { ...CHAOS_PARAMS.kill, params: z.strictObject({ signal: z.literal([9, 15]) }) },
    };
    const drawn = sample("immutable", specs);
    const fills = drawn.filter((p) => (p.action as string) === "disk-fill");
    expect(fills.length).toBeGreaterThan(50);
    expect(new Set(fills.map((p) => p.with["mount"]))).toEqual(new Set(["/", "/var", "/data"]));
    expect(fills.some((p) => p.with["percent"] === 50)).toBe(true);
    expect(fills.some((p) => p.with["percent"] === 100)).toBe(true);
    expect(fills.some((p) => p.with["for"] !== undefined)).toBe(true);
    expect(new Set(drawn.filter((p) => p.action === "kill").map((p) => p.with["signal"]))).toEqual(new Set([9, 15]));
  });

  it("refuse a parameter kind they cannot walk, naming it", () => {
    expect(() => paramArbitrary("paths", z.array(z.string()), { controllers })).toThrow(
      'Failed to derive a generator for chaos parameter "paths": zod type "array" is not walked yet.',
    );
  });
});
