import type { EventKind, EventPayloads, HistoryEvent, Observable } from "../../core/index.ts";
import type { ImageRegistry } from "../sim/image-registry.ts";
import type { InstanceTable, SimContext } from "../sim/index.ts";
import type { AwsApi } from "./aws-api.ts";
import type { Expectation, IntentLog } from "./account-intents.ts";

/** An instance as the account last showed it. */
export interface KnownInstance {
  readonly ec2Id: string;
  readonly modelId: string;
  state: string;
  tags: Readonly<Record<string, string>>;
  securityGroups: readonly string[];
  /** World-open 22/3389 ports over every attached security group, as last read. */
  ports: readonly number[];
  launchTimeMs: number;
  attachTimeMs: number | undefined;
}

/** An AMI as the account last showed it. */
export interface KnownImage {
  readonly amiId: string;
  readonly imageId: string;
  tags: Readonly<Record<string, string>>;
}

/** A write waiting for the end of the task, and what it touches (read back after it). */
export interface Op {
  readonly operation: string;
  readonly run: () => Promise<void>;
  /** Virtual time the account's clock must read when the write lands (launches and starts stamp times). */
  readonly stampMs?: number;
  readonly touches: Touches;
  /** Seqs of the intents it carries: failed outright if the write throws (read when it runs). */
  readonly intents: readonly number[];
}

/** Resources a round of writes touched, read back right after it. */
export interface Touches {
  readonly instances?: readonly string[];
  readonly ingress?: readonly string[];
  readonly images?: readonly string[];
  readonly parameters?: readonly string[];
}

/**
 * What the pieces of an account world share: the modelled world's context, the account's API, the maps between
 * model ids and account ids, what the account last showed, the pending writes and the account's clock.
 */
export interface AccountContext extends SimContext {
  readonly api: AwsApi;
  readonly runId: string;
  readonly scenarioRunId: string;
  readonly external: boolean;
  readonly table: InstanceTable;
  readonly images: ImageRegistry;
  readonly intents: IntentLog;
  readonly ec2ByModel: Map<string, string>;
  readonly modelByEc2: Map<string, string>;
  readonly amiByImage: Map<string, string>;
  readonly imageByAmi: Map<string, string>;
  readonly ownGroup: Map<string, string>;
  readonly known: Map<string, KnownInstance>;
  readonly knownImages: Map<string, KnownImage>;
  readonly knownParameters: Map<string, string>;
  readonly groupPorts: Map<string, readonly number[]>;
  /** Model ids of locally tracked world-open ports (the platform's view, made good by observation). */
  readonly ports: Map<string, Set<number>>;
  /** Tags every resource of this scenario run carries (run id, creator, scenario run). */
  scopeTags(extra?: Record<string, string>): Record<string, string>;
  /** The SSM parameter holding a group's current image. */
  parameterOf(group: string): string;
  /** The path every parameter of this scenario run lives under. */
  readonly parameterPrefix: string;
  /** Records an intent (`api.intent`) and queues its write (none: a write queued with others); returns its seq. */
  write(
    intent: {
      readonly operation: string;
      readonly resource: string;
      readonly serves: EventKind;
      readonly observable: Observable;
      readonly actor: string;
      readonly cause?: number;
      readonly expect: Expectation;
      readonly detail?: Readonly<Record<string, string | number | boolean | undefined>>;
    },
    op: Omit<Op, "intents" | "operation"> | undefined,
  ): number;
  /** Queues a write by itself: one that carries other intents' writes, or serves no fact (a security group). */
  queue(op: Op): void;
  /** Appends a fact read from the account. */
  fact<K extends EventKind>(kind: K, actor: string, payload: EventPayloads[K], cause: number | undefined, call: string): HistoryEvent<K>;
  /** Virtual creation time of an instance from its root volume's attach time on the account's clock (model time if not drivable). */
  createdAtOf(attachTimeMs: number | undefined, launchTimeMs: number, fallbackMs: number): number;
  /** Virtual time of the latest start, from `LaunchTime` on the account's clock (model time if not drivable). */
  startedAtOf(launchTimeMs: number, fallbackMs: number): number;
  /** The account's availability zone for a model zone, when it names one (`a` -> `us-east-1a`). */
  availabilityZone(zone: string): string | undefined;
  /** The model zone of an availability zone (`us-east-1b` -> `b`), or the zone tag. */
  zoneOf(availabilityZone: string, tags: Readonly<Record<string, string>>): string;
}
