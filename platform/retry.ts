import type { ControllerContext } from "../core/index.ts";

/**
 * Runs `attempt` until it returns true, backing off exponentially (5s, 10s, 20s, ... capped at
 * 5m) with seeded jitter: what a controller does against a throttled API. It keeps trying for
 * about eight hours (100 attempts), so an outage of the API does not make it give up on work.
 */
export function retry(ctx: ControllerContext, attempt: () => boolean, maxAttempts = 100, delayMs = 5_000): void {
  if (attempt() || maxAttempts <= 1) return;
  const jitterMs = ctx.rng.int(Math.max(1, delayMs / 2));
  ctx.after(delayMs + jitterMs, () => retry(ctx, attempt, maxAttempts - 1, Math.min(delayMs * 2, 300_000)));
}

/** A reaction delay: how long a controller takes to notice an event (seeded, 20s to 60s by default). */
export function reactionMs(ctx: ControllerContext, minMs = 20_000, spreadMs = 40_000): number {
  return minMs + ctx.rng.int(spreadMs);
}
