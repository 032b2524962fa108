// cattleprod/vitest from the sources: platforms given as a value and as a module path pass the scenarios they are
// given, and the reference platform an exploration. (Failing runs, and the failure text, are checked on the installed package
// by test/package/tarball.test.ts, which runs vitest in a project of its own.)
import { referencePlatform } from "../../platform/index.ts";
import { conformance, explore } from "../../suites/index.ts";

conformance({
  name: "cattleprod/vitest conformance (reference platform value, seed 5)",
  platform: referencePlatform(),
  scenarios: ["scenarios/library/immutable-aging-28-days.yaml", "scenarios/library/cattle-zone-outage.yaml"],
  seed: 5,
});

// A module path, as --platform takes it: this platform's reaper is broken, which no cattle scenario notices.
conformance({
  name: "cattleprod/vitest conformance (platform module, a cattle scenario)",
  platform: "test/fixtures/platforms/reaper-spares-until-day-29.ts",
  scenarios: "scenarios/library/cattle-two-nodes-die-at-once.yaml",
});

explore({ platform: "reference", type: "cattle", runs: 20, seed: 3 });
