import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunRecord } from "../../core/index.ts";
import { ROOT, type CliResult } from "../support/cli.ts";

/** Runs `node bin/cattleprod.js ...args` from the repository root without blocking, so several runs overlap. */
export function cliAsync(...args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, "bin", "cattleprod.js"), ...args],
      { cwd: ROOT, encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** The run record in a report folder. */
export function readRecord(dir: string): RunRecord {
  return JSON.parse(readFileSync(join(dir, "run.json"), "utf8")) as RunRecord;
}

/** A record without its wall-clock part, for comparing runs. */
export function withoutTiming(record: RunRecord): Omit<RunRecord, "timing"> {
  const { timing: _timing, ...rest } = record;
  return rest;
}
