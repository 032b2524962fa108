// `npm run test:localstack`: only test/localstack/, sharing one LocalStack that globalSetup starts if none is given.
// `npm test` runs the same files through vitest.config.ts, where each file resolves LocalStack itself.
import { defineConfig } from "vitest/config";
import base from "./vitest.config.ts";

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["test/localstack/**/*.test.ts"],
    globalSetup: ["test/support/localstack-global-setup.ts"],
  },
});
