import { createRng, DEFAULT_BOUNDS, groupDefaults } from "../core/index.ts";
import { AccountFleet, AwsApi } from "../simulators/localstack/index.ts";

/**
 * API calls per full poll of an account world at several sizes: builds each fleet on the endpoint (fresh
 * account per size), brings it up, then counts the calls one full poll makes (reads grow with pages, not
 * instances).
 */
export async function measureReconcile(endpoint: string, sizes: readonly number[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const size of sizes) {
    // A fresh account per size and run, so earlier runs' instances never count.
    const account = String(200_000_000_000 + Math.floor(Math.random() * 699_999_999_999));
    const api = new AwsApi({ endpoint, region: "us-east-1", credentials: { accessKeyId: account, secretAccessKey: "test" } });
    const spec = {
      groups: [{ ...groupDefaults("cattle", size), name: "web", vmType: "cattle" as const, capacity: size, image: "web-img" }],
      bounds: DEFAULT_BOUNDS,
    };
    const world = new AccountFleet(spec, createRng(1), api, { backend: "localstack", runId: `bench-${size}-${account}` });
    await world.open();
    world.buildInitialFleet();
    await world.runUntil(0);
    const before = api.totalCalls();
    await world.refresh();
    out[String(size)] = api.totalCalls() - before;
    await world.close();
  }
  return out;
}
