// Every verdict says where its evidence came from (`evidence.source`, and for the account the API calls), the HTML
// report shows it beside each verdict, and records written before the field existed still load in merge and verify.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../core/index.ts";
import { checkRunRecord, renderHtml } from "../../reports/index.ts";
import { cli, ROOT, tempDir } from "../support/cli.ts";

/** test/fixtures/records/seed-7.json was written before verdicts carried their source. */
const OLD_RECORD = join(ROOT, "test", "fixtures", "records", "seed-7.json");

describe("evidence sources in the run record (seed 7)", () => {
  it("an older record without sources still validates, merges and renders (without badges)", () => {
    const old = JSON.parse(readFileSync(OLD_RECORD, "utf8")) as Omit<RunRecord, "timing">;
    expect(old.scenarios.flatMap((s) => s.controls).every((c) => c.evidence.source === undefined)).toBe(true);
    const timing = { startedAt: "2026-11-28T00:00:00.000Z", finishedAt: "2026-11-28T00:00:05.000Z", wallMs: 5000, scenarioWallMs: {} };
    expect(checkRunRecord({ ...old, timing }).ok).toBe(true);
    // A fresh run's record with the sources taken out is what an older cattleprod wrote; merge takes it.
    const dir = tempDir();
    expect(cli("run", "--seed", "7", "scenarios/library/cattle-two-nodes-die-at-once.yaml", "--out", dir).code).toBe(0);
    const file = join(dir, "run.json");
    const record = JSON.parse(readFileSync(file, "utf8")) as RunRecord;
    for (const scenario of record.scenarios)
      for (const control of scenario.controls) delete (control.evidence as { source?: string }).source;
    writeFileSync(file, JSON.stringify(record));
    const out = join(dir, "merged");
    const merged = cli("merge", file, "--out", out);
    expect(merged.code, merged.stderr).toBe(0);
    expect(readFileSync(join(out, "report.html"), "utf8")).not.toContain('class="badge src-');
  });

  it("a simulated run labels every verdict model; the HTML report shows a badge beside each verdict", () => {
    const out = tempDir();
    expect(cli("run", "--seed", "7", "scenarios/library/cattle-two-nodes-die-at-once.yaml", "--out", out).code).toBe(0);
    const record = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunRecord;
    const verdicts = record.scenarios.flatMap((s) => s.controls);
    expect(new Set(verdicts.map((c) => c.evidence.source))).toEqual(new Set(["model"]));
    const html = renderHtml(record);
    const shown = verdicts.filter((c) => c.status !== "skipped").length;
    expect(html.match(/<span class="badge src-model" title="decided by the model">model<\/span>/g)?.length).toBe(shown);
    const account = {
      ...record,
      scenarios: record.scenarios.map((s) => ({
        ...s,
        controls: s.controls.map((c) => ({ ...c, evidence: { ...c.evidence, source: "account" as const, calls: ["DescribeInstances"] } })),
      })),
    };
    const badge = '<span class="badge src-account" title="decided by the account: read with DescribeInstances">account</span>';
    expect(renderHtml(account)).toContain(badge);
  });
});
