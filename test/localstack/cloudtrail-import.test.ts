// Imported CloudTrail scenarios run on LocalStack through the public CLI (`cattleprod run --backend localstack FILE`):
// the incident and the scenario holding every mapped event pass with the reference platform.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { RunRecord } from "../../core/index.ts";
import { cliAsync, tempDir } from "../support/cli.ts";
import { freshAccount, useLocalStack } from "../support/localstack.ts";

/** The environment of a CLI child: this LocalStack and a fresh account, nothing else from this machine's AWS setup. */
function envFor(endpoint: string, region: string, account: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith("AWS_") || name === "LOCALSTACK_ENDPOINT") delete env[name];
  return {
    ...env,
    LOCALSTACK_ENDPOINT: endpoint,
    AWS_ACCESS_KEY_ID: account,
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: region,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
}

describe("imported CloudTrail scenarios on LocalStack", () => {
  const localstack = useLocalStack();

  it("the incident and the every-event scenario pass on LocalStack with the reference platform", async () => {
    const dir = tempDir();
    const incident = join(dir, "incident.yaml");
    const all = join(dir, "all-events.yaml");
    const env = { ...process.env, NO_COLOR: "1" };
    const first = await cliAsync(
      env,
      "import",
      "cloudtrail",
      "test/fixtures/cloudtrail/incident-ssh-eic",
      "--from",
      "2026-10-07T09:00:00Z",
      "--expect-from-incident",
      "--out",
      incident,
    );
    expect(first.code, first.stderr).toBe(0);
    const every = await cliAsync(
      env,
      "import",
      "cloudtrail",
      "test/fixtures/cloudtrail/all-events",
      "--from",
      "2026-10-07T08:00:00Z",
      "--to",
      "2026-10-07T12:00:00Z",
      "--platform-principal",
      "arn:aws:iam::111122223333:role/cattleprod-self-healer",
      "--name",
      "every-mapped-event",
      "--out",
      all,
    );
    expect(every.code, every.stderr).toBe(0);

    const out = join(dir, "report");
    const { handle } = localstack;
    const run = await cliAsync(
      envFor(handle.endpoint, handle.region, freshAccount()),
      "run",
      incident,
      all,
      "--backend",
      "localstack",
      "--out",
      out,
    );
    expect(run.code, run.stderr).toBe(0);
    const record = JSON.parse(readFileSync(join(out, "run.json"), "utf8")) as RunRecord;
    expect(record.scenarios.map((s) => [s.name, s.backend, s.status])).toEqual([
      ["every-mapped-event", "localstack", "pass"],
      ["incident-2026-10-07-0900-cloudtrail", "localstack", "pass"],
    ]);
    const incidentControls = record.scenarios.find((s) => s.name.startsWith("incident-"))?.controls ?? [];
    const status = Object.fromEntries(incidentControls.map((c) => [c.id, c.status]));
    expect([status["FLT-NET-001"], status["IMM-ACC-002"]]).toEqual(["pass", "pass"]);
    // Every step took effect on the account world, so no verdict rests on a chaos step that did nothing.
    for (const scenario of record.scenarios) expect(scenario.controls.filter((c) => c.status === "fail")).toEqual([]);
  }, 240_000);
});
