import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "suites/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // allure-vitest writes one result per test into allure-results/ (labels, parameters and evidence
    // from suites/allure.ts); `npm run report:allure` renders them offline with Allure 3.
    reporters: ["default", ["allure-vitest/reporter", { resultsDir: "allure-results", reportMatchers: false }]],
  },
});
