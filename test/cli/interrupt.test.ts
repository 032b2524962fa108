// Ctrl-C in a terminal and SIGTERM from a CI runner, sent to a real `cattleprod run`: exit 130 / 143, one
// "Interrupted" line, the terminal restored (cursor shown, line wrap on), and no report in --out that looks current.
// The terminal is a pseudo-terminal from util-linux's `script` (no native module); ^C typed into it becomes SIGINT.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliAsync, readRecord } from "../reports/run-cli.ts";
import { ROOT, tempDir } from "../support/cli.ts";

const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";
const WRAP_OFF = "\x1b[?7l";
const WRAP_ON = "\x1b[?7h";

/** A folder of scenarios that take a few seconds each on the simulated fleet (20,000 cattle over 2 days). */
function slowScenarios(count: number): string {
  const dir = tempDir("cattleprod-slow-");
  for (let i = 1; i <= count; i++)
    writeFileSync(
      join(dir, `slow-${i}.yaml`),
      [
        "apiVersion: cattleprod/v1",
        `name: slow-${i}`,
        `seed: ${i}`,
        "fleet:",
        "  groups:",
        "    - { name: web, vmType: cattle, capacity: 20000, image: web-1 }",
        "steps:",
        "  - { at: 1h, chaos: kill, target: { group: web, fraction: 0.01 } }",
        "run: 2d",
        "",
      ].join("\n"),
    );
  return dir;
}

/** A report folder holding a complete PASS report of an earlier run. */
async function previousReport(): Promise<{ parent: string; out: string }> {
  const parent = tempDir();
  const out = join(parent, "report");
  const earlier = await cliAsync("run", "test/fixtures/scenarios/good/cattle-two-nodes-die-at-once.yaml", "--out", out);
  expect(earlier.code).toBe(0);
  expect(readRecord(out).exitCode).toBe(0);
  return { parent, out };
}

const hasScript = spawnSync("script", ["--version"], { encoding: "utf8" }).status === 0;

describe("interruption", () => {
  it("Ctrl-C in a terminal: exit 130, one line, cursor and line wrap restored, no report left", async (context) => {
    if (!hasScript) return context.skip("util-linux `script` is not installed (apt-get install bsdutils): no pseudo-terminal");
    const scenarios = slowScenarios(6);
    const { parent, out } = await previousReport();
    const command = `exec ${process.execPath} bin/cattleprod.js run ${scenarios} --out ${out}`;
    const child = spawn("script", ["-qfec", command, "/dev/null"], { cwd: ROOT, env: { ...process.env, TERM: "xterm" } });
    let screen = "";
    let typed = false;
    const code = await new Promise<number | null>((resolve) => {
      child.stdout.on("data", (chunk: Buffer) => {
        screen += chunk.toString();
        // The progress bar is up: the run has started. Type Ctrl-C, as a user would.
        if (!typed && screen.includes("scenarios")) {
          typed = true;
          child.stdin.write("\x03");
        }
      });
      child.on("close", resolve);
    });
    expect(typed).toBe(true);
    expect(code).toBe(130);
    expect(screen).toContain(HIDE_CURSOR);
    expect(screen).toContain(WRAP_OFF);
    expect(screen.lastIndexOf(SHOW_CURSOR)).toBeGreaterThan(screen.lastIndexOf(HIDE_CURSOR));
    expect(screen.lastIndexOf(WRAP_ON)).toBeGreaterThan(screen.lastIndexOf(WRAP_OFF));
    const lines = screen.split(/\r?\n/).filter((line) => line.includes("Interrupted"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Interrupted \(SIGINT\): stopped before the end, exit 130; no report in \S+ \(the previous run's reports were removed\)\.$/,
    );
    expect(screen).not.toMatch(/^\s+at .+\d+:\d+\)?\r?$/m);
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(parent)).toEqual(["report"]);
  });

  it("SIGTERM: exit 143, one line, no report left", async () => {
    const scenarios = slowScenarios(8);
    const { parent, out } = await previousReport();
    const child = spawn(process.execPath, ["bin/cattleprod.js", "run", scenarios, "--out", out], { cwd: ROOT });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    // The staging folder beside --out appears when the run starts (after the signal handlers are installed).
    for (let i = 0; i < 600 && !readdirSync(parent).some((name) => name.startsWith(".report.cattleprod-")); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill("SIGTERM");
    expect(await closed).toBe(143);
    expect(stderr).toBe(
      `Interrupted (SIGTERM): stopped before the end, exit 143; no report in ${out} (the previous run's reports were removed).\n`,
    );
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(parent)).toEqual(["report"]);
  });
});
