import type { RunRecord } from "../core/index.ts";

/** The run record itself (`run.json`): two-space JSON with a final newline, byte-stable for a given record. */
export function renderJson(record: RunRecord): string {
  return `${JSON.stringify(record, null, 2)}\n`;
}
