import { constants } from "node:fs";
import { randomBytes } from "node:crypto";
import { access, chmod, lstat, mkdir, readdir, realpath, rename, rm, stat, statfs, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { CattleprodError } from "../core/index.ts";
import { haltIfInterrupted, onInterrupt } from "./interrupt.ts";
import { kindOf, makeFolders } from "./make-folders.ts";

/** The files of a certification bundle besides the reports. */
export const CERTIFICATION_FILES = ["digests.json", "environment.json", "attestation.json"] as const;

/**
 * Files a run, merge or certify writes (and so replaces or removes): every registered report and the bundle's
 * files. The report registry loads on first use, so a bad --out is refused without loading the renderers.
 */
export async function runOwnedFiles(): Promise<Set<string>> {
  const { REPORTERS } = await import("../reports/index.ts");
  return new Set([...Object.values(REPORTERS).map((r) => r.file), ...CERTIFICATION_FILES]);
}

/** Other files cattleprod writes into a report folder, kept when the reports are replaced. */
const KEPT_FILES = new Set(["explore.json"]);

/** File systems that hold no files (statfs types): proc, sysfs, devpts, cgroup, cgroup2, debugfs, securityfs, tracefs, pstore, bpf. */
const SPECIAL_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x1cd1, "devpts"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0x64626720, "debugfs"],
  [0x73636673, "securityfs"],
  [0x74726163, "tracefs"],
  [0x6165676c, "pstore"],
  [0xcafe4a11, "bpf"],
]);

/** A fresh, empty folder beside (or inside) `near`, with the usual permissions (mkdtemp would make it private). */
async function freshFolder(near: string, prefix: string): Promise<string> {
  const path = join(near, `${prefix}${process.pid}-${randomBytes(4).toString("hex")}`);
  await mkdir(path);
  return path;
}

/** One file to publish. */
export interface FolderFile {
  readonly file: string;
  readonly text: string | Uint8Array;
  readonly mode?: number;
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EROFS") return "read-only file system";
  if (code === "ENOENT") return "no such folder";
  if (code === "ENOTDIR") return "a part of the path is a file";
  if (code === "ENOSPC") return "no space left on the device";
  return error instanceof Error ? (error.message.split("\n")[0] ?? "").slice(0, 200) : String(error);
}

function failure(out: string, option: string) {
  return (reason: string, allowed = "Give a folder path such as cattleprod-report (it is created if missing).") =>
    new CattleprodError("E_OUTPUT", `Failed to use ${option} "${out}": ${reason}. ${allowed}`);
}

/** The checks of `--out` that need nothing but the path: not empty, not the working folder, not a file. */
async function checkPath(out: string, option: string): Promise<{ target: string; stats: Awaited<ReturnType<typeof stat>> | undefined }> {
  const fail = failure(out, option);
  if (out.trim() === "") throw fail("it is empty");
  let target = resolve(out);
  const cwd = process.cwd();
  if (target === dirname(target) || cwd === target || cwd.startsWith(target + sep))
    throw fail("it is the working folder or holds it, and reports replace the whole folder", "Give a folder of its own.");
  const found = await lstat(target).catch(() => undefined);
  if (found?.isSymbolicLink()) target = await realpath(target).catch(() => Promise.reject(fail("it is a symbolic link to nowhere")));
  const stats = found ? await stat(target) : undefined;
  if (stats && !stats.isDirectory()) throw fail(`it is ${kindOf(stats)}, not a folder`);
  return { target, stats };
}

/**
 * Refuses a bad `--out` before a command loads anything heavy: the checks of {@link ReportFolder.open} that
 * change nothing on disk (empty, the working folder, a file or device, a special file system such as /proc,
 * not writable). Returns the error message, or undefined when the path may be used.
 */
export async function checkOutFolder(out: string, option = "--out"): Promise<string | undefined> {
  try {
    const { target, stats } = await checkPath(out, option);
    let near = stats ? target : dirname(target);
    while (!(await stat(near).catch(() => undefined))) near = dirname(near);
    const special = SPECIAL_FILE_SYSTEMS.get(Number((await statfs(near).catch(() => undefined))?.type ?? 0));
    if (special) return failure(out, option)(`it is on the ${special} file system, which holds no files`).message;
    const writable = await access(near, constants.W_OK | constants.X_OK).then(
      () => true,
      () => false,
    );
    if (!writable) return failure(out, option)(stats ? "it is not writable (permission denied)" : `${near} is not writable`).message;
    return undefined;
  } catch (error) {
    if (error instanceof CattleprodError) return error.message;
    throw error;
  }
}

/**
 * The folder a command writes its reports to (`--out`), checked before any work and published
 * whole at the end. `open` refuses, with one E_OUTPUT error, an empty path, the working folder or
 * one that holds it, a file or special file, a folder that is not writable or holds files
 * cattleprod did not write, and a place where no folder can be made (such as /proc). Reports are
 * written to a temporary sibling folder and swapped into place by two renames, so a reader sees
 * the previous reports, none, or the new ones, never a mix. When the folder cannot be swapped (a
 * mount point, or a parent that is not writable) the files are staged inside it and moved in one
 * by one, `run.json` last. `abandon` (on exit 2 or an interruption) removes the staging folder and
 * the previous run's reports, so nothing in the folder looks current.
 */
export class ReportFolder {
  private release: () => void = () => undefined;
  /** True once reports were put in place (a record with exit code 2 is published too: it says ERROR itself). */
  published = false;

  private constructor(
    /** The folder as given on the command line (paths are printed with it). */
    readonly path: string,
    private readonly target: string,
    private readonly staging: string,
    private readonly swap: boolean,
  ) {}

  /** Checks `out` and prepares its staging folder (see the class). `option` names the flag in messages. */
  static async open(out: string, option = "--out"): Promise<ReportFolder> {
    const fail = failure(out, option);
    const { target, stats } = await checkPath(out, option);
    const parent = dirname(target);
    const special = SPECIAL_FILE_SYSTEMS.get(Number((await statfs(stats ? target : parent).catch(() => undefined))?.type ?? 0));
    if (special) throw fail(`it is on the ${special} file system, which holds no files`);
    if (stats) {
      await access(target, constants.W_OK | constants.X_OK).catch((error: unknown) =>
        Promise.reject(fail(`it is not writable (${reasonOf(error)})`)),
      );
      const owned = await runOwnedFiles();
      const foreign = (await readdir(target)).filter((name) => !name.startsWith(".") && !owned.has(name) && !KEPT_FILES.has(name));
      if (foreign.length > 0) {
        const names = foreign.slice(0, 3).join(", ") + (foreign.length > 3 ? `, and ${foreign.length - 3} more` : "");
        throw fail(`it holds files cattleprod did not write (${names}), and reports replace the whole folder`, "Give a folder of its own.");
      }
    } else {
      await makeFolders(parent).catch((error: unknown) => Promise.reject(fail(`cannot create ${parent} (${reasonOf(error)})`)));
    }
    const mounted = stats !== undefined && stats.dev !== (await stat(parent)).dev;
    let siblingError: unknown;
    const sibling = mounted
      ? undefined
      : await freshFolder(parent, `.${basename(target)}.cattleprod-`).catch((error: unknown) => void (siblingError = error));
    let folder: ReportFolder;
    if (sibling) folder = new ReportFolder(out, target, sibling, true);
    else if (stats) {
      const inside = await freshFolder(target, ".cattleprod-staging-").catch((error: unknown) =>
        Promise.reject(fail(`cannot write in it (${reasonOf(error)})`)),
      );
      folder = new ReportFolder(out, target, inside, false);
    } else throw fail(`cannot create a folder in ${parent} (${reasonOf(siblingError)})`);
    folder.release = onInterrupt(() => folder.abandon());
    return folder;
  }

  /** Writes `files` and puts them in place as one folder (see the class). Returns the paths written, as shown to the user. */
  async publish(files: readonly FolderFile[]): Promise<string[]> {
    await haltIfInterrupted();
    try {
      for (const f of files) await writeFile(join(this.staging, f.file), f.text, { flush: true, ...(f.mode ? { mode: f.mode } : {}) });
      if (this.swap) await this.swapIn();
      else await this.moveIn(files);
    } catch (error) {
      await rm(this.staging, { recursive: true, force: true });
      this.release();
      throw new CattleprodError(
        "E_OUTPUT",
        `Failed to write reports to "${this.path}": ${reasonOf(error)}. The previous reports are left as they were.`,
        {
          cause: error,
        },
      );
    }
    this.release();
    this.published = true;
    return files.map((f) => join(this.path, f.file));
  }

  private async swapIn(): Promise<void> {
    const owned = await runOwnedFiles();
    const existing = await readdir(this.target).catch(() => undefined);
    if (!existing) return rename(this.staging, this.target);
    // What is not a report of a run (dotfiles, explore.json) moves along into the new folder.
    for (const name of existing) if (!owned.has(name)) await rename(join(this.target, name), join(this.staging, name));
    await chmod(this.staging, (await stat(this.target)).mode & 0o7777);
    const previous = `${this.staging}-previous`;
    await rename(this.target, previous);
    try {
      await rename(this.staging, this.target);
    } catch (error) {
      await rename(previous, this.target);
      throw error;
    }
    await rm(previous, { recursive: true, force: true });
  }

  private async moveIn(files: readonly FolderFile[]): Promise<void> {
    const fresh = new Set(files.map((f) => f.file));
    await unlink(join(this.target, "run.json")).catch(() => undefined);
    for (const name of await runOwnedFiles()) if (!fresh.has(name)) await unlink(join(this.target, name)).catch(() => undefined);
    const ordered = [...files.filter((f) => f.file !== "run.json"), ...files.filter((f) => f.file === "run.json")];
    for (const f of ordered) await rename(join(this.staging, f.file), join(this.target, f.file));
    await rm(this.staging, { recursive: true, force: true });
  }

  /**
   * Gives up: removes the staging folder and the previous run's reports (so nothing left in the
   * folder looks current). Returns a note for the user.
   */
  async abandon(): Promise<string> {
    this.release();
    await rm(this.staging, { recursive: true, force: true });
    let removed = 0;
    for (const name of await runOwnedFiles()) {
      const gone = await unlink(join(this.target, name)).then(
        () => true,
        () => false,
      );
      if (gone) removed += 1;
    }
    return removed > 0 ? `no report in ${this.path} (the previous run's reports were removed)` : `no report in ${this.path}`;
  }
}
