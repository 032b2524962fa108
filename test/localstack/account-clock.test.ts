// Age on an account world is the account's clock. On cattleprod's LocalStack the clock is driven through the
// fidelity plugin (libfaketime), one run at a time under a lease, and StartInstances resets LaunchTime as on AWS;
// switched to LocalStack's own behaviour (LaunchTime kept), or on a LocalStack whose clock is not driven, the
// verdicts that rest on it are inconclusive with the reason named, never passed.
import { describe, expect, it } from "vitest";
import { createRng, DEFAULT_BOUNDS, groupDefaults } from "../../core/index.ts";
import { loadPlatform } from "../../scenarios/index.ts";
import { AccountFleet, AwsApi } from "../../simulators/localstack/index.ts";
import { runOnAccount, verdictOf } from "../support/account.ts";
import { freshAccount, useLocalStack } from "../support/localstack.ts";

const STOP_START = "scenarios/library/immutable-stop-start-keeps-age.yaml";
const AGING = "scenarios/library/immutable-aging-28-days.yaml";
const FROM_LAST_START = "test/fixtures/platforms/reaper-from-last-start.ts";

describe("the account clock on cattleprod's LocalStack", () => {
  const localstack = useLocalStack({ drivableClock: true });

  it("a reaper that reads LaunchTime is caught as on AWS: StartInstances resets it and IMM-AGE-002 fails", async () => {
    const run = await runOnAccount(localstack, STOP_START, { platform: await loadPlatform(FROM_LAST_START) });
    const verdict = verdictOf(run, "IMM-AGE-002");
    expect([verdict.status, verdict.evidence.source], verdict.headline).toEqual(["fail", "account"]);
    expect(run.world.history.ofKind("account.deviation")).toEqual([]);
  }, 180_000);

  it("with LaunchTime kept across starts (LocalStack's own behaviour) IMM-AGE-002 is inconclusive, the deviation named", async () => {
    for (const platform of ["reference", FROM_LAST_START]) {
      const run = await runOnAccount(localstack, STOP_START, { platform: await loadPlatform(platform), launchTimeOnStart: "keep" });
      const [deviation] = run.world.history.ofKind("account.deviation");
      expect(deviation?.observable).toBe("restart-age");
      expect(deviation?.deviation).toMatch(/kept LaunchTime across StartInstances/);
      const verdict = verdictOf(run, "IMM-AGE-002");
      expect(verdict.status, `${platform}: ${verdict.headline}`).toBe("inconclusive");
      expect(verdict.headline).toMatch(/kept LaunchTime across StartInstances.*stop\/start evasion does not take effect/);
      // Age itself still reads from the account: the root volume's attach time survives the start.
      expect(verdictOf(run, "IMM-AGE-001").evidence.source).toBe("account");
    }
  }, 360_000);

  it("a run that does not drive the clock (as on a LocalStack without the plugin) never passes an age control", async () => {
    const run = await runOnAccount(localstack, AGING, { drivableClock: false });
    const [opened] = run.world.history.ofKind("account.opened");
    expect(opened?.clock).toBe("not drivable");
    const verdict = verdictOf(run, "IMM-AGE-001");
    expect(verdict.status).toBe("inconclusive");
    expect(verdict.headline).toMatch(/^IMM-AGE-001 inconclusive: the account cannot show age: the account clock is not driven here: /);
    expect(verdict.evidence.unavailable).toBeDefined();
  }, 180_000);

  it("one run drives the clock at a time: a second waits for the lease, and setting it without the lease is refused", async () => {
    const spec = {
      groups: [{ ...groupDefaults("immutable", 1), name: "api", vmType: "immutable" as const, capacity: 1, image: "api" }],
      bounds: DEFAULT_BOUNDS,
    };
    const world = (holder: string) =>
      new AccountFleet(spec, createRng(1), new AwsApi(localstack.clientConfig(freshAccount())), {
        backend: "localstack",
        runId: holder,
        scenarioRunId: holder,
        clockEndpoint: localstack.handle.endpoint,
      });
    const first = world("cp-lease-first");
    const second = world("cp-lease-second");
    await first.open();
    let secondOpen = false;
    const opening = second.open().then(() => (secondOpen = true));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(secondOpen).toBe(false);
    const clock = async () =>
      (await (await fetch(`${localstack.handle.endpoint}/_cattleprod/clock`)).json()) as { lease: { holder: string } };
    expect((await clock()).lease.holder).toBe("cp-lease-first");
    const refused = await fetch(`${localstack.handle.endpoint}/_cattleprod/clock`, {
      method: "POST",
      body: JSON.stringify({ holder: "cp-lease-intruder", nowMs: 0 }),
    });
    expect(refused.status).toBe(409);
    await first.close();
    await opening;
    expect((await clock()).lease.holder).toBe("cp-lease-second");
    await second.close();
    expect((await clock()).lease).toBeNull();
  }, 120_000);
});
