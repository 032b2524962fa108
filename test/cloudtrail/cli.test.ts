// `cattleprod import cloudtrail` as a child process: malformed input exits 2 with one line naming the file and record,
// and the imported incident runs on the simulated fleet: passing on the reference platform, failing FLT-NET-001 without
// the ingress guard.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../core/index.ts";
import { cliAsync, tempDir } from "../support/cli.ts";

const INCIDENT = "test/fixtures/cloudtrail/incident-ssh-eic";
const GZ = `${INCIDENT}/111122223333_CloudTrail_us-east-1_20261006T2205Z_Qx1vK8mZ2aB7cD3e.json.gz`;
const MALFORMED = "test/fixtures/cloudtrail/malformed";
const SHAPES = /\. Give a trail log file \(\{"Records": \[\.\.\.\]\}, gzip or not\), the output of aws cloudtrail lookup-events/;
const cattleprod = (...args: string[]) => cliAsync({ ...process.env, NO_COLOR: "1" }, ...args);

/** Exit 2, nothing on stdout, one line on stderr, and no --out file left behind. */
async function refused(...args: string[]): Promise<string> {
  const out = join(tempDir(), "scenario.yaml");
  const { code, stdout, stderr } = await cattleprod("import", "cloudtrail", ...args, "--out", out);
  expect({ code, stdout, lines: stderr.trimEnd().split("\n").length }).toEqual({ code: 2, stdout: "", lines: 1 });
  expect(existsSync(out)).toBe(false);
  return stderr.trimEnd();
}

describe("cattleprod import cloudtrail: malformed input", () => {
  it("not JSON: the file, the line and column of the syntax error, and the shapes it reads", async () => {
    const line = await refused(`${MALFORMED}/not-json.json`);
    expect(line).toMatch(/^Failed to import CloudTrail "[^"]+\/not-json\.json": not JSON \(comma expected at line 7, column 7\)/);
    expect(line).toMatch(SHAPES);
  });

  it("a record without eventTime: the file and the record index", async () => {
    expect(await refused(`${MALFORMED}/no-event-time.json`)).toBe(
      `Failed to import CloudTrail "${MALFORMED}/no-event-time.json": record 2 (Records[2]) has no eventTime. ` +
        "Every record needs eventTime (ISO 8601), eventSource and eventName, as CloudTrail writes them.",
    );
  });

  it("one event per line with a broken line: the record index and the line", async () => {
    expect(await refused(`${MALFORMED}/bad-line.jsonl`)).toMatch(
      /^Failed to import CloudTrail "[^"]+\/bad-line\.jsonl": record 2 \(line 3\) is not JSON \(.* at line 3, column \d+\)\. Give/,
    );
  });

  it("a window with no events: the files, the window and the range the input holds", async () => {
    const line = await refused(INCIDENT, "--from", "2027-01-01T00:00:00Z", "--to", "2027-01-02T00:00:00Z");
    const files = [
      "20261006T2205Z_Qx1vK8mZ2aB7cD3e.json.gz",
      "20261007T0920Z_Lm4nP6qR8sT0uV2w.json",
      "20261007T1145Z_Xy9zA1bC3dE5fG7h.json.gz",
    ];
    expect(line).toBe(
      `Failed to import CloudTrail "${files.map((f) => `${INCIDENT}/111122223333_CloudTrail_us-east-1_${f}`).join(", ")}": ` +
        "no events in the window 2027-01-01T00:00:00.000Z to 2027-01-02T00:00:00.000Z " +
        "(the input holds 6 events from 2026-10-06T22:01:12Z to 2026-10-07T11:40:12Z). Choose --from and --to inside that range.",
    );
  });

  it("a truncated gzip: the file, and that it was cut short", async () => {
    const cut = join(tempDir(), "111122223333_CloudTrail_us-east-1_20261006T2205Z_cut.json.gz");
    const whole = readFileSync(GZ);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await refused(cut)).toMatch(
      new RegExp(
        `^Failed to import CloudTrail "${cut}": truncated gzip \\(unexpected end of file\\): .*\\. Give the whole \\.json\\.gz file`,
      ),
    );
  });

  it("bad flags: --instances with --tag, a --from that is not a time, an unknown instance", async () => {
    expect(await refused(INCIDENT, "--instances", "i-0a1b2c3d4e5f60001", "--tag", "team=payments")).toMatch(
      /cannot be used with option '--tag/,
    );
    expect(await refused(INCIDENT, "--from", "yesterday")).toBe(
      'Failed to import CloudTrail: --from "yesterday" is not a time. Use ISO 8601 with a zone, e.g. 2026-10-07T09:00:00Z.',
    );
    expect(await refused(INCIDENT, "--instances", "i-0ffffffffffffffff")).toMatch(/--instances names i-0ffffffffffffffff, which no record/);
  });
});

describe("cattleprod import cloudtrail: the incident, imported and run on the simulated fleet", () => {
  it("writes the scenario; it passes on the reference platform and fails FLT-NET-001 without the ingress guard", async () => {
    const dir = tempDir();
    const file = join(dir, "incident.yaml");
    const imported = await cattleprod(
      "import",
      "cloudtrail",
      INCIDENT,
      "--from",
      "2026-10-07T09:00:00Z",
      "--expect-from-incident",
      "--out",
      file,
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe("");
    expect(imported.stderr).toBe(`wrote ${file} (2 steps; mapped 2, platform 0, ignored 3 of 6 records)\n`);
    expect((await cattleprod("validate", file)).stdout).toMatch(/^ok \S+incident\.yaml \(2 steps\)\n$/);

    const reference = await cattleprod("run", file, "--out", join(dir, "reference"));
    expect(reference.code, reference.stderr).toBe(0);
    const passed = JSON.parse(readFileSync(join(dir, "reference", "run.json"), "utf8")) as RunRecord;
    const verdicts = Object.fromEntries(passed.scenarios[0]?.controls.map((c) => [c.id, c.status]) ?? []);
    expect([verdicts["FLT-NET-001"], verdicts["IMM-ACC-002"]]).toEqual(["pass", "pass"]);

    const broken = await cattleprod(
      "run",
      file,
      "--platform",
      "test/fixtures/platforms/without-ingress-guard.ts",
      "--out",
      join(dir, "broken"),
    );
    expect(broken.code).toBe(1);
    expect(broken.stdout + broken.stderr).toMatch(/FLT-NET-001 failed: /);
    const failed = JSON.parse(readFileSync(join(dir, "broken", "run.json"), "utf8")) as RunRecord;
    const statuses = Object.fromEntries(failed.scenarios[0]?.controls.map((c) => [c.id, c.status]) ?? []);
    expect([statuses["FLT-NET-001"], statuses["IMM-ACC-002"]]).toEqual(["fail", "pass"]);
  });

  it("without --out, prints the YAML on stdout and one line of counts on stderr", async () => {
    const { code, stdout, stderr } = await cattleprod("import", "cloudtrail", INCIDENT, "--from", "2026-10-07T09:00:00Z");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Imported by `cattleprod import cloudtrail` from:\n/);
    expect(stdout).toContain("\nsteps:\n");
    expect(stderr).toBe("imported incident-2026-10-07-0900-cloudtrail (2 steps; mapped 2, platform 0, ignored 3 of 6 records)\n");
  });
});
