import { z } from "zod";
import { CattleprodError, CONTROL_IDS, DAY_MS, type Waiver } from "../core/index.ts";
import { formatPath, locate, quote, fileReason, readInputText, readYaml, type DocPath, type YamlSource } from "../scenarios/index.ts";

/** A waivers file, parsed and checked: entries in file order with the line each starts on. */
export interface LoadedWaivers {
  /** The path as given on the command line. */
  readonly file: string;
  readonly entries: ReadonlyArray<Waiver & { readonly line: number }>;
}

const NEEDS =
  'A waiver needs control, justification, approver and expires; scope (a scenario name glob, default "*") and ticket are optional.';
const EXPIRY_HINT = "Use a date such as 2026-12-31 (valid through that day, UTC) or a date-time such as 2026-12-31T18:00:00Z.";
const KEYS = ["control", "scope", "justification", "approver", "ticket", "expires"];

/** The instant a waiver stops holding: the end of its day (UTC) for a date, else the date-time itself. */
export function expiresAtMs(expires: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(expires)) return Date.parse(`${expires}T00:00:00Z`) + DAY_MS;
  return Date.parse(expires);
}

/** True for a real calendar date (2026-02-30 and 2026-13-45 are not) written YYYY-MM-DD. */
function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function isExpiry(value: string): boolean {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return isCalendarDate(value);
  const dateTime = /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
  return dateTime.test(value) && isCalendarDate(value) && Number.isFinite(Date.parse(value));
}

const text = (name: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `missing "${name}"` : `${name} must be text`) })
    .trim()
    .min(1, `${name} is empty`);

const entrySchema = z.strictObject({
  control: z.string({ error: (issue) => (issue.input === undefined ? `missing "control"` : "control must be text") }),
  scope: text("scope").default("*"),
  justification: text("justification"),
  approver: text("approver"),
  ticket: z.union([z.string(), z.number()]).transform(String).optional(),
  expires: z.string({ error: (issue) => (issue.input === undefined ? `missing "expires"` : "expires must be text such as 2026-12-31") }),
});

interface Located {
  reason: string;
  path: DocPath;
  key?: boolean;
  hint: string;
}

function problemOf(data: unknown, index: number): Located | undefined {
  const parsed = entrySchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    const path = [index, ...issue.path];
    if (issue.code === "unrecognized_keys")
      return {
        reason: `unknown key ${quote(issue.keys[0] ?? "")}`,
        path: [index, issue.keys[0] ?? ""],
        key: true,
        hint: `Allowed: ${KEYS.join(", ")}.`,
      };
    if (issue.code === "invalid_type" && issue.path.length === 0) return { reason: "a waiver must be a mapping", path, hint: NEEDS };
    if (issue.message.startsWith("missing")) return { reason: issue.message, path: [index], hint: NEEDS };
    return { reason: issue.message, path, hint: issue.path[0] === "expires" ? EXPIRY_HINT : NEEDS };
  }
  const entry = parsed.data;
  if (!(CONTROL_IDS as readonly string[]).includes(entry.control))
    return { reason: `unknown control ${quote(entry.control)}`, path: [index, "control"], hint: `Known: ${CONTROL_IDS.join(", ")}.` };
  if (!isExpiry(entry.expires)) return { reason: `invalid expiry ${quote(entry.expires)}`, path: [index, "expires"], hint: EXPIRY_HINT };
  return undefined;
}

function fail(file: string, source: YamlSource, problem: Located): never {
  const pos = locate(source, problem.path, { key: problem.key });
  const entry =
    typeof problem.path[0] === "number"
      ? ` at entry ${problem.path[0]} (${formatPath(problem.path)}, line ${pos.line}, column ${pos.column})`
      : ` (line ${pos.line}, column ${pos.column})`;
  throw new CattleprodError("E_WAIVERS", `Failed to load waivers "${file}": ${problem.reason}${entry}. ${problem.hint}`);
}

/**
 * Reads and checks a waivers file: a YAML list of `{ control, scope, justification, approver,
 * ticket, expires }`. Bad input throws one E_WAIVERS error naming the file, the entry, its
 * path, line and column, and what is allowed — the same shape as scenario errors.
 *
 * @example
 * await loadWaivers("waivers.yaml")
 * // throws: Failed to load waivers "waivers.yaml": missing "approver" at entry 1 ([1], line 7, column 3). A waiver needs ...
 */
export async function loadWaivers(file: string): Promise<LoadedWaivers> {
  const read = await readInputText(file);
  if (!("text" in read))
    throw new CattleprodError("E_WAIVERS", `Failed to load waivers "${file}": ${fileReason(read)}. Give a YAML file listing waivers.`);
  const source = readYaml(read.text);
  if (!("doc" in source)) {
    const reason = source.hint === undefined ? `YAML syntax error: ${source.reason}` : source.reason;
    throw new CattleprodError(
      "E_WAIVERS",
      `Failed to load waivers "${file}": ${reason} (line ${source.pos.line}, column ${source.pos.column}). ` +
        (source.hint ?? "Fix the YAML; a waivers file is a YAML list."),
    );
  }
  if (source.data === null || source.data === undefined) return { file, entries: [] };
  if (!Array.isArray(source.data))
    fail(file, source, { reason: "expected a list of waivers", path: [], hint: `Write one "- control: ..." item per waiver. ${NEEDS}` });
  const entries = (source.data as unknown[]).map((data, index) => {
    const problem = problemOf(data, index);
    if (problem) fail(file, source, problem);
    const entry = entrySchema.parse(data);
    return {
      index,
      control: entry.control,
      scope: entry.scope,
      justification: entry.justification,
      approver: entry.approver,
      ...(entry.ticket === undefined ? {} : { ticket: entry.ticket }),
      expires: entry.expires,
      line: locate(source, [index]).line,
    };
  });
  return { file, entries };
}
