import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { CattleprodError, parseDuration, type Platform } from "../core/index.ts";
import { durationText } from "../chaos/index.ts";
import type { Problem } from "./problem.ts";
import { formatPath, locate, readYaml } from "./yaml-source.ts";
import { IssueReader } from "./zod-issues.ts";

/** File extensions a platform manifest may have. */
export const MANIFEST_EXTENSIONS = [".yaml", ".yml"] as const;

/** The placeholder an argument may carry for the command's work folder. */
export const WORKDIR_PLACEHOLDER = "{workdir}";

/**
 * A command platform's manifest (`kind: Platform`): the team's automation as a command that cattleprod runs at every
 * `every` of the virtual clock and right after each chaos step.
 */
export const platformManifestSchema = z
  .strictObject({
    apiVersion: z.literal("cattleprod/v1"),
    kind: z.literal("Platform"),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "a lower-case name such as custodian-guardrails"),
    description: z.string().optional(),
    reconcile: z.strictObject({
      command: z.array(z.string().min(1)).min(1),
      every: durationText("the automation's schedule, on the virtual clock"),
      timeout: durationText("wall time allowed per call").optional(),
      env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name"), z.string()).optional(),
    }),
  })
  .meta({ title: "cattleprod platform manifest" });

/** A manifest as written. */
export type PlatformManifest = z.infer<typeof platformManifestSchema>;

const DEFAULT_TIMEOUT_MS = 2 * 60_000;
const ALLOWED =
  "A platform manifest is apiVersion: cattleprod/v1, kind: Platform, name, and reconcile: { command: [program, args...], every: 1h, " +
  "timeout: 2m, env: { NAME: value } }";

/**
 * Loads a command platform from its manifest: the command's relative paths (the program when it contains a `/`)
 * resolve against the manifest's folder, which is also where it runs. Bad input throws one E_PLATFORM_LOAD error
 * naming the file, the place in it (line and column) and what is allowed.
 *
 * @example const platform = await loadPlatformManifest("examples/custodian/platform.yaml");
 */
export async function loadPlatformManifest(file: string, cwd = process.cwd()): Promise<Platform> {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? `no such file (${path})` : (error as Error).message;
    throw new CattleprodError("E_PLATFORM_LOAD", `Failed to load platform "${file}": ${reason}. ${ALLOWED}.`);
  }
  return parsePlatformManifest(text, file, dirname(path));
}

/** Parses manifest text (`file` names it in errors; `folder` is where relative paths resolve). */
export function parsePlatformManifest(text: string, file: string, folder: string): Platform {
  const source = readYaml(text);
  if (!("doc" in source))
    throw new CattleprodError(
      "E_PLATFORM_LOAD",
      `Failed to load platform "${file}": YAML syntax error: ${source.reason} ` +
        `(line ${source.pos.line}, column ${source.pos.column}). ${ALLOWED}.`,
    );
  const parsed = platformManifestSchema.safeParse(source.data);
  const problems: Problem[] = [];
  if (!parsed.success) {
    const reader = new IssueReader(platformManifestSchema, source.data);
    problems.push(...parsed.error.issues.flatMap((issue) => reader.read(issue)));
  } else {
    const { every, timeout } = parsed.data.reconcile;
    if (parseDuration(every) <= 0)
      problems.push({ reason: `every must be longer than 0 (got ${every})`, path: ["reconcile", "every"], hint: "Use 1h, 15m, 1d." });
    if (timeout !== undefined && parseDuration(timeout) <= 0)
      problems.push({ reason: `timeout must be longer than 0 (got ${timeout})`, path: ["reconcile", "timeout"], hint: "Use 2m, 30s." });
  }
  const first = problems
    .map((problem) => ({ problem, pos: locate(source, problem.pointAt ?? problem.path, { key: problem.atKey }) }))
    .sort((a, b) => a.pos.offset - b.pos.offset)[0];
  if (first) {
    const at = first.problem.path.length > 0 ? ` at ${formatPath(first.problem.path)}` : "";
    throw new CattleprodError(
      "E_PLATFORM_LOAD",
      `Failed to load platform "${file}": ${first.problem.reason}${at} (line ${first.pos.line}, column ${first.pos.column}). ` +
        `${first.problem.hint ? `${first.problem.hint} ` : ""}${ALLOWED}.`,
    );
  }
  if (!parsed.success)
    throw new CattleprodError("E_INTERNAL", `Failed to load platform "${file}": invalid, but no problem could be placed.`);
  const { name, reconcile } = parsed.data;
  const [program, ...args] = reconcile.command as [string, ...string[]];
  return {
    name,
    controllers: [],
    command: {
      manifest: file,
      argv: [program.includes("/") ? resolve(folder, program) : program, ...args],
      everyMs: parseDuration(reconcile.every),
      timeoutMs: reconcile.timeout === undefined ? DEFAULT_TIMEOUT_MS : parseDuration(reconcile.timeout),
      cwd: folder,
      env: reconcile.env ?? {},
    },
  };
}
