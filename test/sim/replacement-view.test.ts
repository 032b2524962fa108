import { describe, expect, it } from "vitest";
import { createRng, MINUTE_MS, type HistoryEvent, type Instance } from "../../core/index.ts";
import { controller, createReplacer, definePlatform, startPlatform } from "../../platform/index.ts";
import { SimFleet } from "../../simulators/index.ts";
import { fleet, group } from "../support/fleet.ts";

const SEED = 5;

/**
 * Controller "a" surges the first web node at 2 minutes; controller "b", paused from 0 to 3 minutes, asks for a surge
 * of the same node at `bAtMs`. Returns the actors of the launches that replace that node.
 */
function replacementsOfFirstNode(bAtMs: number): string[] {
  const world = new SimFleet(fleet([group("web", "cattle", 2)], { bootMs: 2 * MINUTE_MS }), createRng(SEED).fork("world"));
  world.buildInitialFleet();
  const first = (world.members("web")[0] as Instance).id;
  const surgeAt = (atMs: number) =>
    controller(atMs === 2 * MINUTE_MS ? "a" : "b", (ctx) => {
      const replacer = createReplacer(ctx);
      ctx.after(atMs, () => replacer.surge(ctx.fleet.instance(first) as Instance, "test"));
    });
  startPlatform(definePlatform("two-replacers", [surgeAt(2 * MINUTE_MS), surgeAt(bAtMs)]), {
    fleet: world,
    scheduler: world,
    rng: createRng(SEED).fork("platform"),
  });
  world.pauseController("b", 3 * MINUTE_MS, "chaos");
  world.runUntil(10 * MINUTE_MS);
  return world.history
    .ofKind("instance.launched")
    .filter((event: HistoryEvent<"instance.launched">) => event.replaces === first)
    .map((event) => event.actor);
}

describe(`a paused controller's replacer (seed ${SEED})`, () => {
  it("launches its own replacement when its surge waited before another controller's launch in its backlog", () => {
    // b's surge (due at 1 minute) waits in b's backlog ahead of a's launch at 2 minutes: b has not seen it yet.
    expect(replacementsOfFirstNode(MINUTE_MS)).toEqual(["platform/a", "platform/b"]);
  });

  it("follows the other controller's replacement when that launch came first in its backlog", () => {
    // b's surge (due at 2.5 minutes) comes after a's launch in b's backlog: b adopts a's replacement.
    expect(replacementsOfFirstNode(2.5 * MINUTE_MS)).toEqual(["platform/a"]);
  });
});
