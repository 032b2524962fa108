import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { tempDir } from "../support/cli.ts";
import { cliAsync, readRecord } from "./run-cli.ts";

// One failing control: the reaper fixture keeps immutable instances until day 29 (IMM-AGE-001, critical).
const SCENARIO = "scenarios/library/immutable-aging-28-days.yaml";
const BROKEN = ["--platform", "test/fixtures/platforms/reaper-spares-until-day-29.ts"];
const WAIVERS = "test/fixtures/waivers";

async function gated(...flags: string[]) {
  const out = tempDir();
  const result = await cliAsync("run", SCENARIO, ...BROKEN, "--out", out, ...flags);
  return { out, result, read: (file: string) => readFileSync(join(out, file), "utf8") };
}

describe("the gate on a failing control (IMM-AGE-001, scenario seed 63)", () => {
  it.concurrent(
    "without a waiver: exit 1; JUnit, summary.md, report.html and --annotations carry the failure with its replay line",
    async () => {
      const { result, read } = await gated("--annotations");
      expect(result.code).toBe(1);
      const failure = new XMLParser({ ignoreAttributes: false })
        .parse(read("junit.xml"))
        .testsuites.testsuite.flatMap((s: { testcase?: unknown[] }) => s.testcase ?? [])
        .find((c: { "@_name": string }) => c["@_name"] === "IMM-AGE-001 · immutable-aging-28-days").failure;
      expect(failure["@_message"]).toMatch(/^IMM-AGE-001 failed: i-\d+ ran 29d/);
      expect(failure["#text"]).toMatch(
        new RegExp(
          /replay: npx cattleprod run --seed 63 scenarios\/library\/immutable-aging-28-days\.yaml /.source +
            /--platform test\/fixtures\/platforms\/reaper-spares-until-day-29\.ts/.source,
        ),
      );
      expect(failure["#text"]).toMatch(/expected: every immutable instance younger than 28d[\s\S]*observed: i-\d+ ran 29d/);
      expect(read("summary.md")).toMatch(
        /### Failures \(1\)[\s\S]*IMM-AGE-001 · immutable-aging-28-days \(critical\)[\s\S]*replay: npx cattleprod run --seed 63/,
      );
      expect(read("report.html")).toMatch(/class="card fail"[\s\S]*IMM-AGE-001 failed[\s\S]*observed: i-\d+ ran 29d/);
      expect(result.stdout).toMatch(
        new RegExp(
          /^::error title=IMM-AGE-001 · immutable-aging-28-days,file=scenarios\/library\/immutable-aging-28-days\.yaml::/.source +
            /IMM-AGE-001 failed: .*%0Areplay: npx cattleprod run --seed 63 /.source,
          "m",
        ),
      );
    },
  );

  it.concurrent("a valid waiver: exit 0, the control reported waived with its waiver, in the record and every report", async () => {
    const { out, result, read } = await gated("--waivers", `${WAIVERS}/valid.yaml`);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const record = readRecord(out);
    const control = record.controls.find((c) => c.id === "IMM-AGE-001");
    expect(control?.status).toBe("waived");
    expect(control?.waivers?.[0]).toMatchObject({
      index: 0,
      approver: "Ada Lovelace (platform lead)",
      ticket: "OPS-1234",
      expires: "2999-12-31",
    });
    expect(record.scenarios[0]?.controls.find((c) => c.id === "IMM-AGE-001")).toMatchObject({ status: "waived", waiver: { index: 0 } });
    expect(record.waivers?.entries.map((w) => [w.control, w.state, w.waived])).toEqual([
      ["IMM-AGE-001", "applied", ["immutable-aging-28-days"]],
      ["CAT-HEAL-001", "unused", []],
    ]);
    expect(record.summary.controls.waived).toBe(1);
    expect(record.timing.waiversEvaluatedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(result.stdout).toContain(
      "IMM-AGE-001 in immutable-aging-28-days: waived by Ada Lovelace (platform lead) until 2999-12-31 (OPS-1234)",
    );
    expect(read("junit.xml")).toMatch(/<skipped message="waived: IMM-AGE-001 failed: [^"]*waived by Ada Lovelace/);
    expect(read("summary.md")).toContain("### Waived (1)");
    expect(read("report.html")).toContain('data-control="IMM-AGE-001" data-status="waived"');
  });

  it.concurrent("an expired waiver: exit 1 with a line naming the file, entry and expiry; the failure stays a failure", async () => {
    const { out, result } = await gated("--waivers", `${WAIVERS}/expired.yaml`);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Waiver expired: ${WAIVERS}/expired.yaml entry 0 (line 1): IMM-AGE-001 (scope *) expired 2020-01-31, ` +
        "approver Ada Lovelace (platform lead), ticket OPS-1234. " +
        "An expired waiver fails the gate: renew it with a new expiry or remove it.\n",
    );
    const record = readRecord(out);
    expect(record.controls.find((c) => c.id === "IMM-AGE-001")?.status).toBe("fail");
    expect(record.waivers?.entries[0]?.state).toBe("expired");
  });

  it.concurrent("an expired waiver fails the gate even when its control passes", async () => {
    const out = tempDir();
    const result = await cliAsync("run", SCENARIO, "--out", out, "--waivers", `${WAIVERS}/expired.yaml`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Waiver expired:");
    expect(readRecord(out).exitCode).toBe(1);
  });

  it.concurrent.each([
    [
      "missing-approver.yaml",
      `missing "approver" at entry 1 ([1], line 7, column 3). A waiver needs control, justification, approver and expires`,
    ],
    ["unknown-control.yaml", `unknown control "IMM-AGE-009" at entry 0 ([0].control, line 1, column 12). Known: FLT-INV-001,`],
    ["bad-expiry.yaml", `invalid expiry "next quarter" at entry 0 ([0].expires, line 4, column 12). Use a date such as 2026-12-31`],
    ["not-a-list.yaml", "expected a list of waivers (line 1, column 1)."],
  ])("a malformed waivers file (%s): exit 2 naming the file and entry, nothing run or written", async (file, message) => {
    const { out, result } = await gated("--waivers", `${WAIVERS}/${file}`);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.startsWith(`Failed to load waivers "${WAIVERS}/${file}": `)).toBe(true);
    expect(result.stderr).toContain(message);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(() => readFileSync(join(out, "run.json"))).toThrow();
  });
});
