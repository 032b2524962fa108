import { execFile } from "node:child_process";
import { release, type } from "node:os";
import { promisify } from "node:util";
import type { RunEnvironment, RunRecord } from "../core/index.ts";
import { sha256 } from "../reports/index.ts";
import { inputDigests } from "./digests.ts";

const run = promisify(execFile);

/** The commit checked out in `cwd` and whether tracked files changed; nothing when git or a checkout is missing. */
async function gitState(cwd: string): Promise<Pick<RunEnvironment, "gitCommit" | "gitDirty">> {
  try {
    const options = { cwd, timeout: 10_000, windowsHide: true };
    const head = (await run("git", ["rev-parse", "--verify", "HEAD"], options)).stdout.trim();
    if (!/^[0-9a-f]{40,64}$/.test(head)) return {};
    const status = (await run("git", ["status", "--porcelain", "--untracked-files=no"], options)).stdout;
    return { gitCommit: head, gitDirty: status.trim() !== "" };
  } catch {
    return {};
  }
}

/**
 * Where and with what a run was made, for the record and the report's environment panel: the
 * harness, the git commit of the working directory (when it is a checkout), a sha256 per
 * platform over its files (the digests `certify` attests, folded into one), Node, the OS, and
 * what each API backend was. No host name, user or environment variables.
 */
export async function runEnvironment(record: RunRecord, backends: Readonly<Record<string, string>> = {}): Promise<RunEnvironment> {
  const digests = await inputDigests(record).catch(() => undefined);
  const platforms: Record<string, string> = {};
  for (const p of digests?.platforms ?? []) {
    const lines = Object.entries(p.files)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([file, digest]) => `${digest}  ${file}\n`);
    platforms[p.ref] = sha256(lines.join(""));
  }
  return {
    harness: `${record.harness.name} ${record.harness.version}`,
    ...(await gitState(process.cwd())),
    platforms,
    node: process.version,
    os: `${type()} ${release()} ${process.arch}`,
    ...(Object.keys(backends).length > 0 ? { backends: { ...backends } } : {}),
  };
}
