// Run by test/sim/time-fields.test.ts in a child process with `--allow-natives-syntax`: does an object built before
// times outgrow small integers keep the layout of one built after? Prints one JSON object of booleans.
import { History } from "../../core/index.ts";
import { launchedEvent, runningEvent, terminatedEvent } from "../../simulators/sim/hot-events.ts";
import { SimInstance, unsetInstance } from "../../simulators/sim/mutable-instance.ts";

const sameMap = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;
const EARLY = 60_000;
const LATE = 30 * 86_400_000; // 30 days: past 2^31 ms

/** An instance created at `createdAtMs`, as the simulator builds one. */
function instance(createdAtMs: number): SimInstance {
  const fields = unsetInstance(0);
  return new SimInstance({ ...fields, createdAtMs, lastStartedAtMs: createdAtMs });
}

const early = instance(EARLY);
const late = instance(-LATE);
// A literal nobody primed, built the same way: the probe's own control (its layouts must differ, or the probe proves nothing).
const head = (seq: number, atMs: number) => ({ seq, atMs, kind: "probe" });
const controlEarly = head(0, EARLY);
const controlLate = head(1, LATE);
const history = new History();
const appendedEarly = history.append(EARLY, "instance.stopped", "probe", { instanceId: "i-000001" });
const appendedLate = history.append(LATE, "instance.stopped", "probe", { instanceId: "i-000001" });

process.stdout.write(
  JSON.stringify({
    control: sameMap(controlEarly, controlLate),
    instance: sameMap(early, late),
    launched: sameMap(
      launchedEvent(0, EARLY, "probe", undefined, early, undefined),
      launchedEvent(1, LATE, "probe", undefined, late, undefined),
    ),
    running: sameMap(runningEvent(0, EARLY, early), runningEvent(1, LATE, late)),
    terminated: sameMap(
      terminatedEvent(0, EARLY, "probe", 0, early, "probe", EARLY),
      terminatedEvent(1, LATE, "probe", 0, late, "probe", LATE),
    ),
    appended: sameMap(appendedEarly, appendedLate),
  }) + "\n",
);
