// Times only the checking of every control: at one large fleet size (the bench scenario, simulated once and checked
// `repeats` times) and on small finished explorer runs (built once, then checked `repeats` times over).
// Usage: node --import tsx bench/check-run.ts [instances=100000] [repeats=3] [smallRuns=300]
import fc from "fast-check";
import { VM_TYPES, type FleetSpec } from "../core/index.ts";
import { evaluateControls } from "../guarantees/index.ts";
import { referencePlatform } from "../platform/index.ts";
import { SimSession } from "../scenarios/index.ts";
import { SETTLE_MS } from "../suites/properties/chaos-plans.ts";
import { initialModel, type ExploreReal } from "../suites/properties/model.ts";
import { benchCases } from "./explore-run.ts";
import { benchScenario } from "./fleet-load.ts";

const instances = Number(process.argv[2] ?? 100_000);
const repeats = Number(process.argv[3] ?? 3);
const smallRuns = Number(process.argv[4] ?? 300);
const cpu = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

if (instances > 0) {
  const scenario = benchScenario(instances, 30);
  const session = new SimSession(scenario, referencePlatform(), scenario.seed);
  for (const step of scenario.steps) session.inject(step);
  session.world.runUntil(scenario.runMs);
  const cold = cpu();
  session.finish(scenario.runMs);
  const times: string[] = [`first ${(cpu() - cold).toFixed(3)}cpu`];
  for (let i = 0; i < repeats; i++) {
    const c0 = cpu();
    const t0 = performance.now();
    evaluateControls({ history: session.world.history, spec: scenario.fleet, runMs: scenario.runMs });
    times.push(`${((performance.now() - t0) / 1000).toFixed(3)}s/${(cpu() - c0).toFixed(3)}cpu`);
  }
  process.stdout.write(`check ${instances}: ${times.join(" ")}\n`);
}

if (smallRuns > 0) {
  const platform = referencePlatform();
  const finished: { session: SimSession; runMs: number; fleet: FleetSpec }[] = [];
  for (const vmType of VM_TYPES) {
    for (const [fleet, simSeed, list] of benchCases(vmType, smallRuns / VM_TYPES.length, 1)) {
      const real: ExploreReal = {
        session: new SimSession({ name: "bench", fleet }, platform, simSeed),
        injected: [],
        checkOnTheWay: false,
      };
      const model = initialModel(fleet);
      try {
        await fc.asyncModelRun(() => ({ model, real }), list);
      } catch {
        // a run that stops early is still a history to check
      }
      const runMs = model.nowMs + SETTLE_MS;
      real.session.finish(runMs);
      finished.push({ session: real.session, runMs, fleet });
    }
  }
  const events = finished.reduce((sum, f) => sum + f.session.world.history.length, 0);
  const times: string[] = [];
  const perRun: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const c0 = cpu();
    for (const { session, runMs, fleet } of finished) evaluateControls({ history: session.world.history, spec: fleet, runMs });
    perRun.push(((cpu() - c0) / finished.length) * 1e6);
    times.push(`${(perRun[perRun.length - 1] as number).toFixed(0)}us`);
  }
  const steady = median(perRun.slice(perRun.length >> 1)).toFixed(0);
  const size = `${finished.length} runs, ${Math.round(events / finished.length)} events each`;
  process.stdout.write(`check small (${size}): per run ${times.join(" ")}; median of the last half ${steady}us\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}
