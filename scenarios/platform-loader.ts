import { existsSync } from "node:fs";
import { extname, resolve } from "node:path";
import { CattleprodError, type Platform } from "../core/index.ts";
import { definePlatform, referencePlatform } from "../platform/index.ts";
import { importModule, MODULE_EXTENSIONS } from "./import-module.ts";
import { loadPlatformManifest, MANIFEST_EXTENSIONS } from "./platform-manifest.ts";

/** The name that selects the reference platform. */
export const REFERENCE_PLATFORM = "reference";

/** The name that runs no controllers of cattleprod's own: the account's automation is under test. */
export const EXTERNAL_PLATFORM = "external";

const ALLOWED =
  `Give "reference", "external", a path to a ${MODULE_EXTENSIONS.slice(0, -1).join(", ")} or ${MODULE_EXTENSIONS.at(-1)} module ` +
  "whose default export (or export named platform) is a platform { name, controllers } or a function returning one, " +
  `or a command platform manifest (${MANIFEST_EXTENSIONS.join(" or ")}, kind: Platform)`;

function isPlatform(value: unknown): value is Platform {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Platform).name === "string" &&
    Array.isArray((value as Platform).controllers)
  );
}

/** The platform a module exports: default or `platform`, a CommonJS module's `exports.default`, or a function's result. */
async function platformOf(module: Record<string, unknown>): Promise<unknown> {
  let candidate = module["default"] ?? module["platform"];
  if (!isPlatform(candidate) && typeof candidate === "object" && candidate !== null) {
    const inner = candidate as Record<string, unknown>;
    candidate = inner["default"] ?? inner["platform"] ?? candidate;
  }
  return typeof candidate === "function" ? await (candidate as () => unknown)() : candidate;
}

function describeExports(module: Record<string, unknown>): string {
  const names = Object.keys(module);
  if (names.length === 0) return "it exports nothing";
  const described = names.map((name) => `${name} (${module[name] === null ? "null" : typeof module[name]})`);
  return `it exports no platform (exports: ${described.join(", ")})`;
}

/**
 * Loads a platform: "reference", "external", a command platform manifest (.yaml or .yml, see
 * {@link loadPlatformManifest}), or a .ts, .mts, .js, .mjs or .cjs module whose default export (or
 * export named `platform`) is a Platform or a function returning one (awaited). Relative paths resolve against `cwd`.
 * A module loads the same way in a CommonJS project as in an ES module one.
 *
 * @example await loadPlatform("./my-platform.ts")
 */
export async function loadPlatform(ref: string, cwd = process.cwd()): Promise<Platform> {
  if (ref === REFERENCE_PLATFORM) return referencePlatform();
  if (ref === EXTERNAL_PLATFORM) return definePlatform(EXTERNAL_PLATFORM, []);
  const path = resolve(cwd, ref);
  if ((MANIFEST_EXTENSIONS as readonly string[]).includes(extname(path))) return loadPlatformManifest(ref, cwd);
  const failed = (reason: string, cause?: unknown): CattleprodError =>
    new CattleprodError("E_PLATFORM_LOAD", `Failed to load platform "${ref}": ${reason}. ${ALLOWED}.`, { cause });
  if (!(MODULE_EXTENSIONS as readonly string[]).includes(extname(path)))
    throw failed(`"${extname(path) || "no extension"}" is not a module extension`);
  if (!existsSync(path)) throw failed(`no such file (${path})`);
  let module: Record<string, unknown>;
  try {
    module = await importModule(path);
  } catch (error) {
    throw failed(((error as Error).message.split("\n")[0] ?? "").replace(/\.+$/, ""), error);
  }
  let candidate: unknown;
  try {
    candidate = await platformOf(module);
  } catch (error) {
    throw failed(`its exported function threw: ${(error as Error).message.replace(/\.+$/, "")}`, error);
  }
  if (!isPlatform(candidate)) throw failed(describeExports(module));
  return candidate;
}
