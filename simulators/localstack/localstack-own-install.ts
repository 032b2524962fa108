// LocalStack installed and started by the project itself: scripts/localstack/start.sh [--install] and stop.sh.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CattleprodError, packagePath } from "../../core/index.ts";

/** `scripts/localstack/` of this package (resolved from this file, not the working directory). */
export const LOCALSTACK_SCRIPTS_DIR = packagePath("scripts", "localstack");

/** Options of {@link startOwnInstall}. */
export interface OwnInstallOptions {
  readonly services: readonly string[];
  /** Run install.sh first (idempotent: about 2 s when installed, about 90 s the first time). */
  readonly install: boolean;
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
  /** Port to serve on; default a free one, so concurrent handles (parallel test files) never collide. */
  readonly port?: number;
}

/** A LocalStack that start.sh reported ready. */
export interface StartedOwnInstall {
  readonly endpoint: string;
  readonly version: string;
  stop(): Promise<void>;
}

/** The started LocalStack, or why the own install cannot give one. */
export type OwnInstallResult = { readonly started: StartedOwnInstall } | { readonly reason: string };

interface ScriptRun {
  readonly code: number | "timeout";
  readonly output: string;
}

/** Runs `bash <script> ...args` and collects stdout and stderr; kills its process group after `timeoutMs`. */
function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ScriptRun> {
  return new Promise((resolve) => {
    const child = spawn("bash", [join(LOCALSTACK_SCRIPTS_DIR, script), ...args], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
      resolve({ code: "timeout", output });
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: -1, output: `${output}${error.message}\n` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}

/** A port nobody listens on right now (start.sh still refuses a port that was taken in between). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const tail = (text: string, lines = 6): string => text.trim().split("\n").slice(-lines).join(" | ");

/**
 * Starts the pinned LocalStack with scripts/localstack/start.sh (after install.sh when `install`), on its own
 * port and state folder, and parses the `localstack <version> ready at <url>` line. `stop()` runs stop.sh for that
 * state folder and removes it; if the process exits first, the server gets a SIGTERM so it does not outlive it.
 */
export async function startOwnInstall(options: OwnInstallOptions): Promise<OwnInstallResult> {
  if (!existsSync(join(LOCALSTACK_SCRIPTS_DIR, "start.sh")))
    return { reason: `no ${join(LOCALSTACK_SCRIPTS_DIR, "start.sh")} (the scripts ship with the repository)` };
  if (process.platform === "win32") return { reason: "the own install runs on Linux and macOS only" };
  const port = options.port ?? (await freePort());
  const stateDir = mkdtempSync(join(tmpdir(), "cattleprod-localstack-"));
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    LOCALSTACK_PORT: String(port),
    LOCALSTACK_STATE_DIR: stateDir,
    LOCALSTACK_SERVICES: options.services.join(","),
  };
  for (const inherited of ["LOCALSTACK_PID_FILE", "LOCALSTACK_LOG_FILE", "FILESYSTEM_ROOT", "LOCALSTACK_HOST", "GATEWAY_LISTEN"])
    delete env[inherited];

  const run = await runScript("start.sh", options.install ? ["--install"] : [], env, options.timeoutMs);
  const ready = /^localstack (\S+) ready at (\S+)/m.exec(run.output);
  if (run.code !== 0 || !ready) {
    await runScript("stop.sh", [], env, 30_000);
    rmSync(stateDir, { recursive: true, force: true });
    const why = run.code === "timeout" ? `not ready within ${options.timeoutMs / 1000} s` : `start.sh exited ${run.code}`;
    return { reason: `${why}: ${tail(run.output) || "no output"}` };
  }

  const pid = Number(readFileSync(join(stateDir, "localstack.pid"), "utf8").trim());
  const killOnExit = (): void => {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already stopped
    }
  };
  process.once("exit", killOnExit);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      process.removeListener("exit", killOnExit);
      const result = await runScript("stop.sh", [], env, 30_000);
      rmSync(stateDir, { recursive: true, force: true });
      if (result.code !== 0)
        throw new CattleprodError(
          "E_BACKEND",
          `Failed to stop LocalStack (pid ${pid}): stop.sh exited ${result.code}: ${tail(result.output)}. Stop it by hand: kill ${pid}.`,
        );
    })());
  return { started: { endpoint: ready[2] as string, version: ready[1] as string, stop } };
}
