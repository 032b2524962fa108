import picomatch from "picomatch";
import { CattleprodError, DEFAULT_BOUNDS, isCattleprodError } from "../../core/index.ts";
import type { ChaosStep, Scenario } from "../../core/index.ts";
import { parseChaosParams } from "../../chaos/index.ts";
import { API_VERSION } from "../schema.ts";
import { parseScenario } from "../parse.ts";
import { renderScenario } from "../render.ts";
import { describeEvent, oneLine } from "./event-comment.ts";
import { mappingFor } from "./event-mapping.ts";
import { importError, SHAPES_HINT } from "./import-error.ts";
import { incidentViolations } from "./incident-expectations.ts";
import type { IncidentViolation } from "./incident-expectations.ts";
import { headerOf, runLengthMs, scenarioIdentity } from "./import-header.ts";
import type { ImportCounts } from "./import-header.ts";
import { InstanceBook } from "./instance-book.ts";
import type { MapContext, StepDraft } from "./map-context.ts";
import { PlatformPrincipals } from "./principals.ts";
import type { Actor } from "./principals.ts";
import { readTrail } from "./read-trail.ts";
import { DEFAULT_IDENTITY_TAGS, reconstructFleet } from "./reconstruct-fleet.ts";
import type { IdentityTags } from "./reconstruct-fleet.ts";
import { selectInstances, touches } from "./selection.ts";
import type { InstanceFilter } from "./selection.ts";
import type { TrailEvent } from "./trail-record.ts";

/** Configuration tags by default: a change of one of these on an instance is drift. */
export const DEFAULT_CONFIG_TAGS: readonly string[] = ["cattleprod:config", "config", "config:*", "config/*"];

/** Options of {@link importCloudTrail}. */
export interface ImportCloudTrailOptions extends InstanceFilter {
  /** Input files and folders. */
  readonly files: readonly string[];
  /** Window start and end (ISO 8601 with a zone); default: the first and last record. */
  readonly from?: string;
  readonly to?: string;
  /** ARNs (or services) whose calls are the platform's response, kept as comments. */
  readonly platformPrincipals?: readonly string[];
  /** Add the controls the incident violated as expectations. */
  readonly expectFromIncident?: boolean;
  /** Where the YAML will be written (named in validation errors). */
  readonly out?: string;
  readonly name?: string;
  readonly seed?: number;
  readonly identityTags?: IdentityTags;
  /** Tag keys (globs) that are configuration. */
  readonly configTags?: readonly string[];
}

/** What an import made: the scenario, its YAML, the counts and what each step came from. */
export interface ImportCloudTrailResult {
  readonly scenario: Scenario;
  readonly yaml: string;
  readonly counts: ImportCounts;
  readonly startMs: number;
  readonly endMs: number;
  readonly steps: readonly StepDraft[];
  readonly violations: readonly IncidentViolation[];
}

/**
 * Turns CloudTrail records into a scenario that replays the incident: the fleet at the window's start, one chaos step
 * per call a person made (at its offset from the window's start), the platform's own calls and every event it cannot
 * map as comments. The YAML is the ordinary scenario format (rendered by `renderScenario`) and is validated before it
 * is returned. Bad input throws one E_IMPORT error naming the file and the record.
 *
 * @example const { yaml } = await importCloudTrail({ files: ["trail.json.gz"], from: "2026-10-07T09:00:00Z" });
 */
export async function importCloudTrail(options: ImportCloudTrailOptions): Promise<ImportCloudTrailResult> {
  const input = await readTrail(options.files);
  const files = input.sources.map((s) => s.file);
  const where = files.join(", ");
  const events = input.events;
  if (events.length === 0) throw importError(where, "no CloudTrail records, only inventory", SHAPES_HINT);
  const startMs = options.from === undefined ? (events[0] as TrailEvent).timeMs : parseTime("--from", options.from);
  const endMs = options.to === undefined ? (events.at(-1) as TrailEvent).timeMs : parseTime("--to", options.to);
  if (endMs < startMs)
    throw importError(
      undefined,
      `--from ${options.from ?? "(first record)"} is after --to ${options.to ?? "(last record)"}`,
      "Give a window whose start comes first.",
    );
  const principals = new PlatformPrincipals(options.platformPrincipals ?? []);
  const book = new InstanceBook(events, input.inventory, principals);
  const selected = selectInstances(book, options, files);
  const counts = {
    read: events.length + input.duplicates,
    duplicates: input.duplicates,
    before: 0,
    after: 0,
    filtered: 0,
    mapped: 0,
    platform: 0,
    ignored: 0,
  };
  const inWindow: TrailEvent[] = [];
  for (const event of events) {
    if (event.timeMs < startMs) counts.before++;
    else if (event.timeMs > endMs) counts.after++;
    else if (selected && !touches(event, selected, book)) counts.filtered++;
    else inWindow.push(event);
  }
  if (inWindow.length === 0) throw emptyWindow(where, events, startMs, endMs, counts.filtered > 0);
  const fleet = reconstructFleet(book, startMs, options.identityTags ?? DEFAULT_IDENTITY_TAGS, selected);
  if (fleet.groups.length === 0)
    throw importError(where, `no fleet at the window start (${fleet.notes.join("; ") || "no instance carries a group tag"})`, FLEET_HINT);

  const isConfig = picomatch([...(options.configTags ?? DEFAULT_CONFIG_TAGS)]);
  const actors = inWindow.map((event) => principals.actorOf(event.record));
  const byName = new Map<string, number[]>();
  inWindow.forEach((event, i) => {
    const positions = byName.get(event.record.eventName);
    if (positions) positions.push(i);
    else byName.set(event.record.eventName, [i]);
  });
  const taken = new Set<TrailEvent>();
  const drafts: StepDraft[] = [];
  const stepComments: string[] = [];
  let pending: string[] = [];
  inWindow.forEach((event, position) => {
    if (taken.has(event)) return;
    const actor = actors[position] as Actor;
    const line = describeEvent(event, actor, startMs);
    if (actor.kind === "platform") {
      counts.platform++;
      pending.push(`platform ${line}`);
      return;
    }
    const row = mappingFor(event.record.eventSource, event.record.eventName);
    const reason = !row
      ? event.record.readOnly
        ? "read-only call"
        : "no chaos maps this call"
      : actor.kind === "service"
        ? SERVICE
        : undefined;
    const mapping = row && !reason ? row.map(context(event, actor, position)) : { kind: "ignored" as const, reason: reason ?? "" };
    if (mapping.kind === "ignored") {
      counts.ignored++;
      pending.push(`ignored ${line} (${oneLine(mapping.reason)})`);
      return;
    }
    counts.mapped += 1 + mapping.partners.length;
    for (const partner of mapping.partners) taken.add(partner);
    const from = [`from ${line}${event.record.eventID ? ` [event ${event.record.eventID}]` : ""}`];
    for (const partner of mapping.partners) from.push(`  with ${describeEvent(partner, principals.actorOf(partner.record), startMs)}`);
    if (mapping.note) from.push(`  ${oneLine(mapping.note)}`);
    mapping.steps.forEach((step, i) => {
      drafts.push(step);
      stepComments.push(i === 0 ? [...pending, ...from].join("\n") : "");
    });
    pending = [];
  });

  function context(event: TrailEvent, actor: MapContext["actor"], position: number): MapContext {
    return {
      event,
      actor,
      book,
      fleet,
      startMs,
      endMs,
      selected,
      isConfigTag: (key) => isConfig(key),
      later: (name, match) => {
        for (const i of byName.get(name) ?? []) {
          const other = inWindow[i] as TrailEvent;
          if (i > position && !taken.has(other) && actors[i]?.kind !== "platform" && match(other)) return other;
        }
        return undefined;
      },
    };
  }

  const violations = options.expectFromIncident ? incidentViolations(drafts, events) : [];
  const steps: ChaosStep[] = drafts.map((draft, index) => ({
    index,
    atMs: draft.atMs,
    action: draft.action,
    target: draft.target,
    with: parseChaosParams(draft.action, draft.params),
  }));
  const identity = scenarioIdentity(startMs, endMs, drafts, options);
  const scenario: Scenario = {
    apiVersion: API_VERSION,
    ...identity,
    platform: "reference",
    fleet: { groups: fleet.groups, bounds: DEFAULT_BOUNDS },
    steps,
    runMs: runLengthMs(startMs, endMs, drafts),
    expect: violations.map((v) => ({ control: v.control, status: "pass" as const })),
  };
  const header = headerOf({
    sources: input.sources,
    startMs,
    endMs,
    counts,
    principals: options.platformPrincipals ?? [],
    fleet,
    violations,
    ...options,
  });
  const yaml = renderScenario(scenario, {
    comment: header,
    stepComments,
    ...(pending.length > 0 ? { afterSteps: pending.join("\n") } : {}),
  });
  return { scenario: validated(yaml, options.out), yaml, counts, startMs, endMs, steps: drafts, violations };
}

const SERVICE = "made by an AWS service, not a person (--platform-principal names it to count it as the platform)";
const FLEET_HINT =
  "Instances need a group tag (cattleprod:group, or --group-tag) and a VM type tag (cattleprod:vm-type, or --vm-type-tag).";

function parseTime(flag: string, text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/.test(text) ? Date.parse(text) : NaN;
  if (!Number.isFinite(ms))
    throw importError(undefined, `${flag} "${text}" is not a time`, "Use ISO 8601 with a zone, e.g. 2026-10-07T09:00:00Z.");
  return ms;
}

function emptyWindow(where: string, events: readonly TrailEvent[], startMs: number, endMs: number, filtered: boolean): CattleprodError {
  const first = (events[0] as TrailEvent).record.eventTime;
  const last = (events.at(-1) as TrailEvent).record.eventTime;
  const window = `${new Date(startMs).toISOString()} to ${new Date(endMs).toISOString()}`;
  const reason = `no events ${filtered ? "about the selected instances " : ""}in the window ${window}`;
  return importError(
    where,
    `${reason} (the input holds ${events.length} events from ${first} to ${last})`,
    "Choose --from and --to inside that range.",
  );
}

function validated(yaml: string, out: string | undefined): Scenario {
  try {
    return parseScenario(yaml, out ?? "imported.yaml");
  } catch (error) {
    const reason = isCattleprodError(error) ? error.message : String(error);
    throw new CattleprodError(
      "E_INTERNAL",
      `Failed to import CloudTrail: the scenario made does not validate (${reason}). This is a bug in the importer.`,
    );
  }
}
