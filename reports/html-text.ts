/**
 * Escapes text for HTML and SVG (content and attribute values), and defangs URL schemes
 * (`https://x` becomes `https[:]//x`), so a record's text can never turn the offline report
 * into one that names or links a network address.
 */
export function esc(text: string | number): string {
  return String(text)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")
    .replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, "$1[:]//");
}

/** A safe element id from any name: `s-cattle-two-nodes-die-at-once`. */
export function anchor(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)?.toString(16) ?? ""}`)}`;
}
