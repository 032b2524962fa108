import { DAY_MS } from "./duration.ts";

/**
 * The limits every input is held to, in one place: `validate` and `run` check the same ones
 * before any work, and a run enforces the last two while it runs. A real fleet test stays far
 * below each of them; together they keep one run within a few GB of memory (a history event
 * costs about 0.8 KB while a run holds it). The README's "Limits" section lists them.
 */
export const LIMITS = {
  /** Size of a scenario or waivers file, checked before it is read. */
  fileBytes: 16 * 2 ** 20,
  /** Size of a run record (run.json) read by merge, verify or --baseline, checked before it is read. */
  recordBytes: 256 * 2 ** 20,
  /** YAML documents in one file (a scenario is one mapping). */
  yamlDocuments: 1,
  /** YAML nodes (scalars, lists, mappings, aliases) in one file: the parser needs about 1 KB each. */
  yamlNodes: 400_000,
  /** Nesting depth of a YAML file (a scenario needs about 6). */
  yamlDepth: 64,
  /** Alias expansion, as the `yaml` package counts it (`maxAliasCount`): uses of an anchor times its own aliases. */
  yamlAliasExpansion: 10_000,
  /** Chaos steps of one scenario. */
  steps: 20_000,
  /** Groups in one fleet. */
  groups: 1_000,
  /** Instances of one scenario's fleet at the start: the sum of its groups' capacities. */
  instances: 200_000,
  /** Instances one scenario may launch in all (initial fleet, replacements, chaos launches). */
  launches: 1_000_000,
  /** The run length, and every other duration of a scenario. */
  durationMs: 3650 * DAY_MS,
  /** History events of one scenario: estimated before the run, enforced while it runs. */
  eventsPerScenario: 3_000_000,
  /** History events of all the scenarios of one run together, estimated before it starts. */
  eventsPerRun: 3_000_000,
  /** Problems of one scenario file printed at once. */
  problemsShown: 20,
} as const;

/** The name of one limit. */
export type LimitName = keyof typeof LIMITS;

/** A count as people read it: `1,000,000`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.round(n).toLocaleString("en-US");
}

/** A size in bytes as people read it: `16 MiB`, `50.0 MB`, `512 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 2 ** 20 && bytes % 2 ** 20 === 0) return `${bytes / 2 ** 20} MiB`;
  if (bytes >= 1_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  if (bytes >= 1_000) return `${(bytes / 1_000).toFixed(1)} kB`;
  return `${bytes} bytes`;
}
