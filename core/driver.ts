import type { Clock } from "./clock.ts";
import type { FleetSpec, GroupSpec } from "./fleet-spec.ts";
import type { EventKind, EventPayloads, HistoryEvent, HistoryView, LoginProtocol } from "./history.ts";
import type { Image, ImageManifest, ImageStage, ImageStatus } from "./image.ts";
import type { HaRole, Instance } from "./instance.ts";
import type { VmType } from "./vm-type.ts";

/** A yes/no from a policy, with the reason recorded in the history and the deciding actor. */
export interface Decision {
  readonly allow: boolean;
  readonly reason: string;
  /** The actor whose policy decided ("platform/access-broker"); set by the platform runtime. */
  readonly by?: string;
}

/** How many up members of a group share an image, a launcher and a VM type tag. */
export interface UpCohort {
  readonly imageId: string;
  readonly launchedBy: string;
  readonly vmType: VmType | undefined;
  readonly count: number;
}

/** What to launch. `vmType` comes from the group unless `untagged` is set. */
export interface LaunchRequest {
  readonly group?: string;
  readonly imageId: string;
  readonly zone?: string;
  /** The instance this launch replaces. */
  readonly replaces?: string;
  /** Launch without the VM type tag (a rogue launch). */
  readonly untagged?: boolean;
}

export type LaunchResult = { readonly ok: true; readonly instance: Instance } | { readonly ok: false; readonly reason: string };

/** An interactive login attempt. */
export interface LoginRequest {
  readonly instanceId: string;
  readonly user: string;
  readonly protocol: LoginProtocol;
  readonly grantId?: string;
}

/** A just-in-time access grant issued by the platform's access broker. */
export interface Grant {
  readonly id: string;
  readonly user: string;
  readonly instanceId: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  readonly revoked: boolean;
}

/**
 * Policy decision points the platform installs into the fleet (IAM, SCPs, security groups,
 * session broker in a real account). Missing policies allow.
 */
export interface FleetPolicies {
  launch?(request: LaunchRequest, image: Image | undefined, actor: string): Decision;
  login?(request: LoginRequest, instance: Instance): Decision;
  egress?(instance: Instance, destination: string): Decision;
  keyInjection?(instance: Instance, keyName: string): Decision;
}

/** A new image to register. */
export interface ImageDraft {
  readonly name: string;
  readonly group?: string;
  readonly stage: ImageStage;
  readonly builtBy: "pipeline" | "manual";
  readonly patchLevel: number;
  readonly vulnerable: boolean;
  readonly manifest: ImageManifest;
}

/** A sequence read by position: `at(k)` for `k` in [0, `size`). */
export interface IndexedPool {
  readonly size: number;
  at(position: number): Instance;
}

/** Filter for `list`. Every field narrows. */
export interface InstanceFilter {
  readonly group?: string;
  readonly vmType?: VmType;
  readonly zone?: string;
  /** Default: every state but terminated. */
  readonly includeTerminated?: boolean;
  /** Only running, not crashed instances. */
  readonly healthy?: boolean;
}

/**
 * The world a run acts on. The simulator implements it in-process; the AWS driver over an
 * API. Every write names its actor and lands in the history; reads come from indexes.
 *
 * Writes are synchronous from the caller's view: a driver over a remote API applies them
 * write-behind and reconciles its cache, as a controller with an informer would.
 */
export interface FleetDriver {
  readonly clock: Clock;
  readonly spec: FleetSpec;
  readonly history: HistoryView;

  // reads
  group(name: string): GroupSpec | undefined;
  instance(id: string): Instance | undefined;
  /** Non-terminated instances of a group, in launch order. */
  members(group: string): readonly Instance[];
  list(filter?: InstanceFilter): readonly Instance[];
  /**
   * The live, healthy instances of a VM type (all VM types when omitted, untagged included) in the order `list`
   * gives them, readable by position without listing them; undefined where the world keeps no such index.
   */
  healthyPool?(vmType?: VmType): IndexedPool | undefined;
  /** Non-terminated members of a group per zone, kept as instances come and go; undefined where not kept. */
  zoneLoad?(group: string): ReadonlyMap<string, number> | undefined;
  /** Non-terminated members of a group that are stopped or impaired, kept as they change; undefined where not kept. */
  downCount?(group: string): number | undefined;
  /**
   * Up members of a group (running or booting, not impaired) counted per image, launcher and VM type tag, kept as
   * they change; undefined where not kept.
   */
  upCohorts?(group: string): Iterable<UpCohort> | undefined;
  image(id: string): Image | undefined;
  imageStatus(id: string): ImageStatus | undefined;
  /** The group's current approved image. */
  currentImage(group: string): Image;
  /** The latest released OS patch level. */
  releasedPatchLevel(): number;
  grant(id: string): Grant | undefined;
  /** Instances holding a replica of a shard. */
  replicas(group: string, shard: number): readonly string[];
  /** Shards of a group with fewer copies than the replication factor. */
  underReplicated(group: string): readonly number[];
  /** Open world-reachable ingress rules on an instance (`port`s open to 0.0.0.0/0). */
  publicIngress(instanceId: string): readonly number[];

  // lifecycle writes
  launch(request: LaunchRequest, actor: string, cause?: number): LaunchResult;
  terminate(instanceId: string, actor: string, reason: string, cause?: number): boolean;
  stop(instanceId: string, actor: string, cause?: number): boolean;
  start(instanceId: string, actor: string, cause?: number): boolean;
  /** Reboots a crashed instance back to health (pets are repaired, not replaced). */
  recover(instanceId: string, actor: string, cause?: number): boolean;
  taint(instanceId: string, reason: string, actor: string, cause?: number): boolean;
  setHaRole(instanceId: string, role: HaRole, actor: string, cause?: number): boolean;

  // configuration and patches
  writeConfig(instanceId: string, version: string, actor: string, cause?: number): boolean;
  applyDesiredConfig(instanceId: string, actor: string, cause?: number): boolean;
  patchInPlace(instanceId: string, level: number, actor: string, cause?: number): boolean;

  // images and the pipeline
  registerImage(draft: ImageDraft, actor: string, cause?: number): Image;
  submitImage(imageId: string, actor: string, cause?: number, batch?: string): void;
  /** Runs the vulnerability scanner on an image and records the result. */
  scanImage(imageId: string, actor: string, cause?: number): "passed" | "failed";
  approveImage(imageId: string, actor: string, cause?: number): void;
  rejectImage(imageId: string, reason: string, actor: string, cause?: number): void;
  promoteImage(group: string, imageId: string, actor: string, cause?: number): void;

  // access and network
  setPolicies(policies: FleetPolicies): void;
  attemptLogin(request: LoginRequest, actor: string, cause?: number): { allowed: boolean; sessionId?: string };
  endSession(sessionId: string, actor: string, cause?: number): void;
  adminAction(sessionId: string, command: string, actor: string, cause?: number): boolean;
  issueGrant(user: string, instanceId: string, durationMs: number, actor: string, cause?: number): Grant | undefined;
  revokeGrant(grantId: string, reason: string, actor: string, cause?: number): void;
  injectKey(instanceId: string, keyName: string, actor: string, cause?: number): boolean;
  attemptEgress(instanceId: string, destination: string, actor: string, cause?: number): boolean;
  openIngress(instanceId: string, port: number, actor: string, cause?: number): boolean;
  revokeIngress(instanceId: string, port: number, actor: string, cause?: number): boolean;

  // data
  replicate(group: string, shard: number, toInstanceId: string, actor: string, cause?: number): boolean;

  /** Appends an audit record that is not a state change (e.g. `config.recorded`). */
  record<K extends EventKind>(kind: K, payload: EventPayloads[K], actor: string, cause?: number): HistoryEvent<K>;
  /** Calls `handler` for each new event of the given kinds, after the event that caused it. */
  subscribe(kinds: readonly EventKind[] | "*", handler: (event: HistoryEvent) => void): void;
}

/** Faults only chaos may cause: the world's side of the adversary. */
export interface FaultSurface {
  /**
   * Runs a chaos task at virtual time `atMs`, before any other task due at that time, so a plan
   * replays the same whether it was scheduled up front or step by step.
   */
  injectAt(atMs: number, task: () => void): void;
  crash(instanceId: string, actor: string, cause?: number): boolean;
  infect(instanceId: string, sample: string, actor: string, cause?: number): boolean;
  backdate(instanceId: string, byMs: number, actor: string, cause?: number): boolean;
  /**
   * Ages everything at once, for a world that cannot age single instances: an account world moves its clock
   * forward, so every live instance ages. Returns the instances affected and a note saying so; undefined (or no
   * method, as on the simulator) means age instance by instance with `backdate` per target.
   */
  ageAll?(byMs: number, actor: string, cause?: number): { readonly affected: readonly string[]; readonly note: string } | undefined;
  releasePatch(level: number, advisory: string, actor: string, cause?: number): void;
  /** Pauses a platform controller; events meanwhile are delivered when it resumes. */
  pauseController(controller: string, forMs: number, actor: string, cause?: number): boolean;
  /** Makes a fraction of platform writes fail for a while (throttling, 5xx). */
  injectApiFaults(fraction: number, forMs: number, fault: string, actor: string, cause?: number): void;
}

/** Timers for the system under test. The simulator runs them on its virtual clock. */
export interface Scheduler {
  /** Runs `task` once after `delayMs`. Returns a cancel function. */
  after(delayMs: number, task: () => void): () => void;
}
