import type { VmType } from "./vm-type.ts";

/** Instance lifecycle states, as EC2 names them. */
export type InstanceState = "pending" | "running" | "stopped" | "terminated";

/** Roles inside an active/passive pet pair. */
export type HaRole = "active" | "passive" | "fenced";

/** One VM as the fleet driver describes it. Read-only: change it only through the driver. */
export interface Instance {
  readonly id: string;
  /** The group the instance was launched into (a rogue launch may name none). */
  readonly group: string | undefined;
  /** The VM type tag. Missing on untagged (rogue) instances. */
  readonly vmType: VmType | undefined;
  readonly zone: string;
  readonly imageId: string;
  readonly state: InstanceState;
  /** True while crashed: the instance exists but serves nothing. */
  readonly impaired: boolean;
  /** First launch time; stop/start never changes it. Age is measured from here. */
  readonly createdAtMs: number;
  /** Time of the latest start (launch or start after stop). */
  readonly lastStartedAtMs: number;
  /** Who launched it: "pipeline", "platform/<controller>", "operator:<name>", "chaos". */
  readonly launchedBy: string;
  readonly patchLevel: number;
  /** Desired and actual configuration versions; they differ while drifted. */
  readonly desiredConfig: string;
  readonly actualConfig: string;
  /** Set when break-glass touched the instance or it must otherwise be recycled. */
  readonly tainted: boolean;
  readonly infected: boolean;
  readonly haRole: HaRole | undefined;
  /** Tags, including cattleprod's own (`cattleprod:vm-type`, `cattleprod:run-id`). */
  readonly tags: Readonly<Record<string, string>>;
}

/** True when the instance counts toward capacity: running and not crashed. */
export function isHealthy(instance: Instance): boolean {
  return instance.state === "running" && !instance.impaired;
}
