import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CHAOS_ACTIONS, DAY_MS, MINUTE_MS } from "../../core/index.ts";
import { CHAOS_PARAMS, parseChaosParams } from "../../chaos/params.ts";
import type { ResolvedChaosParams } from "../../chaos/params.ts";
import { SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText } from "../../scenarios/write-schema.ts";

describe("scenario.schema.json", () => {
  it("is up to date with the zod schema (regenerate: npx tsx scenarios/write-schema.ts)", async () => {
    expect(await readFile(SCENARIO_SCHEMA_FILE, "utf8")).toBe(scenarioJsonSchemaText());
  });

  it("lists every chaos action as a step variant", () => {
    const schema = JSON.parse(scenarioJsonSchemaText()) as {
      properties: { steps: { items: { oneOf: { properties: { chaos: { const: string } } }[] } } };
    };
    expect(schema.properties.steps.items.oneOf.map((o) => o.properties.chaos.const)).toEqual([...CHAOS_ACTIONS]);
  });
});

describe("chaos parameters", () => {
  it("covers every action", () => {
    expect(Object.keys(CHAOS_PARAMS).sort()).toEqual([...CHAOS_ACTIONS].sort());
  });

  it("applies defaults and resolves durations to <name>Ms", () => {
    expect(parseChaosParams("age", { by: "29d" })).toEqual({ byMs: 29 * DAY_MS });
    expect(parseChaosParams("stop-start")).toEqual({ downForMs: 5 * MINUTE_MS });
    expect(parseChaosParams("drift")).toEqual({ actor: "chaos", setting: "sshd_config" });
    expect(parseChaosParams("patch-release")).toEqual({});
    const login: ResolvedChaosParams<"login"> = parseChaosParams("login", { grant: "latest" }) as ResolvedChaosParams<"login">;
    expect(login).toEqual({ user: "root", protocol: "ssh", grant: "latest", sessionForMs: 5 * MINUTE_MS });
  });

  it("classifies targets", () => {
    const scopes = Object.fromEntries(Object.entries(CHAOS_PARAMS).map(([name, spec]) => [name, spec.scope]));
    expect(Object.keys(scopes).filter((name) => scopes[name] === "fleet")).toEqual(["patch-release", "controller-outage", "api-faults"]);
    expect(CHAOS_PARAMS["zone-outage"]).toMatchObject({ requires: ["zone"], defaultCount: { kind: "all" } });
    expect(CHAOS_PARAMS["untagged-launch"]).toMatchObject({ scope: "group", requires: [] });
    for (const name of ["rogue-image", "manual-launch", "vulnerable-image", "image-release"] as const) {
      expect(CHAOS_PARAMS[name]).toMatchObject({ scope: "group", requires: ["group"] });
    }
  });

  it("rejects unknown keys", () => {
    expect(() => parseChaosParams("kill", { force: true })).toThrow();
  });
});
