import { z } from "zod";
import { LOGIN_PROTOCOLS, parseDuration } from "../core/index.ts";
import type { ChaosActionName, TargetCount } from "../core/index.ts";

/** A duration as scenarios write it: one or more number+unit parts, e.g. `30s`, `1d12h`, `500ms`. */
export const DURATION_PATTERN = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;

/** What every duration error tells the user. */
export const DURATION_HINT = "Use a duration such as 30s, 10m, 2h, 28d.";

const durationSchemas = new WeakSet<z.ZodType>();

/**
 * The zod schema of a duration written in a scenario (`30s`, `10m`, `2h`, `28d`, `1d12h`).
 * Kept as text here; resolution to milliseconds happens when the scenario is resolved.
 *
 * @example durationText("How long the session stays open.").default("5m")
 */
export function durationText(description?: string): z.ZodString {
  const schema = z
    .string()
    .regex(DURATION_PATTERN, { error: DURATION_HINT })
    .meta({ description: description ?? "A duration such as 30s, 10m, 2h, 28d, 1d12h." });
  durationSchemas.add(schema);
  return schema;
}

/** True when `schema` was made by {@link durationText} (error messages use it to give duration hints). */
export function isDurationSchema(schema: unknown): boolean {
  return typeof schema === "object" && schema !== null && durationSchemas.has(schema as z.ZodType);
}

/**
 * What a chaos action acts on:
 * - `instances`: picks instances with the step's `target` (default: one matching instance);
 * - `group`: acts on a group as a whole (launches, image pushes), named by `target.group`;
 * - `fleet`: acts on the whole fleet or the platform; a step must not have a `target`.
 */
export type ChaosScope = "instances" | "group" | "fleet";

/** Parameters, defaults and target rules of one chaos action. */
export interface ChaosActionSpec<S extends z.core.$ZodLooseShape = z.core.$ZodLooseShape, D extends string = string> {
  readonly scope: ChaosScope;
  /** Target fields a step of this action must set. */
  readonly requires: readonly ("group" | "zone")[];
  /** How many instances a step hits when its target names no count. */
  readonly defaultCount: TargetCount;
  /** The `with` parameters as written in a scenario, defaults included. Unknown keys are errors. */
  readonly params: z.ZodObject<S, z.core.$strict>;
  /** Parameters that are durations; resolved to milliseconds under `<name>Ms`. */
  readonly durations: readonly D[];
  /** One line for help and list output. */
  readonly summary: string;
}

interface SpecOptions<D extends string> {
  readonly scope: ChaosScope;
  readonly summary: string;
  readonly requires?: readonly ("group" | "zone")[];
  readonly defaultCount?: TargetCount;
  readonly durations?: readonly D[];
}

function action<S extends z.core.$ZodLooseShape, D extends keyof S & string = never>(
  options: SpecOptions<D>,
  shape: S,
): ChaosActionSpec<S, D> {
  return {
    scope: options.scope,
    summary: options.summary,
    requires: options.requires ?? [],
    defaultCount: options.defaultCount ?? { kind: "one" },
    durations: options.durations ?? [],
    params: z.strictObject(shape),
  };
}

const text = (description: string) => z.string().min(1).meta({ description });

/** The grants a login may present (see the `login` action). */
export const LOGIN_GRANTS = ["none", "latest", "other-instance", "other-user"] as const;

/** Who a drift may be made by: chaos itself or a person. */
const DRIFT_ACTOR = /^(?:chaos|operator:[A-Za-z0-9._@-]+)$/;

/**
 * Every chaos action's `with` parameters, defaults and target rules: the single source the
 * scenario schema, the JSON Schema for editors and the chaos implementation read.
 */
export const CHAOS_PARAMS = {
  /** Terminates the targeted instances. */
  kill: action({ scope: "instances", summary: "terminate instances" }, {}),
  /** Crashes the targeted instances: they stay up but serve nothing until recovered or replaced. */
  crash: action({ scope: "instances", summary: "crash instances (impaired, not terminated)" }, {}),
  /** Takes a zone down: every matching instance in `target.zone` crashes (count defaults to all). */
  "zone-outage": action(
    { scope: "instances", summary: "crash every instance in a zone", requires: ["zone"], defaultCount: { kind: "all" } },
    {},
  ),
  /** Changes an instance's configuration in place, as `actor` (e.g. `operator:alice`). */
  drift: action(
    { scope: "instances", summary: "change configuration in place" },
    {
      actor: z
        .string()
        .regex(DRIFT_ACTOR, { error: 'Use "chaos" or "operator:<name>".' })
        .default("chaos")
        .meta({ description: "Who made the change: chaos or operator:<name>, e.g. operator:alice." }),
      setting: text("The setting changed.").default("sshd_config"),
    },
  ),
  /** Moves instances' creation time back by `by` (time travel for age limits). */
  age: action(
    { scope: "instances", summary: "backdate instances", durations: ["by"] },
    {
      by: durationText("How far to move the creation time back, e.g. 29d."),
    },
  ),
  /** Stops instances and starts them again after `downFor` (must not reset their age). */
  "stop-start": action(
    { scope: "instances", summary: "stop, then start again", durations: ["downFor"] },
    {
      downFor: durationText("How long the instance stays stopped.").default("5m"),
    },
  ),
  /**
   * Attempts an interactive login, presenting a JIT grant: none, the user's latest grant for the
   * target, the user's latest grant for another instance, or another user's latest grant for the
   * target. A grant that does not exist leaves that target untouched (the step takes no effect on it).
   */
  login: action(
    { scope: "instances", summary: "attempt an interactive login", durations: ["sessionFor"] },
    {
      user: text("The user logging in.").default("root"),
      protocol: z.enum(LOGIN_PROTOCOLS).default("ssh"),
      grant: z
        .enum(LOGIN_GRANTS)
        .default("none")
        .meta({
          description:
            "The grant presented. none: no grant; latest: the user's latest grant for the target; " +
            "other-instance: the user's latest grant issued for another instance; " +
            "other-user: another user's latest grant for the target.",
        }),
      sessionFor: durationText("How long an allowed session stays open.").default("5m"),
    },
  ),
  /** Requests break-glass access, opens a session and runs `adminActions` admin commands in it. */
  "break-glass": action(
    { scope: "instances", summary: "break-glass session with admin actions", durations: ["duration", "session"] },
    {
      user: text("Who breaks the glass.").default("oncall"),
      duration: durationText("The grant length requested.").default("30m"),
      adminActions: z.int().min(0).default(2).meta({ description: "Admin commands run in the session." }),
      session: durationText("How long the session stays open.").default("10m"),
    },
  ),
  /** Tries to add an SSH key to instances. */
  "key-injection": action(
    { scope: "instances", summary: "inject an SSH key" },
    {
      key: text("The key's name.").default("attacker-key"),
    },
  ),
  /** Tries to reach `destination` from the instances. */
  egress: action(
    { scope: "instances", summary: "attempt outbound traffic" },
    {
      destination: text("Host the instance tries to reach, e.g. pastebin.com."),
    },
  ),
  /** Opens `port` to 0.0.0.0/0 on the instances. */
  "open-ingress": action(
    { scope: "instances", summary: "open 22/3389 to the world" },
    {
      port: z.literal([22, 3389]).default(22),
    },
  ),
  /** Launches an instance from an unapproved image into `target.group`. */
  "rogue-image": action(
    { scope: "group", summary: "launch from an unapproved image", requires: ["group"] },
    {
      stage: z.literal([1, 2, 3]).default(1).meta({ description: "Image stage: 1 baseline, 2 application, 3 lockdown." }),
      builtBy: z.enum(["manual", "pipeline"]).default("manual"),
      scanned: z.boolean().default(false).meta({ description: "Whether the image passed a scan." }),
    },
  ),
  /** A person launches an instance into `target.group` by hand, bypassing the pipeline. */
  "manual-launch": action(
    { scope: "group", summary: "launch by hand, outside the pipeline", requires: ["group"] },
    {
      user: text("Who launches.").default("mallory"),
    },
  ),
  /** Launches an instance without the VM type tag (into `target.group` if given). */
  "untagged-launch": action({ scope: "group", summary: "launch without a VM type tag" }, {}),
  /** Pushes `count` vulnerable images (and `clean` clean ones) for `target.group` through the pipeline. */
  "vulnerable-image": action(
    { scope: "group", summary: "push vulnerable images into the pipeline", requires: ["group"] },
    {
      count: z.int().min(1).default(1).meta({ description: "Vulnerable images pushed." }),
      clean: z.int().min(0).default(0).meta({ description: "Clean images pushed alongside." }),
    },
  ),
  /** Releases a new approved image for `target.group` (its instances become stale). */
  "image-release": action({ scope: "group", summary: "release a new approved image", requires: ["group"] }, {}),
  /** Releases a new OS patch level (default: the next one). */
  "patch-release": action(
    { scope: "fleet", summary: "release an OS patch" },
    {
      level: z.int().min(1).optional().meta({ description: "Patch level released; default: the next one." }),
    },
  ),
  /** Drops a malware sample on the instances. */
  malware: action(
    { scope: "instances", summary: "drop malware" },
    {
      sample: text("The sample's name.").default("cryptominer"),
    },
  ),
  /** Pauses one platform controller for `for`. */
  "controller-outage": action(
    { scope: "fleet", summary: "pause a platform controller", durations: ["for"] },
    {
      controller: text("The controller's name, e.g. self-healer."),
      for: durationText("How long the controller is paused."),
    },
  ),
  /** Makes a `fraction` of platform writes fail with `fault` for `for`. */
  "api-faults": action(
    { scope: "fleet", summary: "fail a fraction of platform API calls", durations: ["for"] },
    {
      fraction: z.number().gt(0).max(1).meta({ description: "Share of calls that fail, 0 < f <= 1." }),
      for: durationText("How long the faults last."),
      fault: z.enum(["throttle", "5xx", "latency"]).default("throttle"),
    },
  ),
} as const satisfies Record<ChaosActionName, ChaosActionSpec>;

type Spec<A extends ChaosActionName> = (typeof CHAOS_PARAMS)[A];

/** The `with` parameters of action `A` after defaults, as written (durations still text). */
export type ChaosParamsText<A extends ChaosActionName> = z.output<Spec<A>["params"]>;

/**
 * The resolved `with` parameters of action `A`, as `ChaosStep.with` carries them: durations
 * under `<name>Ms` in milliseconds.
 *
 * @example const p = step.with as ResolvedChaosParams<"login">; p.sessionForMs
 */
export type ResolvedChaosParams<A extends ChaosActionName> = {
  [K in keyof ChaosParamsText<A> as K extends Spec<A>["durations"][number] ? `${K & string}Ms` : K]: K extends Spec<A>["durations"][number]
    ? number
    : ChaosParamsText<A>[K];
};

/** Converts validated `with` parameters (defaults applied) to their resolved form: durations to `<name>Ms`. */
export function resolveChaosParams(
  action: ChaosActionName,
  params: Readonly<Record<string, unknown>>,
): Record<string, string | number | boolean> {
  const durations: readonly string[] = CHAOS_PARAMS[action].durations;
  const resolved: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (durations.includes(key)) resolved[`${key}Ms`] = parseDuration(value as string);
    else resolved[key] = value as string | number | boolean;
  }
  return resolved;
}

/**
 * Validates raw `with` parameters of an action and resolves them (throws a ZodError when invalid).
 *
 * @example parseChaosParams("age", { by: "29d" }) // { byMs: 2_505_600_000 }
 */
export function parseChaosParams(action: ChaosActionName, raw: unknown = {}): Record<string, string | number | boolean> {
  return resolveChaosParams(action, CHAOS_PARAMS[action].params.parse(raw) as Record<string, unknown>);
}
