const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The 32-bit value of an IPv4 address, or undefined when `text` is not one. */
export function ipv4Value(text: string): number | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  const parts = match.slice(1).map(Number);
  if (parts.some((part) => part > 255)) return undefined;
  return parts.reduce((n, part) => ((n << 8) | part) >>> 0, 0);
}

/** True when `address` (IPv4) lies in `cidr` (`10.20.0.0/16`), first and last address included. */
export function cidrContains(cidr: string, address: string): boolean {
  const [base, prefixText] = cidr.split("/");
  const prefix = Number(prefixText);
  const network = base === undefined ? undefined : ipv4Value(base);
  const value = ipv4Value(address);
  if (network === undefined || value === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return false;
  const size = 2 ** (32 - prefix);
  return Math.floor(value / size) === Math.floor(network / size);
}

/**
 * Whether an egress allowlist admits a destination. Entries are `*` (anything), exact host names
 * or addresses, and IPv4 CIDR blocks (which admit the addresses they contain). Names match
 * exactly: a suffix, prefix or subdomain of an allowlisted name is another host.
 *
 * @example allowlistAdmits(["updates.internal", "10.20.0.0/16"], "10.20.255.255") // true
 */
export function allowlistAdmits(allowlist: readonly string[], destination: string): boolean {
  for (const entry of allowlist) {
    if (entry === "*" || entry === destination) return true;
    if (entry.includes("/") && cidrContains(entry, destination)) return true;
  }
  return false;
}
