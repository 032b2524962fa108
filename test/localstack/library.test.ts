// The whole stock library on LocalStack through the real CLI, with the reference platform: it exits 0, the record
// validates against `cattleprod schema run`, every verdict says where its evidence came from, and the controls an
// account world decides from the account on cattleprod's LocalStack are decided there.
import { Ajv2020 } from "ajv/dist/2020.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../core/index.ts";
import { cliAsync, tempDir } from "../support/cli.ts";
import { freshAccount, useLocalStack } from "../support/localstack.ts";

/** Decided from the account on cattleprod's LocalStack (the list; the README's method table has them all). */
const FROM_THE_ACCOUNT = [
  "FLT-INV-001",
  "FLT-NET-001",
  "CAT-HEAL-001",
  "CAT-IMG-001",
  "IMM-AGE-001",
  "IMM-AGE-002",
  "IMM-CFG-001",
  "IMM-HEAL-001",
  "IMM-IMG-001",
  "IMM-DEP-001",
];

describe("cattleprod run --backend localstack on the stock library (reference platform)", () => {
  const localstack = useLocalStack({ drivableClock: true });

  it("exits 0; run.json validates, every control has a source, and the account-decided controls are decided there", async () => {
    const out = tempDir();
    const { endpoint, region } = localstack.handle;
    const env = {
      ...process.env,
      LOCALSTACK_ENDPOINT: endpoint,
      AWS_REGION: region,
      AWS_ACCESS_KEY_ID: freshAccount(),
      AWS_SECRET_ACCESS_KEY: "test",
    };
    const run = await cliAsync(env, "run", "--backend", "localstack", "--out", out);
    expect(run.code, run.stderr).toBe(0);
    const record = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunRecord;

    const schema = await cliAsync(env, "schema", "run");
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(schema.stdout) as Record<string, unknown>);
    expect(validate(record), JSON.stringify(validate.errors)).toBe(true);

    expect(record.scenarios.length).toBeGreaterThan(0);
    for (const scenario of record.scenarios) {
      expect(scenario.status).toBe("pass");
      for (const control of scenario.controls)
        expect(["account", "model"], `${scenario.name} ${control.id}`).toContain(control.evidence.source);
    }
    const passedFromAccount = new Set(
      record.scenarios.flatMap((s) => s.controls.filter((c) => c.status === "pass" && c.evidence.source === "account").map((c) => c.id)),
    );
    expect(FROM_THE_ACCOUNT.filter((id) => !passedFromAccount.has(id))).toEqual([]);
    // Nothing an emulator cannot show is claimed from the account.
    for (const id of ["PET-ACC-001", "CAT-DATA-001", "CAT-NET-001", "IMM-MAL-001", "CAT-HEAL-002"])
      expect(passedFromAccount.has(id)).toBe(false);
  }, 900_000);
});
