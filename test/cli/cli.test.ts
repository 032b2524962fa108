import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real entry point (`node bin/cattleprod.js`, which registers tsx). */
function cattleprod(...args: string[]): Promise<Result> {
  return cattleprodIn(process.cwd(), ...args);
}

function cattleprodIn(cwd: string, ...args: string[]): Promise<Result> {
  return new Promise((resolve) => {
    execFile(
      "node",
      [path.resolve("bin/cattleprod.js"), ...args],
      { cwd, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const BAD = "test/fixtures/scenarios/bad";
const version = (JSON.parse(readFileSync("package.json", "utf8")) as { version: string }).version;

describe("cattleprod validate", () => {
  it.concurrent("prints ok per file and exits 0", async () => {
    const { code, stdout, stderr } = await cattleprod("validate", "test/fixtures/scenarios/good");
    expect(stderr).toBe("");
    expect(stdout).toBe(
      [
        "ok test/fixtures/scenarios/good/cattle-two-nodes-die-at-once.yaml (2 steps)",
        "ok test/fixtures/scenarios/good/mixed-fleet-everything.yaml (20 steps)",
        "",
      ].join("\n"),
    );
    expect(code).toBe(0);
  });

  it.concurrent.each([
    ["broken-yaml.yaml", "YAML syntax error", "(line 7, column 1)"],
    ["unknown-chaos.yaml", 'unknown chaos "kil" at steps[2].chaos', "(line 11, column 12). Known: kill, crash,"],
    ["negative-duration.yaml", 'negative duration "-5m" at steps[0].at', "(line 8, column 9). Use a duration such as 30s"],
    ["unknown-control.yaml", 'unknown control "CAT-HEAL-999" at expect[1]', "(line 10, column 5). Known: FLT-INV-001"],
    ["missing-fleet.yaml", 'missing "fleet"', "(line 1, column 1). A scenario needs apiVersion, name, seed, fleet, run."],
  ])("%s: one error naming file, path and line, exit 2", async (file, reason, where) => {
    const { code, stdout, stderr } = await cattleprod("validate", `${BAD}/${file}`);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(`Failed to load scenario "${BAD}/${file}": ${reason}`);
    expect(stderr).toContain(where);
    expect(stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it.concurrent("names a missing path and exits 2", async () => {
    const { code, stderr } = await cattleprod("validate", "no/such/place.yaml");
    expect(code).toBe(2);
    expect(stderr).toContain('"no/such/place.yaml": no such file or folder');
  });
});

describe("cattleprod list", () => {
  it.concurrent("lists the stock library by default, from any working directory", async () => {
    const { code, stdout, stderr } = await cattleprodIn(tmpdir(), "list", "scenarios");
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const [header, ...rows] = stdout.trimEnd().split("\n");
    expect(header).toMatch(/^FILE\s+NAME\s+VMTYPES\s+STEPS\s+RUN\s+EXPECT$/);
    expect(
      rows.some((row) =>
        /scenarios\/library\/cattle-two-nodes-die-at-once\.yaml\s+cattle-two-nodes-die-at-once\s+cattle\s+\d+\s+\S+\s+CAT-HEAL-001/.test(
          row,
        ),
      ),
    ).toBe(true);
  });

  it.concurrent("lists scenarios as JSON", async () => {
    const { code, stdout } = await cattleprod("list", "scenarios", "test/fixtures/scenarios/good", "--json");
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      expect.objectContaining({ name: "cattle-two-nodes-die-at-once", vmTypes: ["cattle"], steps: 2, run: "3h" }),
      expect.objectContaining({ name: "mixed-fleet-everything", vmTypes: ["pet", "cattle", "immutable"], steps: 20, run: "1d12h" }),
    ]);
  });

  it.concurrent("lists controls as a table and as JSON", async () => {
    const table = await cattleprod("list", "controls");
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+SEVERITY\s+SCOPE\s+TITLE\n/);
    expect(table.stdout).toMatch(/\nIMM-AGE-001\s+(critical|high|medium|low)\s+immutable\s+\S/);
    const json = await cattleprod("list", "controls", "--json");
    expect((JSON.parse(json.stdout) as { id: string }[]).map((c) => c.id)).toContain("CAT-HEAL-001");
  });
});

describe("cattleprod usage", () => {
  it.concurrent("--help lists the commands and exits 0", async () => {
    const { code, stdout } = await cattleprod("--help");
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: cattleprod/);
    for (const command of ["run", "validate", "list"]) expect(stdout).toContain(command);
  });

  it.concurrent("--version prints package.json's version", async () => {
    const { code, stdout } = await cattleprod("--version");
    expect(code).toBe(0);
    expect(stdout.trim()).toBe(version);
  });

  it.concurrent.each([
    [["run", "--frob"], "error: unknown option '--frob'"],
    [["valdate", "x.yaml"], "error: unknown command 'valdate' (did you mean validate?)"],
    [["run", "--seed", "abc"], "error: option '--seed <N>' argument 'abc' is invalid."],
    [["run", "--fail-on", "severe"], "error: option '--fail-on <severity>' argument 'severe' is invalid."],
    [["validate"], "error: missing required argument 'PATH'"],
  ])("%j: one line on stderr, exit 2", async (args, line) => {
    const { code, stdout, stderr } = await cattleprod(...args);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trimEnd().split("\n")).toEqual([expect.stringContaining(line)]);
  });
});
