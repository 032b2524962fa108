// Public API of scenarios/: the scenario format (schema, parser, loader, renderer). Explicit exports only.
export { parseScenario } from "./parse.ts";
export { loadScenario, loadScenarios, findScenarioFiles } from "./load.ts";
export { renderScenario } from "./render.ts";
export type { RenderOptions } from "./render.ts";
export { formatCompactDuration } from "./compact-duration.ts";
export { scenarioSchema, scenarioJsonSchema, API_VERSION } from "./schema.ts";
export type { ScenarioDocument } from "./schema.ts";
export { CHAOS_PARAMS, parseChaosParams, resolveChaosParams } from "../chaos/params.ts";
export type { ChaosActionSpec, ChaosScope, ResolvedChaosParams } from "../chaos/params.ts";
// Running scenarios (runner, run record, platform loading).
export { runScenario, runScenarioOn, replayCommand, SimSession, AccountSession } from "./runner.ts";
export type { ScenarioResult, ExpectationResult, RunScenarioOptions, ActingWorld } from "./runner.ts";
export { buildRunRecord, assembleRunRecord, toScenarioRecord, exitCodeOf, foldStatus } from "./run-record.ts";
export type { ScenarioFailure, RunMeta, RecordFrame } from "./run-record.ts";
// Located YAML errors, for other YAML inputs (waivers) to point at file, line and path the same way.
export { readYaml, locate, formatPath } from "./yaml-source.ts";
export { fileReason, readInputBytes, readInputText } from "./read-input.ts";
export { quote } from "./problem.ts";
export type { UnreadableInput } from "./read-input.ts";
// Limits every input is held to, checked before a run (see core's LIMITS).
export { estimateLoad } from "./estimate-load.ts";
export { runLoadProblem } from "./limit-checks.ts";
export { guardHistory } from "./run-guard.ts";
export type { LoadEstimate } from "./estimate-load.ts";
export type { YamlSource, SourcePos, DocPath } from "./yaml-source.ts";
export { loadPlatform, REFERENCE_PLATFORM, EXTERNAL_PLATFORM } from "./platform-loader.ts";
export { loadPlatformManifest, parsePlatformManifest, platformManifestSchema } from "./platform-manifest.ts";
export type { PlatformManifest } from "./platform-manifest.ts";
// Importing incidents from CloudTrail into scenarios.
export { importCloudTrail, DEFAULT_CONFIG_TAGS } from "./cloudtrail/import-cloudtrail.ts";
export type { ImportCloudTrailOptions, ImportCloudTrailResult } from "./cloudtrail/import-cloudtrail.ts";
export { DEFAULT_IDENTITY_TAGS } from "./cloudtrail/reconstruct-fleet.ts";
export { EVENT_MAPPINGS } from "./cloudtrail/event-mapping.ts";
