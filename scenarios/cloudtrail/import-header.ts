import { DEFAULT_BOUNDS, MINUTE_MS, parseDuration } from "../../core/index.ts";
import type { ChaosActionName } from "../../core/index.ts";
import { formatCompactDuration as dur } from "../compact-duration.ts";
import { oneLine } from "./event-comment.ts";
import type { IncidentViolation } from "./incident-expectations.ts";
import type { StepDraft } from "./map-context.ts";
import { shortName } from "./principals.ts";
import type { TrailSource } from "./read-trail.ts";
import type { ReconstructedFleet } from "./reconstruct-fleet.ts";

/** How many records went where. Every record read is counted exactly once. */
export interface ImportCounts {
  read: number;
  duplicates: number;
  before: number;
  after: number;
  /** In the window but about no instance chosen by --instances or --tag. */
  filtered: number;
  /** Became steps (with the calls folded into them: the StartInstances of a stop-start, a TerminateSession). */
  mapped: number;
  /** Made by a --platform-principal: comments. */
  platform: number;
  /** In the window, made by others, mapped to no chaos: comments. */
  ignored: number;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");

/** Everything the header names. */
export interface HeaderFacts {
  readonly sources: readonly TrailSource[];
  readonly startMs: number;
  readonly endMs: number;
  readonly counts: ImportCounts;
  readonly principals: readonly string[];
  readonly fleet: ReconstructedFleet;
  readonly violations: readonly IncidentViolation[];
  readonly expectFromIncident?: boolean;
}

/** The header comment: the source files, the window, the counts (mapped, platform, ignored), the fleet, the expectations. */
export function headerOf(facts: HeaderFacts): string {
  const { counts } = facts;
  const lines = ["Imported by `cattleprod import cloudtrail` from:"];
  for (const s of facts.sources)
    lines.push(
      `  ${s.file} (${s.shape}${s.gzip ? ", gzip" : ""}, ${plural(s.count, s.shape === "describe-instances" ? "instance" : "record")})`,
    );
  lines.push(`window: ${iso(facts.startMs)} to ${iso(facts.endMs)} (${dur(facts.endMs - facts.startMs)}); at: offsets from its start`);
  lines.push(`counts: mapped ${counts.mapped}, platform ${counts.platform}, ignored ${counts.ignored}`);
  const outside = [
    `${counts.before} before the window`,
    `${counts.after} after it`,
    ...(counts.filtered > 0 ? [`${counts.filtered} about other instances (--instances/--tag)`] : []),
    ...(counts.duplicates > 0 ? [`${counts.duplicates} duplicates by eventID`] : []),
  ];
  lines.push(`  of ${counts.read} records; outside the scenario: ${outside.join(", ")}`);
  lines.push(
    facts.principals.length > 0
      ? `platform principals: ${facts.principals.join(", ")}`
      : "platform principals: none given (--platform-principal), so every call by a person is chaos",
  );
  lines.push("fleet at the window start:", ...facts.fleet.notes.map((note) => `  ${note}`));
  if (facts.expectFromIncident) {
    lines.push("expectations from the incident (controls the trail shows it broke):");
    if (facts.violations.length === 0) lines.push("  none: the trail shows every exercised control contained in time");
    for (const v of facts.violations) lines.push(`  ${v.control}: ${v.because}`);
  }
  lines.push("comments: from (the call a step replays), platform (its response) and ignored (not mapped), each with its offset and time");
  return lines.map(oneLine).join("\n");
}

/** How long after its step each action's controls need to be decided (their fleet bound). */
const SETTLE_MS: Partial<Record<ChaosActionName, number>> = {
  kill: DEFAULT_BOUNDS.rtoMs,
  "open-ingress": DEFAULT_BOUNDS.detectWindowMs,
  drift: DEFAULT_BOUNDS.driftWindowMs,
  "rogue-image": DEFAULT_BOUNDS.detectWindowMs,
  "manual-launch": DEFAULT_BOUNDS.detectWindowMs,
  "untagged-launch": DEFAULT_BOUNDS.detectWindowMs,
  login: DEFAULT_BOUNDS.recycleWindowMs,
  "key-injection": DEFAULT_BOUNDS.recycleWindowMs,
  "image-release": DEFAULT_BOUNDS.imageRebuildWindowMs,
};

/** The run: the whole window, and long enough after each step for its controls' bounds, plus 5 minutes; whole minutes. */
export function runLengthMs(startMs: number, endMs: number, steps: readonly StepDraft[]): number {
  let runMs = endMs - startMs;
  for (const step of steps) {
    const downMs = step.action === "stop-start" ? parseDownFor(step) + DEFAULT_BOUNDS.rtoMs : 0;
    runMs = Math.max(runMs, step.atMs + Math.max(downMs, SETTLE_MS[step.action] ?? 0) + 5 * MINUTE_MS);
  }
  return Math.max(MINUTE_MS, Math.ceil(runMs / MINUTE_MS) * MINUTE_MS);
}

const parseDownFor = (step: StepDraft): number => parseDuration(String(step.params["downFor"] ?? "5m"));

/** Name, description and seed: given, or drawn from the window (the same input gives the same scenario). */
export function scenarioIdentity(
  startMs: number,
  endMs: number,
  steps: readonly StepDraft[],
  options: { readonly name?: string; readonly seed?: number },
): { name: string; description: string; seed: number } {
  const start = iso(startMs);
  const name = options.name ?? `incident-${start.slice(0, 10)}-${start.slice(11, 13)}${start.slice(14, 16)}-cloudtrail`;
  const what = [...new Set(steps.map((s) => `${s.action} by ${actorName(s)}`))];
  const listed = what.length > 6 ? [...what.slice(0, 6), `${what.length - 6} more`] : what;
  const description =
    `Replays the CloudTrail window ${start} to ${iso(endMs)}` +
    (listed.length > 0 ? `: ${listed.join(", ")}.` : ": no call by a person maps to chaos.") +
    " Say here what happened and what should have held.";
  return { name, description, seed: options.seed ?? Math.floor(startMs / 1000) % 2 ** 32 };
}

const actorName = (step: StepDraft): string => shortName(step.event.record.userIdentity ?? {});
