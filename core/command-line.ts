// The one place a printed cattleprod command is formed: replay lines, sweep hints, "found by" notes.

/**
 * How every printed command starts. The `cattleprod` bin is not on a user's PATH (npm links it into
 * node_modules/.bin), so lines start with `npx cattleprod` and run as pasted in the project that installed it.
 */
export const COMMAND_PREFIX = "npx cattleprod";

/** Characters a POSIX shell takes literally; anything else gets single quotes. */
const SHELL_PLAIN = /^[\w@%+=:,./-]+$/;

function shellWord(arg: string): string {
  return SHELL_PLAIN.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * A cattleprod command line as it is printed everywhere (replay lines, hints, scenario notes): the
 * `npx cattleprod` prefix, then the arguments, each quoted for a POSIX shell where it needs it.
 *
 * @example commandLine(["run", "--seed", "42", "scenarios/library/cattle-zone-outage.yaml"])
 * // "npx cattleprod run --seed 42 scenarios/library/cattle-zone-outage.yaml"
 */
export function commandLine(args: readonly string[]): string {
  return [COMMAND_PREFIX, ...args.map(shellWord)].join(" ");
}
