// Platform modules through the real CLI in this checkout (the bin runs the sources): the README's example as printed,
// TypeScript and JavaScript written with import/export in a folder whose package.json says CommonJS, and a module
// that exports no platform. test/package/tarball.test.ts does the same against the installed package.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, ROOT, tempDir } from "../support/cli.ts";

const SCENARIO = "scenarios/library/immutable-aging-28-days.yaml";
const PLATFORM = JSON.stringify(join(ROOT, "platform", "index.ts"));
const WITHOUT_REAPER =
  `import { referencePlatform, withoutController } from ${PLATFORM};\n` +
  'export default withoutController(referencePlatform(), "age-reaper");\n';

describe("platform modules in the checkout", () => {
  // Inside the repository (test-artifacts/ is ignored by git), so that `cattleprod/platform` refers to this package.
  mkdirSync(join(ROOT, "test-artifacts"), { recursive: true });
  const inRepo = mkdtempSync(join(ROOT, "test-artifacts", "platforms-"));
  afterAll(() => rmSync(inRepo, { recursive: true, force: true }));

  it("runs the README's platform example as printed (exit 0): cattleprod/platform resolves to the sources", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const example = /<!-- The platform example:[^\n]*\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toContain('from "cattleprod/platform"');
    writeFileSync(join(inRepo, "my-platform.ts"), example ?? "");
    const result = cli("run", SCENARIO, "--platform", `./${relative(ROOT, join(inRepo, "my-platform.ts"))}`, "--out", tempDir());
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it.each(["platform.ts", "platform.mts", "platform.js", "platform.mjs"])(
    "loads %s written with import/export from a CommonJS package (exit 1: it drops the reaper)",
    (file) => {
      const dir = tempDir();
      writeFileSync(join(dir, "package.json"), '{ "type": "commonjs" }\n');
      writeFileSync(join(dir, file), WITHOUT_REAPER);
      const result = cli("run", SCENARIO, "--platform", join(dir, file), "--out", tempDir());
      expect(result.stderr).toBe("");
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("IMM-AGE-001 failed:");
    },
  );

  it("names what a module exports when none of it is a platform (exit 2, one line)", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "reaper.ts"), "export const reaper = { name: 'age-reaper' };\nexport default 42;\n");
    const result = cli("run", SCENARIO, "--platform", join(dir, "reaper.ts"), "--out", tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("it exports no platform (exports: default (number), reaper (object)). Give");
  });
});
