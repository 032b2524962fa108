import { constants } from "node:fs";
import { access, mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";
import { CattleprodError } from "../core/index.ts";

/** What a path is when it is not a folder, as people say it: "a file", "a pipe (FIFO)", "a device". */
export function kindOf(stats: {
  isFile(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (stats.isFile()) return "a file";
  if (stats.isFIFO()) return "a pipe (FIFO)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "not a folder";
}

/**
 * Creates the missing folders of `path`, one level at a time from the deepest that exists (Node's
 * recursive mkdir spins without end under /proc). Fails with ENOTDIR when a part is not a folder.
 */
export async function makeFolders(path: string): Promise<void> {
  const missing: string[] = [];
  let at = path;
  for (;;) {
    const found = await stat(at).catch((error: unknown) =>
      (error as { code?: string }).code === "ENOENT" ? undefined : Promise.reject(error),
    );
    if (found) {
      if (!found.isDirectory()) throw Object.assign(new Error(`${at} is ${kindOf(found)}, not a folder`), { code: "ENOTDIR" });
      break;
    }
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const folder of missing)
    await mkdir(folder).catch((error: unknown) => ((error as { code?: string }).code === "EEXIST" ? undefined : Promise.reject(error)));
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EROFS") return "read-only file system";
  if (code === "ENOENT") return "the file system does not allow it";
  return error instanceof Error ? (error.message.split("\n")[0] ?? "").slice(0, 200) : String(error);
}

/**
 * Makes sure `dir` is a writable folder, creating it if missing, for a command that writes a few
 * files into it (keygen, explore). Throws one E_OUTPUT error naming the flag otherwise.
 */
export async function ensureWritableFolder(dir: string, option = "--out"): Promise<void> {
  const fail = (reason: string) =>
    new CattleprodError("E_OUTPUT", `Failed to use ${option} "${dir}": ${reason}. Give a folder path (it is created if missing).`);
  if (dir.trim() === "") throw fail("it is empty");
  await makeFolders(dir).catch((error: unknown) => {
    throw fail((error as { code?: string }).code === "ENOTDIR" ? (error as Error).message : `cannot create it (${reasonOf(error)})`);
  });
  await access(dir, constants.W_OK | constants.X_OK).catch((error: unknown) => {
    throw fail(`it is not writable (${reasonOf(error)})`);
  });
}
