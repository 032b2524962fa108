// `npm run bench [-- --json FILE] [-- --sizes 100,1000] [-- --startup-only] [-- --refusals-only]`: the benchmark.
import { spawnSync } from "node:child_process";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeAtomic } from "../cli/run.ts";
import { measureExplore } from "./explore-run.ts";
import { measureExploreWorkers } from "./explore-workers.ts";
import { measureImport } from "./import-run.ts";
import { measureReconcile } from "./localstack-run.ts";
import { measureRefusals } from "./refusal-run.ts";
import { formatStartup, measureStartup } from "./startup-run.ts";

interface FleetFigures {
  instances: number;
  days: number;
  wallSeconds: number;
  cpuSeconds: number;
  simSeconds: number;
  checkSeconds: number;
  events: number;
  eventsPerSecond: number;
  peakRssMb: number;
  failed: string[];
}

process.env["AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED"] ??= "true";
const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    json: { type: "string" },
    sizes: { type: "string", default: "100,1000,10000,100000" },
    days: { type: "string", default: "30" },
    "fleet-runs": { type: "string", default: "3" },
    "explore-runs": { type: "string", default: "600" },
    "explore-workers": { type: "string" },
    "explore-worker-runs": { type: "string", default: "1000" },
    "explore-warmup": { type: "string", default: "1000" },
    "import-events": { type: "string", default: "100000" },
    "startup-only": { type: "boolean", default: false },
    "refusals-only": { type: "boolean", default: false },
  },
});
const machine = { node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) };

if (values["refusals-only"]) {
  printRefusals(measureRefusals());
  process.exit(0);
}
if (values["startup-only"]) {
  process.stdout.write(`cattleprod start-up benchmark · node ${machine.node} · ${machine.cpu} (${machine.cores} cores)\n\n`);
  const startup = measureStartup();
  process.stdout.write(formatStartup(startup));
  if (values.json) await writeAtomic(values.json, `${JSON.stringify({ startup, machine }, null, 2)}\n`);
  if (values.json) process.stdout.write(`wrote ${values.json}\n`);
  process.exit(0);
}

/** Runs a bench script in its own process (its peak memory its own) and reads the JSON of its last line. */
function runChild<T>(what: string, script: string, ...args: string[]): T {
  const child = spawnSync(process.execPath, ["--import", "tsx", join(here, script), ...args], { encoding: "utf8", maxBuffer: 1 << 24 });
  if (child.status !== 0) throw new Error(`Failed to ${what}: ${child.stderr.trim().split("\n").slice(-3).join(" ")}`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1) as string) as T;
}

/** Times the fixed host reference workload (milliseconds, median of five). */
function hostReferenceMs(): number {
  return runChild<{ medianMs: number }>("time the host reference workload", "host-reference.ts").medianMs;
}

/** Runs one fleet size. */
function runFleet(instances: number, days: number): FleetFigures {
  return runChild<FleetFigures>(`run the ${instances}-instance fleet`, "fleet-run.ts", String(instances), String(days));
}

const pad = (value: string | number, width: number): string => String(value).padStart(width);
const days = Number(values.days);
const fleets: FleetFigures[] = [];
const cpuModel = cpus()[0]?.model ?? "cpu";
const coreCount = cpus().length;
const memoryGiB = Math.round(totalmem() / 2 ** 30);
process.stdout.write(`cattleprod benchmark · node ${process.version} · ${cpuModel} (${coreCount} cores) · ${memoryGiB} GiB\n\n`);
process.stdout.write(
  `${pad("instances", 10)} ${pad("days", 5)} ${pad("wall s", 8)} ${pad("sim s", 8)} ${pad("check s", 8)} ` +
    `${pad("events", 10)} ${pad("events/s", 10)} ${pad("peak MB", 8)}  failures\n`,
);
// Each size runs `--fleet-runs` times, each in a fresh process; the table shows the run of median wall time (a shared
// machine's speed drifts by a fifth within minutes: one run is not a figure), and the target line every run's wall time.
const fleetRuns = Math.max(1, Number(values["fleet-runs"]));
const wallsBySize = new Map<number, number[]>();
// The host's speed, timed just before and just after the fleet runs (see bench/host-reference.ts).
const hostReference = { beforeMs: hostReferenceMs(), afterMs: 0 };
for (const size of values.sizes.split(",").map(Number)) {
  const runs = Array.from({ length: fleetRuns }, () => runFleet(size, days)).sort((a, b) => a.wallSeconds - b.wallSeconds);
  const f = runs[Math.floor((runs.length - 1) / 2)] as FleetFigures;
  wallsBySize.set(
    size,
    runs.map((run) => run.wallSeconds),
  );
  fleets.push(f);
  process.stdout.write(
    `${pad(f.instances, 10)} ${pad(f.days, 5)} ${pad(f.wallSeconds.toFixed(2), 8)} ${pad(f.simSeconds.toFixed(2), 8)} ` +
      `${pad(f.checkSeconds.toFixed(2), 8)} ${pad(f.events, 10)} ${pad(Math.round(f.eventsPerSecond), 10)} ` +
      `${pad(f.peakRssMb, 8)}  ${f.failed.length}\n`,
  );
}
hostReference.afterMs = hostReferenceMs();
const totalEvents = fleets.reduce((sum, f) => sum + f.events, 0);
const totalSim = fleets.reduce((sum, f) => sum + f.simSeconds, 0);
const eventsPerSecond = totalEvents / totalSim;
const explore = await measureExplore(Number(values["explore-runs"]) / 3);
const at = (n: number) => fleets.find((f) => f.instances === n);
const ratio = at(100_000) && at(10_000) ? (at(100_000) as FleetFigures).wallSeconds / (at(10_000) as FleetFigures).wallSeconds : undefined;
process.stdout.write(`\nsimulated events per second (all sizes): ${Math.round(eventsPerSecond)}\n`);
const rates = (byType: Record<string, number>): string =>
  Object.entries(byType)
    .map(([vmType, rate]) => `${vmType} ${rate.toFixed(1)}`)
    .join(", ");
process.stdout.write(
  `explore: ${explore.runsPerSecond.toFixed(1)} runs/s (${explore.runs} runs of 20-instance fleets, 30 commands each, after a warm-up; ` +
    `per type: ${rates(explore.perType)})\n` +
    `explore per CPU second (one core): ${explore.runsPerCpuSecond.toFixed(1)} runs (per type: ${rates(explore.perTypeCpu)})\n`,
);
// Every core: one worker thread per core (the pool `explore --workers` uses), each exploring its own cases after a
// warm-up; the single-thread figure beside it measured the same way.
const workerCount = Number(values["explore-workers"] ?? machine.cores);
const perWorker = Number(values["explore-worker-runs"]);
const warmup = Number(values["explore-warmup"]);
const single = await measureExploreWorkers(1, perWorker, warmup);
const parallel = await measureExploreWorkers(workerCount, perWorker, warmup);
process.stdout.write(
  `explore on every core: ${parallel.runsPerSecond.toFixed(1)} runs/s with ${workerCount} worker threads ` +
    `(${parallel.runs} runs in ${parallel.seconds.toFixed(2)} s after ${warmup} warm-up runs per type and thread; target >= 1,000), ` +
    `single thread ${single.runsPerSecond.toFixed(1)} runs/s (${single.runs} runs)\n`,
);
const largest = at(100_000);
if (largest)
  process.stdout.write(
    `100,000 instances x ${largest.days} days: ${largest.wallSeconds.toFixed(2)} s wall, median of ${fleetRuns} ` +
      `(all runs ${(wallsBySize.get(100_000) ?? []).map((wall) => wall.toFixed(2)).join(", ")} s; simulation ` +
      `${largest.simSeconds.toFixed(2)} s, checking ${largest.checkSeconds.toFixed(2)} s, ${largest.cpuSeconds.toFixed(2)} s CPU ` +
      `in the median run; target <= 3 s)\n`,
  );
process.stdout.write(
  `host reference workload: ${hostReference.beforeMs.toFixed(0)} ms before the fleet runs, ${hostReference.afterMs.toFixed(0)} ms ` +
    "after (bench/host-reference.ts, no cattleprod code; a slower host takes longer)\n",
);
if (ratio !== undefined) process.stdout.write(`growth: time(100,000) / time(10,000) = ${ratio.toFixed(2)}\n`);
const importEvents = Number(values["import-events"]);
const imports = measureImport(importEvents);
process.stdout.write(
  `import cloudtrail: ${importEvents.toLocaleString("en-US")} records, wall time of the CLI (Node start-up included; target < 10 s)\n`,
);
for (const f of imports) {
  const files = `${f.files} file${f.files === 1 ? "" : "s"}`;
  const rate = `${Math.round(f.eventsPerSecond).toLocaleString("en-US")} records/s`;
  const size = `${f.inputMb.toFixed(1)} MB`;
  const wall = `${f.wallSeconds.toFixed(2)} s`;
  process.stdout.write(
    `  ${f.shape.padEnd(20)} ${files.padStart(10)} ${size.padStart(9)} ${wall.padStart(8)}` +
      `  ${rate.padStart(16)}  ${f.steps} steps, ${f.yamlMb.toFixed(1)} MB of YAML\n`,
  );
}
const refused = measureRefusals();
printRefusals(refused);
const endpoint = process.env["LOCALSTACK_ENDPOINT"] ?? process.env["AWS_ENDPOINT_URL"];
let callsPerReconcile: Record<string, number> | undefined;
if (endpoint) {
  callsPerReconcile = await measureReconcile(endpoint, [10, 100, 1_000]);
  process.stdout.write(
    `localstack (${endpoint}): API calls per reconcile ${Object.entries(callsPerReconcile)
      .map(([n, calls]) => `${n} instances: ${calls}`)
      .join(", ")}\n`,
  );
} else {
  process.stdout.write("localstack: not measured (set LOCALSTACK_ENDPOINT to measure API calls per reconcile)\n");
}
const startup = measureStartup();
process.stdout.write(`\n${formatStartup(startup)}`);
if (values.json) {
  await writeAtomic(
    values.json,
    `${JSON.stringify(
      {
        sim: {
          eventsPerSecond,
          fleets,
          fleetRuns,
          wallSeconds: Object.fromEntries(wallsBySize),
          hostReference,
        },
        explore: {
          runsPerSecond: explore.runsPerSecond,
          perType: explore.perType,
          runsPerCpuSecond: explore.runsPerCpuSecond,
          perTypeCpu: explore.perTypeCpu,
          runs: explore.runs,
          instances: 20,
          steps: 30,
          workers: { count: workerCount, ...parallel, single },
        },
        importCloudTrail: imports,
        refusals: refused,
        growth: ratio ?? null,
        ...(callsPerReconcile ? { localstack: { callsPerReconcile } } : {}),
        startup,
        machine,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`wrote ${values.json}\n`);
}

/** Prints the refusal section: each hostile input's exit code, wall time and first line. */
function printRefusals(refused: ReturnType<typeof measureRefusals>): void {
  process.stdout.write(
    `refusals: bad inputs through the CLI, wall time (start-up included: --version takes ` +
      `${refused.startupSeconds.toFixed(2)} s; target < 2 s)\n`,
  );
  for (const r of refused.refusals)
    process.stdout.write(
      `  ${r.input.padEnd(30)} exit ${r.exitCode}  ${r.wallSeconds.toFixed(2).padStart(5)} s  ${r.line.slice(0, 110)}\n`,
    );
}
