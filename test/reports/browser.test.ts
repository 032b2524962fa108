import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTROL_IDS } from "../../core/index.ts";
import { cli, ROOT, tempDir } from "../support/cli.ts";

const CHROMIUM = process.env["CATTLEPROD_CHROMIUM"] ?? "/usr/bin/chromium";
const SCREENSHOT = join(ROOT, "test-artifacts", "report.png");
const TIMELINE_SHOT = join(ROOT, "test-artifacts", "report-timeline.png");
const present = existsSync(CHROMIUM);

if (!present && process.env["CI"]) {
  throw new Error(
    `Failed to run the browser test: no chromium at ${CHROMIUM}. ` +
      "Install it (apt-get install -y --no-install-recommends chromium; .ci/run does) or set CATTLEPROD_CHROMIUM to its path.",
  );
}
if (!present)
  process.stderr.write(
    `browser test skipped: no chromium at ${CHROMIUM} ` +
      "(apt-get install -y --no-install-recommends chromium, or set CATTLEPROD_CHROMIUM); CI=1 makes this a failure.\n",
  );

describe.skipIf(!present)("report.html in headless chromium (seed 3)", () => {
  let browser: BrowserContext;
  let url: string;

  beforeAll(async () => {
    const out = tempDir();
    expect(cli("run", "--seed", "3", "--out", out).code).toBe(0);
    url = pathToFileURL(join(out, "report.html")).href;
    // A fresh profile per run; the flags keep chromium from reaching the network on its own.
    browser = await chromium.launchPersistentContext(tempDir("chromium-"), {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("renders with no console error, no request beyond the file, one matrix cell per control, SVG charts; screenshot kept", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on("console", (message) => void (message.type() === "error" && problems.push(message.text())));
    page.on("pageerror", (error) => void problems.push(error.message));
    page.on("request", (request) => void requests.push(request.url()));
    await page.goto(url, { waitUntil: "load" });

    mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    const cells = await page
      .locator("table.matrix [data-control]")
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-control")));
    expect([...cells].sort()).toEqual([...CONTROL_IDS].sort());
    expect(await page.locator("[data-control]").count()).toBe(CONTROL_IDS.length);
    expect(await page.locator("svg.capacity-chart").count()).toBe(30);
    expect(await page.locator("svg.lifetime-chart").count()).toBe(30);
    expect(await page.locator("svg.capacity-chart path.capacity").count()).toBeGreaterThanOrEqual(30);
    await page.locator("#toggle-scenarios").click();
    expect(await page.locator("details.scenario[open]").count()).toBe(30);
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
