import { DAY_MS, HOUR_MS, MINUTE_MS } from "../core/index.ts";

const UNITS = [
  ["d", DAY_MS],
  ["h", HOUR_MS],
  ["m", MINUTE_MS],
  ["s", 1_000],
  ["ms", 1],
] as const;

/**
 * Formats milliseconds as scenarios write durations, exactly and compactly, so that
 * `parseDuration(formatCompactDuration(ms)) === ms` for every whole number of milliseconds.
 *
 * @example formatCompactDuration(129_600_000) // "1d12h"
 * @example formatCompactDuration(90_000) // "1m30s"
 */
export function formatCompactDuration(ms: number): string {
  let rest = Math.round(ms);
  if (!Number.isFinite(rest) || rest < 0) throw new RangeError(`not a duration: ${ms}`);
  if (rest === 0) return "0s";
  let out = "";
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) out += `${count}${unit}`;
    rest -= count * size;
  }
  return out;
}
