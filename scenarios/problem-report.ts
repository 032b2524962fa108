import { CattleprodError, formatCount, LIMITS } from "../core/index.ts";
import type { ErrorCode } from "../core/index.ts";
import type { Problem } from "./problem.ts";
import { formatPath, type SourcePos } from "./yaml-source.ts";

/** A problem with its place in the file. */
export interface PlacedProblem {
  readonly problem: Problem;
  readonly pos: SourcePos;
}

/** Longest line a message prints; longer ones (a hint listing hundreds of names) are cut. */
const LINE_MAX = 1_000;

function cut(line: string): string {
  return line.length > LINE_MAX ? `${line.slice(0, LINE_MAX - 1)}…` : line;
}

function describe({ problem, pos }: PlacedProblem, where: "paren" | "prefix"): string {
  const at = problem.path.length > 0 ? ` at ${formatPath(problem.path)}` : "";
  const tail = problem.hint ? ` ${problem.hint}` : "";
  return where === "paren" ? `${problem.reason}${at} (line ${pos.line}, column ${pos.column}).${tail}` : `${problem.reason}${at}.${tail}`;
}

/**
 * The error for a scenario's problems, in document order. The first line reads as a single
 * error always has (`Failed to load scenario "<file>": <reason> at <path> (line L, column C).
 * <hint>`), so scripts that read the first line keep working; each further problem is one
 * line `  <file>:<line>:<column>: <reason> at <path>. <hint>`, the form editors and CI problem
 * matchers read. After {@link LIMITS.problemsShown} problems, one line counts the rest.
 */
export function scenarioProblemsError(code: ErrorCode, file: string, placed: readonly PlacedProblem[]): CattleprodError {
  const [first, ...rest] = placed;
  if (!first) return new CattleprodError("E_INTERNAL", `Failed to load scenario "${file}": invalid, but no problem could be placed.`);
  const lines = [cut(`Failed to load scenario "${file}": ${describe(first, "paren")}`)];
  const shown = rest.slice(0, LIMITS.problemsShown - 1);
  for (const p of shown) lines.push(cut(`  ${file}:${p.pos.line}:${p.pos.column}: ${describe(p, "prefix")}`));
  const hidden = rest.length - shown.length;
  if (hidden > 0)
    lines.push(
      `  … and ${formatCount(hidden)} more problem${hidden === 1 ? "" : "s"} in ${file} (the first ${LIMITS.problemsShown} are shown).`,
    );
  return new CattleprodError(code, lines.join("\n"));
}
