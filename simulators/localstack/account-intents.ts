import type { EventKind, Observable } from "../../core/index.ts";

/** What a pending write expects to see in the account, by resource kind. */
export type Expectation =
  | { readonly kind: "launch"; readonly modelId: string }
  | { readonly kind: "state"; readonly modelId: string; readonly states: readonly string[] }
  | { readonly kind: "config"; readonly modelId: string; readonly value: string }
  | { readonly kind: "port"; readonly modelId: string; readonly port: number; readonly open: boolean }
  | { readonly kind: "image"; readonly imageId: string }
  | { readonly kind: "image-tag"; readonly imageId: string; readonly key: string; readonly value: string }
  | { readonly kind: "parameter"; readonly name: string; readonly value: () => string | undefined };

/** One of cattleprod's writes, recorded as `api.intent` and waiting for the account to show its effect. */
export interface Intent {
  /** Seq of its `api.intent` event. */
  readonly seq: number;
  readonly operation: string;
  readonly resource: string;
  readonly serves: EventKind;
  readonly observable: Observable;
  readonly actor: string;
  readonly cause: number | undefined;
  readonly expect: Expectation;
  /** Extra facts for the served event (a termination's reason, a launch's replacement, a rejection's reason). */
  readonly detail: Readonly<Record<string, string | number | boolean | undefined>>;
  /** Observation rounds that looked at its resource without seeing the effect. */
  misses: number;
  /** Set when its write failed outright (after the SDK's retries). */
  failed?: string;
}

/**
 * The writes waiting to be seen. The observer matches what it reads against them in the order they were made,
 * so the facts keep the order of the writes; a write whose resource was read `patience` times without its
 * effect is given up as unapplied.
 */
export class IntentLog {
  private readonly pending: Intent[] = [];

  constructor(private readonly patience: number) {}

  add(intent: Intent): void {
    this.pending.push(intent);
  }

  get size(): number {
    return this.pending.length;
  }

  /** Pending writes, in the order they were made. */
  all(): readonly Intent[] {
    return this.pending;
  }

  /** The first pending write matching `test`. */
  find(test: (intent: Intent) => boolean): Intent | undefined {
    return this.pending.find(test);
  }

  /** Removes a write once its effect was seen (or given up). */
  settle(intent: Intent): void {
    const at = this.pending.indexOf(intent);
    if (at >= 0) this.pending.splice(at, 1);
  }

  /** Counts a look at `intent`'s resource that did not show its effect; true when patience ran out. */
  miss(intent: Intent): boolean {
    intent.misses++;
    return intent.failed !== undefined || intent.misses >= this.patience;
  }
}
