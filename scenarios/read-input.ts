import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { formatBytes, LIMITS } from "../core/index.ts";

/** Why an input file could not be read: a reason for the message, and whether a limit refused it. */
export interface UnreadableInput {
  readonly reason: string;
  readonly limit?: boolean;
}

/** The reason a file system call failed, as people say it. */
export function ioReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT" || code === "ENOTDIR") return "no such file or folder";
  if (code === "EISDIR") return "it is a folder";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ELOOP") return "a loop of symbolic links";
  if (code === "ENAMETOOLONG") return "the path is too long";
  return error instanceof Error ? error.message.split("\n")[0]!.slice(0, 200) : String(error);
}

/** The reason of an unreadable input where a file was expected: "no such file" rather than "... or folder". */
export function fileReason(read: UnreadableInput): string {
  return read.reason === "no such file or folder" ? "no such file" : read.reason;
}

function kindOf(stats: { isDirectory(): boolean; isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean }): string {
  if (stats.isDirectory()) return "it is a folder";
  if (stats.isFIFO()) return "it is a pipe (FIFO), not a file";
  if (stats.isSocket()) return "it is a socket, not a file";
  if (stats.isCharacterDevice()) return "it is a device, not a file";
  return "it is not a regular file";
}

/**
 * Reads a scenario or waivers file as UTF-8 text, refusing before reading what it should not
 * read at all: something that is not a regular file (a folder, a pipe, a device such as
 * /dev/zero) and a file larger than `maxBytes`, by default `LIMITS.fileBytes` (checked on the
 * open handle, so a 50 MB file costs a stat, not a read).
 */
export async function readInputText(file: string, maxBytes: number = LIMITS.fileBytes): Promise<{ text: string } | UnreadableInput> {
  const read = await readInputBytes(file, maxBytes);
  return "bytes" in read ? { text: read.bytes.toString("utf8") } : read;
}

/** As {@link readInputText}, the bytes as they are. */
export async function readInputBytes(file: string, maxBytes: number = LIMITS.fileBytes): Promise<{ bytes: Buffer } | UnreadableInput> {
  let handle;
  try {
    // Non-blocking, so opening a pipe nobody writes to returns at once (and is then refused) instead of waiting.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { reason: ioReason(error) };
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return { reason: kindOf(stats) };
    if (stats.size > maxBytes) return { reason: `the file is ${formatBytes(stats.size)} (limit ${formatBytes(maxBytes)})`, limit: true };
    return { bytes: await handle.readFile() };
  } catch (error) {
    return { reason: ioReason(error) };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
