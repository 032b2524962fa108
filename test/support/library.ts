import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./cli.ts";

/** How many scenarios the stock library holds (tests derive counts from it, never hard-code them). */
export const LIBRARY_SCENARIOS = readdirSync(join(ROOT, "scenarios", "library")).filter((file) => file.endsWith(".yaml")).length;
