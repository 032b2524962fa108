/**
 * What happens when the user stops a command (Ctrl-C, SIGINT) or a CI runner cancels it (SIGTERM):
 * the terminal is restored, every registered cleanup runs (newest first: an API backend sweeps
 * what it created, the report folder drops its temporary copy and the previous run's reports),
 * one line says so, and the process exits 128 + the signal number (130, 143). A second signal
 * during the cleanup exits at once.
 *
 * A part that owns something to undo registers it with {@link onInterrupt} and unregisters it
 * when done; long work can watch {@link interruptSignal} (an API backend's worlds take it and stop at
 * their next flush of writes).
 *
 * @example
 * const release = onInterrupt(() => backend.close());
 * try { await work(); } finally { release(); await backend.close(); }
 */

import { commandLine } from "../core/index.ts";

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
 * Lets pending signals run, then resolves, unless the process is being interrupted: then it never settles, so the work
 * after it (the next scenario, writing reports) never starts while the cleanups run and exit.
 */
export async function haltIfInterrupted(): Promise<void> {
  await yieldToEvents();
  if (interruptSignal.aborted) await new Promise<void>(() => undefined);
}

/**
 * Lets pending signals and timers run: synchronous work (a simulated scenario) calls it between
 * items. Two turns of the event loop: a signal that arrived during the work is read in the poll
 * phase of the next turn (the current turn may already be past it).
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** How long an interrupted API run waits for its scenario in flight before sweeping anyway. */
export const IN_FLIGHT_WAIT_MS = 60_000;

/** What an API backend needs for {@link sweepOnInterrupt}: its name, run id and `close` (which sweeps). */
export interface SweepableBackend {
  readonly name: string;
  readonly runId: string;
  close(): Promise<void>;
}

/**
 * The interruption cleanup of an API backend: waits for the scenario in flight to finish (at most
 * {@link IN_FLIGHT_WAIT_MS}, so it creates nothing after the sweep), then closes the backend,
 * which sweeps everything tagged with the run id. Says what to run if a second Ctrl-C skips it.
 */
export async function sweepOnInterrupt(backend: SweepableBackend, inFlight: Promise<unknown>): Promise<string> {
  const sweep = commandLine(["sweep", "--backend", backend.name, "--run-id", backend.runId]);
  process.stderr.write(`Sweeping ${backend.name} run ${backend.runId} (Ctrl-C again skips it; then run ${sweep}).\n`);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([inFlight.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, IN_FLIGHT_WAIT_MS)))]);
  clearTimeout(timer);
  await backend.close();
  return `swept ${backend.name} run ${backend.runId}`;
}
