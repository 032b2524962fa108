// What checkers read, by where a world can show it, and how a world offers each: the vocabulary of evidence sources.

/** Where the evidence deciding a verdict came from: observed through the account's API, or the run's model. */
export type EvidenceSource = "account" | "model";

/**
 * What checkers read, grouped by where an account world can show it: the account itself (instances and their
 * tags, security-group rules, AMIs, parameters, the clock) or only the model (what an emulator cannot show:
 * boot and health, sessions, traffic, malware, data, controller outages).
 */
export const OBSERVABLES = [
  "instances",
  "ingress",
  "config",
  "images",
  "current-image",
  "age",
  "restart-age",
  "health",
  "access",
  "keys",
  "egress",
  "malware",
  "data",
  "patches",
  "taints",
  "ha",
  "controllers",
  "audit",
] as const;

/** One observable a world can offer (see {@link OBSERVABLES}). */
export type Observable = (typeof OBSERVABLES)[number];

/**
 * How a world offers an observable: read from the account (with the API calls that read it), kept in the
 * model (with why), or not at all here (with why: the account cannot show it faithfully, e.g. a clock that
 * cannot be driven). A verdict that rests on an unavailable observable is never a pass.
 */
export type EvidenceOffer =
  | { readonly source: "account"; readonly calls: readonly string[] }
  | { readonly source: "model"; readonly why: string }
  | { readonly source: "unavailable"; readonly why: string };
