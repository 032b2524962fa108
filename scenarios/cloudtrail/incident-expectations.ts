import { DEFAULT_BOUNDS } from "../../core/index.ts";
import type { ChaosActionName, ControlId, FleetBounds, VmType } from "../../core/index.ts";
import { formatCompactDuration as dur } from "../compact-duration.ts";
import type { StepDraft } from "./map-context.ts";
import { shortName } from "./principals.ts";
import { items, request, str, tagPairs } from "./trail-record.ts";
import type { TrailEvent } from "./trail-record.ts";

/** A control the incident broke, with the trail's evidence in one line. */
export interface IncidentViolation {
  readonly control: ControlId;
  readonly because: string;
}

/** Did the trail show the control held after this step? A reason when it did, else undefined (violated). */
type Containment = (step: StepDraft, after: readonly TrailEvent[], bounds: FleetBounds) => string | undefined;

/** One rule: the control a chaos action exercises per VM type (as the catalog lists it) and what shows it held. */
export interface IncidentRule {
  readonly controls: Partial<Record<VmType | "fleet", ControlId>>;
  readonly held: Containment;
}

const ids = (event: TrailEvent): string[] => items(request(event.record)["instancesSet"]).flatMap((i) => str(i["instanceId"]) ?? []);
const success = (event: TrailEvent): boolean => event.record.errorCode === undefined;
const within = (step: StepDraft, event: TrailEvent, limitMs: number) =>
  event.timeMs >= step.event.timeMs && event.timeMs - step.event.timeMs <= limitMs;

/** All of `instances` terminated within `limitMs` of the step. */
function terminated(step: StepDraft, after: readonly TrailEvent[], instances: readonly string[], limitMs: number): string | undefined {
  const done = new Set<string>();
  for (const event of after) {
    if (!within(step, event, limitMs) || event.record.eventName !== "TerminateInstances" || !success(event)) continue;
    for (const id of ids(event)) done.add(id);
  }
  return instances.length > 0 && instances.every((id) => done.has(id)) ? `terminated within ${dur(limitMs)}` : undefined;
}

const refusedAttempt: Containment = (step) => (step.evidence.refused ? `refused (${step.evidence.refused})` : undefined);

const launchDetected: Containment = (step, after, bounds) =>
  terminated(step, after, step.evidence.launched ? [step.evidence.launched] : [], bounds.detectWindowMs);

/**
 * What `--expect-from-incident` knows how to judge from a trail, by chaos action. A control is added when the trail
 * shows the step took effect and nothing contained it within the control's bound. Actions missing here (stop-start,
 * image-release) need evidence a trail does not hold (instance ages, rebuild progress): they add nothing.
 */
export const INCIDENT_RULES: Partial<Record<ChaosActionName, IncidentRule>> = {
  "open-ingress": {
    controls: { fleet: "FLT-NET-001" },
    held: (step, after, bounds) => {
      const { securityGroup, port } = step.evidence;
      const revoke = after.find(
        (event) =>
          within(step, event, bounds.detectWindowMs) &&
          event.record.eventName === "RevokeSecurityGroupIngress" &&
          success(event) &&
          str(request(event.record)["groupId"]) === securityGroup &&
          items(request(event.record)["ipPermissions"]).some((p) => {
            const from = typeof p["fromPort"] === "number" ? p["fromPort"] : 0;
            const to = typeof p["toPort"] === "number" ? p["toPort"] : 65_535;
            return port !== undefined && ((from <= port && port <= to) || p["ipProtocol"] === "-1");
          }),
      );
      if (revoke) return `revoked within ${dur(bounds.detectWindowMs)}`;
      return terminated(step, after, step.instances, bounds.detectWindowMs);
    },
  },
  "key-injection": { controls: { immutable: "IMM-ACC-002" }, held: refusedAttempt },
  login: { controls: { immutable: "IMM-ACC-001", cattle: "CAT-ACC-001" }, held: refusedAttempt },
  kill: {
    controls: { cattle: "CAT-HEAL-001", immutable: "IMM-HEAL-001" },
    held: (step, after, bounds) => {
      const relaunch = after.find(
        (event) =>
          within(step, event, bounds.rtoMs) &&
          event.record.eventName === "RunInstances" &&
          success(event) &&
          event.timeMs > step.event.timeMs &&
          items(request(event.record)["tagSpecificationSet"]).some((spec) =>
            tagPairs(spec["tags"]).some(([, v]) => v === step.group?.name),
          ),
      );
      return relaunch ? `replaced within ${dur(bounds.rtoMs)}` : undefined;
    },
  },
  "rogue-image": { controls: { cattle: "CAT-IMG-001", immutable: "IMM-IMG-001" }, held: launchDetected },
  "manual-launch": { controls: { immutable: "IMM-DEP-001" }, held: launchDetected },
  "untagged-launch": { controls: { fleet: "FLT-INV-001" }, held: launchDetected },
  drift: {
    controls: { cattle: "CAT-DRF-001", immutable: "IMM-CFG-001" },
    held: (step, after, bounds) => {
      const reapplied = after.find(
        (event) =>
          step.group?.vmType === "cattle" &&
          within(step, event, bounds.driftWindowMs) &&
          event.record.eventName === "CreateTags" &&
          success(event) &&
          items(request(event.record)["resourcesSet"]).some((r) => step.instances.includes(str(r["resourceId"]) ?? "")) &&
          tagPairs(request(event.record)["tagSet"]).some(([key]) => key === step.evidence.setting),
      );
      return reapplied ? `re-applied within ${dur(bounds.driftWindowMs)}` : terminated(step, after, step.instances, bounds.driftWindowMs);
    },
  },
};

/**
 * The controls the incident violated, judged from the trail after each step (in the order the steps show them):
 * the control the step's action exercises for its group's VM type, unless the trail shows it contained in time.
 */
export function incidentViolations(
  steps: readonly StepDraft[],
  events: readonly TrailEvent[],
  bounds: FleetBounds = DEFAULT_BOUNDS,
): IncidentViolation[] {
  const found = new Map<ControlId, IncidentViolation>();
  for (const step of steps) {
    const rule = INCIDENT_RULES[step.action];
    const control = rule && (rule.controls.fleet ?? (step.group ? rule.controls[step.group.vmType] : undefined));
    if (!rule || !control || found.has(control)) continue;
    const after = eventsAfter(events, step.event, Math.max(bounds.rtoMs, bounds.detectWindowMs, bounds.driftWindowMs));
    if (rule.held(step, after, bounds) !== undefined) continue;
    const at = `+${dur(step.atMs)}`;
    found.set(control, { control, because: `${step.action} at ${at} (${step.event.record.eventName} by ${whoOf(step)}) ${outcome(step)}` });
  }
  return [...found.values()];
}

/** The events (sorted by time) from `event` on, up to `spanMs` later, without `event` itself. */
function eventsAfter(events: readonly TrailEvent[], event: TrailEvent, spanMs: number): TrailEvent[] {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((events[mid] as TrailEvent).timeMs < event.timeMs) low = mid + 1;
    else high = mid;
  }
  const found: TrailEvent[] = [];
  for (let i = low; i < events.length && (events[i] as TrailEvent).timeMs - event.timeMs <= spanMs; i++)
    if (events[i] !== event) found.push(events[i] as TrailEvent);
  return found;
}

const whoOf = (step: StepDraft): string => shortName(step.event.record.userIdentity ?? {});

function outcome(step: StepDraft): string {
  switch (step.action) {
    case "open-ingress":
      return `left ${step.evidence.port} open to ${step.evidence.cidr} on ${step.evidence.securityGroup} past the detect window`;
    case "key-injection":
    case "login":
      return "was accepted by the account";
    case "kill":
      return "was not replaced within the RTO";
    case "drift":
      return `changed ${step.evidence.setting} in place and the instance was not replaced`;
    default:
      return `launched ${step.evidence.launched} and it was not terminated within the detect window`;
  }
}
