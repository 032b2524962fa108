import fc from "fast-check";
import { DAY_MS, HOUR_MS, MINUTE_MS, type FleetBounds } from "../../core/index.ts";

/**
 * A duration drawn relative to one of the fleet's bounds (`rto - 1s`, `jitMax + 1m`), resolved
 * against the fleet a run explores. Commands stay independent of the fleet, so fast-check shrinks
 * them as usual, and the edges that matter (just inside, just past a bound) come up often.
 */
export class RelativeDuration {
  constructor(
    readonly bound: keyof FleetBounds,
    readonly offsetMs: number,
  ) {}

  /** Milliseconds for a fleet's bounds, never below one second. */
  resolve(bounds: FleetBounds): number {
    return Math.max(1_000, bounds[this.bound] + this.offsetMs);
  }

  /** The coverage class: `rto-`, `rto`, `rto+` (just inside, on, just past the bound). */
  get cls(): string {
    return `${this.bound.slice(0, -2)}${this.offsetMs < 0 ? "-" : this.offsetMs > 0 ? "+" : ""}`;
  }

  toString(): string {
    const name = this.bound.slice(0, -2);
    const offset = this.offsetMs === 0 ? "" : `${this.offsetMs < 0 ? "-" : "+"}${Math.abs(this.offsetMs) / 1_000}s`;
    return `${name}${offset}`;
  }
}

/** A duration as drawn: absolute milliseconds, or relative to a fleet bound. */
export type DrawnDuration = number | RelativeDuration;

/** Milliseconds of a drawn duration on a fleet. */
export function durationMs(drawn: DrawnDuration, bounds: FleetBounds): number {
  return typeof drawn === "number" ? drawn : drawn.resolve(bounds);
}

/** The coverage class of a drawn duration: its bound edge, or its magnitude (`s`, `m`, `h`, `d`). */
export function durationClass(drawn: DrawnDuration): string {
  if (typeof drawn !== "number") return drawn.cls;
  return drawn < MINUTE_MS ? "seconds" : drawn < HOUR_MS ? "minutes" : drawn < DAY_MS ? "hours" : "days";
}

const BOUND_KEYS: ReadonlyArray<keyof FleetBounds> = [
  "bootMs",
  "rtoMs",
  "failoverRtoMs",
  "driftWindowMs",
  "detectWindowMs",
  "jitMaxMs",
  "recycleWindowMs",
  "imageRebuildWindowMs",
  "patchSlaMs",
  "maxAgeMs",
];

/** Offsets around a bound: on it, a second and a minute either side. */
const EDGE_OFFSETS = [0, -1_000, 1_000, -MINUTE_MS, MINUTE_MS];

/** The bounds short enough to wait out between two chaos steps. */
export const SHORT_BOUNDS: ReadonlyArray<keyof FleetBounds> = [
  "bootMs",
  "rtoMs",
  "failoverRtoMs",
  "driftWindowMs",
  "detectWindowMs",
  "jitMaxMs",
  "recycleWindowMs",
];

/**
 * Durations over their whole range, biased the way fast-check biases integers: seconds, minutes,
 * hours and days (each biased toward its small and large ends), and the edges of fleet bounds.
 * `maxMs` caps absolute values and `bounds` lists the bounds drawn from (time advances stay short).
 */
export function durationArbitrary(
  maxMs = 30 * DAY_MS,
  bounds: ReadonlyArray<keyof FleetBounds> = BOUND_KEYS,
  weights: DurationWeights = { seconds: 2, minutes: 2, hours: 2, days: 2, bounds: 3 },
): fc.Arbitrary<DrawnDuration> {
  const scales: Array<[unit: number, max: number, weight: number]> = [
    [1_000, 59, weights.seconds],
    [MINUTE_MS, 59, weights.minutes],
    [HOUR_MS, 23, weights.hours],
    [DAY_MS, 30, weights.days],
  ];
  const absolute = scales
    .filter(([unit, , weight]) => unit <= maxMs && weight > 0)
    .map(([unit, max, weight]) => ({
      arbitrary: fc.integer({ min: 1, max: Math.min(max, Math.floor(maxMs / unit)) }).map((n): DrawnDuration => n * unit),
      weight,
    }));
  const relative = fc
    .record({ bound: fc.constantFrom(...bounds), offsetMs: fc.constantFrom(...EDGE_OFFSETS) })
    .map(({ bound, offsetMs }): DrawnDuration => new RelativeDuration(bound, offsetMs));
  return fc.oneof(...absolute, { arbitrary: relative, weight: weights.bounds });
}

/** How often each kind of duration is drawn. */
export interface DurationWeights {
  readonly seconds: number;
  readonly minutes: number;
  readonly hours: number;
  readonly days: number;
  readonly bounds: number;
}
