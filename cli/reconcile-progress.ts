import type { CommandCallRecord } from "../core/index.ts";
import { formatDuration } from "../core/index.ts";

/** The part of a progress bar this display updates. */
interface Bar {
  update(payload: Record<string, string>): void;
}

/**
 * ` · virtual 4h · wall 12.3s · reconcile exit 0 (1.8s)`: where a command platform's scenario is on the virtual
 * clock, the scenario's wall time so far and how the last call of the command ended.
 */
export function describeReconcile(call: CommandCallRecord, wallMs: number): string {
  const outcome =
    call.status === "ok" || call.status === "failed"
      ? `exit ${call.exitCode ?? "?"}`
      : call.status === "timeout"
        ? "timed out"
        : "could not start";
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
  return ` · virtual ${formatDuration(call.atMs)} · wall ${seconds(wallMs)} · reconcile ${outcome} (${seconds(call.durationMs)})`;
}

/** Feeds a command platform's calls to the run's progress bar (nothing without a terminal). */
export class ReconcileProgress {
  private scenarioStartMs = performance.now();

  constructor(private readonly bar: Bar | undefined) {}

  /** A new scenario starts: its wall time counts from now. */
  scenario(): void {
    this.scenarioStartMs = performance.now();
  }

  /** After each call of the command. */
  readonly reconciled = (call: CommandCallRecord): void => {
    this.bar?.update({ reconcile: describeReconcile(call, performance.now() - this.scenarioStartMs) });
  };
}
