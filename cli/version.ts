import { readFileSync } from "node:fs";
import { packagePath } from "../core/index.ts";

let cached: string | undefined;

/** The harness version from package.json. */
export function harnessVersion(): string {
  cached ??= (JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version: string }).version;
  return cached;
}
