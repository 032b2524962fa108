// Writes scenarios/scenario.schema.json from the zod schema: `npx tsx scenarios/write-schema.ts`.
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { scenarioJsonSchema } from "./schema.ts";

/** Where the committed JSON Schema lives. */
export const SCENARIO_SCHEMA_FILE = fileURLToPath(new URL("./scenario.schema.json", import.meta.url));

/** The JSON Schema file's exact text (stable key order, trailing newline). */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await writeFile(SCENARIO_SCHEMA_FILE, scenarioJsonSchemaText());
  process.stdout.write(`wrote ${SCENARIO_SCHEMA_FILE}\n`);
}
