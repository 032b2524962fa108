import { CattleprodError, type RunRecord } from "../core/index.ts";
import { attachHistory, HISTORY_FILE } from "./history-file.ts";
import type { ReportInputs } from "./registry.ts";

/**
 * The history file (`events.ndjson`): every event of every scenario the record references, one
 * JSON object per line (`{"scenario", "backend", "event"}`), in the record's scenario order.
 * Nothing when the record references no history. Throws when the history given is not the one
 * the record's digests describe, so a record never ships beside another run's events.
 */
export function renderEvents(record: RunRecord, inputs: ReportInputs): string | undefined {
  if (!record.history) return undefined;
  const { record: expected, text } = attachHistory(record, inputs.history ?? []);
  if (expected.history?.sha256 !== record.history.sha256)
    throw new CattleprodError(
      "E_RUN_RECORD",
      `Failed to render ${HISTORY_FILE}: the history given does not match the digests in the run record. ` +
        "Render a record with the history it was attached to (attachHistory).",
    );
  return text;
}
