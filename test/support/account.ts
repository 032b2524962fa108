// Running scenarios on account worlds in tests: a fresh LocalStack account per run, the world built the way
// LocalStackBackend builds it, and hooks to change the account behind cattleprod's back at a virtual time.
import { HOUR_MS, type Platform, type Scenario } from "../../core/index.ts";
import { referencePlatform } from "../../platform/index.ts";
import { loadScenario, runScenarioOn, type ScenarioResult } from "../../scenarios/index.ts";
import { AccountFleet, AwsApi, type AccountFleetOptions, type AccountHook } from "../../simulators/localstack/index.ts";
import { freshAccount, type LocalStackSuite } from "./localstack.ts";

/** What a test run on LocalStack gives back: the result, its world (history, id maps) and the account's API. */
export interface AccountRun {
  readonly result: ScenarioResult;
  readonly world: AccountFleet;
  readonly api: AwsApi;
  readonly account: string;
}

/** Options of {@link runOnAccount}. */
export interface AccountRunOptions extends Partial<Omit<AccountFleetOptions, "backend">> {
  readonly platform?: Platform;
  /** Changes made behind cattleprod's back, at virtual times (between tasks; a full poll follows each). */
  readonly hooks?: ReadonlyArray<readonly [atMs: number, hook: AccountHook]>;
  /** Drive the account clock if the LocalStack allows it (default true). */
  readonly drivableClock?: boolean;
  /** SDK attempts per call (default 10). */
  readonly maxAttempts?: number;
}

/** Runs a scenario (a file or a value) on LocalStack in a fresh, empty account. */
export async function runOnAccount(
  localstack: LocalStackSuite,
  source: string | Scenario,
  options: AccountRunOptions = {},
): Promise<AccountRun> {
  const account = freshAccount();
  const api = new AwsApi({ ...localstack.clientConfig(account), ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}) });
  const { platform, hooks, drivableClock, maxAttempts: _attempts, ...worldOptions } = options;
  const scenario = typeof source === "string" ? await loadScenario(source) : source;
  const runId = options.runId ?? `cp-test-${account.slice(-6)}`;
  let world: AccountFleet | undefined;
  const result = await runScenarioOn(scenario, {
    platform: platform ?? referencePlatform(),
    backend: "localstack",
    makeWorld: (spec, rng) => {
      world = new AccountFleet(spec, rng, api, {
        backend: "localstack",
        runId,
        scenarioRunId: options.scenarioRunId ?? `${runId}.0`,
        ...(drivableClock === false ? {} : { clockEndpoint: localstack.handle.endpoint }),
        ...worldOptions,
      });
      for (const [atMs, hook] of hooks ?? []) world.at(atMs, hook);
      return world;
    },
  });
  return { result, world: world as AccountFleet, api, account };
}

/** The verdict of one control. */
export function verdictOf(run: AccountRun | ScenarioResult, control: string): ScenarioResult["verdicts"][number] {
  const result = "result" in run ? run.result : run;
  const verdict = result.verdicts.find((v) => v.control === control);
  if (!verdict) throw new Error(`no verdict for ${control}`);
  return verdict;
}

/** One hour of virtual time, for hook times. */
export const H = HOUR_MS;
