import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import { atLeast, packagePath, type Scenario, type Severity } from "../../core/index.ts";
import { controlById } from "../../guarantees/index.ts";
import { failureLines } from "../../reports/index.ts";
import { loadScenarios, runScenario, toScenarioRecord, type ScenarioResult } from "../../scenarios/index.ts";
import { reportVerdict } from "../allure.ts";
import { platformUnderTest, type PlatformOption, type PlatformUnderTest } from "./platform-under-test.ts";

/** Options of {@link conformance}. */
export interface ConformanceOptions extends PlatformOption {
  /** Scenario files or folders, relative to the working directory (default: cattleprod's stock library). */
  readonly scenarios?: string | readonly string[];
  /** Overrides every scenario's seed (as `--seed` does). */
  readonly seed?: number;
  /** The lowest severity whose failure of a control a scenario does not expect fails its test (default "high"). */
  readonly failOn?: Severity;
  /** The describe block's title (default "cattleprod conformance"). */
  readonly name?: string;
}

/** The failure text the CLI prints for one control of one scenario: headline, replay line, evidence, hint. */
function failureText(result: ScenarioResult, control: string): string {
  const scenario = toScenarioRecord(result);
  const verdict = scenario.controls.find((c) => c.id === control);
  return verdict ? failureLines({ scenario, control: verdict }).join("\n") : `${control}: no verdict in ${result.name}`;
}

function declareScenario(scenario: Scenario, run: () => Promise<ScenarioResult>, failOn: Severity): void {
  const expected = new Set<string>(scenario.expect.map((e) => e.control));
  for (const expectation of scenario.expect) {
    it(`${expectation.control} · ${scenario.name}`, async () => {
      const result = await run();
      const verdict = result.verdicts.find((v) => v.control === expectation.control);
      if (!verdict) return expect.fail(`${scenario.name} has no verdict for ${expectation.control}`);
      const definition = controlById(expectation.control);
      if (definition) await reportVerdict(verdict, result, definition);
      if (verdict.status === expectation.status) return;
      const text = failureText(result, verdict.control);
      // A failure's text says it all; anything else also says what the scenario expected.
      expect.fail(verdict.status === "fail" ? text : `${text}\nexpected ${expectation.status}, got ${verdict.status}`);
    });
  }
  it(`other controls · ${scenario.name}`, async () => {
    const result = await run();
    const failed = result.verdicts.filter(
      (v) => !expected.has(v.control) && v.status === "fail" && atLeast(controlById(v.control)?.severity ?? "critical", failOn),
    );
    if (failed.length > 0) expect.fail(failed.map((v) => failureText(result, v.control)).join("\n\n"));
  });
}

/**
 * Declares a vitest suite that runs scenarios on the simulated fleet with your platform: one test per scenario and
 * expected control (`CAT-HEAL-001 · cattle-two-nodes-die-at-once`), which fails unless the control ends as expected,
 * and one per scenario (`other controls · ...`) that fails when a control it does not expect fails at or above
 * `failOn`. A failing test prints what `npx cattleprod run` prints: headline, replay line, evidence, hint. Each test is
 * labelled for Allure (VM type, control, scenario, severity, seed, evidence) when allure-vitest is set up.
 *
 * @example
 * import { conformance } from "cattleprod/vitest";
 * import platform from "./platform.ts";
 * conformance({ platform, platformModule: "./platform.ts", scenarios: "scenarios/", seed: 1 });
 */
export function conformance(options: ConformanceOptions): void {
  const given = options.scenarios ?? (relative(process.cwd(), packagePath("scenarios", "library")) || ".");
  const paths = typeof given === "string" ? [given] : given;
  describe(options.name ?? "cattleprod conformance", async () => {
    const scenarios = await loadScenarios(paths);
    let underTest: Promise<PlatformUnderTest> | undefined;
    for (const scenario of scenarios) {
      let result: Promise<ScenarioResult> | undefined;
      const run = (): Promise<ScenarioResult> =>
        (result ??= (async () => {
          const { platform, ref } = await (underTest ??= platformUnderTest(options));
          const { world: _world, ...scenarioResult } = runScenario(scenario, {
            platform,
            platformRef: ref,
            ...(options.seed !== undefined ? { seed: options.seed } : {}),
          });
          return scenarioResult;
        })());
      declareScenario(scenario, run, options.failOn ?? "high");
    }
  });
}
