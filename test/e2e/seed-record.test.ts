// The simulated fleet's semantics are pinned by a stored record: `run --seed 7` on the stock library must give
// test/fixtures/records/seed-7.json (written by `npx cattleprod run --seed 7 --out X` before the simulator was split
// into its pieces, `timing` and the machine's `environment` dropped) again; its history digests pin events.ndjson.
// It was written once more when IMM-HEAL-002 and four stock scenarios joined the library: by the unsplit simulator
// of that change, whose record the split simulator reproduces byte for byte.
// Since then every verdict also says where its evidence came from: on the simulated fleet that is always the model,
// and apart from that label the record is unchanged.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../core/index.ts";
import { cli, ROOT, tempDir } from "../support/cli.ts";

const FIXTURE = join(ROOT, "test", "fixtures", "records", "seed-7.json");

describe("cattleprod run --seed 7 on the simulated fleet (seed 7)", () => {
  it("gives the stored record, minus timing and the machine's environment", () => {
    const out = tempDir();
    const result = cli("run", "--seed", "7", "--out", out);
    expect(result.code).toBe(0);
    const written = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunRecord;
    const { timing: _timing, environment: _environment, ...record } = written;
    const sources = new Set(record.scenarios.flatMap((s) => s.controls.map((c) => c.evidence.source)));
    expect([...sources]).toEqual(["model"]);
    for (const scenario of record.scenarios)
      for (const control of scenario.controls) delete (control.evidence as { source?: string }).source;
    const stored = JSON.parse(readFileSync(FIXTURE, "utf8")) as Omit<RunRecord, "timing" | "environment">;
    expect(JSON.stringify(record, null, 2)).toBe(JSON.stringify(stored, null, 2));
  });
});
