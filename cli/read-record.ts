import { CattleprodError, LIMITS, type RunRecord } from "../core/index.ts";
import { checkRunRecord } from "../reports/index.ts";
import { fileReason, readInputText } from "../scenarios/index.ts";

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
  const read = await readInputText(file, LIMITS.recordBytes);
  if (!("text" in read)) throw new CattleprodError("E_RUN_RECORD", `Failed to ${verb} "${file}": ${fileReason(read)}. ${allowed}`);
  let value: unknown;
  try {
    value = JSON.parse(read.text);
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0]?.slice(0, 120) ?? "";
    throw new CattleprodError("E_RUN_RECORD", `Failed to ${verb} "${file}": not JSON (${reason}). ${allowed}`, {
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
