import { isCattleprodError } from "../core/index.ts";
import { ReportFolder } from "./report-folder.ts";

/**
 * Opens the `--out` folder before any work (its error printed, exit 2), runs `body` with it,
 * and when `body` ends in exit 2 without publishing, or throws, abandons the folder: its staging
 * copy and the previous run's reports are removed, so no report in it looks current. (A run
 * whose record itself ends in exit 2, a scenario in error, publishes that record: its run.json,
 * summary.md and report.html say ERROR.)
 *
 * @example return withReportFolder(options.out, async (folder) => { ...; await publishRecord(record, folder); return code; });
 */
export async function withReportFolder(out: string, body: (folder: ReportFolder) => Promise<number>): Promise<number> {
  let folder: ReportFolder;
  try {
    folder = await ReportFolder.open(out);
  } catch (error) {
    if (!isCattleprodError(error)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  let code: number;
  try {
    code = await body(folder);
  } catch (error) {
    await folder.abandon().catch(() => undefined);
    throw error;
  }
  if (code === 2 && !folder.published) await folder.abandon();
  return code;
}
