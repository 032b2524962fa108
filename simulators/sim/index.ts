// The deterministic simulated fleet (the embedded default world).
export { SimFleet } from "./sim-fleet.ts";
export { EventQueue } from "./event-queue.ts";
