import type { CliIo } from "./main.ts";
import { checkOutFolder } from "./report-folder.ts";

/**
 * Refuses a bad `--out` before a command loads its heavy modules, printing why (exit 2 follows); the
 * command checks the folder again when it opens it. Returns true when refused.
 */
export async function refusedOut(out: string, io: CliIo): Promise<boolean> {
  const refused = await checkOutFolder(out);
  if (refused) io.err(`${refused}\n`);
  return refused !== undefined;
}
