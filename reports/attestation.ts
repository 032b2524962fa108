import { createHash, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import type { RunRecord } from "../core/index.ts";
import { verdictWord } from "./vocabulary.ts";

/** The in-toto Statement layer type. */
export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";
/** cattleprod's test-result predicate. */
export const PREDICATE_TYPE = "https://cattleprod.dev/test-result/v1";
/** The DSSE payload type of an in-toto statement. */
export const PAYLOAD_TYPE = "application/vnd.in-toto+json";

/** A file and its digest, as an in-toto subject or resource descriptor. */
export interface Subject {
  readonly name: string;
  readonly digest: { readonly sha256: string };
}

/** An in-toto v1 statement about the files of a certification bundle. */
export interface Statement {
  readonly _type: typeof STATEMENT_TYPE;
  readonly subject: readonly Subject[];
  readonly predicateType: typeof PREDICATE_TYPE;
  readonly predicate: Record<string, unknown>;
}

/** A DSSE envelope: the base64 payload and its signatures over the pre-authentication encoding. */
export interface Envelope {
  readonly payloadType: string;
  readonly payload: string;
  readonly signatures: ReadonlyArray<{ readonly keyid: string; readonly sig: string }>;
}

/** Hex sha256 of bytes or text. */
export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A key's id: hex sha256 of its public key (SPKI DER). */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return sha256(publicKey.export({ type: "spki", format: "der" }));
}

/** DSSE v1 pre-authentication encoding: what is actually signed. */
export function pae(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, "utf8");
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

/**
 * The test-result statement of a certified run: the bundle files as subjects, and a predicate
 * with the verdict, the gate, the per-control outcome and the inputs (digests of catalog,
 * scenarios, platform) and environment it was produced with.
 */
export function testResultStatement(
  record: RunRecord,
  subjects: readonly Subject[],
  inputs: { digests: unknown; environment: unknown },
): Statement {
  const ids = (status: string) => record.controls.filter((c) => c.status === status).map((c) => c.id);
  return {
    _type: STATEMENT_TYPE,
    subject: subjects,
    predicateType: PREDICATE_TYPE,
    predicate: {
      result: verdictWord(record.exitCode),
      exitCode: record.exitCode,
      failOn: record.failOn,
      harness: record.harness,
      runRecordVersion: record.version,
      backend: record.backend,
      platform: record.platform,
      seed: record.seed,
      scenarios: record.scenarios.length,
      controls: {
        counts: record.summary.controls,
        passed: ids("pass"),
        failed: ids("fail"),
        waived: ids("waived"),
        inconclusive: ids("inconclusive"),
        skipped: ids("skipped"),
        error: ids("error"),
      },
      inputs: inputs.digests,
      environment: inputs.environment,
      startedAt: record.timing.startedAt,
      finishedAt: record.timing.finishedAt,
    },
  };
}

/** Signs a statement with an ed25519 private key into a DSSE envelope. */
export function signStatement(statement: Statement, privateKey: KeyObject): Envelope {
  const payload = Buffer.from(JSON.stringify(statement), "utf8");
  const sig = sign(null, pae(PAYLOAD_TYPE, payload), privateKey);
  return {
    payloadType: PAYLOAD_TYPE,
    payload: payload.toString("base64"),
    signatures: [{ keyid: keyIdOf(privateKey), sig: sig.toString("base64") }],
  };
}

/** The envelope as `attestation.json` holds it, byte for byte (verify compares against this form). */
export function renderEnvelope(envelope: Envelope): string {
  const signatures = envelope.signatures.map((s) => ({ keyid: s.keyid, sig: s.sig }));
  return `${JSON.stringify({ payloadType: envelope.payloadType, payload: envelope.payload, signatures }, null, 2)}\n`;
}

/**
 * Checks an envelope's signature with a public key; returns the statement it carries, or the
 * reason it cannot be trusted.
 */
export function openEnvelope(envelope: Envelope, publicKey: KeyObject): { ok: true; statement: Statement } | { ok: false; reason: string } {
  if (envelope.payloadType !== PAYLOAD_TYPE)
    return { ok: false, reason: `payloadType is ${JSON.stringify(envelope.payloadType)}, not ${PAYLOAD_TYPE}` };
  const payload = Buffer.from(envelope.payload, "base64");
  const keyid = keyIdOf(publicKey);
  const signature = envelope.signatures.find((s) => s.keyid === keyid);
  if (!signature) return { ok: false, reason: `no signature by key ${keyid.slice(0, 16)}` };
  if (!verify(null, pae(envelope.payloadType, payload), publicKey, Buffer.from(signature.sig, "base64")))
    return { ok: false, reason: "the signature does not verify" };
  let statement: Statement;
  try {
    statement = JSON.parse(payload.toString("utf8")) as Statement;
  } catch {
    return { ok: false, reason: "the signed payload is not JSON" };
  }
  if (statement._type !== STATEMENT_TYPE || statement.predicateType !== PREDICATE_TYPE || !Array.isArray(statement.subject)) {
    return { ok: false, reason: `the payload is not a ${PREDICATE_TYPE} statement` };
  }
  return { ok: true, statement };
}
