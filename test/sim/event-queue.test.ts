import { describe, expect, it } from "vitest";
import { createRng } from "../../core/index.ts";
import { EventQueue } from "../../simulators/index.ts";

describe("EventQueue (seed 9)", () => {
  it("pops in time order, ties in insertion order, skipping cancelled tasks", () => {
    const rng = createRng(9);
    const queue = new EventQueue();
    const pushed: Array<{ at: number; order: number }> = [];
    const cancels: Array<() => void> = [];
    for (let i = 0; i < 500; i++) {
      const at = rng.int(50);
      pushed.push({ at, order: i });
      cancels.push(queue.push(at, () => undefined));
    }
    for (let i = 0; i < 500; i += 7) cancels[i]?.();
    const expected = pushed
      .filter((p) => p.order % 7 !== 0)
      .sort((a, b) => a.at - b.at || a.order - b.order)
      .map((p) => p.at);
    const popped: number[] = [];
    for (let next = queue.pop(); next; next = queue.pop()) popped.push(next.atMs);
    expect(popped).toEqual(expected);
  });
});
