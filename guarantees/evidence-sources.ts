import type { ControlId, EvidenceOffer, HistoryEvent, HistoryView, Observable, Verdict } from "../core/index.ts";

/** What decides a control: the observables its deciding facts belong to, and what the checker reads, in words. */
export interface ControlEvidence {
  /** The observables whose facts make the case (the fault and the platform's answer to it). */
  readonly decidedBy: readonly Observable[];
  /** The facts the checker reads (the README's method table says this beside each backend's source). */
  readonly reads: string;
}

/**
 * Per control, what decides it. A control is decided from the account on a world that offers every one of its
 * `decidedBy` observables from the account; otherwise from the model. Boot times and health support several
 * account-decided controls (an emulator's instances never boot); they are named in `reads`.
 */
export const CONTROL_EVIDENCE = {
  "FLT-INV-001": { decidedBy: ["instances"], reads: "the VM type tag of every launch, and the termination of untagged ones" },
  "FLT-AUD-001": { decidedBy: ["audit"], reads: "actor, time and cause of every history event (cattleprod's own record)" },
  "FLT-NET-001": { decidedBy: ["ingress"], reads: "world-open 22/3389 rules in the security groups attached to each instance" },
  "PET-PROT-001": { decidedBy: ["instances", "audit"], reads: "who terminated or replaced a pet (attribution: cattleprod's intents)" },
  "PET-ACC-001": { decidedBy: ["access"], reads: "login attempts on pets, decided by the platform's access policy" },
  "PET-BG-001": { decidedBy: ["access"], reads: "break-glass grants on pets: issue, expiry, use after expiry" },
  "PET-PAT-001": { decidedBy: ["patches"], reads: "patch releases and in-place patches of pets" },
  "PET-HA-001": { decidedBy: ["ha", "health"], reads: "HA roles and the health of the active pet" },
  "PET-DRF-001": { decidedBy: ["config", "audit"], reads: "configuration changes on pets and the platform's record of who made them" },
  "CAT-HEAL-001": {
    decidedBy: ["instances"],
    reads: "kills and the replacement launches from the group's image (boot to running is modelled)",
  },
  "CAT-HEAL-002": { decidedBy: ["health"], reads: "serving capacity per group over time (boot and crashes are modelled)" },
  "CAT-DATA-001": { decidedBy: ["data"], reads: "shard placement and copies" },
  "CAT-ACC-001": { decidedBy: ["access"], reads: "login attempts on cattle against JIT grants" },
  "CAT-BG-001": { decidedBy: ["access"], reads: "JIT grant expiry and admin actions attributed to the grant" },
  "CAT-BG-002": { decidedBy: ["taints", "access"], reads: "instances touched by break-glass, tainted and recycled" },
  "CAT-IMG-001": {
    decidedBy: ["instances", "images"],
    reads: "the AMI of every launch and its approval status tag; rogue instances terminated",
  },
  "CAT-IMG-002": {
    decidedBy: ["current-image", "instances", "images"],
    reads: "the group's current image parameter, and instances on older images replaced within the window",
  },
  "CAT-DRF-001": { decidedBy: ["config"], reads: "the configuration tag drifted and set back to the desired version" },
  "CAT-PAT-001": { decidedBy: ["patches"], reads: "patch releases and the patch level of every cattle instance" },
  "CAT-NET-001": { decidedBy: ["egress"], reads: "egress attempts against the group's allowlist" },
  "CAT-MAL-001": { decidedBy: ["malware"], reads: "infections, their detection and the infected instance recycled" },
  "IMM-ACC-001": { decidedBy: ["access"], reads: "login attempts on immutable instances" },
  "IMM-ACC-002": { decidedBy: ["keys", "access", "images"], reads: "key injections (decided by policy) and image manifests" },
  "IMM-AGE-001": {
    decidedBy: ["instances", "age"],
    reads: "each instance's age on the account's clock, from its root volume's attach time (launch time as fallback)",
  },
  "IMM-AGE-002": {
    decidedBy: ["instances", "age", "restart-age"],
    reads: "age of stop-started instances from the root volume's attach time, where the launch time moves on start",
  },
  "IMM-CFG-001": {
    decidedBy: ["config", "instances"],
    reads: "drifted configuration tags and the drifted instance replaced, never re-tagged",
  },
  "IMM-PAT-001": { decidedBy: ["patches"], reads: "in-place patches of immutable instances" },
  "IMM-IMG-001": { decidedBy: ["instances", "images"], reads: "stage, builder and scan tags of the AMI of every launch" },
  "IMM-CICD-001": {
    decidedBy: ["images", "instances"],
    reads: "scan and status tags of submitted AMIs; none of the rejected ones launched",
  },
  "IMM-DEP-001": { decidedBy: ["instances"], reads: "launches by anyone but the pipeline, and their termination" },
  "IMM-NET-001": { decidedBy: ["egress"], reads: "egress attempts from immutable instances" },
  "IMM-MAL-001": { decidedBy: ["malware"], reads: "infections, their detection and the infected instance replaced" },
  "IMM-HEAL-001": { decidedBy: ["instances", "current-image"], reads: "kills and replacements launched from the current image parameter" },
  "IMM-HEAL-002": {
    decidedBy: ["instances", "health"],
    reads: "serving capacity per immutable group over time: stopped instances never count (boot and health are modelled)",
  },
} as const satisfies Record<ControlId, ControlEvidence>;

/** How a world offers observables (a model world offers everything from the model). */
export type OfferOf = (observable: Observable) => EvidenceOffer;

/** Everything from the model: the simulated fleet. */
export const FROM_MODEL: OfferOf = () => ({ source: "model", why: "the simulated fleet is the model" });

/** The source and calls of a control on a world, and why a pass cannot stand if an observable is unavailable there. */
export function sourceOf(control: ControlId, offer: OfferOf): { source: "account" | "model"; calls: string[]; unavailable?: string } {
  const offers = CONTROL_EVIDENCE[control].decidedBy.map((observable) => ({ observable, offer: offer(observable) }));
  const missing = offers.find((o) => o.offer.source === "unavailable");
  const calls = [...new Set(offers.flatMap((o) => (o.offer.source === "account" ? o.offer.calls : [])))];
  const source = offers.every((o) => o.offer.source === "account") ? "account" : "model";
  return {
    source,
    calls: source === "account" ? calls : [],
    ...(missing && missing.offer.source === "unavailable" ? { unavailable: `${missing.observable}: ${missing.offer.why}` } : {}),
  };
}

/**
 * Labels a verdict with where its evidence came from, and withholds a pass that the account cannot support:
 * an observable it rests on is unavailable here (a clock that cannot be driven, an emulator deviation), or a
 * write it depends on was never applied by the account (`api.unapplied`). Such a pass becomes inconclusive;
 * a failure stays a failure.
 */
export function labelEvidence(
  verdict: Verdict,
  offer: OfferOf,
  unapplied: ReadonlyMap<Observable, HistoryEvent<"api.unapplied">[]>,
): Verdict {
  const control = verdict.control as ControlId;
  // The simulated fleet: everything is the model's, and nothing is ever unapplied (the hot path of exploration).
  if (offer === FROM_MODEL && unapplied.size === 0)
    return verdict.evidence.source === "model" ? verdict : { ...verdict, evidence: { ...verdict.evidence, source: "model" } };
  if (!(control in CONTROL_EVIDENCE)) return { ...verdict, evidence: { ...verdict.evidence, source: "model" } };
  const { source, calls, unavailable } = sourceOf(control, offer);
  const evidence = {
    ...verdict.evidence,
    source,
    ...(calls.length > 0 ? { calls } : {}),
  };
  if (verdict.status !== "pass") return { ...verdict, evidence };
  const dropped = CONTROL_EVIDENCE[control].decidedBy.flatMap((observable) => unapplied.get(observable) ?? []);
  if (unavailable === undefined && dropped.length === 0) return { ...verdict, evidence };
  const reason =
    unavailable !== undefined
      ? `the account cannot show ${unavailable}`
      : `the account never applied ${dropped.length === 1 ? "a write" : `${dropped.length} writes`} it rests on ` +
        `(${(dropped[0] as HistoryEvent<"api.unapplied">).operation} on ${(dropped[0] as HistoryEvent<"api.unapplied">).resource})`;
  return {
    control: verdict.control,
    status: "inconclusive",
    headline: `${verdict.control} inconclusive: ${reason}`,
    evidence: {
      ...evidence,
      eventIds: [...dropped.map((event) => event.seq), ...verdict.evidence.eventIds].slice(0, 20),
      observed: `would pass (${verdict.evidence.observed ?? verdict.headline}), but ${reason}`,
      ...(unavailable !== undefined ? { unavailable } : {}),
    },
    hint:
      unavailable !== undefined
        ? "run on a LocalStack started by scripts/localstack/start.sh (libfaketime and cattleprod's plugin); the README's method table " +
          "says what each backend can show"
        : "the account accepted a write without applying it: see the api.unapplied events in the history",
  };
}

/** `api.unapplied` events of a history, by observable. */
export function unappliedByObservable(history: HistoryView): Map<Observable, HistoryEvent<"api.unapplied">[]> {
  const out = new Map<Observable, HistoryEvent<"api.unapplied">[]>();
  for (const event of history.ofKind("api.unapplied")) {
    let list = out.get(event.observable);
    if (!list) out.set(event.observable, (list = []));
    list.push(event);
  }
  return out;
}
