// Chaos: the adversary. Actions with targets, each recording whether it took effect.
export { applyChaosStep, scheduleChaos, scheduleChaosStep } from "./apply.ts";
export { ACTIONS } from "./actions.ts";
export type { ActionContext, ActionResult } from "./actions.ts";
export { selectTargets } from "./targets.ts";
export { describeStep } from "./describe.ts";
export { CHAOS_ACTOR } from "./world.ts";
export { presentedGrant } from "./grants.ts";
export type { GrantChoice } from "./grants.ts";
export type { ChaosWorld } from "./world.ts";
export {
  CHAOS_PARAMS,
  LOGIN_GRANTS,
  parseChaosParams,
  resolveChaosParams,
  durationText,
  isDurationSchema,
  DURATION_PATTERN,
  DURATION_HINT,
} from "./params.ts";
export type { ChaosActionSpec, ChaosScope, ChaosParamsText, ResolvedChaosParams } from "./params.ts";
