import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../../core/index.ts";
import { tempDir } from "../support/cli.ts";
import { cliAsync, readRecord } from "./run-cli.ts";

// Two real runs of the stock library with seed 3: the reference platform (passes) and a fixture
// whose self-healer ignores zone b (fails the healing controls).
const FIXTURE = "test/fixtures/platforms/healer-ignores-zone-b.ts";
const dirs = { pass: "", fail: "" };
let passing: RunRecord;
let failing: RunRecord;
let changed: string[];

beforeAll(async () => {
  dirs.pass = tempDir();
  dirs.fail = tempDir();
  const [a, b] = await Promise.all([
    cliAsync("run", "--seed", "3", "--out", dirs.pass),
    cliAsync("run", "--seed", "3", "--platform", FIXTURE, "--out", dirs.fail),
  ]);
  expect([a.code, b.code]).toEqual([0, 1]);
  passing = readRecord(dirs.pass);
  failing = readRecord(dirs.fail);
  // The controls whose status differs, read straight from the two records.
  changed = failing.controls.filter((c) => passing.controls.find((p) => p.id === c.id)?.status !== c.status).map((c) => c.id);
  expect(changed.length).toBeGreaterThan(0);
});

const record = (dir: string) => join(dir, "run.json");

/** The control ids a section of the text output lists (`  ▼ CAT-HEAL-001  pass → fail ...`). */
function section(text: string, title: string): string[] {
  const start = text.indexOf(title);
  if (start < 0) return [];
  const body = text.slice(start).split("\n\n")[0] ?? "";
  return body
    .split("\n")
    .slice(1)
    .flatMap((line) => /^ {2}[▼▲✗] ([A-Z]+-[A-Z]+-\d{3})\b/.exec(line)?.[1] ?? []);
}

describe("cattleprod diff (seed 3, reference vs healer-ignores-zone-b)", () => {
  it("text: names exactly the controls that changed, new failures first, and exits 1", async () => {
    const result = await cliAsync("diff", record(dirs.pass), record(dirs.fail));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(1);
    const text = result.stdout;
    expect(text.indexOf("New failures")).toBeGreaterThan(0);
    expect(text.indexOf("New failures")).toBeLessThan(text.indexOf("Controls that changed status"));
    expect(section(text, "Controls that changed status").sort()).toEqual([...changed].sort());
    expect([...new Set(section(text, "New failures"))].sort()).toEqual([...changed].sort());
    for (const id of changed) expect(text).toMatch(new RegExp(`${id}\\s+pass → fail`));
    const failedScenarios = failing.scenarios.filter((s) => s.status === "fail").map((s) => s.name);
    for (const name of failedScenarios) expect(text).toContain(`▼ ${name}  pass → fail`);
    expect(text).toMatch(/^cattleprod diff: \d+ new failures? \(\d+ at or above high\) · \d+ controls? changed/);
  });

  it("Markdown: the same controls in tables fit for a pull-request comment, and exits 1", async () => {
    const result = await cliAsync("diff", record(dirs.pass), record(dirs.fail), "--format", "md");
    expect(result.code).toBe(1);
    const md = result.stdout;
    expect(md).toMatch(/^## cattleprod diff: ❌ /);
    const controlsTable = md.slice(md.indexOf("### Controls that changed status"));
    const rows = [...controlsTable.matchAll(/^\| 🔻 ([A-Z]+-[A-Z]+-\d{3}) /gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual([...changed].sort());
    expect(md.indexOf("### New failures")).toBeLessThan(md.indexOf("### Controls that changed status"));
    expect(md).toContain("| control | severity | scenario | was | headline |");
    expect(md).not.toMatch(/<(?!br>)[a-z]/);
  });

  it("exit 0 when nothing fails anew: the fix (fail → pass) and a record against itself", async () => {
    const fixed = await cliAsync("diff", record(dirs.fail), record(dirs.pass));
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).not.toContain("New failures");
    expect(section(fixed.stdout, "Controls that changed status").sort()).toEqual([...changed].sort());
    const same = await cliAsync("diff", record(dirs.pass), record(dirs.pass), "--format", "md");
    expect(same.code).toBe(0);
    expect(same.stdout).toContain(`No change: ${passing.controls.length} controls with the same status in both runs.`);
  });

  it("--fail-on: a new failure below the threshold is reported but exits 0", async () => {
    const severities = failing.controls.filter((c) => changed.includes(c.id)).map((c) => c.severity);
    // Every changed control here is critical or high: a gate at critical still stops when one is critical.
    const gate = severities.includes("critical") ? 1 : 0;
    const result = await cliAsync("diff", record(dirs.pass), record(dirs.fail), "--fail-on", "critical");
    expect(result.code).toBe(gate);
    const lowered = structuredClone(failing) as unknown as { controls: Array<{ severity: string }> };
    for (const c of lowered.controls) c.severity = "low";
    const file = join(tempDir(), "run.json");
    writeFileSync(file, JSON.stringify(lowered));
    const below = await cliAsync("diff", record(dirs.pass), file, "--fail-on", "medium");
    expect(below.code).toBe(0);
    expect(below.stdout).toContain("(below --fail-on)");
  });

  it("refuses a file that is not a run record (exit 2 naming it)", async () => {
    const result = await cliAsync("diff", record(dirs.pass), join(dirs.pass, "summary.md"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Failed to read the new record ".*summary\.md": not JSON .*Give a run\.json written by cattleprod run/);
  });
});

describe("run --baseline OLD", () => {
  it("puts what changed since into report.html, new failures first; a bad baseline is exit 2 before any run", async () => {
    const out = tempDir();
    const result = await cliAsync("run", "--seed", "3", "--platform", FIXTURE, "--baseline", record(dirs.pass), "--out", out);
    expect(result.code).toBe(1);
    const html = readFileSync(join(out, "report.html"), "utf8");
    const changes = html.slice(html.indexOf('<section id="changes">'), html.indexOf("</section>", html.indexOf('<section id="changes">')));
    expect(changes).toContain("New failures");
    for (const id of changed) expect(changes).toContain(`>${id}</a>`);
    for (const id of changed) expect(html).toMatch(new RegExp(`class="cell s-fail changed" data-control="${id}"`));
    const bad = await cliAsync("run", "--baseline", join(out, "missing.json"), "--out", tempDir());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^Failed to read baseline ".*missing\.json": no such file\./);
  });
});
