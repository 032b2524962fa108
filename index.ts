// The `cattleprod` package entry: scenarios, platforms, worlds and the run API for code of one's own.
// `cattleprod/platform` has the reference controllers; `cattleprod/vitest` declares vitest tests. Explicit exports only.

// Vocabulary.
export {
  VM_TYPES,
  VM_TYPE_TITLES,
  SEVERITIES,
  CONTROL_IDS,
  CONTROL_STATUSES,
  CHAOS_ACTIONS,
  DEFAULT_BOUNDS,
  CattleprodError,
  isCattleprodError,
  parseDuration,
  formatDuration,
  commandLine,
} from "./core/index.ts";
export type {
  VmType,
  Severity,
  ControlId,
  ControlStatus,
  ControlDefinition,
  Verdict,
  Evidence,
  Scenario,
  ChaosStep,
  TargetSpec,
  Expectation,
  FleetSpec,
  GroupSpec,
  FleetBounds,
  Instance,
  HistoryEvent,
  EventKind,
  FleetDriver,
  Platform,
  Controller,
  ControllerContext,
  RunRecord,
  ErrorCode,
} from "./core/index.ts";

// Scenarios: the YAML format, its schema, loading and rendering.
export {
  parseScenario,
  loadScenario,
  loadScenarios,
  findScenarioFiles,
  renderScenario,
  scenarioSchema,
  scenarioJsonSchema,
  API_VERSION,
} from "./scenarios/index.ts";

// Platforms: the reference platform, building and altering one, loading a module.
export { referencePlatform, definePlatform, withController, withoutController, controller } from "./platform/index.ts";
export { loadPlatform, REFERENCE_PLATFORM, EXTERNAL_PLATFORM } from "./scenarios/index.ts";

// Worlds: the deterministic simulated fleet.
export { SimFleet } from "./simulators/index.ts";

// Running: a scenario, a run record and its reports, property exploration.
export { runScenario, SimSession, replayCommand, buildRunRecord, toScenarioRecord, exitCodeOf } from "./scenarios/index.ts";
export type { ScenarioResult, ExpectationResult, RunScenarioOptions, RunMeta } from "./scenarios/index.ts";
export { CATALOG, controlById, evaluateControls } from "./guarantees/index.ts";
export { renderReports, REPORTERS, failureLines, checkRunRecord, runRecordJsonSchema } from "./reports/index.ts";
export type { RenderedReport, ReportFormat } from "./reports/index.ts";
export { explore, emitFinding } from "./suites/properties/index.ts";
export type { ExploreOptions, ExploreResult, Finding, EmitOptions, EmittedFinding } from "./suites/properties/index.ts";
