// globalSetup of vitest.localstack.config.ts (npm run test:localstack): one LocalStack for every file of the run.
// It exports LOCALSTACK_ENDPOINT before the workers start, so useLocalStack() in each file finds it as a given
// endpoint instead of starting its own. Without one, the files try (and skip or fail) on their own.
import { resolveLocalStack, type LocalStackHandle } from "../../simulators/localstack/endpoint.ts";

/** Starts LocalStack unless an endpoint is already given; returns the teardown that stops it. */
export default async function setup(): Promise<() => Promise<void>> {
  if (process.env["LOCALSTACK_ENDPOINT"] || process.env["AWS_ENDPOINT_URL"]) return async () => undefined;
  let handle: LocalStackHandle | undefined;
  try {
    handle = await resolveLocalStack({ sources: ["testcontainers", "own-install"] });
    process.env["LOCALSTACK_ENDPOINT"] = handle.endpoint;
  } catch (error) {
    process.stderr.write(
      `test:localstack: no shared LocalStack (${error instanceof Error ? error.message : String(error)}); each file tries on its own.\n`,
    );
  }
  return async () => {
    delete process.env["LOCALSTACK_ENDPOINT"];
    await handle?.stop();
  };
}
