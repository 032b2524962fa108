import { describe, expect, it } from "vitest";
import { buildInstanceIndex } from "../../guarantees/index.ts";
import { FleetHistory, MINUTE_MS, fleet } from "./fleet-history.ts";

describe("buildInstanceIndex", () => {
  it("lists every instance in launch order, and by the VM type that covers it (untagged ones by their group's type)", () => {
    const spec = fleet([
      { name: "web", vmType: "cattle", capacity: 2 },
      { name: "app", vmType: "immutable", capacity: 2 },
      { name: "db", vmType: "pet", capacity: 1 },
    ]);
    const f = new FleetHistory(spec);
    const rogueIntoApp = f.launch(MINUTE_MS, "app", { untagged: true, actor: "operator:eve" });
    const outside = f.launch(2 * MINUTE_MS, undefined, { actor: "operator:eve" });
    const replacement = f.replace(3 * MINUTE_MS, "web-1");
    // A second launch naming an instance already indexed is not a second instance.
    f.launch(4 * MINUTE_MS, "web", { id: "web-1" });
    const index = buildInstanceIndex(f.end(MINUTE_MS * 10).history, spec);

    const ids = (list: readonly { id: string }[]) => list.map((facts) => facts.id);
    expect(ids(index.all)).toEqual([...index.instances.keys()]);
    expect(ids(index.all)).toEqual(["web-1", "web-2", "app-1", "app-2", "db-1", rogueIntoApp, outside, replacement]);
    expect(ids(index.byScope.cattle)).toEqual(["web-1", "web-2", replacement]);
    expect(ids(index.byScope.immutable)).toEqual(["app-1", "app-2", rogueIntoApp]);
    expect(ids(index.byScope.pet)).toEqual(["db-1"]);
    // The instance outside every group and untagged is covered by no VM type's controls: only in `all`.
    expect(index.instances.get(outside)?.scope).toBeUndefined();
  });
});
