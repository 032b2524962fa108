import { mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";

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
      if (!found.isDirectory()) throw Object.assign(new Error(`${at} is ${kindOf(found)}`), { code: "ENOTDIR" });
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
