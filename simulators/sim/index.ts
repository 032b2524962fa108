// The deterministic simulated fleet (the embedded default world), and the pieces an account world keeps modelled.
export { SimFleet } from "./sim-fleet.ts";
export { FleetFront } from "./fleet-front.ts";
export { EventQueue } from "./event-queue.ts";
export { SimClock } from "./sim-clock.ts";
export { EventBus } from "./event-bus.ts";
export { InstanceTable } from "./instance-table.ts";
export { AccessDesk } from "./access-desk.ts";
export { Network } from "./network.ts";
export { DataDesk } from "./data-desk.ts";
export { FaultDesk } from "./fault-desk.ts";
export { ImageDesk, initialImageDraft } from "./image-desk.ts";
export { Configuration } from "./configuration.ts";
export { Lifecycle } from "./lifecycle.ts";
export { InstanceHealth } from "./instance-health.ts";
export { ALLOW, decideOn, groupOf, typeOf } from "./sim-context.ts";
export type { SimContext } from "./sim-context.ts";
export { SimInstance, type MutableInstance } from "./mutable-instance.ts";
