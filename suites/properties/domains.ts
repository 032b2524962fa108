import fc from "fast-check";
import { EGRESS_ALLOWLIST, OPERATORS } from "./fleets.ts";

/** A string parameter's value as drawn, with the class coverage counts it under. */
export interface DrawnText {
  readonly value: string;
  readonly cls: string;
}

/** What domain generators may draw from besides the parameter: the platform's controllers. */
export interface DomainContext {
  readonly controllers: readonly string[];
}

const drawn = (cls: string, ...values: string[]): fc.Arbitrary<DrawnText> => fc.constantFrom(...values).map((value) => ({ value, cls }));

/** A short lowercase name: a stem and a number (cheap to draw, unlike a regex-driven string). */
const word = (stems: readonly string[] = ["u", "svc", "x", "tmp"]): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...stems), fc.nat(999)).map(([stem, n]) => `${stem}${n}`);

/** IPv4 text of a 32-bit number. */
function ipv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join(".");
}

/** The first and last address of a CIDR block (`10.20.0.0/16`). */
function cidrRange(cidr: string): { first: number; last: number } {
  const [address, prefix] = cidr.split("/") as [string, string];
  const base = address.split(".").reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0);
  const size = 2 ** (32 - Number(prefix));
  const first = Math.floor(base / size) * size;
  return { first, last: first + size - 1 };
}

/** Egress destinations: allowlisted names and look-alikes, addresses inside and at the edges of allowlisted blocks, outsiders. */
function destinations(): fc.Arbitrary<DrawnText> {
  const names = EGRESS_ALLOWLIST.filter((entry) => !entry.includes("/"));
  const blocks = EGRESS_ALLOWLIST.filter((entry) => entry.includes("/")).map(cidrRange);
  const edge = (cls: string, pick: (range: { first: number; last: number }) => number): fc.Arbitrary<DrawnText> =>
    fc.constantFrom(...blocks).map((range) => ({ value: ipv4(pick(range) >>> 0), cls }));
  return fc.oneof(
    drawn("external-name", "pastebin.com", "attacker.io"),
    drawn("allowlisted-name", ...names),
    drawn("name-prefix-match", ...names.map((n) => `${n}.attacker.io`)),
    drawn("name-suffix-match", ...names.map((n) => `evil${n}`)),
    drawn("subdomain", ...names.map((n) => `x.${n}`)),
    edge("address-first", (r) => r.first),
    edge("address-last", (r) => r.last),
    edge("address-inside", (r) => r.first + Math.floor((r.last - r.first) / 2)),
    edge("address-below", (r) => r.first - 1),
    edge("address-above", (r) => r.last + 1),
    drawn("public-address", "203.0.113.7", "198.51.100.20"),
    drawn("metadata-address", "169.254.169.254"),
  );
}

/**
 * Generators for string parameters whose meaning a random string would miss, keyed by parameter
 * name. A parameter not listed here is drawn from its own pattern (or as a short word), so a new
 * parameter is explored without editing this file; listing it only sharpens what is drawn.
 */
export const DOMAINS: Readonly<Record<string, (context: DomainContext) => fc.Arbitrary<DrawnText>>> = {
  destination: destinations,
  controller: ({ controllers }) =>
    fc.oneof(
      { arbitrary: fc.constantFrom(...controllers).map((value) => ({ value, cls: value })), weight: 8 },
      { arbitrary: drawn("unknown-controller", "no-such-controller"), weight: 1 },
    ),
  // On-call is who holds grants, so logins present them most often as on-call.
  user: () =>
    fc.oneof(
      { arbitrary: drawn("oncall", "oncall"), weight: 6 },
      { arbitrary: drawn("operator", ...OPERATORS), weight: 2 },
      { arbitrary: drawn("root", "root"), weight: 1 },
      { arbitrary: word().map((value) => ({ value, cls: "other" })), weight: 1 },
    ),
  actor: () =>
    fc.oneof(
      drawn("chaos", "chaos"),
      drawn("operator", ...OPERATORS.map((o) => `operator:${o}`)),
      word().map((name) => ({ value: `operator:${name}`, cls: "other-operator" })),
    ),
  setting: () =>
    fc.oneof(
      drawn("known-file", "sshd_config", "nginx.conf", "app.env", "sudoers"),
      word(["etc.", "app.", "svc_", "limits."]).map((value) => ({ value, cls: "any-key" })),
    ),
};

/** A string parameter without a domain: drawn from its regex when it has one (slow, so rare), else a short word. */
export function patternText(pattern: RegExp | undefined): fc.Arbitrary<DrawnText> {
  return (pattern ? fc.stringMatching(pattern) : word()).map((value) => ({ value, cls: "any" }));
}
