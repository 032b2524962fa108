import type { FaultSurface, FleetDriver, Scheduler } from "../core/index.ts";

/** What chaos acts on: the fleet, its fault surface and its scheduler. */
export type ChaosWorld = FleetDriver & FaultSurface & Scheduler;

/** The actor chaos writes as, unless an action plays a person ("operator:<name>"). */
export const CHAOS_ACTOR = "chaos";
