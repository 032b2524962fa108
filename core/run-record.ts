import type { ControlDefinition } from "./control.ts";
import type { ControlStatus, Evidence, Severity } from "./verdict.ts";

/** Version of the run record layout; bumped on any incompatible change. */
export const RUN_RECORD_VERSION = 1;

/**
 * One entry of a waivers file, as the gate applied it. `expires` is the date (or date-time)
 * as written; a date-only waiver holds through that day (UTC).
 */
export interface Waiver {
  /** Position of the entry in the waivers file (0-based). */
  readonly index: number;
  readonly control: string;
  /** Scenario name glob, or "*" for every scenario. */
  readonly scope: string;
  readonly justification: string;
  readonly approver: string;
  readonly ticket?: string;
  readonly expires: string;
}

/** A waiver and what it did in this run: waived failures, matched nothing, or had expired. */
export interface WaiverOutcome extends Waiver {
  readonly state: "applied" | "unused" | "expired";
  /** Scenario names whose failure of `control` this waiver turned into "waived". */
  readonly waived: readonly string[];
}

/** Status counts. */
export type StatusCounts = Record<ControlStatus, number>;

/** One control across every scenario of the run. */
export interface ControlOutcome {
  readonly id: string;
  readonly title: string;
  /** The catalog's requirement in one sentence (absent in records written before it was kept). */
  readonly requirement?: string;
  /** Indicative framework references from the catalog (NIST 800-53, CIS). */
  readonly references?: readonly string[];
  readonly scope: ControlDefinition["scope"];
  readonly severity: Severity;
  readonly status: ControlStatus;
  /** The deciding verdict's headline (first failure, else first pass). */
  readonly headline: string;
  /** Whether some scenario expects it (an inconclusive required control gives exit 3). */
  readonly required: boolean;
  /** Scenario names by the status the control had in each. */
  readonly scenarios: Partial<Record<ControlStatus, string[]>>;
  /** The waivers that turned failures of this control into "waived", if any. */
  readonly waivers?: readonly Waiver[];
}

/** One control's verdict in one scenario. */
export interface ScenarioControl {
  readonly id: string;
  readonly status: ControlStatus;
  readonly headline: string;
  readonly evidence: Evidence;
  readonly hint?: string;
  /** Set when the status is "waived": the waiver that accepted this failure. */
  readonly waiver?: Waiver;
}

/** One call of a command platform's reconcile command. */
export interface CommandCallRecord {
  /** Virtual time of the call. */
  readonly atMs: number;
  /** Its schedule (`every`) or right after a chaos step. */
  readonly trigger: "schedule" | "chaos";
  /** `ok` (exit 0), `failed` (non-zero exit or a signal), `timeout` (killed past its timeout), `missing` (could not start). */
  readonly status: "ok" | "failed" | "timeout" | "missing";
  readonly exitCode: number | null;
  /** Wall time of the call. */
  readonly durationMs: number;
  /** The last lines of its output. */
  readonly lastLines: readonly string[];
}

/** A command platform's calls in one scenario (wall-dependent, like everything on an account backend). */
export interface CommandRecord {
  /** The platform manifest. */
  readonly manifest: string;
  /** The command line (`{workdir}` as written). */
  readonly command: string;
  readonly everyMs: number;
  readonly calls: readonly CommandCallRecord[];
}

/** One scenario of the run. */
export interface ScenarioRecord {
  readonly name: string;
  readonly file: string | null;
  readonly seed: number;
  readonly backend: string;
  readonly platform: string;
  readonly status: "pass" | "fail" | "inconclusive" | "error";
  readonly replay: string;
  readonly expectations: ReadonlyArray<{ control: string; expected: string; actual: string; met: boolean }>;
  readonly controls: readonly ScenarioControl[];
  readonly stats: Readonly<Record<string, number>>;
  /** Healthy capacity per group over time, instance lifetimes and chaos marks (virtual ms). */
  readonly timeline?: {
    readonly capacity: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>;
    readonly lifetimes: ReadonlyArray<readonly [string, string, string, number, number]>;
    readonly chaos: ReadonlyArray<{ readonly atMs: number; readonly spec: string; readonly tookEffect: boolean }>;
    readonly runMs: number;
  };
  /** Harness error (the scenario could not run), if any. */
  readonly error?: string;
  /** A command platform's calls: exit codes, durations, last lines of output. */
  readonly commands?: CommandRecord;
  /**
   * Where this scenario's full history is kept: its lines of the run's history file (`events.ndjson`
   * beside run.json), their count and the sha256 of those lines.
   */
  readonly history?: HistoryRef;
}

/** A reference to history lines kept beside the record: the file, how many events, and the sha256 of the lines. */
export interface HistoryRef {
  /** File name beside run.json (`events.ndjson`). */
  readonly file: string;
  readonly events: number;
  readonly sha256: string;
}

/**
 * Where and with what a run was made. No host name, user or environment variables. Two runs of
 * the same inputs on the same machine and checkout have the same environment.
 */
export interface RunEnvironment {
  /** `cattleprod 0.1.0`. */
  readonly harness: string;
  /** The commit checked out in the working directory, when it is a git checkout. */
  readonly gitCommit?: string;
  /** True when that checkout had uncommitted changes to tracked files. */
  readonly gitDirty?: boolean;
  /** sha256 over the platform's files, per platform the scenarios ran (`reference` is every file of platform/). */
  readonly platforms: Readonly<Record<string, string>>;
  /** `v20.19.5`. */
  readonly node: string;
  /** `Linux 6.1.0 x64`. */
  readonly os: string;
  /** Per API backend that ran: what it was (`localstack 4.13.1`, `aws account 1111...`). */
  readonly backends?: Readonly<Record<string, string>>;
}

/**
 * The canonical record of a run: every report renders from it. Everything wall-clock lives
 * under `timing`, so two runs with the same seed are identical once `timing` is dropped.
 */
export interface RunRecord {
  readonly kind: "cattleprod.run";
  readonly version: typeof RUN_RECORD_VERSION;
  readonly harness: { readonly name: string; readonly version: string };
  readonly backend: string;
  readonly platform: string;
  /** The --seed override, or null when each scenario used its own. */
  readonly seed: number | null;
  readonly failOn: Severity;
  readonly exitCode: number;
  readonly summary: {
    readonly controls: StatusCounts;
    readonly byScope: Readonly<Record<string, StatusCounts>>;
    readonly scenarios: Readonly<Record<string, number>>;
  };
  readonly controls: readonly ControlOutcome[];
  readonly scenarios: readonly ScenarioRecord[];
  /** Differential runs (`--backend sim,localstack`): controls whose outcome differs by backend. */
  readonly differences?: ReadonlyArray<{ readonly control: string; readonly outcomes: Readonly<Record<string, ControlStatus>> }>;
  /** Set on the record of one shard (`run --shard 2/4`); a merged record has none. */
  readonly shard?: { readonly index: number; readonly total: number };
  /** The waivers file the gate applied, and what each entry did. */
  readonly waivers?: { readonly file: string; readonly entries: readonly WaiverOutcome[] };
  /** The history file beside run.json: every scenario's events, one JSON object per line; sha256 of the whole file. */
  readonly history?: HistoryRef;
  /** Where and with what the run was made (harness, checkout, platform digest, Node, OS, API backends). */
  readonly environment?: RunEnvironment;
  readonly timing: {
    readonly startedAt: string;
    readonly finishedAt: string;
    readonly wallMs: number;
    readonly scenarioWallMs: Readonly<Record<string, number>>;
    /** The wall-clock instant waiver expiry was judged against. */
    readonly waiversEvaluatedAt?: string;
    /** The shard records a merged record was made from. */
    readonly shards?: ReadonlyArray<{
      readonly file: string;
      readonly shard: string | null;
      readonly startedAt: string;
      readonly wallMs: number;
    }>;
    /** API backends: where the API was, the run id, calls per operation, reconciles and the clock offset, per scenario. */
    readonly backends?: Readonly<Record<string, unknown>>;
  };
}
