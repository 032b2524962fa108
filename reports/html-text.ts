/** Top-level domains whose names get defanged in the report (public ones evidence tends to name, and private-network suffixes). */
const TLDS =
  "com|org|net|io|dev|app|ai|co|cloud|biz|info|xyz|site|online|" +
  "internal|intranet|local|lan|corp|home|example|test|invalid|localhost|uk|de|eu|us";
const HOST = new RegExp(`\\b((?:[a-z0-9-]+\\.)*[a-z0-9-]+)\\.(${TLDS})\\b(?![.-]?[a-z0-9])`, "gi");
const IPV4 = /\b(\d{1,3}\.\d{1,3}\.\d{1,3})\.(\d{1,3})\b/g;

/**
 * Defangs network addresses in text, the way threat reports do: `https://x` becomes
 * `https[:]//x`, `api.pypi.org` becomes `api[.]pypi[.]org`, `10.0.0.7` becomes `10.0.0[.]7`. The
 * report stays readable and names no live address.
 */
export function defang(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, "$1[:]//")
    .replace(IPV4, "$1[.]$2")
    .replace(HOST, (host) => host.replace(/\./g, "[.]"));
}

/**
 * Escapes text for HTML and SVG (content and attribute values), and defangs it (see
 * {@link defang}), so a record's text can never make the offline report name or link a
 * network address.
 */
export function esc(text: string | number): string {
  return defang(String(text))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A safe element id from any name: `s-cattle-two-nodes-die-at-once`. */
export function anchor(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)?.toString(16) ?? ""}`)}`;
}

/** Status marks that every system font draws (no emoji font needed), colored by CSS. */
export const STATUS_MARKS = {
  pass: "✓",
  fail: "✗",
  inconclusive: "?",
  waived: "≈",
  skipped: "–",
  error: "!",
} as const;

/** The anchor of a scenario's section; its event rows are `e-<anchor>-<seq>`. */
export function scenarioAnchor(scenario: { readonly name: string; readonly backend: string }): string {
  return anchor("s", scenario.backend === "sim" ? scenario.name : `${scenario.name}-${scenario.backend}`);
}

/**
 * The small badge naming what decided a verdict (`account` or `model`), when the evidence says; for the account its
 * title names the API calls that read it. Records written before evidence carried its source get none.
 */
export function sourceBadge(evidence: object): string {
  const { source, calls } = evidence as { source?: unknown; calls?: unknown };
  if (typeof source !== "string") return "";
  const read = source === "account" && Array.isArray(calls) && calls.length > 0 ? `: read with ${calls.join(", ")}` : "";
  return ` <span class="badge src-${esc(source)}" title="decided by the ${esc(source)}${esc(read)}">${esc(source)}</span>`;
}
