import { dirname } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { makeFolders } from "./make-folders.ts";

/**
 * Writes one file whole or not at all (write-file-atomic: a temporary file beside it, fsync,
 * rename; the temporary file is removed if the process exits first). `mode` sets its
 * permissions. A folder of reports is published with {@link ReportFolder} instead.
 */
export async function writeAtomic(path: string, text: string, mode?: number): Promise<void> {
  await makeFolders(dirname(path));
  await writeFileAtomic(path, text, mode === undefined ? {} : { mode });
}
