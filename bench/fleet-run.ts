// Child process of the benchmark: runs one fleet size and prints its figures as JSON (so peak RSS is per size).
import { referencePlatform } from "../platform/index.ts";
import { SimSession } from "../scenarios/index.ts";
import { benchScenario } from "./fleet-load.ts";

const instances = Number(process.argv[2]);
const days = Number(process.argv[3] ?? 30);
const check = process.argv[4] !== "--no-check";
const scenario = benchScenario(instances, days);
const cpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};
const t0 = performance.now();
const cpu0 = cpuSeconds();
const session = new SimSession(scenario, referencePlatform(), scenario.seed);
for (const step of scenario.steps) session.inject(step);
session.world.runUntil(scenario.runMs);
const simSeconds = (performance.now() - t0) / 1000;
const simCpuSeconds = cpuSeconds() - cpu0;
const events = session.world.history.length;
let checkSeconds = 0;
let checkCpuSeconds = 0;
let failed: string[] = [];
if (check) {
  const t1 = performance.now();
  const cpu1 = cpuSeconds();
  const verdicts = session.finish(scenario.runMs);
  checkSeconds = (performance.now() - t1) / 1000;
  checkCpuSeconds = cpuSeconds() - cpu1;
  failed = verdicts.filter((v) => v.status === "fail").map((v) => v.headline);
}
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
process.stdout.write(
  JSON.stringify({
    instances,
    days,
    wallSeconds: simSeconds + checkSeconds,
    simSeconds,
    checkSeconds,
    // CPU time of this process (garbage collection threads included): steadier than wall time on a shared machine.
    cpuSeconds: simCpuSeconds + checkCpuSeconds,
    events,
    eventsPerSecond: events / simSeconds,
    peakRssMb,
    failed,
  }) + "\n",
);
