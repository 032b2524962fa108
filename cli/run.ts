import type { Severity } from "../core/index.ts";

/** Options of `cattleprod run`. */
export interface RunOptions {
  readonly seed?: number;
  readonly platform?: string;
  readonly out: string;
  readonly failOn: Severity;
}

/** `cattleprod run [PATH...]`: runs scenarios, writes DIR/run.json, returns the exit code. */
export async function runCommand(_paths: readonly string[], _options: RunOptions): Promise<number> {
  process.stderr.write("cattleprod run: not wired yet\n");
  return 2;
}
