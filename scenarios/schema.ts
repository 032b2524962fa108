import { z } from "zod";
import { BOUND_NAMES, CHAOS_ACTIONS, CONTROL_IDS, VM_TYPES } from "../core/index.ts";
import type { ChaosActionName, HaRole } from "../core/index.ts";
import { CHAOS_PARAMS, durationText } from "../chaos/index.ts";
import type { ChaosActionSpec } from "../chaos/index.ts";

/** The one apiVersion this parser reads. */
export const API_VERSION = "cattleprod/v1";

const HA_ROLES = ["active", "passive", "fenced"] as const satisfies readonly HaRole[];
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const PLATFORM = /^(?:reference|external)$|\.(?:[cm]?[jt]s)$/;

const name = (description: string) => z.string().min(1).meta({ description });
const names = (description: string) => z.array(z.string().min(1)).meta({ description });

/** One fleet group as written; omitted fields take `groupDefaults` when resolved. */
export const groupSchema = z.strictObject({
  name: name("Group name, unique in the fleet."),
  vmType: z.enum(VM_TYPES),
  capacity: z.int().min(1).meta({ description: "Desired number of healthy instances." }),
  image: name("Name of the approved image the group starts on."),
  zones: names("Availability zones (default a, b, c).").min(1).optional(),
  maxUnavailable: z.int().min(0).optional().meta({ description: "Instances that may be down at once (<= capacity)." }),
  replicationFactor: z.int().min(0).optional().meta({ description: "Copies of each data shard; 0 means no data." }),
  shards: z.int().min(0).optional().meta({ description: "Data shards (default capacity * 2 when replicationFactor > 0)." }),
  operators: names("Operators allowed to log in interactively (pets).").optional(),
  ha: z.boolean().optional().meta({ description: "Pets only: an active/passive pair (capacity 2)." }),
  egressAllowlist: names("Destinations the group may reach; * means any.").optional(),
  publicIngress: z.boolean().optional().meta({ description: "Pets only: 0.0.0.0/0 may reach 22/3389." }),
  initialAge: durationText("Age of the initial instances at time zero.").optional(),
  autoScaling: z.boolean().optional().meta({
    description: "Cattle and immutable groups: on an account backend the group is an Auto Scaling group that keeps its own capacity.",
  }),
});

const boundsShape = Object.fromEntries(
  Object.keys(BOUND_NAMES).map((bound) => [bound, durationText(`Overrides the ${bound} bound.`).optional()]),
) as Record<keyof typeof BOUND_NAMES, z.ZodOptional<z.ZodString>>;

/** Fleet time bounds as written; omitted ones take `DEFAULT_BOUNDS`. */
export const boundsSchema = z.strictObject(boundsShape);

/** The fleet a scenario builds. */
export const fleetSchema = z.strictObject({
  groups: z.array(groupSchema).min(1),
  bounds: boundsSchema.optional(),
});

/** Target fields a step may set; `requires` makes some of them mandatory. */
function targetSchema(requires: readonly ("group" | "zone")[]) {
  const shape = {
    group: name("Only instances of this group.").optional(),
    zone: name("Only instances in this zone.").optional(),
    vmType: z.enum(VM_TYPES).optional(),
    role: z.enum(HA_ROLES).optional(),
    instance: name("Only this instance id.").optional(),
    one: z.literal(true).optional().meta({ description: "Hit one matching instance (the default)." }),
    random: z.int().min(1).optional().meta({ description: "Hit N random matching instances." }),
    fraction: z.number().gt(0).max(1).optional().meta({ description: "Hit this share of matching instances." }),
    all: z.literal(true).optional().meta({ description: "Hit every matching instance." }),
  };
  return z.strictObject({
    ...shape,
    ...(requires.includes("group") ? { group: name("The group acted on.") } : {}),
    ...(requires.includes("zone") ? { zone: name("The zone acted on.") } : {}),
  });
}

const targets = new Map<string, ReturnType<typeof targetSchema>>();
function cachedTarget(requires: readonly ("group" | "zone")[]) {
  const key = requires.join("+");
  let schema = targets.get(key);
  if (!schema) {
    schema = targetSchema(requires).meta({ id: `target${requires.map((r) => "-" + r).join("")}` });
    targets.set(key, schema);
  }
  return schema;
}

const at = durationText("When the step runs, from the run start; before run.");

function stepSchemaFor<A extends ChaosActionName>(action: A) {
  const spec: ChaosActionSpec = CHAOS_PARAMS[action];
  const needsWith = !spec.params.safeParse({}).success;
  const chaos = z.literal(action);
  const params = needsWith ? spec.params : spec.params.prefault({});
  // Two object types rather than one with an optional `target`: the declarations emitted for the package stay valid.
  const step =
    spec.scope === "fleet"
      ? z.strictObject({ at, chaos, with: params })
      : z.strictObject({
          at,
          chaos,
          target: spec.requires.length > 0 ? cachedTarget(spec.requires) : cachedTarget([]).optional(),
          with: params,
        });
  return step.meta({ description: `${action}: ${spec.summary}.` });
}

const [firstAction, ...otherActions] = CHAOS_ACTIONS;

/** One chaos step as written, discriminated by `chaos`. */
export const stepSchema = z.discriminatedUnion("chaos", [
  stepSchemaFor(firstAction),
  ...otherActions.map((action) => stepSchemaFor(action)),
]);

/** One expectation: a control id, or `{ control, status, within }`. */
export const expectationSchema = z.union([
  z.enum(CONTROL_IDS),
  z.strictObject({
    control: z.enum(CONTROL_IDS),
    status: z.enum(["pass", "fail"]).default("pass"),
    within: durationText("Overrides the control's fleet bound.").optional(),
  }),
]);

/**
 * The whole scenario document as written (apiVersion cattleprod/v1): the single source of
 * validation and of the JSON Schema for editors. Cross-field rules live in `checks.ts`.
 */
export const scenarioSchema = z
  .strictObject({
    apiVersion: z.literal(API_VERSION),
    name: z
      .string()
      .regex(KEBAB, { error: 'Use kebab-case: lowercase words joined by "-", e.g. cattle-two-nodes-die.' })
      .meta({ description: "Scenario name, kebab-case." }),
    description: z.string().default(""),
    seed: z
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .meta({ description: "The run's seed (32-bit unsigned)." }),
    platform: z
      .string()
      .regex(PLATFORM, { error: 'Use "reference", "external" or a module path ending in .ts or .js.' })
      .default("reference")
      .meta({
        description:
          '"reference", "external" (the account\'s own automation, account backends only) ' +
          "or a platform module path (.ts/.js) relative to this file.",
      }),
    fleet: fleetSchema,
    steps: z.array(stepSchema).default([]),
    run: durationText("How long the run lasts."),
    expect: z.array(expectationSchema).default([]),
  })
  .meta({ title: "cattleprod scenario", description: "A cattleprod chaos and conformance scenario." });

/** A scenario document after schema validation: defaults applied, durations still text. */
export type ScenarioDocument = z.output<typeof scenarioSchema>;

/** A validated step as written. */
export type StepDocument = z.output<typeof stepSchema>;

/** A validated step target as written. */
export interface TargetDocument {
  readonly group?: string;
  readonly zone?: string;
  readonly vmType?: (typeof VM_TYPES)[number];
  readonly role?: HaRole;
  readonly instance?: string;
  readonly one?: true;
  readonly random?: number;
  readonly fraction?: number;
  readonly all?: true;
}

/** The target of a validated step, if it has one. */
export function stepTarget(step: StepDocument): TargetDocument | undefined {
  return "target" in step ? (step.target as TargetDocument | undefined) : undefined;
}

/** A validated group as written. */
export type GroupDocument = z.output<typeof groupSchema>;

/**
 * The JSON Schema (draft 2020-12) of scenario files, generated from {@link scenarioSchema}.
 * The committed copy is `scenarios/scenario.schema.json` (`npx tsx scenarios/write-schema.ts`).
 */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
}
