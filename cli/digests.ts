import { readdir, readFile } from "node:fs/promises";
import { cpus, release, type } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { RunRecord } from "../core/index.ts";
import { CATALOG } from "../guarantees/index.ts";
import { sha256 } from "../reports/index.ts";
import { REFERENCE_PLATFORM } from "../scenarios/index.ts";

/** What a certified run was made from: digests of the catalog, every scenario, the platform and the harness. */
export interface InputDigests {
  readonly harness: RunRecord["harness"];
  /** sha256 of the control catalog as `cattleprod list controls --json` prints it. */
  readonly catalog: { readonly sha256: string; readonly controls: number };
  readonly scenarios: ReadonlyArray<{ readonly name: string; readonly file: string | null; readonly sha256: string | null }>;
  /** Per platform used: the module file, or for "reference" every file of platform/. */
  readonly platforms: ReadonlyArray<{ readonly ref: string; readonly files: Readonly<Record<string, string>> }>;
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? filesUnder(join(folder, e.name)) : Promise.resolve([join(folder, e.name)]))),
  );
  return nested.flat().sort();
}

async function digestFile(path: string): Promise<string> {
  return sha256(await readFile(path));
}

/** Digests the inputs of a run record (files are read relative to the working directory). */
export async function inputDigests(record: RunRecord): Promise<InputDigests> {
  const scenarios = await Promise.all(
    record.scenarios.map(async (s) => ({ name: s.name, file: s.file, sha256: s.file ? await digestFile(s.file) : null })),
  );
  // The platforms as named on the command line or in the scenarios (record.platform), not their display names.
  const refs = [...new Set(record.platform.split(", ").filter((ref) => ref !== "" && ref !== "external"))].sort();
  const platforms = await Promise.all(
    refs.map(async (ref) => {
      const files: Record<string, string> = {};
      if (ref === REFERENCE_PLATFORM) {
        // The code that runs: the TypeScript sources in the repository, the built JavaScript in an installed package.
        for (const file of (await filesUnder(join(ROOT, "platform"))).filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith(".d.ts")))
          files[relative(ROOT, file).split("\\").join("/")] = await digestFile(file);
      } else {
        files[ref] = await digestFile(resolve(ref));
      }
      return { ref, files };
    }),
  );
  return {
    harness: record.harness,
    catalog: { sha256: sha256(`${JSON.stringify(CATALOG, null, 2)}\n`), controls: CATALOG.length },
    scenarios,
    platforms,
  };
}

/** The machine a run happened on, without anything secret or personal: no host name, user or environment variables. */
export function environmentFingerprint(harness: RunRecord["harness"]): Record<string, string | number> {
  const cpu = cpus();
  return {
    harness: `${harness.name} ${harness.version}`,
    node: process.version,
    os: `${type()} ${release()}`,
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpu[0]?.model.trim() ?? "unknown",
    cpuCount: cpu.length,
  };
}
