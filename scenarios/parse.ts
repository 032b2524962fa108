import { CattleprodError } from "../core/index.ts";
import type { Scenario } from "../core/index.ts";
import { crossCheck } from "./checks.ts";
import { documentLimitProblems, scenarioLimitProblems } from "./limit-checks.ts";
import type { Problem } from "./problem.ts";
import { scenarioProblemsError, type PlacedProblem } from "./problem-report.ts";
import { resolveScenario } from "./resolve.ts";
import { scenarioSchema } from "./schema.ts";
import { locate, readYaml } from "./yaml-source.ts";
import type { YamlSource } from "./yaml-source.ts";
import { IssueReader } from "./zod-issues.ts";

/**
 * Parses and validates scenario YAML. `file` names the source in errors and anchors a
 * relative platform path. Bad input throws one {@link CattleprodError} reporting every
 * problem in document order (up to `LIMITS.problemsShown`): its first line is the first
 * problem, each further line `file:line:column: reason at path. hint`. The code is that of
 * the first problem: E_SCENARIO_YAML for syntax, E_LIMIT for a limit crossed, E_SCENARIO_SCHEMA
 * for content.
 *
 * @example
 * parseScenario(text, "scenarios/library/x.yaml")
 * // throws: Failed to load scenario "scenarios/library/x.yaml": unknown chaos "kil" at
 * //   steps[2].chaos (line 14, column 12). Known: kill, crash, ...
 */
export function parseScenario(text: string, file: string): Scenario {
  const source = readYaml(text);
  if (!("doc" in source)) {
    const limit = source.hint !== undefined;
    throw scenarioProblemsError(limit ? "E_LIMIT" : "E_SCENARIO_YAML", file, [
      {
        problem: {
          path: [],
          reason: limit ? source.reason : `YAML syntax error: ${source.reason}`,
          hint: source.hint ?? "Fix the YAML; a scenario is one YAML mapping.",
          limit,
        },
        pos: source.pos,
      },
    ]);
  }
  const sized = documentLimitProblems(source.data);
  if (sized.skipSchema) throw problemsError(file, source, sized.problems);
  const parsed = scenarioSchema.safeParse(source.data);
  const reader = new IssueReader(scenarioSchema, source.data);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.flatMap((issue) => reader.read(issue))),
    ...crossCheck(source.data),
    ...sized.problems,
  ];
  if (problems.length > 0) throw problemsError(file, source, problems);
  if (!parsed.success)
    throw new CattleprodError("E_INTERNAL", `Failed to load scenario "${file}": invalid, but no problem could be placed.`);
  const scenario = resolveScenario(parsed.data, file);
  const limits = scenarioLimitProblems(scenario);
  if (limits.length > 0) throw problemsError(file, source, limits);
  return scenario;
}

/** Places every problem in the file, in document order without repeats, and makes the error. */
function problemsError(file: string, source: YamlSource, problems: readonly Problem[]): CattleprodError {
  const placed: PlacedProblem[] = problems.map((problem) => ({
    problem,
    pos: locate(source, problem.pointAt ?? problem.path, { key: problem.atKey }),
  }));
  placed.sort((a, b) => a.pos.offset - b.pos.offset);
  const seen = new Set<string>();
  const unique = placed.filter(({ problem, pos }) => {
    const key = `${pos.offset}\u0000${problem.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const first = unique[0]?.problem;
  const code = first?.limit ? "E_LIMIT" : "E_SCENARIO_SCHEMA";
  return scenarioProblemsError(code, file, unique);
}
