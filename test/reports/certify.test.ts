import { readFileSync, statSync, writeFileSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CONTROL_IDS } from "../../core/index.ts";
import { tempDir } from "../support/cli.ts";
import { LIBRARY_SCENARIOS } from "../support/library.ts";
import { cliAsync } from "./run-cli.ts";

const FILES = ["run.json", "events.ndjson", "junit.xml", "summary.md", "report.html", "digests.json", "environment.json"];
let keys: string;
let bundle: string;

beforeAll(async () => {
  keys = tempDir();
  const keygen = await cliAsync("keygen", "--out", keys);
  expect(keygen.code).toBe(0);
  bundle = join(tempDir(), "bundle");
  const certify = await cliAsync("certify", "--key", join(keys, "private.pem"), "--out", bundle, "--seed", "3");
  expect(certify.stderr).toBe("");
  expect(certify.code).toBe(0);
  expect(certify.stdout).toMatch(/Signed attestation\.json over 7 files with key [0-9a-f]{64}/);
});

/** A copy of the bundle with one byte of `file` flipped. */
function tampered(file: string, at = 100): string {
  const copy = tempDir();
  for (const name of [...FILES, "attestation.json"]) writeFileSync(join(copy, name), readFileSync(join(bundle, name)));
  const bytes = readFileSync(join(copy, file));
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  writeFileSync(join(copy, file), bytes);
  return copy;
}

describe("keygen", () => {
  it("writes an ed25519 PEM pair, the private key readable by its owner only, and never overwrites one", async () => {
    expect(statSync(join(keys, "private.pem")).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(keys, "private.pem"), "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(readFileSync(join(keys, "public.pem"), "utf8")).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const again = await cliAsync("keygen", "--out", keys);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`Failed to write key pair: ${join(keys, "private.pem")} exists.`);
  });
});

describe("certify", () => {
  it("writes the record, every report, digests, environment and a signed in-toto statement over them", () => {
    const envelope = JSON.parse(readFileSync(join(bundle, "attestation.json"), "utf8")) as {
      payloadType: string;
      payload: string;
      signatures: Array<{ keyid: string }>;
    };
    expect(envelope.payloadType).toBe("application/vnd.in-toto+json");
    const statement = JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8")) as {
      _type: string;
      predicateType: string;
      subject: Array<{ name: string; digest: { sha256: string } }>;
      predicate: { result: string; controls: { passed: string[] } };
    };
    expect(statement._type).toBe("https://in-toto.io/Statement/v1");
    expect(statement.predicateType).toBe("https://cattleprod.dev/test-result/v1");
    expect(statement.subject.map((s) => s.name)).toEqual(FILES);
    expect(statement.predicate.result).toBe("PASS");
    expect(statement.predicate.controls.passed).toEqual([...CONTROL_IDS]);
    const digests = JSON.parse(readFileSync(join(bundle, "digests.json"), "utf8")) as {
      catalog: { sha256: string; controls: number };
      scenarios: Array<{ file: string; sha256: string }>;
      platforms: Array<{ ref: string; files: Record<string, string> }>;
      harness: { version: string };
    };
    expect(digests.catalog.controls).toBe(CONTROL_IDS.length);
    expect(digests.scenarios).toHaveLength(LIBRARY_SCENARIOS);
    expect(digests.scenarios.every((s) => /^[0-9a-f]{64}$/.test(s.sha256))).toBe(true);
    expect(digests.platforms.map((p) => p.ref)).toEqual(["reference"]);
    expect(Object.keys(digests.platforms[0]?.files ?? {})).toContain("platform/reference.ts");
    const environment = readFileSync(join(bundle, "environment.json"), "utf8");
    expect(JSON.parse(environment)).toMatchObject({
      node: process.version,
      arch: process.arch,
      harness: `cattleprod ${digests.harness.version}`,
    });
    expect(environment.includes(hostname())).toBe(false);
    expect(environment.includes(userInfo().username)).toBe(false);
    expect(/[a-z]+:\/\//.test(readFileSync(join(bundle, "report.html"), "utf8"))).toBe(false);
  });
});

describe("verify", () => {
  it("passes the untouched bundle (exit 0)", async () => {
    const result = await cliAsync("verify", bundle, "--pubkey", join(keys, "public.pem"));
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^ok .*bundle: ${FILES.length} files intact, signed by key [0-9a-f]{16}…; ` +
          `result PASS \\(cattleprod \\d+\\.\\d+\\.\\d+, ${LIBRARY_SCENARIOS} scenarios\\)\n$`,
      ),
    );
  });

  it.concurrent.each(["run.json", "events.ndjson", "report.html"])(
    "fails after one byte of %s changed (exit 1 naming it)",
    async (file) => {
      const copy = tampered(file);
      const result = await cliAsync("verify", copy, "--pubkey", join(keys, "public.pem"));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(
          `^Failed to verify ".*": ${file.replace(".", "\\.")} changed: ` +
            "sha256 [0-9a-f]{16}… but attested [0-9a-f]{16}…\\. The bundle is not intact\\.\\n$",
        ),
      );
    },
  );

  it.concurrent("fails when attestation.json itself changed, or was signed by another key (exit 1)", async () => {
    const edited = await cliAsync("verify", tampered("attestation.json", 40), "--pubkey", join(keys, "public.pem"));
    expect(edited.code).toBe(1);
    expect(edited.stderr).toMatch(/attestation\.json/);
    const other = tempDir();
    expect((await cliAsync("keygen", "--out", other)).code).toBe(0);
    const wrongKey = await cliAsync("verify", bundle, "--pubkey", join(other, "public.pem"));
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/attestation\.json: no signature by key [0-9a-f]{16} with .*public\.pem\. The bundle is not intact\./);
  });

  it.concurrent("refuses a folder without attestation.json or an unreadable key (exit 2)", async () => {
    expect((await cliAsync("verify", tempDir(), "--pubkey", join(keys, "public.pem"))).code).toBe(2);
    const badKey = await cliAsync("verify", bundle, "--pubkey", join(keys, "missing.pem"));
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toContain(`Failed to read public key "${join(keys, "missing.pem")}": no such file.`);
  });
});
