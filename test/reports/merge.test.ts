import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunRecord } from "../../core/index.ts";
import { tempDir } from "../support/cli.ts";
import { cliAsync, readRecord, withoutTiming } from "./run-cli.ts";

// The stock library with --seed 3: once whole, once as shards 1/2 and 2/2.
const dirs = { whole: "", one: "", two: "" };
let whole: RunRecord;

beforeAll(async () => {
  for (const key of Object.keys(dirs) as Array<keyof typeof dirs>) dirs[key] = tempDir();
  const results = await Promise.all([
    cliAsync("run", "--seed", "3", "--out", dirs.whole),
    cliAsync("run", "--seed", "3", "--shard", "1/2", "--out", dirs.one),
    cliAsync("run", "--seed", "3", "--shard", "2/2", "--out", dirs.two),
  ]);
  expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
  whole = readRecord(dirs.whole);
});

describe("run --shard i/n", () => {
  it("splits the name-sorted library round-robin: every scenario in exactly one shard", () => {
    const [one, two] = [readRecord(dirs.one), readRecord(dirs.two)];
    expect(one.shard).toEqual({ index: 1, total: 2 });
    expect(one.scenarios.map((s) => s.name)).toEqual(whole.scenarios.filter((_, i) => i % 2 === 0).map((s) => s.name));
    expect(two.scenarios.map((s) => s.name)).toEqual(whole.scenarios.filter((_, i) => i % 2 === 1).map((s) => s.name));
  });
});

describe("cattleprod merge", () => {
  it("gives the same controls as the unsharded run, and the same record apart from timing", async () => {
    const out = tempDir();
    const result = await cliAsync("merge", join(dirs.one, "run.json"), join(dirs.two, "run.json"), "--out", out);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const merged = readRecord(out);
    expect(merged.controls).toEqual(whole.controls);
    expect(withoutTiming(merged)).toEqual(withoutTiming(whole));
    expect(merged.timing.shards?.map((s) => s.shard)).toEqual(["1/2", "2/2"]);
    expect(readFileSync(join(out, "events.ndjson"), "utf8")).toBe(readFileSync(join(dirs.whole, "events.ndjson"), "utf8"));
    for (const file of ["run.json", "events.ndjson", "junit.xml", "summary.md", "report.html"]) {
      expect(existsSync(join(out, file))).toBe(true);
      expect(result.stdout).toContain(`wrote ${join(out, file)}`);
    }
  });

  it("refuses a scenario that two shards report differently (exit 2 naming it)", async () => {
    const two = readRecord(dirs.two);
    const stolen = readRecord(dirs.one).scenarios[0];
    if (!stolen) throw new Error("shard 1 is empty");
    const changed = { ...stolen, controls: stolen.controls.map((c, i) => (i === 0 ? { ...c, headline: `${c.headline} (edited)` } : c)) };
    const tampered = join(tempDir(), "run.json");
    writeFileSync(tampered, JSON.stringify({ ...two, scenarios: [...two.scenarios, changed] }));
    const result = await cliAsync("merge", join(dirs.one, "run.json"), tampered, "--out", tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `Failed to merge: scenario "${stolen.name}" is in "${join(dirs.one, "run.json")}" and "${tampered}" with different results. ` +
        "Each scenario must come from one shard, or be identical in every record that has it.\n",
    );
  });

  it("refuses a shard whose events.ndjson does not match its run.json (exit 2 naming the file)", async () => {
    const copy = tempDir();
    writeFileSync(join(copy, "run.json"), readFileSync(join(dirs.two, "run.json")));
    const lines = readFileSync(join(dirs.two, "events.ndjson"), "utf8").split("\n");
    writeFileSync(join(copy, "events.ndjson"), [...lines.slice(0, 3), ...lines.slice(4)].join("\n"));
    const result = await cliAsync("merge", join(dirs.one, "run.json"), join(copy, "run.json"), "--out", tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Failed to read history ".*events\.ndjson": sha256 [0-9a-f]{16}… but run\.json records [0-9a-f]{16}…\./);
  });

  it.concurrent.each([
    ["a missing shard", () => [join(dirs.one, "run.json")], /^Failed to merge: shard 2\/2 missing\. Pass the run\.json of every shard/],
    [
      "records of different seeds",
      () => [join(dirs.one, "run.json"), writeRecord({ ...readRecord(dirs.two), seed: 4 })],
      /has seed 4 but ".*" has 3\. Merge records of one run/,
    ],
    [
      "a file that is not a run record",
      () => [join(dirs.one, "run.json"), writeRecord({ kind: "something else" } as unknown as RunRecord)],
      /^Failed to merge ".*run\.json": Invalid input: expected "cattleprod\.run" at kind\. Give a run\.json written by cattleprod run/,
    ],
  ])("refuses %s (exit 2)", async (_label, files, message) => {
    const result = await cliAsync("merge", ...files(), "--out", tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

function writeRecord(record: RunRecord): string {
  const file = join(tempDir(), "run.json");
  writeFileSync(file, JSON.stringify(record));
  return file;
}
