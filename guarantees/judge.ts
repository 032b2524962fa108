import type { ControlId, Evidence, Verdict } from "../core/index.ts";

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
    this.measure(info.healMs, info.detectMs);
    if (info.seqs && this.okSeqs.length < EVIDENCE_CAP) this.okSeqs.push(...info.seqs);
    if (info.instance !== undefined && this.okInstances.length < EVIDENCE_CAP) this.okInstances.push(info.instance);
  }

  /** Like `ok({ seqs: [seq], instance })`, without building the case (for checkers that pass thousands of instances). */
  okAt(seq: number, instance: string): void {
    this.okCount += 1;
    if (this.okSeqs.length < EVIDENCE_CAP) this.okSeqs.push(seq);
    if (this.okInstances.length < EVIDENCE_CAP) this.okInstances.push(instance);
  }

  /**
   * Like `ok({ seqs: [seq, healSeq], instance, healMs, detectMs })` for a case healed `healMs` after `seq` (by the event
   * `healSeq`), without building the case: checkers call it for each of thousands of kills, drifts and lost replicas.
   */
  okHealed(seq: number, instance: string, healSeq: number, healMs: number, detectMs?: number): void {
    this.okCount += 1;
    this.measure(healMs, detectMs);
    if (this.okSeqs.length < EVIDENCE_CAP) this.okSeqs.push(seq, healSeq);
    if (this.okInstances.length < EVIDENCE_CAP) this.okInstances.push(instance);
  }

  /** Records `count` cases that kept the requirement and add nothing else to the evidence. */
  okMany(count: number): void {
    this.okCount += count;
  }

  /** Records a violation; `message` reads after `<ID> failed: `. */
  fail(message: string, info: CaseInfo = {}): void {
    this.violations.push({ message, ...info });
    this.measure(info.healMs, info.detectMs);
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
    if (this.violations.length > 0) {
      const first = this.violations[0] as Finding;
      const more = this.violations.length > 1 ? ` (+${this.violations.length - 1} more)` : "";
      return {
        control: id,
        status: "fail",
        headline: `${id} failed: ${first.message}${more}`,
        hint: text.hint,
        evidence: this.evidence(text, capSeqs(this.violations), uniqueInstances(this.violations), describe(this.violations)),
      };
    }
    if (text.exercised === true && this.okCount > 0) {
      const summary = text.summary();
      const undecided = this.pending.length > 0 ? `; ${this.pending.length} undecided at run end` : "";
      return {
        control: id,
        status: "pass",
        headline: `${id} passed: ${summary}`,
        evidence: this.evidence(text, cap([...this.okSeqs, ...this.noted]), unique(this.okInstances), summary + undecided),
      };
    }
    const reason =
      text.exercised !== true
        ? text.exercised
        : this.pending.length > 0
          ? `${this.pending.length} case(s) not decided by run end: ${(this.pending[0] as Finding).message}`
          : "no case examined";
    const seqs = this.pending.length === 0 ? [...this.noted, ...this.okSeqs] : [...caseSeqs(this.pending), ...this.noted, ...this.okSeqs];
    return {
      control: id,
      status: "inconclusive",
      headline: `${id} inconclusive: ${reason}`,
      evidence: this.evidence(text, cap(seqs), uniqueInstances(this.pending), reason),
    };
  }

  /**
   * The evidence, keys always in one order: cases, method, source, expected, the worst times when measured, event ids,
   * instances, observed. (The model's evidence unless the world says otherwise: evaluate.ts labels what an account world read.)
   */
  private evidence(text: VerdictText, eventIds: number[], instances: string[], observed: string): Evidence {
    const cases = this.okCount + this.violations.length + this.pending.length;
    const evidence: { -readonly [K in keyof Evidence]?: Evidence[K] } = {
      cases,
      method: "sim:history",
      source: "model",
      expected: text.expected,
    };
    if (this.worstHealMs !== undefined) evidence.timeToHealMs = this.worstHealMs;
    if (this.worstDetectMs !== undefined) evidence.timeToDetectMs = this.worstDetectMs;
    evidence.eventIds = eventIds;
    evidence.instances = instances;
    evidence.observed = observed;
    return evidence as Evidence;
  }

  private measure(healMs: number | undefined, detectMs: number | undefined): void {
    if (healMs !== undefined) this.worstHealMs = Math.max(this.worstHealMs ?? 0, healMs);
    if (detectMs !== undefined) this.worstDetectMs = Math.max(this.worstDetectMs ?? 0, detectMs);
  }
}

/** Plural helper for headlines: `plural(3, "kill")` -> `3 kills`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** The first `EVIDENCE_CAP` distinct seqs, in order. */
function cap(seqs: readonly number[]): number[] {
  const out: number[] = [];
  for (const seq of seqs) {
    if (out.length === EVIDENCE_CAP) break;
    if (!out.includes(seq)) out.push(seq);
  }
  return out;
}

/** Every finding's seqs, in order. */
function caseSeqs(findings: readonly Finding[]): number[] {
  const out: number[] = [];
  for (const finding of findings) if (finding.seqs) for (const seq of finding.seqs) out.push(seq);
  return out;
}

/** The first `EVIDENCE_CAP` distinct seqs of the findings, in order. */
function capSeqs(findings: readonly Finding[]): number[] {
  const out: number[] = [];
  for (const finding of findings) {
    if (!finding.seqs) continue;
    for (const seq of finding.seqs) {
      if (out.length === EVIDENCE_CAP) return out;
      if (!out.includes(seq)) out.push(seq);
    }
  }
  return out;
}

/** The first `EVIDENCE_CAP` distinct values, in order. */
function unique(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (out.length === EVIDENCE_CAP) break;
    if (!out.includes(value)) out.push(value);
  }
  return out;
}

/** The first `EVIDENCE_CAP` distinct instances the findings name, in order. */
function uniqueInstances(findings: readonly Finding[]): string[] {
  const out: string[] = [];
  for (const finding of findings) {
    if (out.length === EVIDENCE_CAP) break;
    if (finding.instance !== undefined && !out.includes(finding.instance)) out.push(finding.instance);
  }
  return out;
}

function describe(findings: readonly Finding[]): string {
  const shown = findings
    .slice(0, 5)
    .map((finding) => finding.message)
    .join("; ");
  return findings.length > 5 ? `${shown}; +${findings.length - 5} more` : shown;
}
