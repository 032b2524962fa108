// Property-based exploration: fast-check model runs per VM type, shrunk to scenario files.
export { explore } from "./explore.ts";
export type { ExploreOptions, ExploreResult, Finding } from "./explore.ts";
export { emitFinding } from "./emit.ts";
export type { EmitOptions, EmittedFinding } from "./emit.ts";
export { SETTLE_MS, chaosPlans } from "./chaos-plans.ts";
export { CoverageCollector, controlsOfType, uncoveredControls, mergeCoverage } from "./coverage.ts";
export { BLOCK_RUNS, planBlocks } from "./blocks.ts";
export type { Block, ExploreShard } from "./blocks.ts";
export { exploreBlocks, exploreBlock, defaultWorkers } from "./explore-blocks.ts";
export type { BlockResult, ExploreBlocksOptions } from "./explore-blocks.ts";
