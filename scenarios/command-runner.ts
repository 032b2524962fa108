import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync } from "node:fs";
import { delimiter, isAbsolute, join } from "node:path";
import type { PlatformCommand } from "../core/index.ts";
import { WORKDIR_PLACEHOLDER } from "./platform-manifest.ts";

/** Lines of output kept from each call (the last ones). */
export const KEPT_LINES = 12;
const KEPT_CHARS = 400;

/** How one call of a command platform ended. */
export interface CommandOutcome {
  /** `ok` (exit 0), `failed` (non-zero exit or a signal), `timeout` (killed past its timeout), `missing` (no such program). */
  readonly status: "ok" | "failed" | "timeout" | "missing";
  readonly exitCode: number | null;
  readonly signal?: string;
  readonly durationMs: number;
  /** The last lines of stdout and stderr, interleaved as they came. */
  readonly lastLines: readonly string[];
}

/** What one call needs besides the command: its environment, work folder and the time it must read. */
export interface CommandCall {
  /** Variables on top of the parent's environment (AWS_*, CATTLEPROD_*). */
  readonly env: Readonly<Record<string, string>>;
  readonly workdir: string;
  /** Epoch ms the command's clock must read when it starts (under libfaketime); absent: real time. */
  readonly fakeNowMs?: number;
}

/** libfaketime's preload library, where Debian installs it; undefined when it is not installed. */
export function findLibfaketime(): string | undefined {
  const fromEnv = process.env["CATTLEPROD_LIBFAKETIME"];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  let dirs: string[] = [];
  try {
    dirs = readdirSync("/usr/lib").map((d) => join("/usr/lib", d, "faketime"));
  } catch {
    return undefined;
  }
  return [join("/usr/lib", "faketime"), ...dirs].map((d) => join(d, "libfaketime.so.1")).find((file) => existsSync(file));
}

/** Where `program` is found: a path as given (if executable), else the first executable on PATH; undefined if none. */
export function whichProgram(program: string, path: string | undefined): string | undefined {
  const executable = (file: string): boolean => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (program.includes("/")) return executable(program) ? program : undefined;
  for (const dir of (path ?? "").split(delimiter)) if (dir && isAbsolute(dir) && executable(join(dir, program))) return join(dir, program);
  return undefined;
}

/** The command line with `{workdir}` filled in. */
export function commandArgv(command: PlatformCommand, workdir: string): string[] {
  return command.argv.map((arg) => arg.split(WORKDIR_PLACEHOLDER).join(workdir));
}

/**
 * Runs one call of a command platform and waits for it: in the manifest's folder, with the parent's environment,
 * the manifest's `env` and the call's; under libfaketime when the call gives a time (an emulator's account clock),
 * so the automation's own clock reads the run's virtual time. Killed (its whole process group) past the timeout.
 * Never throws: the outcome says what happened.
 */
export async function runCommand(command: PlatformCommand, call: CommandCall): Promise<CommandOutcome> {
  const started = performance.now();
  const env: Record<string, string> = { ...(process.env as Record<string, string>), ...command.env, ...call.env };
  const argv = commandArgv(command, call.workdir);
  const program = whichProgram(argv[0] as string, env["PATH"]);
  const lines: string[] = [];
  if (!program) return { status: "missing", exitCode: null, durationMs: 0, lastLines: [] };
  if (call.fakeNowMs !== undefined) {
    const library = findLibfaketime();
    if (!library)
      return { status: "missing", exitCode: null, durationMs: 0, lastLines: ["libfaketime is not installed (apt-get install faketime)"] };
    const offsetS = Math.round((call.fakeNowMs - Date.now()) / 1000);
    Object.assign(env, {
      LD_PRELOAD: [library, env["LD_PRELOAD"]].filter(Boolean).join(" "),
      FAKETIME: `${offsetS >= 0 ? "+" : ""}${offsetS}`,
      FAKETIME_DONT_FAKE_MONOTONIC: "1",
      FAKETIME_DONT_RESET: "1",
    });
  }
  return new Promise((resolve) => {
    let partial = "";
    const keep = (chunk: Buffer): void => {
      const text = partial + chunk.toString("utf8");
      const parts = text.split(/\r?\n/);
      partial = parts.pop() ?? "";
      for (const line of parts) if (line.trim()) lines.push(line.slice(0, KEPT_CHARS));
      if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES);
    };
    const child = spawn(program, argv.slice(1), { cwd: command.cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, command.timeoutMs);
    const done = (exitCode: number | null, signal: string | null, error?: Error): void => {
      clearTimeout(timer);
      if (partial.trim()) lines.push(partial.slice(0, KEPT_CHARS));
      if (error) lines.push(error.message);
      const lastLines = lines.slice(-KEPT_LINES);
      const durationMs = Math.round(performance.now() - started);
      const status = timedOut ? "timeout" : error ? "missing" : exitCode === 0 ? "ok" : "failed";
      resolve({ status, exitCode, ...(signal ? { signal } : {}), durationMs, lastLines });
    };
    child.on("error", (error) => done(null, null, error));
    child.on("close", (code, signal) => done(code, signal));
  });
}
