// Headless chromium for the page tests (report.html, explore.html): one launch recipe, one requirement rule, and a
// watch on what a page logs and fetches.
import { existsSync } from "node:fs";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { tempDir } from "./cli.ts";

/** The chromium the page tests drive (CATTLEPROD_CHROMIUM, else Debian's). */
export const CHROMIUM = process.env["CATTLEPROD_CHROMIUM"] ?? "/usr/bin/chromium";

/** Headless flags that keep chromium from reaching the network on its own. */
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Whether chromium is here. Without it, `what` is skipped with a printed reason, or, under CI, the file fails at
 * once: CI installs chromium (.ci/run), so a missing one there is a broken set-up, not a reason to skip.
 */
export function chromiumPresent(what: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const install = "apt-get install -y --no-install-recommends chromium (.ci/run does), or set CATTLEPROD_CHROMIUM to its path";
  if (process.env["CI"]) throw new Error(`Failed to run the ${what}: no chromium at ${CHROMIUM}. Install it: ${install}.`);
  process.stderr.write(`${what} skipped: no chromium at ${CHROMIUM} (${install}); CI=1 makes this a failure.\n`);
  return false;
}

/** Chromium with a fresh profile; `viewport` sets the screen pages are judged on. */
export function launchChromium(viewport?: { width: number; height: number }): Promise<BrowserContext> {
  return chromium.launchPersistentContext(tempDir("chromium-"), {
    executablePath: CHROMIUM,
    headless: true,
    ...(viewport ? { viewport } : {}),
    args: FLAGS,
  });
}

/** What a page did while a test looked at it: console errors and page errors, and every URL it requested. */
export interface PageWatch {
  readonly problems: string[];
  readonly requests: string[];
}

/** Starts watching `page` (before it loads anything). */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { problems: [], requests: [] };
  page.on("console", (message) => void (message.type() === "error" && watch.problems.push(message.text())));
  page.on("pageerror", (error) => void watch.problems.push(error.message));
  page.on("request", (request) => void watch.requests.push(request.url()));
  return watch;
}
