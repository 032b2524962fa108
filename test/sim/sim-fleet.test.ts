import { describe, expect, it } from "vitest";
import { createRng, DAY_MS, HOUR_MS, type ChaosStep } from "../../core/index.ts";
import { scheduleChaos } from "../../chaos/index.ts";
import { referencePlatform, startPlatform } from "../../platform/index.ts";
import { SimFleet } from "../../simulators/index.ts";
import { fleet, group } from "../support/fleet.ts";

const SEED = 1234;

function simulate(seed: number, steps: ChaosStep[], runMs: number): SimFleet {
  const spec = fleet([
    group("web", "cattle", 6, { maxUnavailable: 2 }),
    group("api", "immutable", 3, { initialAgeMs: 27 * DAY_MS }),
    group("box", "pet", 1, { operators: ["alice"] }),
  ]);
  const rng = createRng(seed);
  const world = new SimFleet(spec, rng.fork("world"));
  world.buildInitialFleet();
  startPlatform(referencePlatform(), { fleet: world, scheduler: world, rng: rng.fork("platform") });
  scheduleChaos(world, steps, rng.fork("chaos"));
  world.runUntil(runMs);
  return world;
}

const kill = (index: number, atMs: number, n: number): ChaosStep => ({
  index,
  atMs,
  action: "kill",
  target: { group: "web", count: { kind: "random", n } },
  with: {},
});

describe(`SimFleet (seed ${SEED})`, () => {
  it("gives a byte-identical history for the same seed, and a different one for another seed", () => {
    const steps = [kill(0, HOUR_MS, 2), kill(1, 3 * HOUR_MS, 1)];
    const a = JSON.stringify(simulate(SEED, steps, 2 * DAY_MS).history.all());
    const b = JSON.stringify(simulate(SEED, steps, 2 * DAY_MS).history.all());
    const c = JSON.stringify(simulate(SEED + 1, steps, 2 * DAY_MS).history.all());
    expect(a).toBe(b);
    expect(c).not.toBe(a);
  });

  it("heals killed cattle back to capacity", () => {
    const world = simulate(SEED, [kill(0, HOUR_MS, 2)], 2 * HOUR_MS);
    expect(world.healthyCount("web")).toBe(6);
    const kills = world.history.ofKind("instance.terminated").filter((e) => e.reason === "chaos:kill");
    expect(kills).toHaveLength(2);
  });

  it("never lets an immutable instance pass 28 days, and never terminates the pet", () => {
    const world = simulate(SEED, [], 3 * DAY_MS);
    const reaped = world.history.ofKind("instance.terminated").filter((e) => e.reason === "max-age");
    expect(reaped).toHaveLength(3);
    for (const e of reaped) expect(e.ageMs).toBeLessThanOrEqual(28 * DAY_MS);
    expect(world.history.ofKind("instance.terminated").some((e) => e.vmType === "pet")).toBe(false);
  });

  it("keeps age across stop/start: the reaper measures from creation", () => {
    const stopStart: ChaosStep = {
      index: 0,
      atMs: HOUR_MS,
      action: "stop-start",
      target: { group: "api", count: { kind: "all" } },
      with: { downForMs: 10 * 60_000 },
    };
    const world = simulate(SEED, [stopStart], 3 * DAY_MS);
    expect(world.history.ofKind("instance.started")).toHaveLength(3);
    for (const e of world.history.ofKind("instance.terminated").filter((t) => t.vmType === "immutable"))
      expect(e.ageMs).toBeLessThanOrEqual(28 * DAY_MS);
  });

  it("counts each group's stopped or crashed members, and its up members per image and launcher, as a scan would", () => {
    const world = simulate(SEED, [], HOUR_MS);
    const scan = (name: string): number => world.members(name).filter((m) => m.impaired || m.state === "stopped").length;
    const [a, b, c] = world.members("web").map((m) => m.id);
    const box = world.members("box")[0]?.id as string;
    const cohorts = (name: string): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const c of world.upCohorts(name)) out[`${c.imageId} ${c.launchedBy} ${c.vmType}`] = c.count;
      return out;
    };
    const scanCohorts = (name: string): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const m of world.members(name))
        if (!m.impaired && (m.state === "running" || m.state === "pending")) {
          const key = `${m.imageId} ${m.launchedBy} ${m.vmType}`;
          out[key] = (out[key] ?? 0) + 1;
        }
      return out;
    };
    const expectCounts = (web: number, pets: number): void => {
      expect([world.downCount("web"), world.downCount("box")]).toEqual([web, pets]);
      expect([scan("web"), scan("box")]).toEqual([web, pets]);
      for (const name of ["web", "api", "box"]) expect(cohorts(name)).toEqual(scanCohorts(name));
    };
    expectCounts(0, 0);
    expect(world.crash(a as string, "chaos")).toBe(true);
    expect(world.stop(b as string, "chaos")).toBe(true);
    expect(world.crash(box, "chaos")).toBe(true);
    expectCounts(2, 1);
    expect(world.stop(a as string, "chaos")).toBe(true);
    expectCounts(2, 1);
    expect(world.start(b as string, "chaos")).toBe(true);
    expect(world.terminate(a as string, "chaos", "test")).toBe(true);
    expect(world.recover(box, "chaos")).toBe(true);
    expectCounts(0, 0);
    expect(world.stop(c as string, "chaos")).toBe(true);
    expectCounts(1, 0);
    expect(Object.values(cohorts("web")).reduce((a, n) => a + n, 0)).toBe(world.members("web").length - 1);
    world.runUntil(2 * HOUR_MS);
    expectCounts(0, 0);
  });

  it("records a chaos step that hit nothing as without effect", () => {
    const none: ChaosStep = {
      index: 0,
      atMs: HOUR_MS,
      action: "kill",
      target: { group: "web", zone: "nowhere", count: { kind: "one" } },
      with: {},
    };
    const world = simulate(SEED, [none], 2 * HOUR_MS);
    const outcome = world.history.ofKind("chaos.outcome")[0];
    expect(outcome?.tookEffect).toBe(false);
  });
});
