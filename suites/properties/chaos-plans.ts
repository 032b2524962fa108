import fc from "fast-check";
import { CHAOS_ACTIONS, DAY_MS, HOUR_MS, type ChaosActionName, type VmType } from "../../core/index.ts";
import { CHAOS_PARAMS, type ChaosActionSpec } from "../../chaos/index.ts";
import type { DomainContext } from "./domains.ts";
import type { PlannedChaos } from "./model.ts";
import { targetArbitrary } from "./targets.ts";
import { paramArbitrary, type Drawn, type DrawnValue } from "./zod-arbitrary.ts";

/** Where the explorer draws chaos from: every action of a spec table (CHAOS_PARAMS by default). */
export interface ChaosPlanOptions extends DomainContext {
  /** The action table to derive from; tests pass a widened one to show new actions and parameters get explored. */
  readonly specs?: Readonly<Record<string, ChaosActionSpec>>;
}

/** One action's steps: a target its scope allows and every parameter over its range. */
export function actionArbitrary(action: string, spec: ChaosActionSpec, vmType: VmType, context: DomainContext): fc.Arbitrary<PlannedChaos> {
  const params: Record<string, fc.Arbitrary<Drawn>> = {};
  for (const [name, schema] of Object.entries(spec.params.shape)) params[name] = paramArbitrary(name, schema as never, context);
  return fc.record({ target: targetArbitrary(spec, vmType), params: fc.record(params) }).map(({ target, params: drawn }) => {
    const values: Record<string, DrawnValue> = {};
    const classes: Record<string, string> = { target: target.cls };
    for (const [name, { value, cls }] of Object.entries(drawn)) {
      if (value !== undefined) values[name] = value;
      classes[name] = cls;
    }
    return { action: action as ChaosActionName, target: target.target, with: values, classes };
  });
}

/**
 * The chaos the explorer draws from for fleets of a VM type: every action of the scenario schema
 * (CHAOS_PARAMS), on every VM type, with targets and parameters derived from the schema itself.
 * Adding an action or a parameter to the schema widens exploration without touching this file.
 */
export function chaosPlans(
  vmType: VmType,
  options: ChaosPlanOptions,
): Array<{ readonly action: string; readonly arbitrary: fc.Arbitrary<PlannedChaos> }> {
  const specs: Readonly<Record<string, ChaosActionSpec>> = options.specs ?? CHAOS_PARAMS;
  const actions = options.specs ? Object.keys(specs) : [...CHAOS_ACTIONS];
  return actions.map((action) => ({ action, arbitrary: actionArbitrary(action, specs[action] as ChaosActionSpec, vmType, options) }));
}

/** How long the settle phase runs with chaos off: long enough for every bound to come due. */
export const SETTLE_MS = 2 * DAY_MS + HOUR_MS;
