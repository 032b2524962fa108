import { createRng, DEFAULT_BOUNDS, groupDefaults } from "../core/index.ts";
import { AwsApi, AwsFleet } from "../simulators/localstack/index.ts";

/**
 * API calls per reconcile of an AWS-backed fleet at several sizes: builds each fleet on the
 * endpoint (fresh account per size), flushes, then counts the calls one reconcile makes.
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
    const fleet = new AwsFleet(spec, createRng(1), api, { runId: `bench-${size}-${account}` });
    fleet.buildInitialFleet();
    await fleet.flush();
    const before = api.totalCalls();
    await fleet.reconcile();
    out[String(size)] = api.totalCalls() - before;
  }
  return out;
}
