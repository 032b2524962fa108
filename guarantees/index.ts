// The control catalog and its checkers. Explicit exports only.
export { CATALOG, controlById, boundKeyOf, catalogIsComplete } from "./catalog.ts";
export type { CatalogEntry } from "./catalog.ts";
export { evaluateControls, evaluateSome, checkerFor } from "./evaluate.ts";
export type { EvaluateInput } from "./evaluate.ts";
export { limitMs, fleetBound } from "./context.ts";
export type { CheckContext, Checker } from "./context.ts";
export { buildInstanceIndex, aliveAt, aliveAtTime, healthyAfter, patchLevelAt, scopeOf } from "./instance-index.ts";
export type { InstanceIndex, InstanceFacts, LifecycleKind } from "./instance-index.ts";
export { HealthTimeline } from "./health-timeline.ts";
export type { Dip } from "./health-timeline.ts";
export { buildChaosIndex, chaosStepOf, isChaosEffect } from "./chaos-index.ts";
export type { ChaosIndex, ChaosStepFacts } from "./chaos-index.ts";
export type { ImageIndex, ImageFacts } from "./image-index.ts";
export type { AccessIndex, GrantFacts, SessionFacts } from "./access-index.ts";
export { Judge, EVIDENCE_CAP } from "./judge.ts";
export { CONTROL_EVIDENCE, FROM_MODEL, sourceOf, labelEvidence } from "./evidence-sources.ts";
export type { ControlEvidence, OfferOf } from "./evidence-sources.ts";
export type { CaseInfo, VerdictText } from "./judge.ts";
