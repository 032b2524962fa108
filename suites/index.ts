// `cattleprod/vitest`: conformance and property tests of a platform, declared in a team's own vitest suite.
// Explicit exports only.
export { conformance } from "./vitest/conformance.ts";
export type { ConformanceOptions } from "./vitest/conformance.ts";
export { explore } from "./vitest/explore-test.ts";
export type { ExploreTestOptions } from "./vitest/explore-test.ts";
export type { PlatformOption } from "./vitest/platform-under-test.ts";
export { reportVerdict } from "./allure.ts";
export type { VerdictSource } from "./allure.ts";
