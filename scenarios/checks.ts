import { groupDefaults, parseDuration } from "../core/index.ts";
import { knownList, quote } from "./problem.ts";
import type { Problem } from "./problem.ts";
import { fleetSchema, groupSchema, scenarioSchema, stepSchema, stepTarget } from "./schema.ts";
import type { GroupDocument, StepDocument } from "./schema.ts";
import { formatCompactDuration } from "./compact-duration.ts";

const COUNT_KEYS = ["one", "random", "fraction", "all"] as const;

const list = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
const field = (value: unknown, key: string): unknown =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;

/**
 * Rules that span fields (groups exist, zones exist, `at` < `run`, HA pairs, unique names).
 * Each rule runs on every part of the raw document that passes the schema on its own, so
 * problems from here and from the schema can be ordered together by position.
 */
export function crossCheck(data: unknown): Problem[] {
  const problems: Problem[] = [];
  const fleet = field(data, "fleet");
  const groups = list(field(fleet, "groups")).map((raw) => groupSchema.safeParse(raw));
  const seen = new Set<string>();
  groups.forEach((parsed, i) => {
    if (!parsed.success) return;
    const path = ["fleet", "groups", i];
    if (seen.has(parsed.data.name)) {
      problems.push({
        path: [...path, "name"],
        reason: `duplicate group name ${quote(parsed.data.name)}`,
        hint: "Group names must be unique.",
      });
    }
    seen.add(parsed.data.name);
    problems.push(...checkGroup(parsed.data, path));
  });
  const knownGroups = fleetSchema.shape.groups.safeParse(field(fleet, "groups")).success
    ? new Map(groups.flatMap((g) => (g.success ? [[g.data.name, g.data] as const] : [])))
    : undefined;

  const run = scenarioSchema.shape.run.safeParse(field(data, "run"));
  const runMs = run.success ? parseDuration(run.data) : undefined;
  if (runMs === 0) problems.push({ path: ["run"], reason: "run must be longer than 0s", hint: "Use a duration such as 3h." });

  list(field(data, "steps")).forEach((raw, i) => {
    const parsed = stepSchema.safeParse(raw);
    if (parsed.success) problems.push(...checkStep(parsed.data, ["steps", i], runMs, knownGroups));
  });

  const expected = new Set<string>();
  list(field(data, "expect")).forEach((raw, i) => {
    const control = typeof raw === "string" ? raw : field(raw, "control");
    if (typeof control !== "string") return;
    if (expected.has(control))
      problems.push({ path: ["expect", i], reason: `duplicate expectation for ${control}`, hint: "Expect each control once." });
    expected.add(control);
  });
  return problems;
}

function checkGroup(group: GroupDocument, path: readonly (string | number)[]): Problem[] {
  const problems: Problem[] = [];
  const { capacity, vmType } = group;
  if (group.ha && vmType !== "pet")
    problems.push({
      path: [...path, "ha"],
      reason: `ha is only for pets, not ${vmType}`,
      hint: "An HA pair is a pet group of capacity 2.",
    });
  else if (group.ha && capacity !== 2)
    problems.push({ path: [...path, "ha"], reason: `an HA pair needs capacity 2, not ${capacity}`, hint: "Set capacity: 2." });
  if (group.autoScaling && vmType === "pet")
    problems.push({
      path: [...path, "autoScaling"],
      reason: `autoScaling is only for cattle and immutable groups, not ${vmType}`,
      hint: "An Auto Scaling group replaces instances on its own: pets are never replaced.",
    });
  if (group.publicIngress && vmType !== "pet")
    problems.push({
      path: [...path, "publicIngress"],
      reason: `publicIngress is only for pets, not ${vmType}`,
      hint: "Remove it or set it to false.",
    });
  for (const key of ["maxUnavailable", "replicationFactor"] as const) {
    const value = group[key];
    if (value !== undefined && value > capacity)
      problems.push({ path: [...path, key], reason: `${key} ${value} exceeds capacity ${capacity}`, hint: `Use 0 to ${capacity}.` });
  }
  return problems;
}

function checkStep(
  step: StepDocument,
  path: readonly (string | number)[],
  runMs: number | undefined,
  groups: ReadonlyMap<string, GroupDocument> | undefined,
): Problem[] {
  const problems: Problem[] = [];
  const atMs = parseDuration(step.at);
  if (runMs !== undefined && runMs > 0 && atMs >= runMs) {
    problems.push({
      path: [...path, "at"],
      reason: `step at ${step.at} is not before the end of the run (${formatCompactDuration(runMs)})`,
      hint: "Schedule steps before run, or make run longer.",
    });
  }
  const target = stepTarget(step);
  if (!target) return problems;
  const counts = COUNT_KEYS.filter((key) => target[key] !== undefined);
  if (counts.length > 1) {
    problems.push({
      path: [...path, "target", counts[1] as string],
      atKey: true,
      reason: `target sets both ${counts[0]} and ${counts[1]}`,
      hint: "Use at most one of one, random, fraction, all.",
    });
  }
  if (!groups) return problems;
  const group = target.group === undefined ? undefined : groups.get(target.group);
  if (target.group !== undefined && !group) {
    problems.push({
      path: [...path, "target", "group"],
      reason: `unknown group ${quote(target.group)}`,
      hint: knownList("Known", [...groups.keys()]),
    });
    return problems;
  }
  if (target.zone !== undefined) {
    const zones = new Set((group ? [group] : [...groups.values()]).flatMap((g) => g.zones ?? groupDefaults(g.vmType, g.capacity).zones));
    if (!zones.has(target.zone)) {
      problems.push({
        path: [...path, "target", "zone"],
        reason: `unknown zone ${quote(target.zone)}${group ? ` in group ${group.name}` : ""}`,
        hint: knownList("Known", [...zones]),
      });
    }
  }
  if (group && target.vmType !== undefined && target.vmType !== group.vmType) {
    problems.push({
      path: [...path, "target", "vmType"],
      reason: `group ${group.name} is ${group.vmType}, not ${target.vmType}`,
      hint: "Remove vmType or name a matching group.",
    });
  }
  return problems;
}
