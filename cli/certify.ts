import type { KeyObject } from "node:crypto";
import { commandLine, isCattleprodError, type Severity } from "../core/index.ts";
import { keyIdOf, renderEnvelope, renderReports, sha256, signStatement, testResultStatement, type Subject } from "../reports/index.ts";
import { environmentFingerprint, inputDigests } from "./digests.ts";
import { gateRecord } from "./gate.ts";
import { readPrivateKey } from "./keys.ts";
import { announceRecord } from "./publish.ts";
import { executeRun, loadWaiversOption } from "./run.ts";
import type { ReportFolder } from "./report-folder.ts";
import { withReportFolder } from "./with-report-folder.ts";

/** Options of `cattleprod certify`. */
export interface CertifyOptions {
  readonly key: string;
  readonly out: string;
  readonly seed?: number;
  readonly platform?: string;
  readonly failOn: Severity;
  readonly waivers?: string;
  readonly annotations?: boolean;
}

/** The file of the signed statement in a bundle; every other bundle file is one of its subjects. */
export const ATTESTATION_FILE = "attestation.json";

/**
 * `cattleprod certify [PATH...] --key PRIVATE.pem --out DIR`: runs the scenarios like `run`
 * and writes a certification bundle: run.json and every report, digests.json (catalog,
 * scenarios, platform, harness), environment.json, and attestation.json, an in-toto
 * test-result statement over all of them in a DSSE envelope signed with the ed25519 key.
 * Returns the run's exit code (the bundle is written whatever the verdict).
 */
export async function certifyCommand(paths: readonly string[], options: CertifyOptions): Promise<number> {
  let key: KeyObject;
  try {
    key = await readPrivateKey(options.key);
  } catch (error) {
    if (!isCattleprodError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  return withReportFolder(options.out, (folder) => certifyInto(folder, key, paths, options));
}

async function certifyInto(folder: ReportFolder, key: KeyObject, paths: readonly string[], options: CertifyOptions): Promise<number> {
  const waivers = await loadWaiversOption(options.waivers);
  if (waivers === 2) return 2;
  const run = await executeRun(paths, options);
  if (run === 2) return 2;
  const { record, history } = run;
  const gated = waivers ? gateRecord(record, { failOn: options.failOn, waivers, now: new Date() }) : record;
  const digests = await inputDigests(gated);
  const environment = environmentFingerprint(gated.harness);
  const files = [
    ...renderReports(gated, { history }).map((r) => ({ file: r.file, text: r.text })),
    { file: "digests.json", text: `${JSON.stringify(digests, null, 2)}\n` },
    { file: "environment.json", text: `${JSON.stringify(environment, null, 2)}\n` },
  ];
  const subjects: Subject[] = files.map((f) => ({ name: f.file, digest: { sha256: sha256(f.text) } }));
  const envelope = signStatement(testResultStatement(gated, subjects, { digests, environment }), key);
  const written = await folder.publish([...files, { file: ATTESTATION_FILE, text: renderEnvelope(envelope) }]);
  announceRecord(gated, written, { waivers, annotations: options.annotations });
  process.stdout.write(
    `Signed ${ATTESTATION_FILE} over ${subjects.length} files with key ${keyIdOf(key)}. ` +
      `Check it with: ${commandLine(["verify", options.out, "--pubkey", "PUBLIC.pem"])}\n`,
  );
  return gated.exitCode;
}
