import type { DocPath } from "./yaml-source.ts";

/**
 * One thing wrong with a scenario, before it is placed in the file: the reason, the path
 * shown, where to point (the value, the key, or for a missing key its container) and a hint
 * saying what is allowed.
 */
export interface Problem {
  /** "unknown chaos \"kil\"" */
  readonly reason: string;
  /** The path shown after "at"; empty for the top level. */
  readonly path: DocPath;
  /** The path whose node the line and column point at (default: `path`). */
  readonly pointAt?: DocPath;
  /** Point at the key rather than the value. */
  readonly atKey?: boolean;
  /** What is allowed, a full sentence: "Known: kill, crash." */
  readonly hint?: string;
  /** The problem is a limit of core's `LIMITS` crossed (error code E_LIMIT when it comes first). */
  readonly limit?: boolean;
}

/** Longest text a message quotes in full. */
const QUOTED_MAX = 60;

/** A text quoted for a message, cut short when long: `"abc"`, `"abcd…" (a text of 9,600 characters)`. */
export function quote(text: string): string {
  if (text.length <= QUOTED_MAX) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, QUOTED_MAX - 20))}… (a text of ${text.length.toLocaleString("en-US")} characters)`;
}

/** Describes a value for a message: `"abc"`, `5`, `a list`, `nothing`. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return quote(value);
  return String(value);
}

/** "Known: a, b, c." (values as written in YAML). */
export function knownList(label: "Known" | "Allowed", values: readonly unknown[]): string {
  return `${label}: ${values.map((v) => String(v)).join(", ")}.`;
}
