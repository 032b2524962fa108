import type { ChaosActionName } from "./chaos-action.ts";
import type { ControlId } from "./control.ts";
import type { FleetSpec } from "./fleet-spec.ts";
import type { HaRole } from "./instance.ts";
import type { VmType } from "./vm-type.ts";

/** How many of the matching instances a step hits. */
export type TargetCount =
  | { readonly kind: "one" }
  | { readonly kind: "random"; readonly n: number }
  | { readonly kind: "fraction"; readonly fraction: number }
  | { readonly kind: "all" };

/** Which instances a chaos step hits: filters narrow, `count` picks (seeded). */
export interface TargetSpec {
  readonly group?: string;
  readonly zone?: string;
  readonly vmType?: VmType;
  readonly role?: HaRole;
  readonly instance?: string;
  readonly count: TargetCount;
}

/** One scheduled chaos action. */
export interface ChaosStep {
  /** Position in the scenario's `steps` list (0-based). */
  readonly index: number;
  readonly atMs: number;
  readonly action: ChaosActionName;
  readonly target: TargetSpec;
  /** Action parameters, already validated; durations are in milliseconds under `...Ms` keys. */
  readonly with: Readonly<Record<string, string | number | boolean>>;
}

/** What a scenario expects of a control. */
export interface Expectation {
  readonly control: ControlId;
  /** Default "pass". Incidents may pin a known failure with "fail". */
  readonly status: "pass" | "fail";
  /** Overrides the control's fleet bound for this scenario. */
  readonly withinMs?: number;
}

/** A validated scenario, durations resolved to milliseconds. */
export interface Scenario {
  readonly apiVersion: "cattleprod/v1";
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly fleet: FleetSpec;
  /** "reference" or a module path (resolved against the scenario file). */
  readonly platform: string;
  readonly steps: readonly ChaosStep[];
  readonly runMs: number;
  readonly expect: readonly Expectation[];
  /** Where it was loaded from (relative to the working directory), if a file. */
  readonly file?: string;
}
