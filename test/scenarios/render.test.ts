import { describe, expect, it } from "vitest";
import { DAY_MS, HOUR_MS, MINUTE_MS, parseDuration } from "../../core/index.ts";
import { formatCompactDuration } from "../../scenarios/compact-duration.ts";
import { loadScenarios } from "../../scenarios/load.ts";
import { parseScenario } from "../../scenarios/parse.ts";
import { renderScenario } from "../../scenarios/render.ts";

describe("formatCompactDuration", () => {
  it.each([
    [0, "0s"],
    [500, "500ms"],
    [30_000, "30s"],
    [90_000, "1m30s"],
    [10 * MINUTE_MS, "10m"],
    [HOUR_MS, "1h"],
    [28 * DAY_MS, "28d"],
    [DAY_MS + 12 * HOUR_MS, "1d12h"],
    [29 * DAY_MS + 2 * HOUR_MS + 1_500, "29d2h1s500ms"],
  ])("%d ms -> %s, and back", (ms, text) => {
    expect(formatCompactDuration(ms)).toBe(text);
    expect(parseDuration(text)).toBe(ms);
  });

  it("refuses negative durations", () => {
    expect(() => formatCompactDuration(-1)).toThrow(RangeError);
  });
});

describe("renderScenario", () => {
  it("round-trips every fixture, library scenario and incident", async () => {
    const scenarios = await loadScenarios(["test/fixtures/scenarios/good", "scenarios/library", "scenarios/incidents"]);
    expect(scenarios.length).toBeGreaterThan(2);
    for (const scenario of scenarios) {
      const text = renderScenario(scenario);
      expect(parseScenario(text, scenario.file as string), scenario.file).toEqual(scenario);
    }
  });

  it("writes the format people write: defaults left out, compact durations, one line per step", () => {
    const text =
      "apiVersion: cattleprod/v1\nname: r\nseed: 3\n" +
      "fleet:\n  groups:\n    - { name: web, vmType: cattle, capacity: 6, image: w, maxUnavailable: 2, zones: [a, b, c] }\n" +
      "  bounds: { rto: 600s, maxAge: 28d }\n" +
      "steps:\n  - { at: 90m, chaos: login, target: { group: web, random: 1 }, with: { protocol: ssh, grant: latest } }\n" +
      "  - { at: 2h, chaos: zone-outage, target: { zone: a, one: true } }\n" +
      "run: 36h\nexpect: [CAT-ACC-001, { control: CAT-HEAL-001, within: 5m }]\n";
    expect(renderScenario(parseScenario(text, "r.yaml"))).toBe(
      [
        "apiVersion: cattleprod/v1",
        "name: r",
        "seed: 3",
        "fleet:",
        "  groups:",
        "    - name: web",
        "      vmType: cattle",
        "      capacity: 6",
        "      image: w",
        "steps:",
        "  - { at: 1h30m, chaos: login, target: { group: web, random: 1 }, with: { grant: latest } }",
        "  - { at: 2h, chaos: zone-outage, target: { zone: a, one: true } }",
        "run: 1d12h",
        "expect:",
        "  - CAT-ACC-001",
        "  - { control: CAT-HEAL-001, within: 5m }",
        "",
      ].join("\n"),
    );
  });

  it("re-anchors a platform path to the file it will be written to, and adds a comment", () => {
    const text =
      "apiVersion: cattleprod/v1\nname: r\nseed: 3\nplatform: ./mine.ts\n" +
      "fleet: { groups: [{ name: w, vmType: pet, capacity: 1, image: i }] }\nrun: 1h\n";
    const scenario = parseScenario(text, "test/fixtures/scenarios/r.yaml");
    const out = renderScenario(scenario, { file: "cattleprod-found/r.yaml", comment: "shrunk from seed 3" });
    expect(out).toContain("platform: ../test/fixtures/scenarios/mine.ts");
    expect(out.startsWith("# shrunk from seed 3\n")).toBe(true);
    expect(parseScenario(out, "cattleprod-found/r.yaml")).toEqual({ ...scenario, file: "cattleprod-found/r.yaml" });
  });
});
