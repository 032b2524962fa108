/** Stable error codes: scripts and tests match on these, never on message text. */
export type ErrorCode =
  | "E_DURATION"
  | "E_SCENARIO_YAML"
  | "E_SCENARIO_SCHEMA"
  | "E_SCENARIO_IO"
  | "E_PLATFORM_LOAD"
  | "E_PLATFORM_COMMAND"
  | "E_FLEET_SPEC"
  | "E_USAGE"
  | "E_WAIVERS"
  | "E_RUN_RECORD"
  | "E_KEY"
  | "E_BUNDLE"
  | "E_BACKEND"
  | "E_IMPORT"
  | "E_LIMIT"
  | "E_OUTPUT"
  | "E_INTERRUPTED"
  | "E_INTERNAL";

/**
 * The one error type cattleprod throws at its edges. Messages read
 * "Failed to <verb>: <reason>. <what is allowed>".
 *
 * @example
 * throw new CattleprodError("E_DURATION", 'Failed to parse duration "-5m": negative. Use 30s, 10m, 2h, 28d.');
 */
export class CattleprodError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CattleprodError";
    this.code = code;
  }
}

/** True when `error` is a CattleprodError (optionally with the given code). */
export function isCattleprodError(error: unknown, code?: ErrorCode): error is CattleprodError {
  return error instanceof CattleprodError && (code === undefined || error.code === code);
}
