import { CattleprodError } from "../core/index.ts";

/** The worlds `run --backend` can use. */
export const BACKENDS = ["sim", "localstack", "aws"] as const;
export type BackendName = (typeof BACKENDS)[number];

/** Parses `--backend sim,localstack`. */
export function parseBackends(value: string): BackendName[] {
  const names = value
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  for (const name of names) {
    if (!(BACKENDS as readonly string[]).includes(name))
      throw new CattleprodError(
        "E_USAGE",
        `Failed to read --backend "${value}": unknown backend "${name}". Known: ${BACKENDS.join(", ")}.`,
      );
  }
  if (names.length === 0) throw new CattleprodError("E_USAGE", "Failed to read --backend: empty. Known: sim, localstack, aws.");
  return [...new Set(names)] as BackendName[];
}
