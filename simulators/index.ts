// Fleet worlds: the deterministic simulator (and, later, AWS API drivers).
export { SimFleet, EventQueue } from "./sim/index.ts";
