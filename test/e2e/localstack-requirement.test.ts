// CATTLEPROD_REQUIRE_LOCALSTACK=1 must fail the testcontainers test when it cannot run (no podman), unless
// CATTLEPROD_CI_PODMAN=0 says so explicitly; then the log says the test was left out. Runs the real test file in a
// child vitest on a PATH without podman and a DOCKER_HOST where no engine answers.
import { spawnSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, tempDir } from "../support/cli.ts";

function vitestWithoutPodman(extra: NodeJS.ProcessEnv): { code: number; output: string } {
  const bin = join(tempDir("cattleprod-nopodman-"), "bin");
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, "node"));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("VITEST") && key !== "CATTLEPROD_CI_PODMAN") env[key] = value;
  Object.assign(env, {
    PATH: bin,
    DOCKER_HOST: `unix://${join(bin, "no-engine.sock")}`,
    CATTLEPROD_REQUIRE_LOCALSTACK: "1",
    NO_COLOR: "1",
    FORCE_COLOR: "0",
    ...extra,
  });
  const child = spawnSync(
    process.execPath,
    [join(ROOT, "node_modules", "vitest", "vitest.mjs"), "run", "test/localstack/testcontainers.test.ts", "--reporter=default"],
    { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 },
  );
  return { code: child.status ?? -1, output: `${child.stdout}${child.stderr}` };
}

describe("CATTLEPROD_REQUIRE_LOCALSTACK and podman", () => {
  it("fails the testcontainers test when podman is missing and nothing says it may be", () => {
    const { code, output } = vitestWithoutPodman({});
    expect(code).not.toBe(0);
    expect(output).toContain("podman is not installed");
    expect(output).toContain("Install podman, or set CATTLEPROD_CI_PODMAN=0 to leave this test out.");
    expect(output).not.toMatch(/Tests\s+1 passed/);
  });

  it("leaves it out, and says so, under CATTLEPROD_CI_PODMAN=0", () => {
    const { code, output } = vitestWithoutPodman({ CATTLEPROD_CI_PODMAN: "0" });
    expect(code).toBe(0);
    expect(output).toContain("(left out: CATTLEPROD_CI_PODMAN=0 says this machine has no podman.)");
    expect(output).toMatch(/Tests\s+1 skipped/);
  });
});
