import type { Severity } from "./verdict.ts";
import type { VmType } from "./vm-type.ts";

/** Every control id of the catalog, in report order. The report speaks in these. */
export const CONTROL_IDS = [
  "FLT-INV-001",
  "FLT-AUD-001",
  "FLT-NET-001",
  "PET-PROT-001",
  "PET-ACC-001",
  "PET-BG-001",
  "PET-PAT-001",
  "PET-HA-001",
  "PET-DRF-001",
  "CAT-HEAL-001",
  "CAT-HEAL-002",
  "CAT-DATA-001",
  "CAT-ACC-001",
  "CAT-BG-001",
  "CAT-BG-002",
  "CAT-IMG-001",
  "CAT-IMG-002",
  "CAT-DRF-001",
  "CAT-PAT-001",
  "CAT-NET-001",
  "CAT-MAL-001",
  "IMM-ACC-001",
  "IMM-ACC-002",
  "IMM-AGE-001",
  "IMM-AGE-002",
  "IMM-CFG-001",
  "IMM-PAT-001",
  "IMM-IMG-001",
  "IMM-CICD-001",
  "IMM-DEP-001",
  "IMM-NET-001",
  "IMM-MAL-001",
  "IMM-HEAL-001",
  "IMM-HEAL-002",
] as const;

export type ControlId = (typeof CONTROL_IDS)[number];

/** True when `value` is a catalog control id. */
export function isControlId(value: unknown): value is ControlId {
  return typeof value === "string" && (CONTROL_IDS as readonly string[]).includes(value);
}

/** The control families a report groups by (the middle part of the id). */
export type ControlFamily =
  "INV" | "AUD" | "NET" | "PROT" | "ACC" | "BG" | "PAT" | "HA" | "DRF" | "HEAL" | "DATA" | "IMG" | "MAL" | "AGE" | "CFG" | "CICD" | "DEP";

/** Static description of a control: what it requires and what decides it. */
export interface ControlDefinition {
  readonly id: ControlId;
  readonly title: string;
  /** The VM type it protects, or "fleet" for fleet-wide controls. */
  readonly scope: VmType | "fleet";
  readonly severity: Severity;
  /** The requirement in one sentence. */
  readonly requirement: string;
  /** The chaos actions that exercise it. */
  readonly chaos: readonly string[];
  /** What evidence decides it. */
  readonly evidence: string;
  /** The fleet bound it is measured against, if any (scenario name, e.g. "rto"). */
  readonly bound?: string;
  /** Indicative framework references (NIST 800-53, CIS). */
  readonly references: readonly string[];
}

/** The family of a control id: `CAT-HEAL-001` -> `HEAL`. */
export function controlFamily(id: string): string {
  return id.split("-")[1] ?? "";
}
