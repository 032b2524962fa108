// Chaos samples targets by position from the simulator's healthy pools; each pool must hold exactly the instances
// `list({ healthy: true, vmType })` gives, in the same order, whatever crashes, stops, starts, recoveries and
// terminations happened in between. The zone load the simulator keeps per group must match its members.
import { describe, expect, it } from "vitest";
import { createRng, HOUR_MS, type Instance, type VmType } from "../../core/index.ts";
import { referencePlatform, startPlatform } from "../../platform/index.ts";
import { SimFleet } from "../../simulators/index.ts";
import { fleet, group } from "../support/fleet.ts";

const SEED = 31;

function positions(world: SimFleet, vmType?: VmType): string[] {
  const pool = world.healthyPool(vmType);
  if (!pool) throw new Error("the simulator keeps healthy pools");
  const out: string[] = [];
  for (let k = 0; k < pool.size; k++) out.push(pool.at(k).id);
  return out;
}

const ids = (instances: readonly Instance[]): string[] => instances.map((i) => i.id);

/** Live healthy instances (of a VM type) in launch order, from the list of every instance ever launched. */
const healthyInLaunchOrder = (world: SimFleet, vmType?: VmType): Instance[] =>
  world
    .list({ includeTerminated: true })
    .filter((i) => i.state === "running" && !i.impaired && (vmType === undefined || i.vmType === vmType));

describe(`the simulator's healthy pools (seed ${SEED})`, () => {
  it("hold the healthy instances of each VM type in list order (past the first 1,024 slots) through 2,000 random lifecycle changes", () => {
    const spec = fleet([
      group("web", "cattle", 1_100, { maxUnavailable: 4 }),
      group("api", "immutable", 20),
      group("box", "pet", 10, { operators: ["alice"] }),
    ]);
    const rng = createRng(SEED);
    const world = new SimFleet(spec, rng.fork("world"));
    world.buildInitialFleet();
    startPlatform(referencePlatform(), { fleet: world, scheduler: world, rng: rng.fork("platform") });
    const pick = rng.fork("test");
    let checked = 0;
    for (let round = 0; round < 2_000; round++) {
      const live = world.list();
      const target = live[pick.int(live.length)] as Instance;
      const action = pick.int(5);
      if (action === 0) world.crash(target.id, "chaos");
      else if (action === 1) world.stop(target.id, "chaos");
      else if (action === 2) world.start(target.id, "chaos");
      else if (action === 3) world.recover(target.id, "chaos");
      else world.terminate(target.id, "chaos", "test");
      if (round % 10 === 0) world.runUntil(world.nowMs() + pick.int(HOUR_MS));
      for (const vmType of [undefined, "cattle", "immutable", "pet"] as const) {
        expect(positions(world, vmType)).toEqual(ids(world.list({ healthy: true, ...(vmType ? { vmType } : {}) })));
        // The same order read from every instance ever launched, which the pools play no part in.
        expect(positions(world, vmType)).toEqual(ids(healthyInLaunchOrder(world, vmType)));
        checked++;
      }
      for (const name of ["web", "api", "box"]) {
        const counted = new Map<string, number>();
        for (const member of world.members(name)) counted.set(member.zone, (counted.get(member.zone) ?? 0) + 1);
        const kept = [...world.zoneLoad(name)].filter(([, n]) => n > 0);
        expect(new Map(kept)).toEqual(counted);
      }
    }
    expect(checked).toBe(8_000);
    expect(world.healthyPool("cattle")?.size).toBeGreaterThan(0);
    expect(() => world.healthyPool("cattle")?.at(-1)).toThrow(RangeError);
  });

  it("keep the launch order when terminations leave more holes than instances (the slots are compacted)", () => {
    const world = new SimFleet(fleet([group("web", "cattle", 700), group("api", "immutable", 50)]), createRng(SEED).fork("world"));
    world.buildInitialFleet();
    const pick = createRng(SEED).fork("test");
    for (let round = 0; round < 650; round++) {
      const live = world.list({ vmType: "cattle" });
      const target = live[pick.int(live.length)] as Instance;
      if (round % 3 === 0) world.crash(target.id, "chaos");
      else world.terminate(target.id, "chaos", "test");
      if (round % 50 === 0 || round === 649)
        for (const vmType of [undefined, "cattle", "immutable"] as const) {
          expect(positions(world, vmType)).toEqual(ids(healthyInLaunchOrder(world, vmType)));
          expect(ids(world.list(vmType ? { vmType } : {}))).toEqual(
            ids(world.list({ includeTerminated: true }).filter((i) => i.state !== "terminated" && (!vmType || i.vmType === vmType))),
          );
        }
    }
    expect(world.list({ vmType: "cattle" }).length).toBeLessThan(300);
  });
});
