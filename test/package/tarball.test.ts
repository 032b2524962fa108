// cattleprod as a team installs it: the tarball `npm pack` makes, installed into a fresh CommonJS project outside the
// repository, used there only through `npx cattleprod ...`, `cattleprod/platform` and `cattleprod/vitest`. The
// platform example and the vitest example are taken from README.md as printed, so the README cannot drift from what
// works.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../support/cli.ts";
import { lockedVersion, packAndInstall, shell, type InstalledProject } from "../support/packed-install.ts";

const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** The fenced block of `language` that follows `marker` (or the first one after a line containing it) in README.md. */
function readmeBlock(marker: string, language: string): string {
  const at = README.indexOf(marker);
  if (at < 0) throw new Error(`README.md has no "${marker}"`);
  const block = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(README.slice(at));
  if (!block?.[1]) throw new Error(`README.md has no \`\`\`${language} block after "${marker}"`);
  return block[1];
}

const PLATFORM_EXAMPLE = readmeBlock("<!-- The platform example:", "ts");
const VITEST_EXAMPLE = readmeBlock("### Tests of your own, in vitest", "ts");

/** The README's platform with its age reaper broken: the controller keeps its name and does nothing. */
function brokenPlatform(): string {
  const broken = PLATFORM_EXAMPLE.replace(/\(ctx\) => ageReaper\([^)]*\)\.start\(ctx\)/, "() => {}");
  if (broken === PLATFORM_EXAMPLE)
    throw new Error("The README's platform example no longer replaces age-reaper with (ctx) => ageReaper(...).start(ctx)");
  return broken;
}

/** What the test reads of an allure-vitest result file. */
interface AllureResult {
  readonly name: string;
  readonly labels: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}

let project: InstalledProject;
let dir: string;
const run = (command: string) => shell(dir, command);
const write = (file: string, text: string) => {
  mkdirSync(join(dir, file, ".."), { recursive: true });
  writeFileSync(join(dir, file), text);
};

// Each step runs npm, tsc or vitest in a child process: minutes on a busy 2-core machine, not the suite's default minute.
describe("the packed tarball, installed into a fresh CommonJS project", { timeout: 600_000 }, () => {
  beforeAll(() => {
    project = packAndInstall({ with: [`vitest@${lockedVersion("vitest")}`, `allure-vitest@${lockedVersion("allure-vitest")}`] });
    dir = project.dir;
    console.log(
      `packed ${project.tarball} in ${project.packSeconds.toFixed(1)} s; installed into ${dir} in ${project.installSeconds.toFixed(1)} s`,
    );
  }, 900_000);
  afterAll(() => {
    // The project and the tarball live in the temporary folder; the test leaves nothing behind.
    if (!project) return;
    rmSync(project.dir, { recursive: true, force: true });
    rmSync(dirname(project.tarball), { recursive: true, force: true });
  });

  it("is a CommonJS project outside the repository, with cattleprod built JavaScript and types", () => {
    expect(dir.startsWith(ROOT)).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).type ?? "commonjs").toBe("commonjs");
    const installed = join(dir, "node_modules", "cattleprod");
    for (const file of ["dist/index.js", "dist/index.d.ts", "dist/platform/index.d.ts", "dist/suites/index.js", "dist/cli/main.js.map"])
      expect(existsSync(join(installed, file)), file).toBe(true);
    // No TypeScript sources: the installed command runs the build.
    expect(existsSync(join(installed, "cli", "main.ts"))).toBe(false);
  });

  it("its types check a user's files strictly (tsc, nodenext, skipLibCheck off) through every export", async () => {
    write("my-platform.ts", PLATFORM_EXAMPLE);
    write("platform.test.ts", VITEST_EXAMPLE);
    write(
      "use-api.ts",
      'import { loadScenario, referencePlatform, runScenario, type RunRecord } from "cattleprod";\n' +
        'import type { ControllerContext } from "cattleprod/platform";\n' +
        "export const reaper = (ctx: ControllerContext): void => void ctx.after(60_000, () => undefined);\n" +
        "export async function replay(file: string): Promise<string> {\n" +
        "  return runScenario(await loadScenario(file), { platform: referencePlatform() }).replay;\n" +
        "}\n" +
        'export type Record = RunRecord["controls"];\n',
    );
    const options = {
      target: "ES2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      allowImportingTsExtensions: true,
      // A Node project has Node's types; this one borrows the repository's @types/node.
      typeRoots: [join(ROOT, "node_modules", "@types")],
      types: ["node"],
    };
    write("tsconfig.json", JSON.stringify({ compilerOptions: options, files: ["my-platform.ts", "platform.test.ts", "use-api.ts"] }));
    const result = await run(`node ${join(ROOT, "node_modules", "typescript", "bin", "tsc")} -p tsconfig.json`);
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  it("npx cattleprod run: the stock library on the reference platform (exit 0)", async () => {
    const result = await run("npx cattleprod run");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("Result: PASS (exit 0");
    expect(existsSync(join(dir, "cattleprod-report", "run.json"))).toBe(true);
  });

  it("npx cattleprod explore --type cattle --runs 20 (exit 0)", async () => {
    const result = await run("npx cattleprod explore --type cattle --runs 20");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("cattle: 20 runs, 0 failure(s)");
  });

  it("npx cattleprod run --platform ./my-platform.ts with the README's example as printed (exit 0)", async () => {
    write("my-platform.ts", PLATFORM_EXAMPLE);
    const result = await run("npx cattleprod run --platform ./my-platform.ts");
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("platform ./my-platform.ts");
  });

  it("the same platform with its reaper broken fails (exit 1), and the printed replay line runs as pasted", async () => {
    write("broken-platform.ts", brokenPlatform());
    const result = await run("npx cattleprod run --platform ./broken-platform.ts");
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain("IMM-AGE-001 failed:");
    const replay = /replay: (npx cattleprod run .*immutable-aging-28-days\.yaml --platform \.\/broken-platform\.ts)$/m.exec(result.stdout);
    expect(replay, result.stdout).not.toBeNull();
    const pasted = await run(replay?.[1] ?? "false");
    expect(pasted.code, pasted.stderr).toBe(1);
    expect(pasted.stdout).toContain("IMM-AGE-001 failed:");
  });

  it("loads .ts, .mts, .js, .mjs and .cjs platforms in a CommonJS and in an ES module package the same way", async () => {
    const esm = brokenPlatform();
    const cjs =
      'const { referencePlatform, withController } = require("cattleprod/platform");\n' +
      'module.exports = withController(referencePlatform(), "age-reaper", () => {});\n';
    write("esm-package/package.json", '{ "type": "module" }\n');
    const modules: Array<[file: string, text: string]> = [];
    for (const folder of ["cjs-package", "esm-package"]) {
      for (const extension of ["ts", "mts", "js", "mjs"]) modules.push([`${folder}/platform.${extension}`, esm]);
      modules.push([`${folder}/platform.cjs`, cjs]);
    }
    modules.push(["cjs-package/platform-commonjs.js", cjs]);
    const scenario = "node_modules/cattleprod/scenarios/library/immutable-aging-28-days.yaml";
    for (const [file, text] of modules) write(file, text);
    const command = (file: string) => `npx cattleprod run ${scenario} --platform ./${file} --out out/${file}`;
    const results = await Promise.all(modules.map(([file]) => run(command(file))));
    for (const [i, result] of results.entries()) {
      const file = modules[i]?.[0];
      expect({ file, code: result.code, stderr: result.stderr }).toEqual({ file, code: 1, stderr: "" });
      expect(result.stdout).toContain("IMM-AGE-001 failed:");
    }
  });

  it("a module that exports no platform is one clear error (exit 2)", async () => {
    write("not-a-platform.ts", 'export const reaper = { name: "age-reaper" };\n');
    const result = await run("npx cattleprod run --platform ./not-a-platform.ts");
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      'Failed to load platform "./not-a-platform.ts": it exports no platform (exports: reaper (object)). ' +
        'Give "reference", "external", a path to a .ts, .mts, .js, .mjs or .cjs module whose default export ' +
        "(or export named platform) is a platform { name, controllers } or a function returning one, " +
        "or a command platform manifest (.yaml or .yml, kind: Platform).",
    ]);
  });

  it("npx vitest run on the README's cattleprod/vitest file passes, with Allure labels from allure-vitest", async () => {
    write("my-platform.ts", PLATFORM_EXAMPLE);
    write("platform.test.ts", VITEST_EXAMPLE);
    // The platform named by its path, as --platform takes it: cattleprod loads it (through tsx) inside vitest's worker.
    write(
      "platform-path.test.ts",
      'import { conformance } from "cattleprod/vitest";\n' +
        'conformance({ name: "by path", platform: "./my-platform.ts", scenarios: "scenarios/immutable-aging-28-days.yaml" });\n',
    );
    write("vitest.config.mjs", 'export default { test: { reporters: ["default", "allure-vitest/reporter"] } };\n');
    mkdirSync(join(dir, "scenarios"), { recursive: true });
    for (const name of ["immutable-aging-28-days.yaml", "cattle-two-nodes-die-at-once.yaml"])
      copyFileSync(join(dir, "node_modules", "cattleprod", "scenarios", "library", name), join(dir, "scenarios", name));
    const result = await run("npx vitest run");
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Tests\s+\d+ passed/);
    expect(result.stdout).toContain("immutable guarantees hold under explored chaos (seed 1, 200 runs)");
    expect(result.stdout).toMatch(/Test Files\s+2 passed/);
    // One Allure result per test, labelled by VM type, control and scenario.
    const results = readdirSync(join(dir, "allure-results"))
      .filter((f) => f.endsWith("-result.json"))
      .map((f) => JSON.parse(readFileSync(join(dir, "allure-results", f), "utf8")) as AllureResult);
    const aging = results.find((r) => r.name === "IMM-AGE-001 · immutable-aging-28-days");
    expect(aging?.labels).toEqual(
      expect.arrayContaining([
        { name: "epic", value: "Type 3 Immutable" },
        { name: "feature", value: "IMM-AGE-001" },
        { name: "story", value: "immutable-aging-28-days" },
      ]),
    );
  });

  it("the same vitest file fails on the broken platform, printing the CLI's failure text", async () => {
    write("my-platform.ts", brokenPlatform());
    const result = await run("npx vitest run");
    expect(result.code).toBe(1);
    const out = result.stdout + result.stderr;
    expect(out).toContain("IMM-AGE-001 failed:");
    expect(out).toContain("replay: npx cattleprod run --seed 1 scenarios/immutable-aging-28-days.yaml --platform ./my-platform.ts");
    // The file that names the platform by path fails the same way, with the scenario's own seed (63).
    expect(out).toContain("FAIL  platform-path.test.ts > by path > IMM-AGE-001 · immutable-aging-28-days");
    expect(out).toContain("replay: npx cattleprod run --seed 63 scenarios/immutable-aging-28-days.yaml --platform ./my-platform.ts");
    expect(out).toMatch(
      /replay: npx cattleprod run --seed \d+ cattleprod-found\/immutable-imm-age-001-seed-\d+\.yaml --platform \.\/my-platform\.ts/,
    );
    expect(out).toMatch(/counterexample \(seed \d+; fleet/);
    expect(out).toContain("hint: the age reaper");
  });
});
