import { CattleprodError, formatCount, formatDuration, LIMITS } from "../core/index.ts";
import type { History } from "../core/index.ts";

/**
 * Enforces, while a scenario runs, the limits its estimate was checked against before it ran:
 * at most `LIMITS.eventsPerScenario` history events and `LIMITS.launches` launches. A platform
 * can do what no estimate foresees (a controller that relaunches in a loop); this stops such a
 * run with one E_LIMIT error naming the scenario, instead of letting it exhaust memory.
 *
 * @example guardHistory(world.history, "cattle-two-nodes-die-at-once");
 */
export function guardHistory(
  history: History,
  scenario: string,
  limits: { readonly eventsPerScenario: number; readonly launches: number } = LIMITS,
): void {
  let launches = 0;
  history.onAppend((event) => {
    if (event.kind === "instance.launched") launches += 1;
    const events = event.seq + 1;
    if (events <= limits.eventsPerScenario && launches <= limits.launches) return;
    const what =
      launches > limits.launches
        ? `launched ${formatCount(launches)} instances (limit ${formatCount(limits.launches)} per scenario)`
        : `recorded ${formatCount(events)} history events (limit ${formatCount(limits.eventsPerScenario)} per scenario)`;
    throw new CattleprodError(
      "E_LIMIT",
      `Failed to run scenario "${scenario}": by ${formatDuration(event.atMs)} of simulated time it ${what}, ` +
        "more than its estimate allowed. Check the platform for a loop that launches or acts without end, or split the scenario.",
    );
  });
}
