import { createHash } from "node:crypto";
import { CattleprodError, type HistoryEvent, type RunRecord, type ScenarioRecord } from "../core/index.ts";

/** The history file beside run.json. */
export const HISTORY_FILE = "events.ndjson";

/** One scenario's whole history, as a run hands it out. */
export interface ScenarioHistory {
  readonly scenario: string;
  readonly backend: string;
  readonly events: readonly HistoryEvent[];
}

/** Every scenario's history of a run, in the record's scenario order. */
export type RunHistory = readonly ScenarioHistory[];

/** The key a scenario's history is found by: its name, and its backend in a differential run. */
export function historyKey(scenario: Pick<ScenarioRecord, "name" | "backend">): string {
  return `${scenario.backend}\u0000${scenario.name}`;
}

function hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** One scenario's lines: `{"scenario":..,"backend":..,"event":{seq, atMs, kind, actor, ...}}` per event. */
function linesOf(history: ScenarioHistory): string {
  const head = `{"scenario":${JSON.stringify(history.scenario)},"backend":${JSON.stringify(history.backend)},"event":`;
  return history.events.map((event) => `${head}${JSON.stringify(event)}}\n`).join("");
}

/**
 * Attaches the run's history to its record: each scenario that has one gets a reference to its
 * lines of `events.ndjson` (count and sha256), and the record the sha256 of the whole file.
 * Returns the record and the file's text; a pure function of both inputs, so the digests always
 * match the text.
 *
 * @example const { record: kept, text } = attachHistory(record, history); // write text to DIR/events.ndjson
 */
export function attachHistory(record: RunRecord, history: RunHistory): { record: RunRecord; text: string } {
  const byKey = new Map(history.map((h) => [historyKey({ name: h.scenario, backend: h.backend }), h]));
  const parts: string[] = [];
  let total = 0;
  const scenarios = record.scenarios.map((scenario): ScenarioRecord => {
    const { history: _old, ...rest } = scenario;
    const kept = byKey.get(historyKey(scenario));
    if (!kept) return rest;
    const lines = linesOf(kept);
    parts.push(lines);
    total += kept.events.length;
    return { ...rest, history: { file: HISTORY_FILE, events: kept.events.length, sha256: hex(lines) } };
  });
  const text = parts.join("");
  if (parts.length === 0) {
    const { history: _none, ...bare } = record;
    return { record: { ...bare, scenarios }, text };
  }
  return { record: { ...record, scenarios, history: { file: HISTORY_FILE, events: total, sha256: hex(text) } }, text };
}

function historyError(file: string, reason: string): CattleprodError {
  return new CattleprodError(
    "E_RUN_RECORD",
    `Failed to read history "${file}": ${reason}. Give the ${HISTORY_FILE} written beside that run.json by cattleprod run.`,
  );
}

/**
 * Reads back the history a record references from the text of its history file, checking the
 * file's sha256 and each scenario's count and sha256. Throws E_RUN_RECORD naming the file and
 * the line or scenario that does not match.
 */
export function readHistory(record: RunRecord, text: string, file: string): RunHistory {
  if (record.history && hex(text) !== record.history.sha256)
    throw historyError(file, `sha256 ${hex(text).slice(0, 16)}… but run.json records ${record.history.sha256.slice(0, 16)}…`);
  const lines = new Map<string, { scenario: string; backend: string; events: HistoryEvent[]; text: string[] }>();
  text.split("\n").forEach((line, i) => {
    if (line === "") return;
    let value: { scenario?: unknown; backend?: unknown; event?: unknown };
    try {
      value = JSON.parse(line) as typeof value;
    } catch {
      throw historyError(file, `line ${i + 1} is not JSON`);
    }
    if (typeof value.scenario !== "string" || typeof value.backend !== "string" || typeof value.event !== "object" || !value.event)
      throw historyError(file, `line ${i + 1} has no scenario, backend and event`);
    const key = historyKey({ name: value.scenario, backend: value.backend });
    let entry = lines.get(key);
    if (!entry) lines.set(key, (entry = { scenario: value.scenario, backend: value.backend, events: [], text: [] }));
    entry.events.push(value.event as HistoryEvent);
    entry.text.push(`${line}\n`);
  });
  return record.scenarios.flatMap((scenario): ScenarioHistory[] => {
    if (!scenario.history) return [];
    const entry = lines.get(historyKey(scenario));
    const digest = entry ? hex(entry.text.join("")) : hex("");
    if (!entry || entry.events.length !== scenario.history.events || digest !== scenario.history.sha256)
      throw historyError(
        file,
        `scenario "${scenario.name}" has ${entry?.events.length ?? 0} events (sha256 ${digest.slice(0, 16)}…) ` +
          `but run.json records ${scenario.history.events} (sha256 ${scenario.history.sha256.slice(0, 16)}…)`,
      );
    return [{ scenario: entry.scenario, backend: entry.backend, events: entry.events }];
  });
}
