import type { EvidenceOffer, Observable } from "../../core/index.ts";

/**
 * How an account world shows each observable: read from the account (with the calls that read it), or kept in
 * the model (with why: what an emulator cannot show). `age` and `restart-age` depend on the account's clock and
 * on how StartInstances treats LaunchTime; the world says at run time when it cannot offer them.
 */
export const ACCOUNT_OFFERS: Readonly<Record<Observable, EvidenceOffer>> = {
  instances: { source: "account", calls: ["DescribeInstances"] },
  ingress: { source: "account", calls: ["DescribeInstances", "DescribeSecurityGroups"] },
  config: { source: "account", calls: ["DescribeInstances"] },
  images: { source: "account", calls: ["DescribeImages"] },
  "current-image": { source: "account", calls: ["GetParameters"] },
  age: { source: "account", calls: ["DescribeInstances"] },
  "restart-age": { source: "account", calls: ["DescribeInstances"] },
  health: {
    source: "model",
    why: "boot time and health are modelled (an emulated instance never boots; on AWS cattleprod reads no health checks)",
  },
  access: { source: "model", why: "no instance boots, so logins, sessions and grants are decided by the platform's policies in the model" },
  keys: { source: "model", why: "a key reaches an instance through its agent or metadata, which an emulated instance does not run" },
  egress: { source: "model", why: "the emulator carries no traffic: egress is decided by the platform's policy in the model" },
  malware: { source: "model", why: "infection and detection are modelled" },
  data: { source: "model", why: "shard placement and copies are modelled (no data on an emulator)" },
  patches: { source: "model", why: "an emulated instance has no OS to patch: patch levels are modelled" },
  taints: { source: "model", why: "break-glass taints follow modelled sessions" },
  ha: { source: "model", why: "HA roles follow modelled health" },
  controllers: { source: "model", why: "controller outages are modelled" },
  audit: { source: "model", why: "who did what is cattleprod's own record: its writes (intents) and the account's changes" },
};

/** What an account world offers for `age` and `restart-age` when its clock cannot be driven, and why. */
export function clockUnavailable(why: string): EvidenceOffer {
  return { source: "unavailable", why };
}
