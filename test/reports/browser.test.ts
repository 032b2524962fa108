import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTROL_IDS, type RunRecord } from "../../core/index.ts";
import { chromiumPresent, launchChromium, watchPage } from "../support/browser.ts";
import { cli, ROOT, tempDir } from "../support/cli.ts";

const SCREENSHOT = join(ROOT, "test-artifacts", "report.png");
const TIMELINE_SHOT = join(ROOT, "test-artifacts", "report-timeline.png");
const FAILING_SHOT = join(ROOT, "test-artifacts", "report-failing-first-screen.png");
const FAILING_PAGE = join(ROOT, "test-artifacts", "report-failing-page.png");
const EVENT_SHOT = join(ROOT, "test-artifacts", "report-event.png");
/** The screen the report is judged on: 1400 px wide, a common laptop height. */
const SCREEN = { width: 1400, height: 900 };
const present = chromiumPresent("browser test");

describe.skipIf(!present)("report.html in headless chromium (seed 3)", () => {
  let browser: BrowserContext;
  let url: string;
  let scenarios: number;

  beforeAll(async () => {
    const out = tempDir();
    expect(cli("run", "--seed", "3", "--out", out).code).toBe(0);
    url = pathToFileURL(join(out, "report.html")).href;
    scenarios = (JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunRecord).scenarios.length;
    browser = await launchChromium(SCREEN);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("renders with no console error, no request beyond the file, one matrix cell per control, SVG charts; screenshot kept", async () => {
    const page = await browser.newPage();
    const { problems, requests } = watchPage(page);
    await page.goto(url, { waitUntil: "load" });

    mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    const cells = await page
      .locator("table.matrix [data-control]")
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-control")));
    expect([...cells].sort()).toEqual([...CONTROL_IDS].sort());
    expect(await page.locator("[data-control]").count()).toBe(CONTROL_IDS.length);
    expect(await page.locator("svg.capacity-chart").count()).toBe(scenarios);
    expect(await page.locator("svg.lifetime-chart").count()).toBe(scenarios);
    expect(await page.locator("svg.capacity-chart path.capacity").count()).toBeGreaterThanOrEqual(scenarios);
    await page.locator("#toggle-scenarios").click();
    expect(await page.locator("details.scenario[open]").count()).toBe(scenarios);
    await page.locator('[data-filter="fail"]').click();
    expect(await page.locator("#controls tbody tr:not([hidden])").count()).toBe(0);
    await page.locator('[data-filter="all"]').click();
    await page.locator("#s-immutable-aging-28-days").screenshot({ path: TIMELINE_SHOT });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    expect(statSync(TIMELINE_SHOT).size).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
  });
});

describe.skipIf(!present)("report.html of a failing run in headless chromium (seed 3, healer-ignores-zone-b, baseline: reference)", () => {
  let browser: BrowserContext;
  let url: string;
  let record: RunRecord;

  beforeAll(async () => {
    const [pass, fail] = [tempDir(), tempDir()];
    expect(cli("run", "--seed", "3", "--out", pass).code).toBe(0);
    const platform = "test/fixtures/platforms/healer-ignores-zone-b.ts";
    expect(cli("run", "--seed", "3", "--platform", platform, "--baseline", join(pass, "run.json"), "--out", fail).code).toBe(1);
    url = pathToFileURL(join(fail, "report.html")).href;
    record = JSON.parse(readFileSync(join(fail, "run.json"), "utf8")) as RunRecord;
    browser = await launchChromium(SCREEN);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("shows the matrix and the first failure in the first screen at 1400 px, no inconclusive list between them", async () => {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: "load" });
    mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: FAILING_SHOT });
    await page.screenshot({ path: FAILING_PAGE, fullPage: true });
    const matrix = await page.locator("table.matrix").boundingBox();
    const first = await page.locator("#failures .card").first().boundingBox();
    expect(matrix && first).toBeTruthy();
    if (!matrix || !first) return;
    expect(matrix.y + matrix.height).toBeLessThanOrEqual(SCREEN.height);
    expect(first.y).toBeGreaterThan(matrix.y + matrix.height);
    expect(first.y + first.height).toBeLessThanOrEqual(SCREEN.height);
    // Nothing listing inconclusive verdicts stands between the matrix and the first failure.
    const between = await page.locator("details.fold, [data-status=inconclusive]").evaluateAll(
      (nodes, [top, bottom]) =>
        nodes.filter((n) => {
          const box = n.getBoundingClientRect();
          return box.height > 0 && box.top >= top && box.top < bottom;
        }).length,
      [matrix.y + matrix.height, first.y] as const,
    );
    expect(between).toBe(0);
    // Inconclusive verdicts are folded under their count by default.
    const folds = page.locator("details.scenario details.fold");
    expect(await folds.count()).toBeGreaterThan(0);
    expect(await page.locator("details.scenario details.fold[open]").count()).toBe(0);
    expect(await folds.first().locator("summary").textContent()).toMatch(/^\? \d+ inconclusive$/);
  });

  it("an evidence event id leads to that event's row, its instance highlighted on the lifetime chart", async () => {
    const page = await browser.newPage();
    const { problems, requests } = watchPage(page);
    await page.goto(url, { waitUntil: "load" });
    const link = page.locator("#failures .card a.ev").first();
    const [scenarioKey, seq] = [await link.getAttribute("data-s"), await link.getAttribute("data-seq")];
    await link.click();
    const row = page.locator(`#e-${scenarioKey}-${seq}`);
    await expect.poll(() => row.isVisible()).toBe(true);
    expect(await row.getAttribute("class")).toContain("hit");
    expect(await row.locator("td").first().innerText()).toBe(seq);
    // The row is the event the record's evidence names: same seq, and its instance is in the evidence.
    const failure = record.scenarios.flatMap((s) => s.controls.map((c) => ({ s, c }))).find((x) => x.c.status === "fail");
    expect(failure?.c.evidence.eventIds).toContain(Number(seq));
    const instance = (await row.getAttribute("data-instance")) ?? "";
    expect(instance).toMatch(/^i-\d+$/);
    const scenario = page.locator(`#${scenarioKey}`);
    expect(await scenario.getAttribute("open")).not.toBeNull();
    const bar = scenario.locator(`svg.lifetime-chart rect.life[data-instance="${instance}"]`);
    expect(await bar.getAttribute("class")).toContain("hl");
    expect(await scenario.locator("svg.lifetime-chart rect.life.hl").count()).toBe(1);
    expect(await scenario.locator("svg.capacity-chart line.cursor").getAttribute("visibility")).toBe("visible");
    // Filtering by kind leaves only that kind; by instance only that instance.
    const kind = (await row.getAttribute("data-kind")) ?? "";
    await scenario.locator("select.f-kind").selectOption(kind);
    const kinds = await scenario
      .locator(".events tbody tr:not([hidden])")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-kind")));
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set([kind]));
    await scenario.locator("select.f-kind").selectOption("");
    await scenario.locator("select.f-instance").selectOption(instance);
    const instances = await scenario
      .locator(".events tbody tr:not([hidden])")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-instance")));
    expect(new Set(instances)).toEqual(new Set([instance]));
    await row.scrollIntoViewIfNeeded();
    await page.screenshot({ path: EVENT_SHOT });
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
  });

  it("has the environment panel and instance labels on the lifetime charts", async () => {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: "load" });
    const panel = await page.locator("#environment").innerText();
    expect(panel).toContain(`cattleprod ${record.harness.version}`);
    expect(panel).toContain(process.version);
    expect(panel).toMatch(/platform test\/fixtures\/platforms\/healer-ignores-zone-b\.ts\s+sha256 [0-9a-f]{64}/);
    if (record.environment?.gitCommit) expect(panel).toContain(record.environment.gitCommit);
    expect(panel).toContain(`${record.history?.events ?? "?"} events`);
    const first = record.scenarios.find((s) => s.status === "fail");
    const lives = first?.timeline?.lifetimes ?? [];
    expect(lives.length).toBeGreaterThan(0);
    const labels = await page
      .locator(`#s-${first?.name ?? ""} svg.lifetime-chart text.instance-label`)
      .evaluateAll((nodes) => nodes.map((n) => n.textContent));
    expect(labels).toEqual(lives.map((l) => l[0]));
    expect(await page.locator("svg.lifetime-chart").first().getAttribute("width")).toBe("100%");
  });
});
