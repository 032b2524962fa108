import { runRecordJsonSchema } from "../reports/index.ts";
import { scenarioJsonSchema } from "../scenarios/index.ts";
import type { CliIo } from "./main.ts";

/** `cattleprod schema run|scenario`: prints the JSON Schema of the run record or of a scenario. */
export function schemaCommand(what: "run" | "scenario", io: CliIo): number {
  const schema = what === "run" ? runRecordJsonSchema() : scenarioJsonSchema();
  io.out(`${JSON.stringify(schema, null, 2)}\n`);
  return 0;
}
