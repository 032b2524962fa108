import { readFile } from "node:fs/promises";
import { CattleprodError, type RunRecord } from "../core/index.ts";
import { checkRunRecord } from "../reports/index.ts";

/**
 * Reads a run.json and checks it against the run record schema. Throws E_RUN_RECORD naming
 * the file, and for a schema problem the path inside it.
 *
 * @example await readRunRecord("shard-1/run.json")
 * // throws: Failed to read run record "x.json": scenarios[0].status: Invalid option ... at scenarios[0].status.
 * //   Give a run.json written by cattleprod run (record version 1).
 */
export async function readRunRecord(file: string, verb = "read run record"): Promise<RunRecord> {
  const allowed = "Give a run.json written by cattleprod run (record version 1).";
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const reason = (error as { code?: string }).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new CattleprodError("E_RUN_RECORD", `Failed to ${verb} "${file}": ${reason}. ${allowed}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CattleprodError("E_RUN_RECORD", `Failed to ${verb} "${file}": not JSON (${(error as Error).message}). ${allowed}`, {
      cause: error,
    });
  }
  const checked = checkRunRecord(value);
  if (!checked.ok)
    throw new CattleprodError(
      "E_RUN_RECORD",
      `Failed to ${verb} "${file}": ${checked.problem.reason} at ${checked.problem.path}. ${allowed}`,
    );
  return checked.record;
}
