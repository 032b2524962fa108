import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CattleprodError, type Platform } from "../core/index.ts";
import { definePlatform, referencePlatform } from "../platform/index.ts";

/** The name that selects the reference platform. */
export const REFERENCE_PLATFORM = "reference";

/** The name that runs no controllers of cattleprod's own: the account's automation is under test. */
export const EXTERNAL_PLATFORM = "external";

function isPlatform(value: unknown): value is Platform {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as Platform).name === "string" &&
    Array.isArray((value as Platform).controllers)
  );
}

/**
 * Loads a platform: "reference", or a .ts/.js module whose default export (or export named
 * `platform`) is a Platform or a function returning one. Relative paths resolve against `cwd`.
 *
 * @example await loadPlatform("./my-platform.ts")
 */
export async function loadPlatform(ref: string, cwd = process.cwd()): Promise<Platform> {
  if (ref === REFERENCE_PLATFORM) return referencePlatform();
  if (ref === EXTERNAL_PLATFORM) return definePlatform(EXTERNAL_PLATFORM, []);
  const path = resolve(cwd, ref);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = ((error as Error).message.split("\n")[0] ?? "").replace(/\.+$/, "");
    throw new CattleprodError(
      "E_PLATFORM_LOAD",
      `Failed to load platform "${ref}": ${reason}. ` +
        'Give "reference", "external" or a path to a .ts, .mjs or .js ES module (a .js file needs "type": "module" in its package.json).',
      { cause: error },
    );
  }
  let candidate = module["default"] ?? module["platform"];
  if (typeof candidate === "function") candidate = (candidate as () => unknown)();
  if (!isPlatform(candidate)) {
    throw new CattleprodError(
      "E_PLATFORM_LOAD",
      `Failed to load platform "${ref}": it exports no platform. Export default a { name, controllers } value or a function returning one.`,
    );
  }
  return candidate;
}
