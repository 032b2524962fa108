import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { CONTROL_IDS, VM_TYPE_TITLES, type RunRecord } from "../../core/index.ts";
import { checkRunRecord } from "../../reports/index.ts";
import { tempDir } from "../support/cli.ts";
import { LIBRARY_SCENARIOS } from "../support/library.ts";
import { cliAsync, readRecord } from "./run-cli.ts";

// Every report of one run of the stock library with --seed 3.
let out: string;
let record: RunRecord;
const read = (file: string) => readFileSync(join(out, file), "utf8");

beforeAll(async () => {
  out = tempDir();
  const result = await cliAsync("run", "--seed", "3", "--out", out);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`wrote ${join(out, "junit.xml")}`);
  record = readRecord(out);
});

describe("junit.xml (seed 3)", () => {
  it("parses as XML: one testsuite per scope, one testcase per control and scenario with stable names", () => {
    const xml = read("junit.xml");
    expect(XMLValidator.validate(xml)).toBe(true);
    const suites = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "testsuite" || name === "testcase" }).parse(xml)
      .testsuites.testsuite as Array<{ "@_name": string; testcase: Array<{ "@_name": string }> }>;
    expect(suites.map((s) => s["@_name"])).toEqual(["Fleet-wide", ...Object.values(VM_TYPE_TITLES)]);
    const names = suites.flatMap((s) => s.testcase.map((c) => c["@_name"]));
    const expected = CONTROL_IDS.flatMap((id) => record.scenarios.map((s) => `${id} · ${s.name}`));
    expect(record.scenarios).toHaveLength(LIBRARY_SCENARIOS);
    expect(names).toHaveLength(CONTROL_IDS.length * LIBRARY_SCENARIOS);
    expect([...names].sort()).toEqual([...expected].sort());
    expect(names).toContain("CAT-HEAL-001 · cattle-two-nodes-die-at-once");
  });
});

describe("report.html (seed 3)", () => {
  it("names no network address and loads nothing: no URL, no src, only in-page and data: links", () => {
    const html = read("report.html");
    const absent = (pattern: RegExp) => expect(html.match(pattern)?.[0] ?? null, String(pattern)).toBeNull();
    absent(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<]*/i);
    absent(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i);
    absent(/\b(src|srcset|action|formaction|ping|xlink:href|poster|background)\s*=/i);
    absent(/url\(|@import|fetch\(|XMLHttpRequest|WebSocket|EventSource|import\(/);
    absent(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);
    const hrefs = [...html.matchAll(/\bhref\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);
    expect(hrefs.filter((h) => !h?.startsWith("#") && h !== "data:,")).toEqual([]);
    // The library's egress destinations appear defanged, never as live names.
    for (const host of ["pypi.org", "pastebin.com", "api.payments.internal"]) expect(html.includes(host), host).toBe(false);
    expect(html.includes("destination=pypi[.]org")).toBe(true);
    expect(html.includes(`content="default-src 'none'`)).toBe(true);
  });

  it("stays at most 3 MB for the whole stock library, its history embedded", () => {
    const bytes = statSync(join(out, "report.html")).size;
    process.stdout.write(`report.html of the stock library (${record.scenarios.length} scenarios): ${bytes} bytes\n`);
    expect(bytes).toBeLessThanOrEqual(3 * 1024 * 1024);
    const html = read("report.html");
    expect(html.match(/<script type="application\/json" class="history"/g)).toHaveLength(record.scenarios.length);
  });

  it("has one matrix cell per control and two SVG charts per scenario", () => {
    const html = read("report.html");
    const cells = [...html.matchAll(/data-control="([^"]+)"/g)].map((m) => m[1]);
    expect(cells.sort()).toEqual([...CONTROL_IDS].sort());
    expect(html.match(/<svg class="chart capacity-chart"/g)).toHaveLength(LIBRARY_SCENARIOS);
    expect(html.match(/<svg class="chart lifetime-chart"/g)).toHaveLength(LIBRARY_SCENARIOS);
  });
});

describe("events.ndjson (seed 3)", () => {
  it("holds every scenario's whole history, matching the counts and sha256 digests run.json references", () => {
    const text = read("events.ndjson");
    const sha = (t: string) => createHash("sha256").update(t).digest("hex");
    expect(record.history).toEqual({ file: "events.ndjson", events: text.split("\n").length - 1, sha256: sha(text) });
    const lines = text.split("\n").filter(Boolean);
    for (const scenario of record.scenarios) {
      const own = lines.filter((l) => (JSON.parse(l) as { scenario: string }).scenario === scenario.name);
      expect(scenario.history?.events).toBe(scenario.stats["events"]);
      expect(own).toHaveLength(scenario.stats["events"] ?? -1);
      expect(scenario.history?.sha256).toBe(sha(own.map((l) => `${l}\n`).join("")));
      const seqs = own.map((l) => (JSON.parse(l) as { event: { seq: number } }).event.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i));
      for (const c of scenario.controls) for (const id of c.evidence.eventIds) expect(id).toBeLessThan(seqs.length);
    }
  });
});

describe("summary.md (seed 3)", () => {
  it("names every VM type, the verdict and the matrix of control families", () => {
    const md = read("summary.md");
    for (const title of ["Fleet-wide", ...Object.values(VM_TYPE_TITLES)]) expect(md).toContain(`| ${title} |`);
    expect(md).toMatch(/^## cattleprod: PASS/);
    // The healing row: no fleet-wide or pet control, then every HEAL control of cattle and of immutable servers.
    const heal = (prefix: string): string =>
      CONTROL_IDS.filter((id) => id.startsWith(`${prefix}-HEAL-`))
        .map((id) => `✅ ${id}`)
        .join("<br>");
    expect(md).toContain(`| Healing |   |   | ${heal("CAT")} | ${heal("IMM")} |`);
  });
});

describe("the run record schema", () => {
  it("`cattleprod schema run` prints a JSON Schema (draft 2020-12) that the record validates against", async () => {
    const result = await cliAsync("schema", "run");
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    const validate = new Ajv2020({ strict: false }).compile(schema);
    expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
    const broken = structuredClone(record) as unknown as { scenarios: Array<{ controls: Array<{ status: string }> }> };
    const first = broken.scenarios[0]?.controls[0];
    if (first) first.status = "maybe";
    expect(validate(broken)).toBe(false);
    expect(checkRunRecord(record)).toMatchObject({ ok: true });
    expect(checkRunRecord(broken)).toMatchObject({ ok: false, problem: { path: "scenarios[0].controls[0].status" } });
  });
});
