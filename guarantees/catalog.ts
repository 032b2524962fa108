import { BOUND_NAMES, CHAOS_ACTIONS, CONTROL_IDS } from "../core/index.ts";
import type { BoundName, ChaosActionName, ControlDefinition, ControlId, FleetBounds } from "../core/index.ts";

const KILLS: readonly ChaosActionName[] = ["kill", "crash", "zone-outage"];
/** Outages of the platform itself: the bound must hold when they are within the fault budget. */
const OUTAGES: readonly ChaosActionName[] = ["controller-outage", "api-faults"];

/** A catalog entry: `bound` is a scenario bound name (`rto`, `maxAge`, ...). */
export interface CatalogEntry extends ControlDefinition {
  readonly bound?: BoundName;
  readonly chaos: readonly ChaosActionName[];
}

/**
 * The control catalog, in report order (the order of `CONTROL_IDS`). Framework references are
 * indicative: they name the NIST SP 800-53 rev. 5 control and CIS benchmark item a control helps
 * evidence, not a claim of compliance.
 */
export const CATALOG: readonly CatalogEntry[] = [
  {
    id: "FLT-INV-001",
    title: "Every instance carries a VM type",
    scope: "fleet",
    severity: "high",
    requirement: "Every launched instance carries a VM type tag, or is detected and terminated within the detect window.",
    chaos: ["untagged-launch"],
    evidence: "Every instance.launched: its vmType, or its instance.terminated within the window.",
    bound: "detectWindow",
    references: ["NIST 800-53 CM-8", "CIS Controls v8 1.1"],
  },
  {
    id: "FLT-AUD-001",
    title: "Every chaos and platform action is audited",
    scope: "fleet",
    severity: "high",
    requirement:
      "Every event has a time and a known actor (harness, world, pipeline, chaos, operator:<name>, platform/<controller>, " +
      "external/<name>), every chaos effect points at its chaos step, and every platform actor is a started controller.",
    chaos: [...CHAOS_ACTIONS],
    evidence: "Every history event: finite atMs, a known actor, cause of chaos effects, platform.started controllers.",
    references: ["NIST 800-53 AU-2", "NIST 800-53 AU-3", "NIST 800-53 AU-12", "CIS Controls v8 8.2"],
  },
  {
    id: "FLT-NET-001",
    title: "No world-open SSH/RDP ingress",
    scope: "fleet",
    severity: "critical",
    requirement:
      "A 0.0.0.0/0 ingress rule to port 22 or 3389 is revoked within the detect window " +
      "unless the instance is a pet of a group that allows public ingress.",
    chaos: ["open-ingress"],
    evidence: "ingress.opened and the matching ingress.revoked (or instance.terminated).",
    bound: "detectWindow",
    references: ["NIST 800-53 SC-7", "NIST 800-53 AC-17", "CIS AWS Foundations 5.2"],
  },

  {
    id: "PET-PROT-001",
    title: "Automation never terminates or replaces a pet",
    scope: "pet",
    severity: "critical",
    requirement: "No platform controller terminates or replaces a pet, even past the maximum age, crashed or drifted.",
    chaos: ["age", "crash", "drift"],
    evidence: "instance.terminated of pets and instance.launched replacing pets, by platform actors.",
    bound: "maxAge",
    references: ["NIST 800-53 CM-3", "NIST 800-53 CP-10"],
  },
  {
    id: "PET-ACC-001",
    title: "Interactive logon only for authorised operators",
    scope: "pet",
    severity: "critical",
    requirement: "A login to a pet is allowed if and only if the user is a named operator of its group or holds a valid grant for it.",
    chaos: ["login"],
    evidence: "login.attempted on pets against the group's operators and issued grants.",
    references: ["NIST 800-53 AC-3", "NIST 800-53 AC-17", "CIS Controls v8 6.1"],
  },
  {
    id: "PET-BG-001",
    title: "Pet break-glass is time-boxed",
    scope: "pet",
    severity: "high",
    requirement: "Break-glass grants on pets last at most the JIT maximum, are revoked at expiry and are never used after it.",
    chaos: ["break-glass", "login"],
    evidence: "grant.issued, grant.revoked and logins with the grant on pets.",
    bound: "jitMax",
    references: ["NIST 800-53 AC-2(2)", "NIST 800-53 AC-6", "CIS Controls v8 5.4"],
  },
  {
    id: "PET-PAT-001",
    title: "Pets are patched in situ within SLA",
    scope: "pet",
    severity: "high",
    requirement: "Every pet alive at a patch release reaches that level in place within the patch SLA, keeping its identity.",
    chaos: ["patch-release", ...OUTAGES],
    evidence: "patch.released and instance.patched on the same pet ids.",
    bound: "patchSla",
    references: ["NIST 800-53 SI-2", "CIS Controls v8 7.3"],
  },
  {
    id: "PET-HA-001",
    title: "HA pairs fail over and never split-brain",
    scope: "pet",
    severity: "critical",
    requirement:
      "An active/passive pair never has two actives, and a new active takes over within the failover RTO after the active fails.",
    chaos: [...KILLS, "stop-start", ...OUTAGES],
    evidence: "ha.role changes after chaos failures of the active.",
    bound: "failoverRto",
    references: ["NIST 800-53 CP-7", "NIST 800-53 CP-10"],
  },
  {
    id: "PET-DRF-001",
    title: "Manual changes on pets are recorded",
    scope: "pet",
    severity: "medium",
    requirement: "Every configuration change on a pet is recorded with the actor who made it within the drift window.",
    chaos: ["drift"],
    evidence: "config.drifted on pets and the matching config.recorded.",
    bound: "driftWindow",
    references: ["NIST 800-53 CM-3", "NIST 800-53 CM-5", "NIST 800-53 AU-12"],
  },

  {
    id: "CAT-HEAL-001",
    title: "Killed cattle are replaced within RTO",
    scope: "cattle",
    severity: "critical",
    requirement: "After a node is killed or crashed, the group is back to capacity within the RTO, with no interactive session used.",
    chaos: [...KILLS, ...OUTAGES],
    evidence: "Chaos kills and crashes, the group's healthy count afterwards, platform logins.",
    bound: "rto",
    references: ["NIST 800-53 CP-10", "NIST 800-53 SI-13"],
  },
  {
    id: "CAT-HEAL-002",
    title: "Capacity stays above the floor",
    scope: "cattle",
    severity: "critical",
    requirement:
      "While kills stay within maxUnavailable, healthy capacity never drops below capacity minus maxUnavailable, " +
      "platform replacements included.",
    chaos: [...KILLS, "stop-start", "image-release", "drift"],
    evidence: "The group's healthy count over time against chaos kills within the RTO.",
    bound: "rto",
    references: ["NIST 800-53 CP-10", "NIST 800-53 SC-6"],
  },
  {
    id: "CAT-DATA-001",
    title: "Replicated data survives node loss",
    scope: "cattle",
    severity: "critical",
    requirement: "Losing fewer than RF replicas loses no data, and every shard is back to RF copies within the RTO.",
    chaos: [...KILLS, ...OUTAGES],
    evidence: "data.replica-lost, data.placed and data.lost per shard.",
    bound: "rto",
    references: ["NIST 800-53 CP-9", "NIST 800-53 CP-10"],
  },
  {
    id: "CAT-ACC-001",
    title: "No cattle session without a JIT grant",
    scope: "cattle",
    severity: "critical",
    requirement: "Every allowed login on cattle carries a valid JIT grant for that user and instance.",
    chaos: ["login", "break-glass"],
    evidence: "login.attempted on cattle against issued grants.",
    references: ["NIST 800-53 AC-3", "NIST 800-53 AC-17", "NIST 800-53 AC-6"],
  },
  {
    id: "CAT-BG-001",
    title: "Cattle JIT grants are time-boxed and attributed",
    scope: "cattle",
    severity: "high",
    requirement:
      "JIT grants on cattle last at most the JIT maximum, expire and are revoked, and every admin action carries the acting user's grant.",
    chaos: ["break-glass", "login"],
    evidence: "grant.issued, grant.revoked, logins and admin.action on cattle.",
    bound: "jitMax",
    references: ["NIST 800-53 AC-2(2)", "NIST 800-53 AC-6(9)", "NIST 800-53 AU-12"],
  },
  {
    id: "CAT-BG-002",
    title: "Break-glass touched cattle are recycled",
    scope: "cattle",
    severity: "high",
    requirement:
      "A cattle instance that had an interactive session is tainted and terminated within the recycle window after the session ends.",
    chaos: ["break-glass", "login"],
    evidence: "Allowed sessions, session.ended, instance.tainted and instance.terminated.",
    bound: "recycleWindow",
    references: ["NIST 800-53 SI-14", "NIST 800-53 CM-3"],
  },
  {
    id: "CAT-IMG-001",
    title: "Only approved images run on cattle",
    scope: "cattle",
    severity: "high",
    requirement: "A cattle instance launched from an image not approved at launch time is terminated within the detect window.",
    chaos: ["rogue-image"],
    evidence: "instance.launched against image.approved / image.rejected, and instance.terminated.",
    bound: "detectWindow",
    references: ["NIST 800-53 CM-2", "NIST 800-53 CM-7(5)"],
  },
  {
    id: "CAT-IMG-002",
    title: "Stale cattle images are rebuilt",
    scope: "cattle",
    severity: "medium",
    requirement: "After a new image is promoted, every instance of the group on another image is replaced within the image rebuild window.",
    chaos: ["image-release"],
    evidence: "image.promoted and instance.terminated of instances on the previous image.",
    bound: "imageRebuildWindow",
    references: ["NIST 800-53 CM-2", "NIST 800-53 SI-14"],
  },
  {
    id: "CAT-DRF-001",
    title: "Cattle drift is re-applied",
    scope: "cattle",
    severity: "high",
    requirement: "Configuration drift on cattle is re-applied (or the instance replaced) within the drift window.",
    chaos: ["drift", ...OUTAGES],
    evidence: "config.drifted and config.applied by the platform (or the instance's replacement).",
    bound: "driftWindow",
    references: ["NIST 800-53 CM-6", "NIST 800-53 CM-3(5)", "CIS Controls v8 4.1"],
  },
  {
    id: "CAT-PAT-001",
    title: "Cattle patch level within SLA",
    scope: "cattle",
    severity: "medium",
    requirement: "Every cattle instance alive at the patch SLA deadline is at the released level or above.",
    chaos: ["patch-release", ...OUTAGES],
    evidence: "patch.released, instance.patched and image patch levels of instances alive at the deadline.",
    bound: "patchSla",
    references: ["NIST 800-53 SI-2", "CIS Controls v8 7.3"],
  },
  {
    id: "CAT-NET-001",
    title: "Cattle egress only to allowlisted destinations",
    scope: "cattle",
    severity: "high",
    requirement: "Egress from cattle is allowed only to destinations on the group's allowlist.",
    chaos: ["egress"],
    evidence: "egress.attempted on cattle against the group's egressAllowlist.",
    references: ["NIST 800-53 SC-7(5)", "CIS Controls v8 13.4"],
  },
  {
    id: "CAT-MAL-001",
    title: "Malware on cattle is detected and recycled",
    scope: "cattle",
    severity: "critical",
    requirement: "An infected cattle instance is detected, terminated and replaced within the detect window.",
    chaos: ["malware"],
    evidence: "instance.infected, malware.detected, instance.terminated and the replacement launch.",
    bound: "detectWindow",
    references: ["NIST 800-53 SI-3", "NIST 800-53 IR-4", "CIS Controls v8 10.1"],
  },

  {
    id: "IMM-ACC-001",
    title: "No interactive access to immutable servers",
    scope: "immutable",
    severity: "critical",
    requirement: "Every SSH, RDP, console or session attempt on an immutable instance is refused.",
    chaos: ["login", "break-glass"],
    evidence: "login.attempted on immutable instances.",
    references: ["NIST 800-53 AC-17", "NIST 800-53 CM-7"],
  },
  {
    id: "IMM-ACC-002",
    title: "No accounts or keys on immutable servers",
    scope: "immutable",
    severity: "critical",
    requirement: "Immutable instances run images without interactive accounts or remote shells, and key injection is rejected.",
    chaos: ["key-injection"],
    evidence: "image.registered manifests of launched immutable instances and key.injected outcomes.",
    references: ["NIST 800-53 AC-2", "NIST 800-53 CM-7", "NIST 800-53 IA-5"],
  },
  {
    id: "IMM-AGE-001",
    title: "No immutable instance older than the maximum age",
    scope: "immutable",
    severity: "critical",
    requirement: "No immutable instance lives longer than the maximum age, and an aged one is reaped only after its replacement runs.",
    chaos: ["age", ...OUTAGES],
    evidence: "Instance creation times (after backdating), terminations and replacements.",
    bound: "maxAge",
    references: ["NIST 800-53 SI-14", "NIST 800-53 SI-14(1)"],
  },
  {
    id: "IMM-AGE-002",
    title: "Stop/start does not reset age",
    scope: "immutable",
    severity: "critical",
    requirement:
      "An immutable instance's age counts from creation, so stopping and starting it never extends its life past the maximum age.",
    chaos: ["age", "stop-start"],
    evidence: "Creation times and lifetimes of stop-started immutable instances.",
    bound: "maxAge",
    references: ["NIST 800-53 SI-14"],
  },
  {
    id: "IMM-CFG-001",
    title: "No configuration change in place",
    scope: "immutable",
    severity: "critical",
    requirement:
      "Configuration is never re-applied in place on an immutable instance; a drifted instance is replaced within the drift window.",
    chaos: ["drift", ...OUTAGES],
    evidence: "config.applied (none allowed), config.drifted, instance.terminated and replacement launches.",
    bound: "driftWindow",
    references: ["NIST 800-53 CM-3", "NIST 800-53 CM-5", "NIST 800-53 SI-14"],
  },
  {
    id: "IMM-PAT-001",
    title: "No in-place patching of immutable servers",
    scope: "immutable",
    severity: "high",
    requirement: "Immutable instances are never patched in place; by the patch SLA every one runs an image at the released level.",
    chaos: ["patch-release", ...OUTAGES],
    evidence: "instance.patched (none allowed) and image patch levels of instances alive at the deadline.",
    bound: "patchSla",
    references: ["NIST 800-53 SI-2", "NIST 800-53 SI-14(1)"],
  },
  {
    id: "IMM-IMG-001",
    title: "Only pipeline-built, scanned, stage-3 images launch",
    scope: "immutable",
    severity: "critical",
    requirement: "Every immutable instance runs an approved, scan-passed, stage-3 image built by the pipeline.",
    chaos: ["rogue-image"],
    evidence: "Images of launched immutable instances; launch.denied for rogue images.",
    references: ["NIST 800-53 CM-14", "NIST 800-53 SA-10"],
  },
  {
    id: "IMM-CICD-001",
    title: "The pipeline rejects vulnerable images",
    scope: "immutable",
    severity: "critical",
    requirement:
      "Every vulnerable image submitted to the pipeline is rejected within the detect window, never approved and never launched.",
    chaos: ["vulnerable-image"],
    evidence: "image.submitted of vulnerable images, image.rejected / image.approved, launches.",
    bound: "detectWindow",
    references: ["NIST 800-53 RA-5", "NIST 800-53 SA-11"],
  },
  {
    id: "IMM-DEP-001",
    title: "Only the pipeline deploys immutable servers",
    scope: "immutable",
    severity: "critical",
    requirement: "An immutable instance launched by anyone but the pipeline or the platform is terminated within the detect window.",
    chaos: ["manual-launch"],
    evidence: "instance.launched actors and instance.terminated of manual launches.",
    bound: "detectWindow",
    references: ["NIST 800-53 CM-5", "NIST 800-53 CM-3"],
  },
  {
    id: "IMM-NET-001",
    title: "No internet egress from immutable servers",
    scope: "immutable",
    severity: "critical",
    requirement: "Every egress attempt from an immutable instance is denied.",
    chaos: ["egress"],
    evidence: "egress.attempted on immutable instances.",
    references: ["NIST 800-53 SC-7(5)"],
  },
  {
    id: "IMM-MAL-001",
    title: "Malware on immutable servers leads to kill and replace",
    scope: "immutable",
    severity: "critical",
    requirement: "An infected immutable instance is detected, terminated and replaced within the detect window.",
    chaos: ["malware"],
    evidence: "instance.infected, malware.detected, instance.terminated and the replacement launch.",
    bound: "detectWindow",
    references: ["NIST 800-53 SI-3", "NIST 800-53 SI-14"],
  },
  {
    id: "IMM-HEAL-001",
    title: "Killed immutable nodes are replaced from the current image",
    scope: "immutable",
    severity: "high",
    requirement: "A killed or crashed immutable node is replaced by one running the group's current image within the RTO.",
    chaos: [...KILLS, ...OUTAGES],
    evidence: "Chaos kills and crashes, replacement launches, their images and instance.running.",
    bound: "rto",
    references: ["NIST 800-53 CP-10", "NIST 800-53 SI-14(1)"],
  },
  {
    id: "IMM-HEAL-002",
    title: "Immutable groups keep their capacity floor",
    scope: "immutable",
    severity: "critical",
    requirement:
      "An immutable group never stays below its capacity for longer than the RTO after the losses that caused it; " +
      "stopped, crashed, unapproved or hand-launched servers do not count as serving.",
    chaos: [...KILLS, "stop-start", "malware", ...OUTAGES],
    evidence:
      "Serving count per group (running, not crashed or stopped, launched by the pipeline or the platform from an approved image) " +
      "against chaos losses (kills, crashes, stops, infections) in the last RTO.",
    bound: "rto",
    references: ["NIST 800-53 CP-10", "NIST 800-53 SC-5(2)"],
  },
];

const BY_ID = new Map<string, CatalogEntry>(CATALOG.map((entry) => [entry.id, entry]));

/** The catalog entry of a control id. */
export function controlById(id: ControlId): CatalogEntry;
export function controlById(id: string): CatalogEntry | undefined;
export function controlById(id: string): CatalogEntry | undefined {
  return BY_ID.get(id);
}

/** The fleet bound key (`rtoMs`, ...) a control is measured against, if any. */
export function boundKeyOf(id: ControlId): keyof FleetBounds | undefined {
  const bound = controlById(id).bound;
  return bound === undefined ? undefined : BOUND_NAMES[bound];
}

/** True when the catalog lists exactly the control ids, in order (checked by tests). */
export function catalogIsComplete(): boolean {
  return CATALOG.length === CONTROL_IDS.length && CATALOG.every((entry, i) => entry.id === CONTROL_IDS[i]);
}
