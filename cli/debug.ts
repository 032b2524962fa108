let debug = process.env["CATTLEPROD_DEBUG"] === "1";

/** Turns on `--debug`: unexpected errors print their stack (also `CATTLEPROD_DEBUG=1`). */
export function enableDebug(): void {
  debug = true;
}

/** True under `--debug` or `CATTLEPROD_DEBUG=1`. */
export function debugEnabled(): boolean {
  return debug;
}

/** The hint that ends every line about an unexpected error. */
export const DEBUG_HINT = "Run with --debug for the stack.";

/**
 * An unexpected error as one line (`TypeError: x is undefined`), or with `--debug` its whole
 * stack. Users see this, never a stack trace they did not ask for.
 */
export function describeError(error: unknown): string {
  if (debug && error instanceof Error && error.stack) return error.stack;
  const text = error instanceof Error ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}` : String(error);
  const line = text.split("\n")[0] ?? "";
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}
