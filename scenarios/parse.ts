import { CattleprodError } from "../core/index.ts";
import type { ErrorCode, Scenario } from "../core/index.ts";
import { crossCheck } from "./checks.ts";
import type { Problem } from "./problem.ts";
import { resolveScenario } from "./resolve.ts";
import { scenarioSchema } from "./schema.ts";
import { formatPath, locate, readYaml } from "./yaml-source.ts";
import type { SourcePos, YamlSource } from "./yaml-source.ts";
import { IssueReader } from "./zod-issues.ts";

/**
 * Parses and validates scenario YAML. `file` names the source in errors and anchors a
 * relative platform path. Bad input throws one {@link CattleprodError} about the first
 * problem in document order: E_SCENARIO_YAML for syntax, E_SCENARIO_SCHEMA for content.
 *
 * @example
 * parseScenario(text, "scenarios/library/x.yaml")
 * // throws: Failed to load scenario "scenarios/library/x.yaml": unknown chaos "kil" at
 * //   steps[2].chaos (line 14, column 12). Known: kill, crash, ...
 */
export function parseScenario(text: string, file: string): Scenario {
  const source = readYaml(text);
  if (!("doc" in source)) {
    throw scenarioError(
      "E_SCENARIO_YAML",
      file,
      `YAML syntax error: ${source.reason}`,
      source.pos,
      "Fix the YAML; a scenario is one YAML mapping.",
    );
  }
  const parsed = scenarioSchema.safeParse(source.data);
  const reader = new IssueReader(scenarioSchema, source.data);
  const problems = [...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => reader.read(issue))), ...crossCheck(source.data)];
  const first = firstInDocument(source, problems);
  if (first) throw scenarioError("E_SCENARIO_SCHEMA", file, first.problem.reason, first.pos, first.problem.hint, first.problem);
  if (!parsed.success)
    throw new CattleprodError("E_INTERNAL", `Failed to load scenario "${file}": invalid, but no problem could be placed.`);
  return resolveScenario(parsed.data, file);
}

function firstInDocument(source: YamlSource, problems: readonly Problem[]): { problem: Problem; pos: SourcePos } | undefined {
  let first: { problem: Problem; pos: SourcePos } | undefined;
  for (const problem of problems) {
    const pos = locate(source, problem.pointAt ?? problem.path, { key: problem.atKey });
    if (!first || pos.offset < first.pos.offset) first = { problem, pos };
  }
  return first;
}

/** `Failed to load scenario "<file>": <reason> at <path> (line L, column C). <hint>` */
function scenarioError(code: ErrorCode, file: string, reason: string, pos: SourcePos, hint?: string, problem?: Problem): CattleprodError {
  const at = problem && problem.path.length > 0 ? ` at ${formatPath(problem.path)}` : "";
  const tail = hint ? ` ${hint}` : "";
  return new CattleprodError(code, `Failed to load scenario "${file}": ${reason}${at} (line ${pos.line}, column ${pos.column}).${tail}`);
}
