import type { HistoryView } from "../core/index.ts";

/** What the HTML report draws for one scenario: healthy capacity, instance lifetimes, chaos marks. */
export interface ScenarioTimeline {
  /** Per group: `[atMs, healthy]` change points. */
  readonly capacity: Readonly<Record<string, ReadonlyArray<readonly [number, number]>>>;
  /** Lifetimes `[instanceId, group, vmType, createdAtMs, endMs]`, the first `maxLifetimes` instances. */
  readonly lifetimes: ReadonlyArray<readonly [string, string, string, number, number]>;
  readonly chaos: ReadonlyArray<{ readonly atMs: number; readonly spec: string; readonly tookEffect: boolean }>;
  readonly runMs: number;
}

const UP = new Set(["instance.running", "instance.recovered"]);
const DOWN = new Set(["instance.terminated", "instance.crashed", "instance.stopped", "instance.started"]);

/** Derives the timeline from a history in one pass. */
export function buildTimeline(history: HistoryView, runMs: number, maxLifetimes = 200, maxPointsPerGroup = 2_000): ScenarioTimeline {
  const healthy = new Map<string, boolean>();
  const counts = new Map<string, number>();
  const capacity: Record<string, Array<[number, number]>> = {};
  const lifetimes = new Map<string, [string, string, string, number, number]>();
  const groupOf = new Map<string, string>();
  for (const event of history.all()) {
    if (event.kind === "instance.launched" && event.group !== undefined) groupOf.set(event.instanceId, event.group);
    if (event.kind === "instance.launched" && lifetimes.size < maxLifetimes) {
      lifetimes.set(event.instanceId, [event.instanceId, event.group ?? "", event.vmType ?? "untagged", event.createdAtMs, runMs]);
    } else if (event.kind === "instance.backdated") {
      const life = lifetimes.get(event.instanceId);
      if (life) life[3] = event.createdAtMs;
    } else if (event.kind === "instance.terminated") {
      const life = lifetimes.get(event.instanceId);
      if (life) life[4] = event.atMs;
    }
    if (!UP.has(event.kind) && !DOWN.has(event.kind)) continue;
    const { instanceId } = event as { instanceId: string };
    const groupName = groupOf.get(instanceId);
    const up = UP.has(event.kind);
    if ((healthy.get(instanceId) ?? false) === up) continue;
    healthy.set(instanceId, up);
    if (!groupName) continue;
    const count = (counts.get(groupName) ?? 0) + (up ? 1 : -1);
    counts.set(groupName, count);
    const points = (capacity[groupName] ??= []);
    const last = points[points.length - 1];
    if (last && last[0] === event.atMs) last[1] = count;
    else if (points.length < maxPointsPerGroup) points.push([event.atMs, count]);
  }
  const effect = new Map(history.ofKind("chaos.outcome").map((o) => [o.cause, o.tookEffect]));
  const chaos = history
    .ofKind("chaos.injected")
    .map((injected) => ({ atMs: injected.atMs, spec: injected.spec, tookEffect: effect.get(injected.seq) ?? false }));
  return { capacity, lifetimes: [...lifetimes.values()], chaos, runMs };
}
