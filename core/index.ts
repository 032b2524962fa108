// Public vocabulary of cattleprod. Explicit exports only.
export { VM_TYPES, VM_TYPE_TITLES, isVmType } from "./vm-type.ts";
export type { VmType } from "./vm-type.ts";
export { CattleprodError, isCattleprodError } from "./errors.ts";
export type { ErrorCode } from "./errors.ts";
export { PACKAGE_ROOT, packagePath } from "./package-path.ts";
export { COMMAND_PREFIX, commandLine } from "./command-line.ts";
export { parseDuration, formatDuration, formatDurationCompact, isDuration, MINUTE_MS, HOUR_MS, DAY_MS } from "./duration.ts";
export type { DurationText } from "./duration.ts";
export { LIMITS, formatCount, formatBytes } from "./limits.ts";
export type { LimitName } from "./limits.ts";
export type { Clock } from "./clock.ts";
export { createRng } from "./rng.ts";
export type { Rng } from "./rng.ts";
export type { Image, ImageStage, ImageBuilder, ImageManifest, ImageStatus, ScanResult } from "./image.ts";
export { isHealthy } from "./instance.ts";
export type { Instance, InstanceState, HaRole } from "./instance.ts";
export { DEFAULT_BOUNDS, BOUND_NAMES, groupDefaults } from "./fleet-spec.ts";
export { allowlistAdmits, cidrContains, ipv4Value } from "./allowlist.ts";
export type { FleetSpec, GroupSpec, FleetBounds, BoundName } from "./fleet-spec.ts";
export { History, LOGIN_PROTOCOLS } from "./history.ts";
export { primeTimeFields } from "./time-fields.ts";
export type { HistoryEvent, HistoryView, EventKind, EventPayloads, LoginProtocol, Observed } from "./history.ts";
export { CONTROL_STATUSES, SEVERITIES, atLeast } from "./verdict.ts";
export type { ControlStatus, Severity, Evidence, Verdict } from "./verdict.ts";
export { CONTROL_IDS, isControlId, controlFamily } from "./control.ts";
export type { ControlId, ControlDefinition, ControlFamily } from "./control.ts";
export { CHAOS_ACTIONS, isChaosAction } from "./chaos-action.ts";
export type { ChaosActionName } from "./chaos-action.ts";
export type { Scenario, ChaosStep, TargetSpec, TargetCount, Expectation } from "./scenario.ts";
export type {
  FleetDriver,
  FaultSurface,
  Scheduler,
  Decision,
  LaunchRequest,
  LaunchResult,
  LoginRequest,
  Grant,
  FleetPolicies,
  ImageDraft,
  InstanceFilter,
  IndexedPool,
  UpCohort,
} from "./driver.ts";
export type { Platform, PlatformCommand, Controller, ControllerContext, PlatformHost } from "./platform.ts";
export { OBSERVABLES } from "./observable.ts";
export type { Observable, EvidenceOffer, EvidenceSource } from "./observable.ts";
export type { World, ModelWorld, AccountWorld, WorldObservations } from "./world.ts";
export type {
  ExploreRecord,
  ExploreTypeRecord,
  ExploreCoverage,
  ExploreFindingRecord,
  ControlCoverage,
  ActionCoverage,
  EffectCount,
} from "./explore-record.ts";
export { mergeExploreRecords, mergeExploreCoverage, dedupeFindings, findingKey } from "./explore-merge.ts";
export { RUN_RECORD_VERSION } from "./run-record.ts";
export type {
  RunRecord,
  ControlOutcome,
  ScenarioRecord,
  ScenarioControl,
  StatusCounts,
  Waiver,
  WaiverOutcome,
  HistoryRef,
  RunEnvironment,
  CommandRecord,
  CommandCallRecord,
} from "./run-record.ts";
