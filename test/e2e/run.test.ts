import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONTROL_IDS, type RunRecord } from "../../core/index.ts";
import { CATALOG } from "../../guarantees/index.ts";
import { cli, ROOT, tempDir } from "../support/cli.ts";

const readRecord = (dir: string): RunRecord => JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as RunRecord;
const withoutTiming = (record: RunRecord): string => JSON.stringify({ ...record, timing: undefined });

describe("cattleprod run on the stock library (each scenario's own seed)", () => {
  it("exits 0 and evaluates every catalog control, each passing", () => {
    const out = tempDir();
    const result = cli("run", "--out", out);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const record = readRecord(out);
    expect(record.kind).toBe("cattleprod.run");
    expect(record.version).toBe(1);
    expect(record.controls.map((c) => c.id)).toEqual([...CONTROL_IDS]);
    expect(record.controls.filter((c) => c.status !== "pass")).toEqual([]);
    const immutable = CATALOG.filter((entry) => entry.scope === "immutable").length;
    expect(result.stdout).toMatch(new RegExp(`Type 3 Immutable\\s+${immutable} passed\\s+0 failed`));
  });
});

describe("cattleprod run --seed 7", () => {
  it("writes identical run records to two folders once timing is dropped", () => {
    const [a, b] = [tempDir(), tempDir()];
    expect(cli("run", "--seed", "7", "--out", a).code).toBe(0);
    expect(cli("run", "--seed", "7", "--out", b).code).toBe(0);
    const [ra, rb] = [readRecord(a), readRecord(b)];
    expect(ra.seed).toBe(7);
    expect(ra.scenarios.every((s) => s.seed === 7)).toBe(true);
    expect(withoutTiming(ra)).toBe(withoutTiming(rb));
    expect(ra.timing.wallMs).toBeGreaterThanOrEqual(0);
  });
});

describe("broken platforms fail the control they break", () => {
  const cases: Array<[fixture: string, scenario: string, control: string]> = [
    ["reaper-spares-until-day-29", "scenarios/library/immutable-aging-28-days.yaml", "IMM-AGE-001"],
    ["reaper-spares-until-day-29", "scenarios/library/immutable-stop-start-keeps-age.yaml", "IMM-AGE-002"],
    ["healer-ignores-zone-b", "scenarios/library/cattle-zone-outage.yaml", "CAT-HEAL-001"],
    ["root-on-immutable", "scenarios/library/immutable-login-refused.yaml", "IMM-ACC-001"],
    ["repairs-immutable-in-place", "scenarios/library/immutable-drift-replaced.yaml", "IMM-CFG-001"],
    ["reaper-recycles-pets", "scenarios/library/pet-protected-past-28-days.yaml", "PET-PROT-001"],
    ["pets-open-to-all", "scenarios/library/pet-operator-access.yaml", "PET-ACC-001"],
    ["no-inventory", "scenarios/library/cattle-untagged-and-open-ssh.yaml", "FLT-INV-001"],
  ];
  it.each(cases)("%s on %s: exit 1 naming %s", (fixture, scenario, control) => {
    const out = tempDir();
    const result = cli("run", scenario, "--platform", `test/fixtures/platforms/${fixture}.ts`, "--out", out);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${control} failed:`);
    expect(result.stdout).toContain(`replay: npx cattleprod run --seed`);
    expect(result.stdout).toContain(`--platform test/fixtures/platforms/${fixture}.ts`);
    const record = readRecord(out);
    expect(record.controls.find((c) => c.id === control)?.status).toBe("fail");
  });
});

describe("a user's platform module", () => {
  it("loads a plain JavaScript (.mjs) platform and runs it (exit 1 naming the control it breaks)", () => {
    const dir = tempDir();
    const module = join(dir, "my-platform.mjs");
    writeFileSync(
      module,
      `import { referencePlatform, withoutController } from ${JSON.stringify(join(ROOT, "platform", "index.ts"))};\n` +
        'export default () => withoutController(referencePlatform(), "ingress-guard");\n',
    );
    const result = cli("run", "scenarios/library/immutable-open-ingress.yaml", "--platform", module, "--out", tempDir());
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("FLT-NET-001 failed:");
  });

  it("names the module and what is allowed when it cannot be loaded (exit 2)", () => {
    const result = cli("run", "scenarios/library/immutable-open-ingress.yaml", "--platform", "./no/such/platform.ts", "--out", tempDir());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        /^Failed to load platform "\.\/no\/such\/platform\.ts": .*\. /.source +
          /Give "reference", "external", a path to a \.ts, \.mts, \.js, \.mjs or \.cjs module/.source,
      ),
    );
  });
});

describe("malformed scenarios", () => {
  const cases: Array<[file: string, pattern: RegExp]> = [
    ["broken-yaml.yaml", /line \d+/],
    ["unknown-chaos.yaml", /unknown chaos "kil" at steps\[\d\]\.chaos \(line \d+, column \d+\)\. Known: kill, crash/],
    ["negative-duration.yaml", /negative duration .* \(line \d+, column \d+\)/],
    ["unknown-control.yaml", /unknown control "[A-Z-0-9]+" at expect\[\d\] \(line \d+, column \d+\)\. Known: FLT-INV-001/],
    ["missing-fleet.yaml", /missing "fleet" \(line \d+, column \d+\)/],
  ];
  it.each(cases)("run %s: exit 2 with file, line and path, nothing written", (file, pattern) => {
    const out = tempDir();
    const path = `test/fixtures/scenarios/bad/${file}`;
    const result = cli("run", path, "--out", out);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`Failed to load scenario "${path}"`);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(() => readFileSync(join(out, "run.json"))).toThrow();
  });
});
