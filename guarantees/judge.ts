import type { ControlId, Verdict } from "../core/index.ts";

/** At most this many event ids and instances go into a verdict's evidence. */
export const EVIDENCE_CAP = 20;

/** What one examined case contributes to the evidence. */
export interface CaseInfo {
  readonly seqs?: readonly number[];
  readonly instance?: string;
  readonly detectMs?: number;
  readonly healMs?: number;
}

/** What `Judge.verdict` needs besides the cases. */
export interface VerdictText {
  /** The requirement as measured, e.g. `healthy >= 6 within 10m of each kill`. */
  readonly expected: string;
  /** `true` when the control was exercised; otherwise why not (the inconclusive headline). */
  readonly exercised: true | string;
  /** The pass headline after `<ID> passed: `. */
  readonly summary: () => string;
  /** What usually causes a failure. */
  readonly hint: string;
}

interface Finding extends CaseInfo {
  readonly message: string;
}

/**
 * Collects a checker's cases (ok, violated, not decidable by run end) and turns them into a
 * verdict with a fixed-form headline. Any violation fails; a pass needs the control exercised
 * and at least one decided case; everything else is inconclusive.
 */
export class Judge {
  private readonly violations: Finding[] = [];
  private readonly pending: Finding[] = [];
  private readonly okSeqs: number[] = [];
  private readonly okInstances: string[] = [];
  private readonly noted: number[] = [];
  private okCount = 0;
  /** Worst time to heal over every case that measured one. */
  worstHealMs: number | undefined;
  /** Worst time to detect over every case that measured one. */
  worstDetectMs: number | undefined;

  constructor(readonly control: ControlId) {}

  /** Cases that kept the requirement. */
  get passed(): number {
    return this.okCount;
  }

  /** Cases that broke it. */
  get failed(): number {
    return this.violations.length;
  }

  /** Cases left open by the end of the run. */
  get undecided(): number {
    return this.pending.length;
  }

  /** Records a case that kept the requirement. */
  ok(info: CaseInfo = {}): void {
    this.okCount += 1;
    this.measure(info);
    if (info.seqs && this.okSeqs.length < EVIDENCE_CAP) this.okSeqs.push(...info.seqs);
    if (info.instance !== undefined && this.okInstances.length < EVIDENCE_CAP) this.okInstances.push(info.instance);
  }

  /** Records `count` cases that kept the requirement and add nothing else to the evidence. */
  okMany(count: number): void {
    this.okCount += count;
  }

  /** Records a violation; `message` reads after `<ID> failed: `. */
  fail(message: string, info: CaseInfo = {}): void {
    this.violations.push({ message, ...info });
    this.measure(info);
  }

  /** Records a case whose deadline falls after the run end. */
  undecide(message: string, info: CaseInfo = {}): void {
    this.pending.push({ message, ...info });
  }

  /** Adds event ids that show the control was exercised (e.g. the chaos effects). */
  note(...seqs: number[]): void {
    if (this.noted.length < EVIDENCE_CAP) this.noted.push(...seqs);
  }

  /** The verdict for everything recorded. */
  verdict(text: VerdictText): Verdict {
    const id = this.control;
    const cases = this.okCount + this.violations.length + this.pending.length;
    // The model's evidence unless the world says otherwise (evaluate.ts labels what an account world read).
    const base = { cases, method: "sim:history", source: "model" as const, expected: text.expected, ...this.times() };
    if (this.violations.length > 0) {
      const first = this.violations[0] as Finding;
      const more = this.violations.length > 1 ? ` (+${this.violations.length - 1} more)` : "";
      return {
        control: id,
        status: "fail",
        headline: `${id} failed: ${first.message}${more}`,
        hint: text.hint,
        evidence: {
          ...base,
          eventIds: cap(this.violations.flatMap((v) => v.seqs ?? [])),
          instances: unique(this.violations.map((v) => v.instance)),
          observed: describe(this.violations),
        },
      };
    }
    if (text.exercised === true && this.okCount > 0) {
      const summary = text.summary();
      const undecided = this.pending.length > 0 ? `; ${this.pending.length} undecided at run end` : "";
      return {
        control: id,
        status: "pass",
        headline: `${id} passed: ${summary}`,
        evidence: {
          ...base,
          eventIds: cap([...this.okSeqs, ...this.noted]),
          instances: unique(this.okInstances),
          observed: summary + undecided,
        },
      };
    }
    const reason =
      text.exercised !== true
        ? text.exercised
        : this.pending.length > 0
          ? `${this.pending.length} case(s) not decided by run end: ${(this.pending[0] as Finding).message}`
          : "no case examined";
    return {
      control: id,
      status: "inconclusive",
      headline: `${id} inconclusive: ${reason}`,
      evidence: {
        ...base,
        eventIds: cap([...this.pending.flatMap((p) => p.seqs ?? []), ...this.noted, ...this.okSeqs]),
        instances: unique(this.pending.map((p) => p.instance)),
        observed: reason,
      },
    };
  }

  private measure(info: CaseInfo): void {
    if (info.healMs !== undefined) this.worstHealMs = Math.max(this.worstHealMs ?? 0, info.healMs);
    if (info.detectMs !== undefined) this.worstDetectMs = Math.max(this.worstDetectMs ?? 0, info.detectMs);
  }

  private times(): { timeToHealMs?: number; timeToDetectMs?: number } {
    return {
      ...(this.worstHealMs === undefined ? {} : { timeToHealMs: this.worstHealMs }),
      ...(this.worstDetectMs === undefined ? {} : { timeToDetectMs: this.worstDetectMs }),
    };
  }
}

/** Plural helper for headlines: `plural(3, "kill")` -> `3 kills`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

function cap(seqs: readonly number[]): number[] {
  return [...new Set(seqs)].slice(0, EVIDENCE_CAP);
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== undefined))].slice(0, EVIDENCE_CAP);
}

function describe(findings: readonly Finding[]): string {
  const shown = findings
    .slice(0, 5)
    .map((finding) => finding.message)
    .join("; ");
  return findings.length > 5 ? `${shown}; +${findings.length - 5} more` : shown;
}
