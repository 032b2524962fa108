/** Outcome of one control. "No evidence" is never a pass: it is inconclusive. */
export type ControlStatus = "pass" | "fail" | "inconclusive" | "waived" | "skipped" | "error";

export const CONTROL_STATUSES: readonly ControlStatus[] = ["pass", "fail", "inconclusive", "waived", "skipped", "error"];

/** Control severities, most severe first. */
export type Severity = "critical" | "high" | "medium" | "low";
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low"];

/** True when `severity` is at or above `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/** What decided a verdict. Times are virtual milliseconds. */
export interface Evidence {
  /**
   * Where the deciding evidence came from: `account` (observed through the API; `calls` names how) or `model`
   * (the simulator, or what an emulator cannot show). Set on every verdict of a run record; older records lack it.
   */
  readonly source?: "account" | "model";
  /** For `account`: the API calls that read the deciding facts, e.g. `DescribeInstances`, `DescribeSecurityGroups`. */
  readonly calls?: readonly string[];
  /** Why the evidence could not be read from the account here, when a pass was withheld for that reason. */
  readonly unavailable?: string;
  /** History event seqs that decided it. */
  readonly eventIds: readonly number[];
  readonly expected?: string;
  readonly observed?: string;
  readonly instances?: readonly string[];
  /** Worst time from fault to detection, when the control measures one. */
  readonly timeToDetectMs?: number;
  /** Worst time from fault to healed, when the control measures one. */
  readonly timeToHealMs?: number;
  /**
   * The control's time bound in this scenario (the expectation's `within`, else the fleet's), when
   * the catalog gives it one: what `timeToDetectMs` and `timeToHealMs` are measured against.
   */
  readonly boundMs?: number;
  /** How the observable was read (e.g. "sim:history", "ec2:tags"). */
  readonly method?: string;
  /** How many cases the checker examined. */
  readonly cases?: number;
}

/** A checker's answer for one control in one scenario. */
export interface Verdict {
  readonly control: string;
  readonly status: Exclude<ControlStatus, "waived">;
  /** One line: `IMM-AGE-001 failed: i-0007 ran 29d 2h (limit 28d)`. */
  readonly headline: string;
  readonly evidence: Evidence;
  readonly hint?: string;
}
