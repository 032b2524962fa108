import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { HistoryEvent } from "../../core/index.ts";
import { referencePlatform } from "../../platform/index.ts";
import { loadScenario, runScenario } from "../../scenarios/index.ts";

const DIR = join(import.meta.dirname, "../fixtures/explored");

/** Runs a scenario exploration found against the reference platform; returns its IMM-HEAL-001 verdict and launches. */
async function replay(file: string) {
  const scenario = await loadScenario(join(DIR, file));
  const result = runScenario(scenario, { platform: referencePlatform() });
  const verdict = result.verdicts.find((v) => v.control === "IMM-HEAL-001");
  const launches = result.world.history.ofKind("instance.launched") as ReadonlyArray<HistoryEvent<"instance.launched">>;
  const crashes = result.world.history.ofKind("instance.crashed") as ReadonlyArray<HistoryEvent<"instance.crashed">>;
  return { verdict, launches, crashes };
}

/** Each server gets at most one replacement launched for it, and every crashed server one of its own. */
function expectOwnReplacements(
  launches: ReadonlyArray<HistoryEvent<"instance.launched">>,
  crashes: ReadonlyArray<HistoryEvent<"instance.crashed">>,
) {
  const replaced = launches.map((l) => l.replaces).filter((id) => id !== undefined);
  expect(new Set(replaced).size).toBe(replaced.length);
  for (const crash of crashes) expect(replaced).toContain(crash.instanceId);
}

describe("failures exploration found on the reference platform, kept as regressions", () => {
  it("a self-healer resuming after an outage that covered a rollout replaces the crashed server by name", async () => {
    const { verdict, launches, crashes } = await replay("heal-after-outage-during-rollout.yaml");
    expect(verdict?.status, verdict?.headline).toBe("pass");
    const crashed = crashes[0]?.instanceId;
    expect(crashed).toBeDefined();
    const healer = launches.filter((l) => l.actor === "platform/self-healer");
    expect(healer.map((l) => l.replaces)).toEqual([crashed]);
  });

  it("two controllers retiring the same server launch one replacement for it, and a crash gets its own", async () => {
    const { verdict, launches, crashes } = await replay("two-controllers-replace-one-node.yaml");
    expect(verdict?.status, verdict?.headline).toBe("pass");
    expectOwnReplacements(launches, crashes);
  });

  it("a controller reaching a server whose replacement is under way on the old image follows it", async () => {
    const { verdict, launches, crashes } = await replay("replacement-on-the-old-image-under-way.yaml");
    expect(verdict?.status, verdict?.headline).toBe("pass");
    expectOwnReplacements(launches, crashes);
  });
});
