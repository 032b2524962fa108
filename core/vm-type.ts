/** The three VM patterns cattleprod knows, in the order reports list them. */
export const VM_TYPES = ["pet", "cattle", "immutable"] as const;

/** Type 1 pet (mutable), type 2 cattle (automated), type 3 immutable server. */
export type VmType = (typeof VM_TYPES)[number];

/** Human names used in summaries. */
export const VM_TYPE_TITLES: Readonly<Record<VmType, string>> = {
  pet: "Type 1 Pet (mutable)",
  cattle: "Type 2 Cattle",
  immutable: "Type 3 Immutable",
};

/** True when `value` names a VM type. */
export function isVmType(value: unknown): value is VmType {
  return typeof value === "string" && (VM_TYPES as readonly string[]).includes(value);
}
