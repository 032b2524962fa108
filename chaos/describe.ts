import type { ChaosStep } from "../core/index.ts";
import { formatDurationCompact } from "../core/index.ts";

/**
 * The replayable form of a step: `kill(group=web, random=2)`,
 * `age(group=api, all, by=29d)`.
 */
export function describeStep(step: ChaosStep): string {
  // Every chaos step of every run is described into its history event: built as one string, no lists.
  const t = step.target;
  let text = "";
  for (const key of TARGET_KEYS) {
    const value = t[key];
    if (value !== undefined) text += `${text === "" ? "" : ", "}${key}=${value}`;
  }
  const count = t.count;
  const counted =
    count.kind === "random"
      ? `random=${count.n}`
      : count.kind === "fraction"
        ? `fraction=${count.fraction}`
        : count.kind === "all"
          ? "all"
          : "";
  if (counted !== "") text += `${text === "" ? "" : ", "}${counted}`;
  const params = step.with;
  for (const key of Object.keys(params)) {
    const value = params[key];
    const part =
      key.endsWith("Ms") && typeof value === "number" ? `${key.slice(0, -2)}=${formatDurationCompact(value)}` : `${key}=${String(value)}`;
    text += `${text === "" ? "" : ", "}${part}`;
  }
  return `${step.action}(${text})`;
}

const TARGET_KEYS = ["group", "zone", "vmType", "role", "instance"] as const;
