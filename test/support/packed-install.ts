// cattleprod as a user gets it: `npm pack` of this repository (prepack builds dist/), installed into a fresh project
// outside the repository with `npm install`, and commands run there as a user runs them (`npx cattleprod ...`).
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { ROOT, type CliResult } from "./cli.ts";

/** A project with the packed cattleprod installed. */
export interface InstalledProject {
  /** The project folder (outside the repository): `npm init -y`, so a CommonJS package. */
  readonly dir: string;
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  /** Wall seconds of the pack (with its build) and of the install. */
  readonly packSeconds: number;
  readonly installSeconds: number;
}

/** Options of {@link packAndInstall}. */
export interface PackOptions {
  /** Extra packages to install beside cattleprod (e.g. `vitest@4.1.12`). */
  readonly with?: readonly string[];
  /** Where the project folder is made (default: the OS temporary folder). */
  readonly parent?: string;
}

/**
 * The environment a user's shell has: this process's, without what `npm test` and vitest add (npm_* settings that
 * would point npm at this repository, VITEST* markers, CATTLEPROD_* knobs, the repository's node_modules/.bin on PATH).
 */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(npm_|VITEST|CATTLEPROD_|INIT_CWD$|NODE_ENV$|NODE_OPTIONS$|TEST$)/i.test(key)) env[key] = value;
  env["PATH"] = (process.env["PATH"] ?? "")
    .split(delimiter)
    .filter((entry) => !entry.endsWith(join("node_modules", ".bin")))
    .join(delimiter);
  return { ...env, NO_COLOR: "1" };
}

function npm(args: readonly string[], cwd: string): string {
  const result = spawnSync("npm", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: userEnv() });
  if (result.status !== 0)
    throw new Error(`Failed to run npm ${args.join(" ")} in ${cwd} (exit ${result.status}): ${`${result.stderr}`.trim().slice(-2000)}`);
  return result.stdout;
}

/** The version of a package that the repository's package-lock.json pins (for installing the same one elsewhere). */
export function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`Failed to find ${name} in package-lock.json.`);
  return version;
}

/**
 * Packs the repository (`npm pack` runs prepack, which builds dist/) and installs the tarball into a fresh project with
 * `npm install --no-audit --no-fund`. npm's cache (filled by `npm ci` here) serves what it has (`--prefer-offline`);
 * the rest comes from the registry.
 */
export function packAndInstall(options: PackOptions = {}): InstalledProject {
  const parent = options.parent ?? tmpdir();
  mkdirSync(parent, { recursive: true });
  const packDir = mkdtempSync(join(parent, "cattleprod-pack-"));
  let t0 = performance.now();
  npm(["pack", "--pack-destination", packDir], ROOT);
  const packSeconds = (performance.now() - t0) / 1000;
  const name = readdirSync(packDir).find((f) => f.endsWith(".tgz"));
  if (!name) throw new Error(`Failed to pack cattleprod: no .tgz in ${packDir}.`);
  const tarball = join(packDir, name);

  const dir = mkdtempSync(join(parent, "cattleprod-user-"));
  npm(["init", "-y"], dir);
  t0 = performance.now();
  npm(["install", "--no-audit", "--no-fund", "--prefer-offline", tarball, ...(options.with ?? [])], dir);
  return { dir, tarball, packSeconds, installSeconds: (performance.now() - t0) / 1000 };
}

/** Runs a command line in the project through `sh -c`, as typed or pasted there (`npx cattleprod run ...`). */
export function shell(dir: string, command: string, timeoutMs = 300_000): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      "sh",
      ["-c", command],
      { cwd: dir, encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, env: userEnv() },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
