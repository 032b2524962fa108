// `npm run report:allure`: renders allure-results/ into one self-contained allure-report/index.html
// with Allure 3 (suites/allurerc.mjs), offline,
// then removes the analytics tag Allure 3 writes into its pages (a script from a tag manager),
// so the report opens from disk without calling anyone. Exits non-zero if a remote load remains.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const RESULTS = process.argv[2] ?? "allure-results";
const REPORT = process.argv[3] ?? "allure-report";
const TRACKER = /<script async src="https:\/\/www\.googletagmanager\.com\/[^"]*"><\/script>\s*<script>[\s\S]*?<\/script>/g;
const REMOTE = /\b(?:src|href)\s*=\s*["']?(?:https?:)?\/\/[^"'\s>]+/gi;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? htmlFiles(join(dir, e.name)) : e.name.endsWith(".html") ? [join(dir, e.name)] : [],
  );
}

if (!existsSync(RESULTS)) {
  process.stderr.write(
    `Failed to render the Allure report: no ${RESULTS}/ folder. Run the suites first (npm test, or npx vitest run suites).\n`,
  );
  process.exit(2);
}
const generate = spawnSync(
  process.execPath,
  [join("node_modules", "allure", "cli.js"), "generate", RESULTS, "--output", REPORT, "--config", join("suites", "allurerc.mjs")],
  { stdio: "inherit" },
);
if (generate.status !== 0) process.exit(generate.status ?? 2);
const remote: string[] = [];
for (const file of htmlFiles(REPORT)) {
  const html = readFileSync(file, "utf8").replace(TRACKER, "");
  writeFileSync(file, html);
  for (const match of html.matchAll(REMOTE)) remote.push(`${file}: ${match[0]}`);
}
if (remote.length > 0) {
  process.stderr.write(`Failed to render the Allure report offline: remote loads remain:\n${remote.join("\n")}\n`);
  process.exit(1);
}
process.stdout.write(`wrote ${join(REPORT, "index.html")} (offline: no remote loads)\n`);
