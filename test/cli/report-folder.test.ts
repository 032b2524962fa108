// The --out folder: published whole (staged beside it, then swapped in), or file by file with run.json last where
// it cannot be swapped; a failed publish leaves the previous reports; abandoning removes them and the staging copy.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isCattleprodError } from "../../core/index.ts";
import { checkOutFolder, ReportFolder, runOwnedFiles } from "../../cli/report-folder.ts";
import { tempDir } from "../support/cli.ts";

const files = (tag: string) => [
  { file: "junit.xml", text: `<junit ${tag}/>` },
  { file: "run.json", text: `{"tag":"${tag}"}` },
];

describe("ReportFolder", () => {
  it("swaps a new folder in: the new files only, the user's dotfiles kept, the folder's permissions kept", async () => {
    const parent = tempDir();
    const out = join(parent, "report");
    expect(await (await ReportFolder.open(out)).publish(files("one"))).toEqual([join(out, "junit.xml"), join(out, "run.json")]);
    writeFileSync(join(out, "summary.md"), "an older run's summary");
    writeFileSync(join(out, ".keep"), "");
    spawnSync("chmod", ["750", out]);
    const folder = await ReportFolder.open(out);
    expect(readdirSync(parent).filter((n) => n.startsWith(".report.cattleprod-"))).toHaveLength(1);
    await folder.publish(files("two"));
    expect(readdirSync(out).sort()).toEqual([".keep", "junit.xml", "run.json"]);
    expect(readFileSync(join(out, "run.json"), "utf8")).toBe('{"tag":"two"}');
    expect(statSync(out).mode & 0o777).toBe(0o750);
    expect(readdirSync(parent)).toEqual(["report"]);
    expect(folder.published).toBe(true);
  });

  it("a publish that fails leaves the previous reports as they were, and no staging copy", async () => {
    const parent = tempDir();
    const out = join(parent, "report");
    await (await ReportFolder.open(out)).publish(files("one"));
    const failing = await ReportFolder.open(out);
    const error = await failing.publish([...files("two"), { file: "no/such/folder.json", text: "{}" }]).catch((e: unknown) => e);
    expect(isCattleprodError(error, "E_OUTPUT")).toBe(true);
    expect((error as Error).message).toMatch(
      /^Failed to write reports to ".+report": no such folder\. The previous reports are left as they were\.$/,
    );
    expect(readFileSync(join(out, "run.json"), "utf8")).toBe('{"tag":"one"}');
    expect(readdirSync(parent)).toEqual(["report"]);
  });

  it("abandoning removes the previous run's reports and the staging copy, and says so", async () => {
    const parent = tempDir();
    const out = join(parent, "report");
    await (await ReportFolder.open(out)).publish(files("one"));
    writeFileSync(join(out, "explore.json"), "{}");
    const folder = await ReportFolder.open(out);
    expect(await folder.abandon()).toBe(`no report in ${out} (the previous run's reports were removed)`);
    expect(readdirSync(out)).toEqual(["explore.json"]);
    expect(readdirSync(parent)).toEqual(["report"]);
  });

  it("where no sibling can be made (a parent that is not writable), stages inside and moves run.json last", async (context) => {
    if (process.getuid?.() !== 0 || spawnSync("chattr", ["--help"]).error) return context.skip("needs root and chattr to lock the parent");
    const parent = tempDir();
    const out = join(parent, "report");
    mkdirSync(out);
    writeFileSync(join(out, "summary.md"), "stale");
    if (spawnSync("chattr", ["+i", parent]).status !== 0) return context.skip("chattr +i is not supported on this file system");
    try {
      const folder = await ReportFolder.open(out);
      expect(readdirSync(out).filter((n) => n.startsWith(".cattleprod-staging-"))).toHaveLength(1);
      await folder.publish(files("two"));
      expect(readdirSync(out).sort()).toEqual(["junit.xml", "run.json"]);
    } finally {
      spawnSync("chattr", ["-i", parent]);
    }
  });

  it("checks a path without changing anything: empty, the working folder, a file, /proc, a missing parent", async () => {
    const parent = tempDir();
    const file = join(parent, "file");
    writeFileSync(file, "");
    expect(await checkOutFolder("")).toMatch(/it is empty/);
    expect(await checkOutFolder(".")).toMatch(/it is the working folder or holds it/);
    expect(await checkOutFolder(file)).toMatch(/it is a file, not a folder/);
    expect(await checkOutFolder("/proc/self/x")).toMatch(/it is on the proc file system/);
    expect(await checkOutFolder(join(parent, "a", "b", "c"))).toBeUndefined();
    expect(readdirSync(parent)).toEqual(["file"]);
  });

  it("knows every registered report file and the bundle's", async () => {
    expect([...(await runOwnedFiles())]).toEqual(
      expect.arrayContaining([
        "run.json",
        "junit.xml",
        "summary.md",
        "report.html",
        "digests.json",
        "environment.json",
        "attestation.json",
      ]),
    );
  });
});
