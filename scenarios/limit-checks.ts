import { BOUND_NAMES, formatCount, formatDuration, LIMITS } from "../core/index.ts";
import type { Scenario } from "../core/index.ts";
import { CHAOS_PARAMS } from "../chaos/index.ts";
import { estimateLoad } from "./estimate-load.ts";
import type { Problem } from "./problem.ts";
import type { DocPath } from "./yaml-source.ts";

const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;

const SPLIT = "Split the fleet or the run over several scenarios.";

/**
 * Limits checked on the document as written, before the schema: the number of steps and groups
 * (so a list of a million steps is refused without validating each) and the instances of the
 * fleet. `skipSchema` is set when the document is too large to validate item by item.
 */
export function documentLimitProblems(data: unknown): { problems: Problem[]; skipSchema: boolean } {
  const problems: Problem[] = [];
  const steps = field(data, "steps");
  const groups = field(field(data, "fleet"), "groups");
  let skipSchema = false;
  if (Array.isArray(steps) && steps.length > LIMITS.steps) {
    skipSchema = true;
    problems.push({
      path: ["steps"],
      limit: true,
      reason: `${formatCount(steps.length)} steps (limit ${formatCount(LIMITS.steps)})`,
      hint: "Split the steps over several scenarios.",
    });
  }
  if (Array.isArray(groups) && groups.length > LIMITS.groups) {
    skipSchema = true;
    problems.push({
      path: ["fleet", "groups"],
      limit: true,
      reason: `${formatCount(groups.length)} groups (limit ${formatCount(LIMITS.groups)})`,
      hint: SPLIT,
    });
  }
  if (Array.isArray(groups)) {
    const capacities = groups.map((g) => field(g, "capacity")).filter((c): c is number => typeof c === "number" && c > 0);
    const instances = capacities.reduce((sum, c) => sum + c, 0);
    if (instances > LIMITS.instances) {
      const biggest = groups.findIndex((g) => field(g, "capacity") === Math.max(...capacities));
      problems.push({
        path: ["fleet", "groups", biggest, "capacity"],
        limit: true,
        reason: `the fleet has ${formatCount(instances)} instances (limit ${formatCount(LIMITS.instances)} per scenario)`,
        hint: SPLIT,
      });
    }
  }
  return { problems, skipSchema };
}

/** Every duration of a resolved scenario with the path it was written at. */
function durations(scenario: Scenario): Array<{ path: DocPath; ms: number }> {
  const found: Array<{ path: DocPath; ms: number }> = [{ path: ["run"], ms: scenario.runMs }];
  for (const [name, key] of Object.entries(BOUND_NAMES))
    found.push({ path: ["fleet", "bounds", name], ms: scenario.fleet.bounds[key as keyof typeof scenario.fleet.bounds] });
  scenario.fleet.groups.forEach((g, i) => found.push({ path: ["fleet", "groups", i, "initialAge"], ms: g.initialAgeMs }));
  scenario.steps.forEach((step) => {
    found.push({ path: ["steps", step.index, "at"], ms: step.atMs });
    for (const name of CHAOS_PARAMS[step.action].durations)
      found.push({ path: ["steps", step.index, "with", name], ms: Number(step.with[`${name}Ms`] ?? 0) });
  });
  scenario.expect.forEach((e, i) => {
    if (e.withinMs !== undefined) found.push({ path: ["expect", i, "within"], ms: e.withinMs });
  });
  return found;
}

/**
 * Limits checked on a valid scenario: every duration (the run length first), then what the
 * run would launch and record, estimated from the fleet, the run length and the steps
 * ({@link estimateLoad}), so a run that would exhaust memory is refused before it starts.
 */
export function scenarioLimitProblems(scenario: Scenario): Problem[] {
  const longest = formatDuration(LIMITS.durationMs);
  const tooLong = durations(scenario).filter((d) => !Number.isFinite(d.ms) || d.ms > LIMITS.durationMs);
  if (tooLong.length > 0)
    return tooLong.map((d) => ({
      path: d.path,
      limit: true,
      reason: `duration ${Number.isFinite(d.ms) ? formatDuration(d.ms) : "beyond any clock"} is too long (limit ${longest})`,
      hint: `Durations go up to ${longest}.`,
    }));
  const estimate = estimateLoad(scenario);
  if (estimate.launches > LIMITS.launches)
    return [
      {
        path: ["fleet"],
        limit: true,
        reason:
          `the run would launch about ${formatCount(estimate.launches)} instances in ${formatDuration(scenario.runMs)} ` +
          `(limit ${formatCount(LIMITS.launches)} per scenario)`,
        hint: `Lower capacity or run (immutable instances are replaced every maxAge), or ${SPLIT.toLowerCase()}`,
      },
    ];
  if (estimate.events > LIMITS.eventsPerScenario)
    return [
      {
        path: ["fleet"],
        limit: true,
        reason:
          `the run would record about ${formatCount(estimate.events)} history events ` +
          `(limit ${formatCount(LIMITS.eventsPerScenario)} per scenario, about 2.5 GB of memory)`,
        hint: `Lower capacity, run or the steps' targets, or ${SPLIT.toLowerCase()}`,
      },
    ];
  return [];
}

/**
 * The run-wide limit: the history events of every scenario of a run together (a run keeps each
 * scenario's results until its reports are written), times the backends it runs on. Returns the
 * message refusing the run, or undefined.
 */
export function runLoadProblem(scenarios: readonly Scenario[], backends = 1): string | undefined {
  const events = scenarios.reduce((sum, s) => sum + estimateLoad(s).events, 0) * backends;
  if (events <= LIMITS.eventsPerRun) return undefined;
  return (
    `Failed to run: the ${formatCount(scenarios.length)} scenarios would record about ${formatCount(events)} history events together ` +
    `(limit ${formatCount(LIMITS.eventsPerRun)} per run, about 2.5 GB of memory). Run them in shards (--shard i/n) or a few at a time.`
  );
}
