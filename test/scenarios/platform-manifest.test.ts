// The command platform manifest (kind: Platform): what it loads to, and one clear error per kind of bad input.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HOUR_MS, MINUTE_MS } from "../../core/index.ts";
import { loadPlatform, parsePlatformManifest } from "../../scenarios/index.ts";
import { describeReconcile } from "../../cli/reconcile-progress.ts";
import { cli, tempDir } from "../support/cli.ts";

const GOOD = `apiVersion: cattleprod/v1
kind: Platform
name: custodian-guardrails
reconcile:
  command: [./run-policies.sh, policies.yml, "{workdir}/out"]
  every: 1h
  timeout: 2m
`;

describe("platform manifest", () => {
  it("loads through loadPlatform: no controllers, the command with paths relative to the manifest", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "ops"));
    writeFileSync(join(dir, "ops", "platform.yaml"), GOOD);
    const platform = await loadPlatform("ops/platform.yaml", dir);
    expect(platform.name).toBe("custodian-guardrails");
    expect(platform.controllers).toEqual([]);
    expect(platform.command).toEqual({
      manifest: "ops/platform.yaml",
      argv: [join(dir, "ops", "run-policies.sh"), "policies.yml", "{workdir}/out"],
      everyMs: HOUR_MS,
      timeoutMs: 2 * MINUTE_MS,
      cwd: join(dir, "ops"),
      env: {},
    });
  });

  it("a program without a slash stays a name looked up on PATH; timeout defaults to 2m", () => {
    const platform = parsePlatformManifest(GOOD.replace("./run-policies.sh", "custodian").replace("  timeout: 2m\n", ""), "p.yaml", "/x");
    expect(platform.command?.argv[0]).toBe("custodian");
    expect(platform.command?.timeoutMs).toBe(2 * MINUTE_MS);
  });

  const bad: ReadonlyArray<readonly [string, string, RegExp]> = [
    [
      "a missing command",
      GOOD.replace(/ {2}command: .*\n/, ""),
      /missing "command" at reconcile \(line 5, column 3\)\. "reconcile" needs command, every\./,
    ],
    ["an unknown key", GOOD.replace("  every: 1h", "  every: 1h\n  schedule: hourly"), /unknown key "schedule" at reconcile/],
    ["a bad duration", GOOD.replace("every: 1h", "every: hourly"), /at reconcile\.every \(line 6, column 10\)\. Use a duration/],
    ["a zero schedule", GOOD.replace("every: 1h", "every: 0s"), /every must be longer than 0 \(got 0s\) at reconcile\.every \(line 6/],
    ["the wrong kind", GOOD.replace("kind: Platform", "kind: Scenario"), /at kind \(line 2, column 7\)/],
    ["broken YAML", GOOD.replace("every: 1h", "every: [1h"), /YAML syntax error/],
  ];
  for (const [what, text, message] of bad)
    it(`${what}: one E_PLATFORM_LOAD error naming the file, the place and what is allowed`, () => {
      let error: unknown;
      try {
        parsePlatformManifest(text, "ops/platform.yaml", "/x");
      } catch (caught) {
        error = caught;
      }
      expect((error as { code?: string }).code).toBe("E_PLATFORM_LOAD");
      const text_ = (error as Error).message;
      expect(text_).toMatch(/^Failed to load platform "ops\/platform\.yaml": /);
      expect(text_).toMatch(message);
      expect(text_).toMatch(/A platform manifest is apiVersion: cattleprod\/v1, kind: Platform/);
      expect(text_.split("\n")).toHaveLength(1);
    });

  it("a missing manifest file is named", async () => {
    await expect(loadPlatform("nowhere/platform.yaml", tempDir())).rejects.toThrow(
      /Failed to load platform "nowhere\/platform.yaml": no such file/,
    );
  });

  it("the progress display shows virtual time, wall time and the last reconcile's outcome", () => {
    const call = { atMs: 4 * HOUR_MS, trigger: "schedule" as const, status: "ok" as const, exitCode: 0, durationMs: 1800, lastLines: [] };
    expect(describeReconcile(call, 12_345)).toBe(" · virtual 4h · wall 12.3s · reconcile exit 0 (1.8s)");
    expect(describeReconcile({ ...call, status: "timeout", exitCode: null }, 1000)).toContain("reconcile timed out");
  });

  it("the simulated fleet refuses a command platform: exit 2, one line naming the manifest", () => {
    const result = cli("run", "scenarios/external/rogue-image.yaml", "--platform", "examples/custodian/platform.yaml", "--out", tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      'Failed to run platform "examples/custodian/platform.yaml" on the simulated fleet: a command platform acts on an account. ' +
        "Use --backend localstack (or aws).",
    ]);
  });
});
