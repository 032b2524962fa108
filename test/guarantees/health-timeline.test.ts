import { describe, expect, it } from "vitest";
import { HealthTimeline } from "../../guarantees/index.ts";

describe("HealthTimeline", () => {
  const timeline = (): HealthTimeline => {
    const t = new HealthTimeline("web");
    let seq = 0;
    for (const [atMs, count] of [
      [0, 1],
      [0, 2],
      [0, 3],
      [100, 2],
      [100, 3],
      [200, 2],
      [300, 1],
      [400, 2],
      [500, 3],
    ] as const)
      t.record(atMs, count, seq++);
    return t;
  };

  it("keeps the count after every event of a millisecond; same-ms dips vanish", () => {
    const t = timeline();
    expect(t.at(-1)).toBe(0);
    expect(t.at(0)).toBe(3);
    expect(t.at(100)).toBe(3);
    expect(t.at(250)).toBe(2);
    expect(t.at(1000)).toBe(3);
    expect(t.size).toBe(5);
  });

  it("finds the first time a count is reached in a window", () => {
    const t = timeline();
    expect(t.firstAtLeast(3, 200, 450)).toBeUndefined();
    expect(t.firstAtLeast(3, 200, 500)).toEqual({ atMs: 500, seq: 8 });
    expect(t.firstAtLeast(2, 150, 500)?.atMs).toBe(150);
    expect(t.firstReaching(3)).toBe(0);
  });

  it("lists the dips below a floor and the lowest count", () => {
    const t = timeline();
    expect(t.dipsBelow(2, 0, 1000)).toEqual([{ startMs: 300, endMs: 400, lowest: 1, seq: 6, recovered: true }]);
    expect(t.dipsBelow(3, 250, 450)).toEqual([{ startMs: 250, endMs: 450, lowest: 1, seq: 5, recovered: false }]);
    expect(t.lowestBetween(0, 1000)).toBe(1);
    expect(t.lowestBetween(400, 1000)).toBe(2);
  });
});
