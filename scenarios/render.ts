import path from "node:path";
import { Document, isCollection, isScalar } from "yaml";
import type { Pair, Scalar } from "yaml";
import { BOUND_NAMES, DEFAULT_BOUNDS, groupDefaults, parseDuration } from "../core/index.ts";
import type { ChaosStep, Expectation, GroupSpec, Scenario, TargetCount } from "../core/index.ts";
import { CHAOS_PARAMS } from "../chaos/index.ts";
import type { ChaosActionSpec } from "../chaos/index.ts";
import { formatCompactDuration as dur } from "./compact-duration.ts";
import { relativeModulePath } from "./resolve.ts";

/** Options of {@link renderScenario}. */
export interface RenderOptions {
  /** Where the YAML will be written; a platform module path is made relative to it. Default: `scenario.file`. */
  readonly file?: string;
  /** A comment put at the top of the file (e.g. how a shrunk scenario was found). */
  readonly comment?: string;
  /** Comments put before steps, by position in `scenario.steps` (e.g. the event a step was imported from). */
  readonly stepComments?: readonly (string | undefined)[];
  /** A comment after the last step (before `run` when there are no steps). */
  readonly afterSteps?: string;
}

type Plain = Record<string, unknown>;
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Renders a scenario back to YAML in the format people write: defaults left out, durations
 * compact (`1h`, `28d`, `1d12h`), one line per step where it fits. `parseScenario` of the
 * output at `options.file` gives back the same scenario.
 *
 * @example await writeFile(out, renderScenario(shrunk, { file: out, comment: "shrunk from seed 1832" }))
 */
export function renderScenario(scenario: Scenario, options: RenderOptions = {}): string {
  const file = options.file ?? scenario.file;
  const bounds = Object.entries(BOUND_NAMES)
    .filter(([, key]) => scenario.fleet.bounds[key] !== DEFAULT_BOUNDS[key])
    .map(([name, key]) => [name, dur(scenario.fleet.bounds[key])]);
  const body: Plain = {
    apiVersion: scenario.apiVersion,
    name: scenario.name,
    ...(scenario.description === "" ? {} : { description: scenario.description }),
    seed: scenario.seed,
    ...(scenario.platform === "reference" ? {} : { platform: renderPlatform(scenario.platform, file) }),
    fleet: { groups: scenario.fleet.groups.map(renderGroup), ...(bounds.length > 0 ? { bounds: Object.fromEntries(bounds) } : {}) },
    ...(scenario.steps.length > 0 ? { steps: scenario.steps.map(renderStep) } : {}),
    run: dur(scenario.runMs),
    ...(scenario.expect.length > 0 ? { expect: scenario.expect.map(renderExpectation) } : {}),
  };
  const doc = new Document(body);
  if (options.comment) doc.commentBefore = ` ${options.comment.split("\n").join("\n ")}`;
  flow(doc, ["fleet", "bounds"]);
  scenario.fleet.groups.forEach((group, i) => {
    for (const key of ["zones", "operators", "egressAllowlist"]) flow(doc, ["fleet", "groups", i, key]);
  });
  scenario.steps.forEach((_, i) => flow(doc, ["steps", i]));
  comment(doc, options);
  scenario.expect.forEach((_, i) => flow(doc, ["expect", i]));
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true });
}

const commented = (text: string): string => ` ${text.split("\n").join("\n ")}`;

function comment(doc: Document, options: RenderOptions): void {
  const steps = doc.get("steps", true);
  options.stepComments?.forEach((text, i) => {
    const node = doc.getIn(["steps", i], true);
    if (text && isCollection(node)) node.commentBefore = commented(text);
  });
  if (!options.afterSteps) return;
  if (isCollection(steps)) steps.comment = commented(options.afterSteps);
  else {
    const run =
      doc.contents && isCollection(doc.contents)
        ? doc.contents.items.find((pair) => isScalar((pair as Pair).key) && ((pair as Pair).key as Scalar).value === "run")
        : undefined;
    if (run) ((run as Pair).key as Scalar).commentBefore = commented(options.afterSteps);
  }
}

function flow(doc: Document, at: readonly (string | number)[]): void {
  const node = doc.getIn(at, true);
  if (isCollection(node)) node.flow = true;
}

function renderPlatform(platform: string, file: string | undefined): string {
  if (file === undefined) return platform;
  return relativeModulePath(path.resolve(path.dirname(file)), path.resolve(platform));
}

function renderGroup(group: GroupSpec): Plain {
  const defaults: Plain = { ...groupDefaults(group.vmType, group.capacity) };
  if (group.replicationFactor > 0) defaults.shards = group.capacity * 2;
  const out: Plain = { name: group.name, vmType: group.vmType, capacity: group.capacity, image: group.image };
  for (const [key, value] of Object.entries(group)) {
    if (key in out || !(key in defaults) || same(value, defaults[key])) continue;
    if (key === "initialAgeMs") out.initialAge = dur(value as number);
    else out[key] = value;
  }
  return out;
}

function renderCount(count: TargetCount): Plain {
  switch (count.kind) {
    case "one":
      return { one: true };
    case "all":
      return { all: true };
    case "random":
      return { random: count.n };
    case "fraction":
      return { fraction: count.fraction };
  }
}

function renderStep(step: ChaosStep): Plain {
  const spec: ChaosActionSpec = CHAOS_PARAMS[step.action];
  const { count, ...filters } = step.target;
  const target = { ...filters, ...(same(count, spec.defaultCount) ? {} : renderCount(count)) };
  const params: Plain = {};
  for (const [key, shapeEntry] of Object.entries(spec.params.shape)) {
    const isDuration = spec.durations.includes(key);
    const value = step.with[isDuration ? `${key}Ms` : key];
    if (value === undefined) continue;
    const fallback = (shapeEntry as { safeParse(v: unknown): { success: boolean; data?: unknown } }).safeParse(undefined);
    const defaultValue = fallback.success && isDuration && typeof fallback.data === "string" ? parseDuration(fallback.data) : fallback.data;
    if (fallback.success && defaultValue !== undefined && same(defaultValue, value)) continue;
    params[key] = isDuration ? dur(value as number) : value;
  }
  return {
    at: dur(step.atMs),
    chaos: step.action,
    ...(spec.scope === "fleet" || Object.keys(target).length === 0 ? {} : { target }),
    ...(Object.keys(params).length > 0 ? { with: params } : {}),
  };
}

function renderExpectation(expectation: Expectation): unknown {
  if (expectation.status === "pass" && expectation.withinMs === undefined) return expectation.control;
  return {
    control: expectation.control,
    ...(expectation.status === "pass" ? {} : { status: expectation.status }),
    ...(expectation.withinMs === undefined ? {} : { within: dur(expectation.withinMs) }),
  };
}
