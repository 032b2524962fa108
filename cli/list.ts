import path from "node:path";
import { packagePath, VM_TYPES } from "../core/index.ts";
import type { Scenario } from "../core/index.ts";
import { formatCompactDuration, loadScenarios } from "../scenarios/index.ts";
import type { CliIo } from "./main.ts";

/** Options shared by the `list` commands. */
export interface ListOptions {
  /** Print JSON instead of a table. */
  readonly json?: boolean;
}

/** The stock scenario library, found from this package's files (not the working directory). */
export function stockLibraryPath(): string {
  return packagePath("scenarios", "library");
}

/** Aligns rows under a header, two spaces between columns. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n") + "\n";
}

/** `cattleprod list controls [--json]`: the control catalog (id, severity, scope, title). */
export async function listControlsCommand(io: CliIo, options: ListOptions = {}): Promise<number> {
  const { CATALOG } = await import("../guarantees/index.ts");
  if (options.json) {
    io.out(`${JSON.stringify(CATALOG, null, 2)}\n`);
    return 0;
  }
  io.out(
    formatTable(
      ["ID", "SEVERITY", "SCOPE", "TITLE"],
      CATALOG.map((c) => [c.id, c.severity, c.scope, c.title]),
    ),
  );
  return 0;
}

/** One row of `list scenarios`. */
export interface ScenarioSummary {
  readonly file: string;
  readonly name: string;
  readonly vmTypes: readonly string[];
  readonly steps: number;
  readonly run: string;
  readonly expect: Scenario["expect"];
}

/** What `list scenarios` shows of a scenario. */
export function summarizeScenario(scenario: Scenario): ScenarioSummary {
  const types = new Set(scenario.fleet.groups.map((g) => g.vmType));
  return {
    file: scenario.file ?? "",
    name: scenario.name,
    vmTypes: VM_TYPES.filter((t) => types.has(t)),
    steps: scenario.steps.length,
    run: formatCompactDuration(scenario.runMs),
    expect: scenario.expect,
  };
}

/**
 * `cattleprod list scenarios [PATH...] [--json]`: scenarios under the paths (default: the
 * stock library) with their VM types, step count, run length and expected controls.
 */
export async function listScenariosCommand(paths: readonly string[], io: CliIo, options: ListOptions = {}): Promise<number> {
  const scenarios = await loadScenarios(paths.length > 0 ? paths : [path.relative(process.cwd(), stockLibraryPath()) || "."]);
  const rows = scenarios.map(summarizeScenario);
  if (options.json) {
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  io.out(
    formatTable(
      ["FILE", "NAME", "VMTYPES", "STEPS", "RUN", "EXPECT"],
      rows.map((r) => [
        r.file,
        r.name,
        r.vmTypes.join(","),
        String(r.steps),
        r.run,
        r.expect.map((e) => (e.status === "fail" ? `${e.control}(fail)` : e.control)).join(","),
      ]),
    ),
  );
  return 0;
}
