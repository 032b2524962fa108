import { CattleprodError } from "./errors.ts";

/** A duration as written in scenarios: `30s`, `10m`, `2h`, `28d`, `1d12h`, `500ms`. */
export type DurationText = string;

const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/y;

/** Milliseconds in one minute, hour and day, for readable arithmetic. */
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/**
 * Parses a duration into milliseconds. A bare number is milliseconds.
 *
 * @example parseDuration("1d12h") // 129_600_000
 */
export function parseDuration(text: DurationText | number): number {
  if (typeof text === "number") {
    if (!Number.isFinite(text) || text < 0) throw durationError(String(text), "not a non-negative number");
    return text;
  }
  const source = text.trim();
  if (source.startsWith("-")) throw durationError(text, "negative durations are not allowed");
  if (source === "") throw durationError(text, "empty");
  if (/^\d+$/.test(source)) return Number(source);
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < source.length) {
    const at = PART.lastIndex;
    const match = PART.exec(source);
    if (!match || match.index !== at) throw durationError(text, `unexpected "${source.slice(at)}"`);
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  return Math.round(total);
}

function durationError(text: string, reason: string): CattleprodError {
  return new CattleprodError(
    "E_DURATION",
    `Failed to parse duration "${text}": ${reason}. Use a number with a unit, e.g. 30s, 10m, 2h, 28d, 1d12h.`,
  );
}

/** True when `text` parses as a duration. */
export function isDuration(text: unknown): boolean {
  if (typeof text !== "string" && typeof text !== "number") return false;
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Formats milliseconds the way people read them: the two largest units.
 *
 * @example formatDuration(29 * DAY_MS + 2 * HOUR_MS) // "29d 2h"
 */
export function formatDuration(ms: number): string {
  return formatUnits(ms, " ");
}

/** {@link formatDuration} without spaces, as chaos step descriptions write durations: `29d2h`. */
export function formatDurationCompact(ms: number): string {
  return formatUnits(ms, "");
}

function formatUnits(ms: number, separator: string): string {
  if (!Number.isFinite(ms)) return String(ms);
  const sign = ms < 0 ? "-" : "";
  let rest = Math.abs(Math.round(ms));
  if (rest < 1_000) return `${sign}${rest}ms`;
  // The two largest units present, largest first (checkers and step descriptions call this a lot: no arrays).
  let text = sign;
  let parts = 0;
  for (let i = 0; i < UNIT_SIZES.length && parts < 2; i++) {
    const size = UNIT_SIZES[i] as number;
    const count = Math.floor(rest / size);
    if (count > 0) {
      text += `${parts > 0 ? separator : ""}${count}${UNIT_NAMES[i] as string}`;
      parts++;
    }
    rest -= count * size;
  }
  return text;
}

const UNIT_NAMES = ["d", "h", "m", "s"] as const;
const UNIT_SIZES = [DAY_MS, HOUR_MS, MINUTE_MS, 1_000] as const;
