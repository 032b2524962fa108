import { setFlagsFromString } from "node:v8";

let kept = false;

/**
 * Turns off V8's allocation-site pretenuring for this process, once (a process-wide flag: worker threads share it).
 *
 * Exploration builds a small world per run and drops it a few milliseconds later. At a scavenge, most of what the
 * current run allocated is still alive, so V8 judges the world's allocation sites (events, instances, timers, closures)
 * long-lived and allocates every later world straight into the old generation. That generation then fills with dead
 * worlds: scavenges slow down on old-to-young pointers and concurrent marking keeps a background core busy. Without
 * pretenuring each world dies young and a scavenge copies only the run under way. The flag decides where objects are
 * allocated, never what a run computes (docs/performance.md has the figures).
 */
export function keepWorldsYoung(): void {
  if (kept) return;
  kept = true;
  setFlagsFromString("--no-allocation-site-pretenuring");
}
