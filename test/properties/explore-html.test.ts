import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExploreRecord } from "../../core/index.ts";
import { controlsOfType } from "../../suites/properties/index.ts";
import { chromiumPresent, launchChromium, watchPage } from "../support/browser.ts";
import { cli, tempDir } from "../support/cli.ts";

const present = chromiumPresent("explore.html browser test");
const SEED = 1;

describe.skipIf(!present)(`explore.html in headless chromium (seed ${SEED}, 3 cattle runs)`, () => {
  let browser: BrowserContext;
  let out: string;

  beforeAll(async () => {
    out = tempDir();
    expect(cli("explore", "--type", "cattle", "--runs", "3", "--seed", String(SEED), "--out", out, "--emit", tempDir()).code).toBe(0);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("renders offline: one row per control of the type with its decided runs, uncovered ones marked, every chaos action", async () => {
    const record = JSON.parse(readFileSync(join(out, "explore.json"), "utf8")) as ExploreRecord;
    const report = record.types["cattle"];
    const url = pathToFileURL(join(out, "explore.html")).href;
    const page = await browser.newPage();
    const { problems, requests } = watchPage(page);
    await page.goto(url, { waitUntil: "load" });

    const rows = await page
      .locator("#type-cattle tr[data-control]")
      .evaluateAll((nodes) =>
        nodes.map((n) => [n.getAttribute("data-control"), Number(n.getAttribute("data-decided")), n.classList.contains("uncovered")]),
      );
    expect(rows.map(([id]) => id).sort()).toEqual(controlsOfType("cattle").sort());
    for (const [id, decided, uncovered] of rows) {
      const counts = report?.coverage.controls[id as string];
      expect(decided, id as string).toBe((counts?.pass ?? 0) + (counts?.fail ?? 0));
      expect(uncovered, id as string).toBe(report?.uncovered.includes(id as string));
    }
    expect(report?.uncovered.length).toBeGreaterThan(0);
    const actions = await page
      .locator("#type-cattle tr[data-action]")
      .evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-action")));
    expect(actions.sort()).toEqual(Object.keys(report?.coverage.chaos ?? {}).sort());
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
  });
});
