import { expect, it } from "vitest";
import { atLeast, VM_TYPE_TITLES, VM_TYPES, type Severity, type VmType } from "../../core/index.ts";
import { controlById } from "../../guarantees/index.ts";
import { emitFinding, explore as exploreType } from "../properties/index.ts";
import { allureApi, reportVerdict } from "../allure.ts";
import { platformUnderTest, type PlatformOption } from "./platform-under-test.ts";

/** Options of {@link explore}. */
export interface ExploreTestOptions extends PlatformOption {
  /** The VM type whose fleets are explored, or "all" (one test per type). */
  readonly type: VmType | "all";
  /** Runs per VM type (default 200, as `npx cattleprod explore`). */
  readonly runs?: number;
  /** fast-check seed (default: CATTLEPROD_SEED, else 1); the same seed and runs replay the same exploration. */
  readonly seed?: number;
  /** Where a shrunk failure is written as a scenario file (default "cattleprod-found"). */
  readonly emit?: string;
  /** The lowest severity whose failure fails the test (default "high"); a lesser one is printed. */
  readonly failOn?: Severity;
  /** The test's timeout in ms (default 300000: shrinking a failure takes longer than finding it). */
  readonly timeout?: number;
}

/**
 * Declares one vitest test per VM type that explores chaos sequences on random fleets with fast-check, as
 * `npx cattleprod explore` does. A failure is shrunk, written to `emit` as a scenario file, and fails the test with
 * the text the CLI prints: headline, replay line, counterexample, hint.
 *
 * @example
 * import { explore } from "cattleprod/vitest";
 * import platform from "./platform.ts";
 * explore({ platform, platformModule: "./platform.ts", type: "immutable", runs: 200 });
 */
export function explore(options: ExploreTestOptions): void {
  const runs = options.runs ?? 200;
  const seed = options.seed ?? Number(process.env["CATTLEPROD_SEED"] ?? 1);
  const types = options.type === "all" ? VM_TYPES : [options.type];
  for (const vmType of types) {
    it(
      `${vmType} guarantees hold under explored chaos (seed ${seed}, ${runs} runs)`,
      async () => {
        const { platform, ref } = await platformUnderTest(options);
        const allure = await allureApi();
        await allure?.epic(VM_TYPE_TITLES[vmType]);
        await allure?.feature("property exploration");
        await allure?.parameter("seed", String(seed));
        await allure?.parameter("runs", String(runs));
        const result = await exploreType({ vmType, platform, runs, seed });
        if (!result.finding) return;
        const emitted = await emitFinding(result.finding, { emitDir: options.emit ?? "cattleprod-found", platform, platformRef: ref });
        const definition = controlById(emitted.control);
        if (emitted.verdict && definition)
          await reportVerdict(
            emitted.verdict,
            { name: emitted.file, seed: result.finding.scenario.seed, backend: "sim", replay: emitted.replay },
            definition,
          );
        const message = `${emitted.message}\nwrote ${emitted.file}`;
        if (atLeast(definition?.severity ?? "critical", options.failOn ?? "high")) expect.fail(message);
        console.warn(message);
      },
      options.timeout ?? 300_000,
    );
  }
}
