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
  /**
   * Digest of the shrunk scenario (fleet, seed, steps, run length): with the control, what tells findings apart
   * when explorations are merged. Missing in records written before it existed (the file stands in).
   */
  readonly scenario?: string;
  /** The failing run's index in its VM type's stream before shrinking: merged findings are listed in this order. */
  readonly run?: number;
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
  /** Blocks of runs explored (see the seed-splitting rule in the README). */
  readonly blocks?: number;
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
  /** This exploration's shard of a split (`--shard i/n`); absent when unsharded or merged. */
  readonly shard?: { readonly index: number; readonly total: number };
  /** Worker threads that explored (the findings do not depend on it). */
  readonly workers?: number;
  /** The time budget (`--budget`), when one was given: runs may stop short of `runsPerType`. */
  readonly budgetMs?: number;
  /** The records merged into this one (`cattleprod merge`), each with its shard. */
  readonly merged?: ReadonlyArray<{ readonly file: string; readonly shard: string | null }>;
}
