import type { HaRole, Instance, InstanceState, VmType } from "../../core/index.ts";

/** The simulator's own, writable view of an instance; handed out as `Instance` (read-only). */
export interface MutableInstance extends Instance {
  group: string | undefined;
  vmType: VmType | undefined;
  zone: string;
  imageId: string;
  state: InstanceState;
  impaired: boolean;
  createdAtMs: number;
  lastStartedAtMs: number;
  launchedBy: string;
  patchLevel: number;
  desiredConfig: string;
  actualConfig: string;
  tainted: boolean;
  infected: boolean;
  haRole: HaRole | undefined;
  tags: Record<string, string>;
  /** Generation counter: bumps on every (re)start so stale boot timers are ignored. */
  bootGeneration: number;
}
