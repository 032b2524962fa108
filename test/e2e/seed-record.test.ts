// The simulated fleet's semantics are pinned by a stored record: `run --seed 7` on the stock library must give
// test/fixtures/records/seed-7.json (written by `npx cattleprod run --seed 7 --out X`, `timing` dropped) again.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../core/index.ts";
import { cli, ROOT, tempDir } from "../support/cli.ts";

const FIXTURE = join(ROOT, "test", "fixtures", "records", "seed-7.json");

describe("cattleprod run --seed 7 on the simulated fleet (seed 7)", () => {
  it("gives the stored record, minus timing", () => {
    const out = tempDir();
    const result = cli("run", "--seed", "7", "--out", out);
    expect(result.code).toBe(0);
    const { timing: _timing, ...record } = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunRecord;
    const stored = JSON.parse(readFileSync(FIXTURE, "utf8")) as Omit<RunRecord, "timing">;
    expect(JSON.stringify(record, null, 2)).toBe(JSON.stringify(stored, null, 2));
  });
});
