import { CattleprodError } from "../../core/index.ts";
import { getLocation } from "./json-location.ts";

/** What every "not a CloudTrail input" error tells the user. */
export const SHAPES_HINT =
  'Give a trail log file ({"Records": [...]}, gzip or not), the output of aws cloudtrail lookup-events ({"Events": [...]}), ' +
  'one event per line (CloudTrail Lake or EventBridge export), or aws ec2 describe-instances output ({"Reservations": [...]}).';

/**
 * The one error of `cattleprod import cloudtrail`: `Failed to import CloudTrail "<file>": <reason>. <hint>`
 * (E_IMPORT; the CLI prints it on one line and exits 2).
 */
export function importError(file: string | undefined, reason: string, hint: string): CattleprodError {
  const subject = file === undefined ? "" : ` "${file}"`;
  return new CattleprodError("E_IMPORT", `Failed to import CloudTrail${subject}: ${reason}. ${hint}`);
}

/**
 * The error for text that is not JSON, naming the line and column of the first syntax error (found by a tolerant
 * parser, so that the message never quotes the input back).
 */
export function notJsonError(file: string, text: string, what = "not JSON", lineOffset = 0): CattleprodError {
  const at = getLocation(text);
  const place = at ? ` (${at.problem} at line ${at.line + lineOffset}, column ${at.column})` : "";
  return importError(file, `${what}${place}`, SHAPES_HINT);
}
