// The limits validate and run share (core/limits.ts): each refused with E_LIMIT and the limit in the message, before
// any work; the estimate a run is refused by stays above what scenarios really record; the runtime guard.
import { describe, expect, it } from "vitest";
import { History, isCattleprodError, LIMITS } from "../../core/index.ts";
import { referencePlatform } from "../../platform/index.ts";
import {
  estimateLoad,
  findScenarioFiles,
  guardHistory,
  loadScenarios,
  parseScenario,
  runLoadProblem,
  runScenario,
} from "../../scenarios/index.ts";

const HEAD = "apiVersion: cattleprod/v1\nname: x\nseed: 1\n";
const fleet = (groups: string) => `fleet:\n  groups:\n${groups}`;
const WEB = "    - { name: web, vmType: cattle, capacity: 6, image: web-1 }\n";

function refusal(text: string): { code: string; message: string } {
  try {
    parseScenario(text, "x.yaml");
  } catch (error) {
    if (isCattleprodError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("accepted");
}

describe("limits of a scenario file", () => {
  it("more YAML values than the limit", () => {
    const { code, message } = refusal(`${HEAD}junk: [${"1,".repeat(LIMITS.yamlNodes)}1]\n`);
    expect(code).toBe("E_LIMIT");
    expect(message).toContain("more than 400,000 YAML values (limit 400,000) (line 4,");
  });

  it("nesting deeper than the limit, as flow and as block lists", () => {
    expect(refusal(`${HEAD}junk: ${"[".repeat(100)}${"]".repeat(100)}\n`).message).toContain("nested deeper than 64 levels (limit 64)");
    expect(refusal(`${HEAD}junk:\n${"- ".repeat(100)}x\n`).message).toContain("nested deeper than 64 levels (limit 64)");
    const indented = Array.from({ length: 100 }, (_, i) => `${" ".repeat(i * 2)}k${i}:`).join("\n");
    expect(refusal(`${HEAD}${indented} 1\n`).message).toContain("nested deeper than 64 levels");
  });

  it("hostile nestings one after the other in one process are each refused (the parser's stack is never exhausted)", () => {
    for (const text of [
      "[".repeat(100_000),
      `${"- ".repeat(50_000)}x`,
      "{".repeat(20_000),
      Array.from({ length: 3_000 }, (_, i) => `${" ".repeat(i)}k:`).join("\n"),
    ])
      expect(refusal(text).code).toBe("E_LIMIT");
  });

  it("binary content, invalid UTF-8 and a second document", () => {
    expect(refusal(`${HEAD}name: a\u0000b\n`).message).toContain(
      "not a YAML text file: it holds the control character 0x00 (line 4, column 8)",
    );
    expect(refusal(Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]).toString("utf8")).message).toContain("bytes that are not UTF-8");
    expect(refusal(`${HEAD}---\n${HEAD}`).message).toContain("more than one YAML document (limit 1): a second one starts here (line 4");
    // One document with a leading --- is fine.
    expect(() => parseScenario(`---\n${HEAD}${fleet(WEB)}run: 1h\n`, "x.yaml")).not.toThrow();
  });

  it("an anchor used many times is fine; an alias bomb is not", () => {
    const steps = Array.from({ length: 500 }, (_, i) => `  - { at: ${i + 1}m, chaos: kill, target: *web }`).join("\n");
    const anchored = `${HEAD}${fleet(WEB)}steps:\n  - { at: 0s, chaos: kill, target: &web { group: web } }\n${steps}\nrun: 1d\n`;
    expect(parseScenario(anchored, "x.yaml").steps).toHaveLength(501);
  });

  it("steps, groups and instances", () => {
    const steps = Array.from({ length: LIMITS.steps + 1 }, () => "  - { at: 1m, chaos: kill }").join("\n");
    expect(refusal(`${HEAD}${fleet(WEB)}steps:\n${steps}\nrun: 1h\n`).message).toContain("20,001 steps (limit 20,000) at steps (line 8");
    const groups = Array.from({ length: LIMITS.groups + 1 }, (_, i) => `    - { name: g${i}, vmType: pet, capacity: 1, image: i }`);
    expect(refusal(`${HEAD}${fleet(groups.join("\n") + "\n")}run: 1h\n`).message).toContain("1,001 groups (limit 1,000)");
    const big =
      "    - { name: a, vmType: cattle, capacity: 150000, image: i }\n    - { name: b, vmType: cattle, capacity: 60000, image: i }\n";
    expect(refusal(`${HEAD}${fleet(big)}run: 1h\n`).message).toContain(
      "the fleet has 210,000 instances (limit 200,000 per scenario) at fleet.groups[0].capacity (line 6, column 44)",
    );
  });

  it("every duration, not only the run", () => {
    const { message } = refusal(`${HEAD}${fleet(WEB)}  bounds: { maxAge: 4000d }\nrun: 1h\n`);
    expect(message).toContain("duration 4000d is too long (limit 3650d) at fleet.bounds.maxAge (line 7, column 21)");
    expect(refusal(`${HEAD}${fleet(WEB)}run: ${"9".repeat(400)}d\n`).message).toContain(
      "duration beyond any clock is too long (limit 3650d) at run",
    );
  });

  it("a run that would exhaust memory is refused by its estimate: launches, then history events", () => {
    const aging = "    - { name: api, vmType: immutable, capacity: 10000, image: i }\n";
    expect(refusal(`${HEAD}${fleet(aging)}run: 3000d\n`).message).toMatch(
      /the run would launch about 1,08\d,\d{3} instances in 3000d \(limit 1,000,000 per scenario\) at fleet \(line 5/,
    );
    const wide = "    - { name: web, vmType: cattle, capacity: 100000, image: i }\n";
    const kills = Array.from({ length: 10 }, (_, i) => `  - { at: ${i + 1}h, chaos: login, target: { group: web, all: true } }`).join("\n");
    const events = refusal(`${HEAD}${fleet(wide)}steps:\n${kills}\nrun: 1d\n`);
    expect(events.code).toBe("E_LIMIT");
    expect(events.message).toMatch(
      /the run would record about [\d,]+ history events \(limit 3,000,000 per scenario, about 2.5 GB of memory\)/,
    );
  });

  it("at most 20 problems are printed, then a count of the rest", () => {
    const keys = Array.from({ length: 30 }, (_, i) => `k${i}: 1`).join("\n");
    const lines = refusal(`${HEAD}${fleet(WEB)}run: 1h\n${keys}\n`).message.split("\n");
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe("  … and 10 more problems in x.yaml (the first 20 are shown).");
  });

  it("a long value is quoted short", () => {
    const { message } = refusal(`${HEAD}${fleet(WEB)}run: ${"x".repeat(10_000)}\n`);
    expect(message).toContain('malformed duration "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"… (a text of 10,000 characters) at run');
    expect(message.length).toBeLessThan(400);
  });
});

describe("the load estimate", () => {
  it("stays above the events and launches every stock scenario and incident records", async () => {
    for (const scenario of await loadScenarios(await findScenarioFiles(["scenarios/library", "scenarios/incidents"]))) {
      const estimate = estimateLoad(scenario);
      const { stats } = runScenario(scenario, { platform: referencePlatform() });
      expect(estimate.events, scenario.name).toBeGreaterThanOrEqual(stats.events);
      expect(estimate.launches, scenario.name).toBeGreaterThanOrEqual(stats.instancesLaunched);
    }
  });

  it("refuses a run whose scenarios together would record more than the run limit", async () => {
    const scenarios = await loadScenarios(["scenarios/library"]);
    expect(runLoadProblem(scenarios)).toBeUndefined();
    const one = parseScenario(`${HEAD}${fleet("    - { name: web, vmType: cattle, capacity: 100000, image: i }\n")}run: 1d\n`, "x.yaml");
    expect(runLoadProblem(Array.from({ length: 6 }, () => one))).toMatch(
      new RegExp(
        "^Failed to run: the 6 scenarios would record about [\\d,]+ history events together " +
          "\\(limit 3,000,000 per run, about 2.5 GB of memory\\)\\. Run them in shards",
      ),
    );
  });
});

describe("the guard while a scenario runs", () => {
  it("stops a scenario past its launch or event limit with one E_LIMIT error naming it", () => {
    const history = new History();
    guardHistory(history, "loop", { eventsPerScenario: 1_000, launches: 3 });
    const launch = (atMs: number) =>
      history.append(atMs, "instance.launched", "platform/x", { instanceId: `i-${atMs}`, zone: "a", imageId: "i", createdAtMs: atMs });
    for (let i = 0; i < 3; i++) launch(i * 60_000);
    expect(() => launch(3_600_000)).toThrow(
      'Failed to run scenario "loop": by 1h of simulated time it launched 4 instances (limit 3 per scenario), ' +
        "more than its estimate allowed.",
    );
    const events = new History();
    guardHistory(events, "chatty", { eventsPerScenario: 5, launches: 100 });
    for (let i = 0; i < 5; i++) events.append(0, "controller.resumed", "platform/x", { controller: "x" });
    expect(() => events.append(0, "controller.resumed", "platform/x", { controller: "x" })).toThrow(
      /recorded 6 history events \(limit 5 per scenario\)/,
    );
  });
});
