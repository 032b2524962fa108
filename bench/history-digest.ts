// Digests of what the simulator and the checkers produce, for checking that a speed change keeps every history and
// verdict byte for byte: SHA-256 of the bench scenario's whole history and verdicts at each fleet size, and of the
// explorer benchmark's cases (verdicts, chaos outcomes and finding of every run) per VM type.
// Usage: node --import tsx bench/history-digest.ts [sizes=100,1000,10000,100000] [exploreRuns=150]
import { createHash } from "node:crypto";
import { VM_TYPES } from "../core/index.ts";
import { referencePlatform } from "../platform/index.ts";
import { SimSession } from "../scenarios/index.ts";
import type { CoverageCollector } from "../suites/properties/coverage.ts";
import { runCase } from "../suites/properties/explore.ts";
import { benchCases } from "./explore-run.ts";
import { benchScenario } from "./fleet-load.ts";

const sizes = (process.argv[2] ?? "100,1000,10000,100000").split(",").map(Number);
const exploreRuns = Number(process.argv[3] ?? 150);

for (const instances of sizes) {
  const scenario = benchScenario(instances, 30);
  const session = new SimSession(scenario, referencePlatform(), scenario.seed);
  for (const step of scenario.steps) session.inject(step);
  session.world.runUntil(scenario.runMs);
  const hash = createHash("sha256");
  for (const event of session.world.history.all()) hash.update(`${JSON.stringify(event)}\n`);
  const verdicts = createHash("sha256")
    .update(JSON.stringify(session.finish(scenario.runMs)))
    .digest("hex");
  process.stdout.write(`fleet ${instances}: ${session.world.history.length} events, history ${hash.digest("hex")}, verdicts ${verdicts}\n`);
}

const platform = referencePlatform();
for (const vmType of VM_TYPES) {
  const hash = createHash("sha256");
  // Every run's verdicts and the chaos steps that took effect, through the coverage hook the explorer records with.
  const coverage = {
    record: (verdicts: unknown, steps: unknown) => hash.update(`${JSON.stringify(verdicts)}${JSON.stringify(steps)}\n`),
  } as unknown as CoverageCollector;
  for (const [fleet, simSeed, list] of benchCases(vmType, exploreRuns, 1)) {
    try {
      await runCase(fleet, simSeed, list, platform, "bench", { coverage });
      hash.update("pass\n");
    } catch (error) {
      hash.update(`${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  process.stdout.write(`explore ${vmType}: ${exploreRuns} runs, outcomes ${hash.digest("hex")}\n`);
}
