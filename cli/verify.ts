import { join } from "node:path";
import { isCattleprodError, LIMITS } from "../core/index.ts";
import { checkRunRecord, keyIdOf, openEnvelope, readHistory, renderEnvelope, sha256, type Envelope } from "../reports/index.ts";
import { readInputBytes, readInputText } from "../scenarios/index.ts";
import { ATTESTATION_FILE } from "./certify.ts";
import { readPublicKey } from "./keys.ts";
import type { CliIo } from "./main.ts";

function isEnvelope(value: unknown): value is Envelope {
  const v = value as Envelope;
  return (
    typeof v === "object" &&
    v !== null &&
    typeof v.payloadType === "string" &&
    typeof v.payload === "string" &&
    Array.isArray(v.signatures) &&
    v.signatures.every((s) => typeof s === "object" && s !== null && typeof s.keyid === "string" && typeof s.sig === "string")
  );
}

/** Reads the envelope; a reason naming attestation.json when it was changed, or exit code 2 when there is none. */
async function readEnvelope(dir: string, io: CliIo): Promise<Envelope | string | 2> {
  const read = await readInputText(join(dir, ATTESTATION_FILE), LIMITS.recordBytes);
  if (!("text" in read)) {
    const reason = read.reason === "no such file or folder" ? `no ${ATTESTATION_FILE} there` : `${ATTESTATION_FILE}: ${read.reason}`;
    io.err(`Failed to verify "${dir}": ${reason}. Give a bundle folder written by cattleprod certify.\n`);
    return 2;
  }
  const text = read.text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `${ATTESTATION_FILE} changed: it is no longer JSON`;
  }
  if (!isEnvelope(value)) return `${ATTESTATION_FILE} changed: it is no longer a signed envelope`;
  if (renderEnvelope(value) !== text) return `${ATTESTATION_FILE} changed: it differs from the form certify wrote`;
  return value;
}

/**
 * `cattleprod verify DIR --pubkey PUBLIC.pem`: checks the signature of DIR/attestation.json,
 * then the sha256 of every file it covers, then that run.json is a valid run record. Returns 0
 * when all hold; 1 with one line per changed or missing file (or a bad signature); 2 when the
 * key or the bundle cannot be read at all.
 */
export async function verifyCommand(dir: string, pubkey: string, io: CliIo): Promise<number> {
  let key;
  try {
    key = await readPublicKey(pubkey);
  } catch (error) {
    if (!isCattleprodError(error)) throw error;
    io.err(`${error.message}\n`);
    return 2;
  }
  const envelope = await readEnvelope(dir, io);
  if (envelope === 2) return 2;
  const fail = (lines: readonly string[]) => {
    for (const line of lines) io.err(`Failed to verify "${dir}": ${line}. The bundle is not intact.\n`);
    return 1;
  };
  if (typeof envelope === "string") return fail([envelope]);
  const opened = openEnvelope(envelope, key);
  if (!opened.ok) return fail([`${ATTESTATION_FILE}: ${opened.reason} with ${pubkey}`]);
  const problems: string[] = [];
  const texts = new Map<string, Buffer>();
  for (const subject of opened.statement.subject) {
    if (!/^[\w.-]+$/.test(subject.name) || subject.name.startsWith(".")) {
      problems.push(`${ATTESTATION_FILE} names "${subject.name}", which is not a file of the bundle folder`);
      continue;
    }
    const read = await readInputBytes(join(dir, subject.name), LIMITS.recordBytes);
    if (!("bytes" in read)) {
      problems.push(read.reason === "no such file or folder" ? `${subject.name} is missing` : `${subject.name}: ${read.reason}`);
      continue;
    }
    const bytes = read.bytes;
    if (sha256(bytes) !== subject.digest.sha256) {
      const [found, attested] = [sha256(bytes).slice(0, 16), subject.digest.sha256.slice(0, 16)];
      problems.push(`${subject.name} changed: sha256 ${found}… but attested ${attested}…`);
    } else texts.set(subject.name, bytes);
  }
  if (problems.length > 0) return fail(problems);
  const run = texts.get("run.json");
  if (!run) return fail([`${ATTESTATION_FILE} does not cover run.json`]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(run.toString("utf8"));
  } catch {
    return fail(["run.json is not JSON"]);
  }
  const checked = checkRunRecord(parsed);
  if (!checked.ok) return fail([`run.json is not a valid run record: ${checked.problem.reason} at ${checked.problem.path}`]);
  const kept = checked.record.history;
  if (kept) {
    // The history run.json references must be attested too, and be the one its digests describe.
    const events = texts.get(kept.file);
    if (!events) return fail([`${ATTESTATION_FILE} does not cover ${kept.file}, which run.json references`]);
    try {
      readHistory(checked.record, events.toString("utf8"), kept.file);
    } catch (error) {
      return fail([`${kept.file} does not match run.json: ${(error as Error).message}`]);
    }
  }
  const predicate = opened.statement.predicate as { result?: string };
  io.out(
    `ok ${dir}: ${opened.statement.subject.length} files intact, signed by key ${keyIdOf(key).slice(0, 16)}…; ` +
      `result ${predicate.result ?? "?"} ` +
      `(${checked.record.harness.name} ${checked.record.harness.version}, ${checked.record.scenarios.length} scenarios)\n`,
  );
  return 0;
}
