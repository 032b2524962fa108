import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { importError, notJsonError, SHAPES_HINT } from "./import-error.ts";
import { readInventory } from "./read-inventory.ts";
import type { InventoryInstance, Json, TrailEvent, TrailRecord } from "./trail-record.ts";

/** The shapes of input the importer reads. */
export type TrailShape = "trail log" | "lookup-events" | "event lines" | "record list" | "describe-instances";

/** One input file and what was read from it. */
export interface TrailSource {
  readonly file: string;
  readonly shape: TrailShape;
  readonly gzip: boolean;
  /** Records read (for describe-instances: instances). */
  readonly count: number;
}

/** Everything read from the inputs: the events in time order (duplicates by eventID dropped) and inventories. */
export interface TrailInput {
  readonly sources: readonly TrailSource[];
  readonly events: readonly TrailEvent[];
  readonly inventory: readonly InventoryInstance[];
  /** Records seen again under an eventID already read (overlapping exports). */
  readonly duplicates: number;
}

const INPUT_FILE = /\.(?:json|jsonl|ndjson)(?:\.gz)?$/i;

/**
 * Reads CloudTrail input files and folders (searched recursively for *.json, *.jsonl, *.ndjson, optionally .gz):
 * trail log files, `aws cloudtrail lookup-events` output, one event per line (a record, an EventBridge event, or a
 * lookup-events entry per line), a JSON array of records, and `aws ec2 describe-instances` output as fleet evidence.
 * Gzip is recognised by its magic bytes. Bad input throws one E_IMPORT error naming the file and the record.
 */
export async function readTrail(paths: readonly string[]): Promise<TrailInput> {
  const sources: TrailSource[] = [];
  const events: TrailEvent[] = [];
  const inventory: InventoryInstance[] = [];
  for (const file of await expand(paths)) {
    const { text, gzip } = await readText(file);
    const before = events.length;
    const shape = parseInput(file, text, events, inventory);
    const count = shape === "describe-instances" ? inventory.filter((i) => i.file === file).length : events.length - before;
    sources.push({ file, shape, gzip, count });
  }
  events.sort((a, b) => a.timeMs - b.timeMs || a.order - b.order);
  const seen = new Set<string>();
  const unique = events.filter((event) => {
    const id = event.record.eventID;
    if (id === undefined) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return { sources, events: unique, inventory, duplicates: events.length - unique.length };
}

async function expand(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    let folder: boolean;
    try {
      folder = (await stat(given)).isDirectory();
    } catch (error) {
      throw importError(given, ioReason(error), "Pass CloudTrail files or folders that hold them.");
    }
    if (!folder) {
      files.push(given);
      continue;
    }
    const found = (await readdir(given, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && INPUT_FILE.test(entry.name))
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
    if (found.length === 0) throw importError(given, "no *.json, *.jsonl or *.json.gz files in this folder", SHAPES_HINT);
    files.push(...found);
  }
  return [...new Set(files)];
}

async function readText(file: string): Promise<{ text: string; gzip: boolean }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw importError(file, ioReason(error), "Pass CloudTrail files or folders that hold them.");
  }
  const gzip = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
  if (!gzip) return { text: bytes.toString("utf8"), gzip };
  try {
    return { text: gunzipSync(bytes).toString("utf8"), gzip };
  } catch (error) {
    const reason = (error as { code?: string }).code === "Z_BUF_ERROR" ? "truncated gzip (unexpected end of file)" : "corrupt gzip";
    throw importError(file, `${reason}: ${(error as Error).message}`, "Give the whole .json.gz file as CloudTrail delivered it.");
  }
}

function ioReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "no such file or folder";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

type Obj = { readonly [key: string]: Json };
const isObj = (value: unknown): value is Obj => typeof value === "object" && value !== null && !Array.isArray(value);

function parseInput(file: string, text: string, events: TrailEvent[], inventory: InventoryInstance[]): TrailShape {
  let whole: Json | undefined;
  try {
    whole = JSON.parse(text) as Json;
  } catch {
    const firstLine = text.slice(0, text.indexOf("\n") + 1 || text.length);
    if (!lineParses(firstLine)) throw notJsonError(file, text);
    readLines(file, text, events);
    return "event lines";
  }
  const add = (value: Json | undefined, where: string, index: number) => events.push(toEvent(file, where, index, events.length, value));
  if (Array.isArray(whole)) {
    whole.forEach((value, i) => add(unwrap(value, file, `[${i}]`, i), `[${i}]`, i));
    return "record list";
  }
  if (!isObj(whole)) throw importError(file, `not a CloudTrail file (a JSON ${typeof whole}, not an object)`, SHAPES_HINT);
  if (Array.isArray(whole["Records"])) {
    whole["Records"].forEach((value, i) => add(value, `Records[${i}]`, i));
    return "trail log";
  }
  if (Array.isArray(whole["Events"])) {
    whole["Events"].forEach((entry, i) => {
      const where = `Events[${i}].CloudTrailEvent`;
      add(embedded(file, where, i, isObj(entry) ? entry["CloudTrailEvent"] : undefined), where, i);
    });
    return "lookup-events";
  }
  if (Array.isArray(whole["Reservations"])) {
    inventory.push(...readInventory(file, whole["Reservations"]));
    return "describe-instances";
  }
  if ("eventTime" in whole || "detail" in whole || "CloudTrailEvent" in whole) {
    add(unwrap(whole, file, "line 1", 0), "line 1", 0);
    return "event lines";
  }
  throw importError(file, "not a CloudTrail file (a JSON object without Records, Events or Reservations)", SHAPES_HINT);
}

function lineParses(line: string): boolean {
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function readLines(file: string, text: string, events: TrailEvent[]): void {
  const lines = text.split("\n");
  let index = 0;
  lines.forEach((line, i) => {
    if (line.trim() === "") return;
    let value: Json;
    try {
      value = JSON.parse(line) as Json;
    } catch {
      throw notJsonError(file, line, `record ${index} (line ${i + 1}) is not JSON`, i);
    }
    events.push(toEvent(file, `line ${i + 1}`, index, events.length, unwrap(value, file, `line ${i + 1}`, index)));
    index++;
  });
}

/** The record inside an EventBridge event (`detail`) or a lookup-events entry (`CloudTrailEvent`); else the value. */
function unwrap(value: Json, file: string, where: string, index: number): Json | undefined {
  if (!isObj(value)) return value;
  if (isObj(value["detail"]) && !("eventTime" in value)) return value["detail"];
  if ("CloudTrailEvent" in value) return embedded(file, `${where} CloudTrailEvent`, index, value["CloudTrailEvent"]);
  return value;
}

function embedded(file: string, where: string, index: number, value: Json | undefined): Json | undefined {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as Json;
  } catch {
    throw importError(file, `record ${index} (${where}) is not a JSON string`, "CloudTrailEvent holds the record as JSON text.");
  }
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;
const REQUIRED = "Every record needs eventTime (ISO 8601), eventSource and eventName, as CloudTrail writes them.";

function toEvent(file: string, where: string, index: number, order: number, value: Json | undefined): TrailEvent {
  const at = `record ${index} (${where})`;
  if (!isObj(value)) throw importError(file, `${at} is not a JSON object`, REQUIRED);
  for (const field of ["eventTime", "eventSource", "eventName"] as const) {
    if (typeof value[field] !== "string" || value[field] === "") throw importError(file, `${at} has no ${field}`, REQUIRED);
  }
  const timeMs = ISO_TIME.test(value["eventTime"] as string) ? Date.parse(value["eventTime"] as string) : NaN;
  if (!Number.isFinite(timeMs))
    throw importError(file, `${at} has an eventTime that is not a time: "${String(value["eventTime"])}"`, REQUIRED);
  return { file, where, order, timeMs, record: value as unknown as TrailRecord };
}
