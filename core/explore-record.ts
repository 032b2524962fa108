import type { ControlStatus } from "./verdict.ts";

/** Runs in which a control ended with each status (counts add up across workers and shards). */
export type ControlCoverage = Readonly<Record<Exclude<ControlStatus, "waived">, number>>;

/** How often something was injected, and how often it took effect. */
export interface EffectCount {
  readonly injected: number;
  readonly tookEffect: number;
}

/** One chaos action: its steps, and per parameter (and `target`) per value class. */
export interface ActionCoverage extends EffectCount {
  readonly params: Readonly<Record<string, Readonly<Record<string, EffectCount>>>>;
}

/**
 * What an exploration exercised, as counts that add up when explorations are merged: per control,
 * the runs by final status (a control is decided in a run when it passed or failed); per chaos
 * action and parameter class, how often it was injected and took effect.
 */
export interface ExploreCoverage {
  readonly runs: number;
  readonly controls: Readonly<Record<string, ControlCoverage>>;
  readonly chaos: Readonly<Record<string, ActionCoverage>>;
}

/** A finding written to the emit folder. */
export interface ExploreFindingRecord {
  readonly file: string;
  readonly control: string;
  readonly headline: string;
  readonly reproduced: boolean;
  /** Steps in the emitted scenario. */
  readonly steps: number;
}

/** One VM type's exploration. */
export interface ExploreTypeRecord {
  readonly runs: number;
  readonly failures: number;
  readonly runsPerSecond: number;
  readonly wallMs: number;
  readonly emitted: readonly string[];
  readonly findings: readonly ExploreFindingRecord[];
  readonly coverage: ExploreCoverage;
  /** Controls of this type (and fleet-wide ones) no run decided. */
  readonly uncovered: readonly string[];
}

/** `explore.json`: the record of `cattleprod explore`. Wall-clock values live in `timing`, `runsPerSecond` and `wallMs`. */
export interface ExploreRecord {
  readonly kind: "cattleprod.explore";
  readonly version: 1;
  readonly harness: { readonly name: string; readonly version: string };
  readonly platform: string;
  readonly seed: number;
  readonly runsPerType: number;
  readonly failOn: string;
  readonly requireCoverage: boolean;
  readonly exitCode: number;
  readonly types: Readonly<Record<string, ExploreTypeRecord>>;
  readonly timing: { readonly startedAt: string; readonly finishedAt: string };
}
