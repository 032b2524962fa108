import path from "node:path";
import { BOUND_NAMES, DEFAULT_BOUNDS, groupDefaults, parseDuration } from "../core/index.ts";
import type { ChaosStep, Expectation, FleetBounds, GroupSpec, Scenario, TargetCount, TargetSpec } from "../core/index.ts";
import { CHAOS_PARAMS, resolveChaosParams } from "../chaos/index.ts";
import { stepTarget } from "./schema.ts";
import type { GroupDocument, ScenarioDocument, StepDocument, TargetDocument } from "./schema.ts";

/**
 * Turns a validated document into a {@link Scenario}: defaults filled in, durations in
 * milliseconds, the platform path made relative to the working directory.
 */
export function resolveScenario(doc: ScenarioDocument, file?: string): Scenario {
  return {
    apiVersion: doc.apiVersion,
    name: doc.name,
    description: doc.description,
    seed: doc.seed,
    fleet: { groups: doc.fleet.groups.map(resolveGroup), bounds: resolveBounds(doc.fleet.bounds) },
    platform: resolvePlatform(doc.platform, file),
    steps: doc.steps.map(resolveStep),
    runMs: parseDuration(doc.run),
    expect: doc.expect.map((item): Expectation => {
      if (typeof item === "string") return { control: item, status: "pass" };
      return item.within === undefined
        ? { control: item.control, status: item.status }
        : { control: item.control, status: item.status, withinMs: parseDuration(item.within) };
    }),
    ...(file === undefined ? {} : { file }),
  };
}

function resolveGroup(group: GroupDocument): GroupSpec {
  const defaults = groupDefaults(group.vmType, group.capacity);
  const replicationFactor = group.replicationFactor ?? defaults.replicationFactor;
  return {
    name: group.name,
    vmType: group.vmType,
    capacity: group.capacity,
    image: group.image,
    zones: group.zones ?? defaults.zones,
    maxUnavailable: group.maxUnavailable ?? defaults.maxUnavailable,
    replicationFactor,
    shards: group.shards ?? (replicationFactor > 0 ? group.capacity * 2 : defaults.shards),
    operators: group.operators ?? defaults.operators,
    ha: group.ha ?? defaults.ha,
    egressAllowlist: group.egressAllowlist ?? defaults.egressAllowlist,
    publicIngress: group.publicIngress ?? defaults.publicIngress,
    initialAgeMs: group.initialAge === undefined ? defaults.initialAgeMs : parseDuration(group.initialAge),
    ...(group.autoScaling ? { autoScaling: true } : {}),
  };
}

function resolveBounds(bounds: ScenarioDocument["fleet"]["bounds"]): FleetBounds {
  const resolved: Record<string, number> = { ...DEFAULT_BOUNDS };
  for (const [name, text] of Object.entries(bounds ?? {})) {
    if (text !== undefined) resolved[BOUND_NAMES[name as keyof typeof BOUND_NAMES]] = parseDuration(text);
  }
  return resolved as unknown as FleetBounds;
}

/** "reference" and "external" stay; a module path is resolved against the scenario's folder, then made cwd-relative. */
function resolvePlatform(platform: string, file: string | undefined): string {
  if (platform === "reference" || platform === "external") return platform;
  const absolute = path.resolve(file === undefined ? "." : path.dirname(file), platform);
  return relativeModulePath(process.cwd(), absolute);
}

/** `./x.ts` or `../x.ts`: a path from `fromDir` that reads as a relative module path. */
export function relativeModulePath(fromDir: string, absolute: string): string {
  const relative = path.relative(fromDir, absolute).split(path.sep).join("/");
  return relative.startsWith("../") || path.isAbsolute(relative) ? relative : `./${relative}`;
}

function resolveStep(step: StepDocument, index: number): ChaosStep {
  const spec = CHAOS_PARAMS[step.chaos];
  return {
    index,
    atMs: parseDuration(step.at),
    action: step.chaos,
    target: resolveTarget(stepTarget(step), spec.defaultCount),
    with: resolveChaosParams(step.chaos, step.with as Record<string, unknown>),
  };
}

function resolveTarget(target: TargetDocument | undefined, defaultCount: TargetCount): TargetSpec {
  if (!target) return { count: defaultCount };
  const { one, random, fraction, all, ...filters } = target;
  const count: TargetCount =
    random !== undefined
      ? { kind: "random", n: random }
      : fraction !== undefined
        ? { kind: "fraction", fraction }
        : all
          ? { kind: "all" }
          : one
            ? { kind: "one" }
            : defaultCount;
  const defined = Object.entries(filters).filter(([, value]) => value !== undefined);
  return { ...(Object.fromEntries(defined) as Omit<TargetSpec, "count">), count };
}
