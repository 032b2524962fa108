/**
 * What happens when the user stops a command (Ctrl-C, SIGINT) or a CI runner cancels it (SIGTERM):
 * the terminal is restored, every registered cleanup runs (newest first: an API backend sweeps
 * what it created, the report folder drops its temporary copy and the previous run's reports),
 * one line says so, and the process exits 128 + the signal number (130, 143). A second signal
 * during the cleanup exits at once.
 *
 * A part that owns something to undo registers it with {@link onInterrupt} and unregisters it
 * when done; long work can watch {@link interruptSignal}.
 *
 * @example
 * const release = onInterrupt(() => backend.close());
 * try { await work(); } finally { release(); await backend.close(); }
 */

/** A cleanup: it may return a few words for the "interrupted" line, such as "swept localstack run cp-1". */
export type InterruptCleanup = () => void | string | undefined | Promise<void | string | undefined>;

/** Shows the cursor and turns line wrap back on (a progress bar hides the one and turns off the other). */
export const RESTORE_TERMINAL = "\x1b[?25h\x1b[?7h";

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;

/** The signals handled, with their exit codes. */
export type InterruptSignalName = keyof typeof EXIT_CODES;

const cleanups: InterruptCleanup[] = [];
const controller = new AbortController();

/** Aborted when the process is interrupted; its reason is the signal name. */
export const interruptSignal: AbortSignal = controller.signal;

/** Registers a cleanup to run on interruption; returns the function that unregisters it. */
export function onInterrupt(cleanup: InterruptCleanup): () => void {
  cleanups.push(cleanup);
  return () => {
    const at = cleanups.lastIndexOf(cleanup);
    if (at !== -1) cleanups.splice(at, 1);
  };
}

/** Where the handler writes and how it leaves; the process's own by default. */
export interface InterruptHost {
  readonly stderr: { readonly isTTY?: boolean; write(text: string): unknown };
  exit(code: number): void;
}

async function runCleanups(): Promise<string[]> {
  const notes: string[] = [];
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      const note = await cleanup();
      if (note) notes.push(note);
    } catch (error) {
      notes.push(`a cleanup failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
  }
  return notes;
}

/**
 * Installs the SIGINT and SIGTERM handlers (once per process; `main` does it for the real
 * process, never for an in-process call with its own io). Returns the function that removes them.
 */
export function installInterruptHandlers(host: InterruptHost = { stderr: process.stderr, exit: (code) => process.exit(code) }): () => void {
  let stopping = false;
  const handle = (signal: InterruptSignalName): void => {
    const code = EXIT_CODES[signal];
    if (host.stderr.isTTY) host.stderr.write(`${RESTORE_TERMINAL}\n`);
    if (stopping) {
      host.stderr.write(`Interrupted again (${signal}): exiting without finishing the cleanup.\n`);
      host.exit(code);
      return;
    }
    stopping = true;
    controller.abort(signal);
    void runCleanups().then((notes) => {
      const tail = notes.length > 0 ? `; ${notes.join("; ")}` : "";
      host.stderr.write(`Interrupted (${signal}): stopped before the end, exit ${code}${tail}.\n`);
      host.exit(code);
    });
  };
  const onInt = (): void => handle("SIGINT");
  const onTerm = (): void => handle("SIGTERM");
  process.on("SIGINT", onInt);
  process.on("SIGTERM", onTerm);
  return () => {
    process.removeListener("SIGINT", onInt);
    process.removeListener("SIGTERM", onTerm);
  };
}

/**
 * Resolves at once, unless the process is being interrupted: then it never settles, so the work
 * after it (the next scenario, writing reports) never starts while the cleanups run and exit.
 */
export function haltIfInterrupted(): Promise<void> {
  return interruptSignal.aborted ? new Promise<void>(() => undefined) : yieldToEvents();
}

/** Lets pending signals and timers run: synchronous work (a simulated scenario) calls it between items. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
