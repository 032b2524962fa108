import type { ChaosStep } from "../core/index.ts";
import { formatDuration } from "../core/index.ts";

/**
 * The replayable form of a step: `kill(group=web, random=2)`,
 * `age(group=api, all, by=29d)`.
 */
export function describeStep(step: ChaosStep): string {
  const parts: string[] = [];
  const t = step.target;
  for (const key of ["group", "zone", "vmType", "role", "instance"] as const) {
    if (t[key] !== undefined) parts.push(`${key}=${t[key]}`);
  }
  if (t.count.kind === "random") parts.push(`random=${t.count.n}`);
  else if (t.count.kind === "fraction") parts.push(`fraction=${t.count.fraction}`);
  else if (t.count.kind === "all") parts.push("all");
  for (const [key, value] of Object.entries(step.with)) {
    parts.push(key.endsWith("Ms") && typeof value === "number" ? `${key.slice(0, -2)}=${compact(value)}` : `${key}=${String(value)}`);
  }
  return `${step.action}(${parts.join(", ")})`;
}

function compact(ms: number): string {
  return formatDuration(ms).replace(/ /g, "");
}
