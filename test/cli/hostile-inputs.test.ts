// The malformed and hostile inputs of issue 12, each through the real CLI: exit 2 and one line naming the input,
// never a stack trace; refused before any work (so no report is written and nothing is left behind).
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliAsync, readRecord } from "../reports/run-cli.ts";
import { ROOT, tempDir, type CliResult } from "../support/cli.ts";

const BAD = "test/fixtures/scenarios/bad";
const GOOD = "test/fixtures/scenarios/good/cattle-two-nodes-die-at-once.yaml";
const STACK = /^\s+at .+\d+:\d+\)?$/m;

/** Exit 2, exactly one line on stderr containing every part, nothing on stdout, no stack trace. */
function expectOneLine(result: CliResult, ...parts: string[]): string {
  expect(result.stderr).not.toMatch(STACK);
  expect(result.stdout).toBe("");
  const lines = result.stderr.trimEnd().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  for (const part of parts) expect(lines[0]).toContain(part);
  expect(result.code).toBe(2);
  return lines[0] as string;
}

/** Deterministic pseudo-random bytes (a 32-bit LCG): a "binary garbage" file that is the same on every run. */
function garbage(size: number, seed = 12): Buffer {
  const bytes = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

describe("hostile scenario files", () => {
  for (const command of ["validate", "run"]) {
    it.concurrent(`${command}: capacity 1,000,000,000,000 is refused with the instance limit`, async () => {
      const out = join(tempDir(), "out");
      const r = await cliAsync(command, `${BAD}/huge-capacity.yaml`, ...(command === "run" ? ["--out", out] : []));
      expectOneLine(r, `"${BAD}/huge-capacity.yaml"`, "1,000,000,000,000 instances (limit 200,000 per scenario)", "line 6, column 46");
      expect(existsSync(out)).toBe(false);
    });

    it.concurrent(`${command}: run: 99999999999d is refused with the duration limit`, async () => {
      const r = await cliAsync(command, `${BAD}/endless-run.yaml`, ...(command === "run" ? ["--out", join(tempDir(), "out")] : []));
      expectOneLine(r, `"${BAD}/endless-run.yaml"`, "duration 99999999999d is too long (limit 3650d) at run (line 7, column 6)");
    });

    it.concurrent(`${command}: a YAML alias bomb names the file and the alias limit`, async () => {
      const r = await cliAsync(command, `${BAD}/alias-bomb.yaml`, ...(command === "run" ? ["--out", join(tempDir(), "out")] : []));
      expectOneLine(r, `Failed to load scenario "${BAD}/alias-bomb.yaml": its aliases expand beyond 10,000 nodes (limit 10,000)`);
    });
  }

  it.concurrent("a 50 MB scalar is refused by its size, before it is read", async () => {
    const file = join(tempDir(), "big.yaml");
    writeFileSync(file, `apiVersion: cattleprod/v1\ndescription: "${"x".repeat(50_000_000)}"\n`);
    const line = expectOneLine(await cliAsync("validate", file), `"${file}"`, "the file is 50.0 MB (limit 16 MiB)");
    expect(line).not.toContain("seed");
  });

  it.concurrent("binary garbage is one short line, without echoing its bytes", async () => {
    const file = join(tempDir(), "garbage.yaml");
    writeFileSync(file, garbage(20_000));
    const line = expectOneLine(await cliAsync("validate", file), `"${file}"`, "not a YAML text file");
    expect(line.length).toBeLessThan(300);
  });

  it.concurrent("two YAML documents are named as such, without the parser library's advice", async () => {
    const line = expectOneLine(await cliAsync("validate", `${BAD}/two-documents.yaml`), "more than one YAML document (limit 1)", "line 8");
    expect(line).not.toContain("parseAllDocuments");
  });

  it.concurrent("every problem of a scenario is reported at once; the first line and exit code stay", async () => {
    const r = await cliAsync("validate", `${BAD}/many-problems.yaml`);
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^Failed to load scenario "test\/fixtures\/scenarios\/bad\/many-problems.yaml": invalid name "Many Problems"/);
    expect(lines.slice(1)).toHaveLength(7);
    for (const line of lines.slice(1))
      expect(line).toMatch(/^ {2}test\/fixtures\/scenarios\/bad\/many-problems\.yaml:\d+:\d+: .+ at \S+\./);
  });

  it.concurrent("a folder with a bad file and good ones: ok for each good one, every problem of the bad one, exit 2", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "a-good.yaml"), spawnSync("cat", [join(ROOT, GOOD)], { encoding: "utf8" }).stdout);
    writeFileSync(join(dir, "b-bad.yaml"), garbage(200));
    const r = await cliAsync("validate", dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^ok .*a-good\.yaml \(2 steps\)\n$/);
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("the --out folder", () => {
  it.concurrent("a file, /proc/x and an empty path are refused before the run, in one line", async () => {
    const file = join(tempDir(), "report.txt");
    writeFileSync(file, "not a folder");
    expectOneLine(await cliAsync("run", GOOD, "--out", file), `Failed to use --out "${file}": it is a file, not a folder.`);
    expectOneLine(await cliAsync("run", GOOD, "--out", "/proc/x"), 'Failed to use --out "/proc/x": it is on the proc file system');
    expectOneLine(await cliAsync("run", GOOD, "--out", ""), 'Failed to use --out "": it is empty.');
    expectOneLine(await cliAsync("run", GOOD, "--out", "."), 'Failed to use --out ".": it is the working folder');
  });

  it("a folder that is not writable is refused before the run", async (context) => {
    const dir = join(tempDir(), "read-only");
    mkdirSync(dir);
    // Root writes through 0555; the immutable attribute stops root too. Without either, there is nothing to test.
    const root = process.getuid?.() === 0;
    const locked = root ? spawnSync("chattr", ["+i", dir]).status === 0 : (chmodSync(dir, 0o555), true);
    if (!locked) return context.skip("chattr +i is not available to make a folder read-only for root");
    try {
      expectOneLine(await cliAsync("run", GOOD, "--out", dir), `Failed to use --out "${dir}": it is not writable (permission denied)`);
    } finally {
      if (root) spawnSync("chattr", ["-i", dir]);
    }
  });

  it.concurrent("a folder holding other files is refused; dotfiles and explore.json are kept", async () => {
    const dir = join(tempDir(), "out");
    mkdirSync(dir);
    writeFileSync(join(dir, "notes.txt"), "mine");
    expectOneLine(await cliAsync("run", GOOD, "--out", dir), "it holds files cattleprod did not write (notes.txt)");
    writeFileSync(join(dir, "notes.txt"), "");
    spawnSync("mv", [join(dir, "notes.txt"), join(dir, ".keep")]);
    writeFileSync(join(dir, "explore.json"), "{}");
    const r = await cliAsync("run", GOOD, "--out", dir);
    expect(r.code).toBe(0);
    const { REPORTERS } = await import("../../reports/index.ts");
    const reports = Object.values(REPORTERS).map((r) => r.file);
    expect(readdirSync(dir).sort()).toEqual([".keep", "explore.json", ...reports].sort());
  });

  it.concurrent("a run ending in exit 2 removes the previous run's reports; no temporary folder stays", async () => {
    const parent = tempDir();
    const out = join(parent, "report");
    expect((await cliAsync("run", GOOD, "--out", out)).code).toBe(0);
    expect(readRecord(out).exitCode).toBe(0);
    expectOneLine(await cliAsync("run", `${BAD}/huge-capacity.yaml`, "--out", out), "limit 200,000 per scenario");
    expect(readdirSync(out)).toEqual([]);
    expect(readdirSync(parent)).toEqual(["report"]);
    const waivers = join(parent, "waivers.yaml");
    writeFileSync(waivers, "- { control: IMM-AGE-001, justification: j, approver: a, expires: 2026-13-45 }\n");
    expect((await cliAsync("run", GOOD, "--out", out)).code).toBe(0);
    expectOneLine(await cliAsync("run", GOOD, "--out", out, "--waivers", waivers), 'invalid expiry "2026-13-45"');
    expect(readdirSync(out)).toEqual([]);
  });

  it.concurrent("a scenario that errors is published and says ERROR; the summary prints no stack unless --debug", async () => {
    const out = join(tempDir(), "out");
    const platform = "test/fixtures/platforms/crashes-on-kill.ts";
    const r = await cliAsync("run", GOOD, "--platform", platform, "--out", out);
    expect(r.code).toBe(2);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(STACK);
    expect(r.stdout).toContain(
      "error: TypeError: Cannot read properties of undefined (reading 'replicas') (run with --debug for the stack)",
    );
    expect(readRecord(out).exitCode).toBe(2);
    const debug = await cliAsync("run", GOOD, "--platform", platform, "--out", out, "--debug");
    expect(debug.stdout).toMatch(/crashes-on-kill\.ts:\d+:\d+/);
  });
});

describe("other inputs", () => {
  it.concurrent("waivers: expires 2026-13-45 is one line naming the entry, not a RangeError", async () => {
    const file = join(tempDir(), "waivers.yaml");
    writeFileSync(file, "- control: IMM-AGE-001\n  justification: j\n  approver: a\n  expires: 2026-13-45\n");
    const line = expectOneLine(await cliAsync("run", GOOD, "--waivers", file, "--out", join(tempDir(), "out")), `"${file}"`);
    expect(line).toContain('invalid expiry "2026-13-45" at entry 0 ([0].expires, line 4, column 12)');
    expect(line).not.toContain("RangeError");
  });

  it.concurrent("verify: a private key passed as --pubkey is refused", async () => {
    const dir = tempDir();
    const key = join(dir, "private.pem");
    writeFileSync(key, generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString());
    expectOneLine(await cliAsync("verify", dir, "--pubkey", key), `Failed to read public key "${key}": it is a private key.`);
  });

  it.concurrent("merge: the same shard twice is named as given twice, not as a missing shard", async () => {
    const dir = tempDir();
    const shard = join(dir, "shard-1");
    expect((await cliAsync("run", "--seed", "3", "--shard", "1/2", "--out", shard)).code).toBe(0);
    const same = await cliAsync("merge", join(shard, "run.json"), join(shard, "run.json"), "--out", join(dir, "merged"));
    expectOneLine(same, `"${join(shard, "run.json")}" is given twice`);
    const copy = join(dir, "copy");
    mkdirSync(copy);
    spawnSync("cp", [join(shard, "run.json"), join(copy, "run.json")]);
    const twice = await cliAsync("merge", join(shard, "run.json"), join(copy, "run.json"), "--out", join(dir, "merged"));
    const line = expectOneLine(twice, "shard 1/2 is given twice");
    expect(line).not.toContain("missing");
  });

  it("validate DIR | head -1 ends quietly on EPIPE with validate's own exit code", () => {
    const r = spawnSync("bash", ["-c", 'node bin/cattleprod.js validate scenarios/library | head -1; echo "exit ${PIPESTATUS[0]}" >&2'], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.stdout).toMatch(/^ok scenarios\/library\/\S+\.yaml \(\d+ steps\)\n$/);
    expect(r.stderr).toBe("exit 0\n");
  });
});
