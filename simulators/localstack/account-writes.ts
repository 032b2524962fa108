import { CattleprodError, type EventKind, type EventPayloads, type HistoryEvent } from "../../core/index.ts";
import type { AccountContext, Op, Touches } from "./account-context.ts";
import type { IntentLog } from "./account-intents.ts";
import type { AccountTime } from "./account-time.ts";

type Emit = <K extends EventKind>(kind: K, actor: string, payload: EventPayloads[K], cause?: number) => HistoryEvent<K>;

/**
 * cattleprod's writes to the account: each is recorded as an intent (`api.intent`) when it is made and sent after
 * the task, in order, with the account's clock set for those that stamp a time. A write that fails after the
 * SDK's retries is an `api.fault`, and its intents are marked failed (the observer gives them up).
 */
export class WriteQueue {
  private readonly ops: Op[] = [];
  /** Writes that failed after the SDK's retries. */
  failed = 0;
  /** Intents recorded. */
  recorded = 0;

  constructor(
    private readonly emit: Emit,
    private readonly intents: IntentLog,
    private readonly time: AccountTime,
    /** Once aborted, `flush` refuses (E_INTERRUPTED): an interrupted run creates nothing more before its sweep. */
    private readonly signal?: AbortSignal,
  ) {}

  /** Writes waiting to be sent. */
  get pending(): readonly Op[] {
    return this.ops;
  }

  write(intent: Parameters<AccountContext["write"]>[0], op: Omit<Op, "intents" | "operation"> | undefined): number {
    const event = this.emit(
      "api.intent",
      intent.actor,
      { operation: intent.operation, resource: intent.resource, serves: intent.serves, observable: intent.observable },
      intent.cause,
    );
    this.recorded++;
    this.intents.add({
      seq: event.seq,
      operation: intent.operation,
      resource: intent.resource,
      serves: intent.serves,
      observable: intent.observable,
      actor: intent.actor,
      cause: intent.cause,
      expect: intent.expect,
      detail: intent.detail ?? {},
      misses: 0,
    });
    if (op) this.ops.push({ ...op, operation: intent.operation, intents: [event.seq] });
    return event.seq;
  }

  queue(op: Op): void {
    this.ops.push(op);
  }

  /** Sends every queued write, in order; returns what they touched, to be read back. */
  async flush(): Promise<Touches> {
    if (this.signal?.aborted)
      throw new CattleprodError("E_INTERRUPTED", "Failed to go on: the run was interrupted. Its resources are swept next.");
    const touched = { instances: new Set<string>(), ingress: new Set<string>(), images: new Set<string>(), parameters: new Set<string>() };
    while (this.ops.length > 0) {
      for (const op of this.ops.splice(0)) {
        try {
          if (op.stampMs !== undefined) await this.time.stamp(op.stampMs);
          await op.run();
        } catch (error) {
          const fault = (error as Error).name || String(error);
          this.failed++;
          this.emit("api.fault", "world", { operation: op.operation, fault });
          for (const seq of op.intents) {
            const intent = this.intents.find((i) => i.seq === seq);
            if (intent) intent.failed = `${op.operation} failed: ${(error as Error).message || fault}`;
          }
        }
        for (const id of op.touches.instances ?? []) touched.instances.add(id);
        for (const id of op.touches.ingress ?? []) touched.ingress.add(id);
        for (const id of op.touches.images ?? []) touched.images.add(id);
        for (const name of op.touches.parameters ?? []) touched.parameters.add(name);
      }
    }
    return {
      instances: [...touched.instances],
      ingress: [...touched.ingress],
      images: [...touched.images],
      parameters: [...touched.parameters],
    };
  }
}
