/** Every chaos action a scenario may name. Parameters are documented in chaos/. */
export const CHAOS_ACTIONS = [
  "kill",
  "crash",
  "zone-outage",
  "drift",
  "age",
  "stop-start",
  "login",
  "break-glass",
  "key-injection",
  "egress",
  "open-ingress",
  "rogue-image",
  "manual-launch",
  "untagged-launch",
  "vulnerable-image",
  "image-release",
  "patch-release",
  "malware",
  "controller-outage",
  "api-faults",
] as const;

export type ChaosActionName = (typeof CHAOS_ACTIONS)[number];

/** True when `value` names a chaos action. */
export function isChaosAction(value: unknown): value is ChaosActionName {
  return typeof value === "string" && (CHAOS_ACTIONS as readonly string[]).includes(value);
}
