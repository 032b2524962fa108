// Imports a user's module (a platform) by path, whatever the package type of the folder it sits in.
import { register } from "node:module";
import { extname } from "node:path";
import { pathToFileURL } from "node:url";

/** The extensions a platform module may have. */
export const MODULE_EXTENSIONS = [".ts", ".mts", ".js", ".mjs", ".cjs"] as const;

const TYPESCRIPT = new Set([".ts", ".mts"]);

/** What Node says when a file it loads as CommonJS has import/export syntax. */
const ESM_IN_COMMONJS = /Cannot use import statement outside a module|Unexpected token 'export'|Cannot use 'import\.meta' outside a module/;

/**
 * A resolve hook (run before tsx's, when that is registered) for the user's own files (not under node_modules): a
 * `.ts` file is an ES module, and so is a `.js` file written with import/export that its package calls CommonJS
 * (Node's own syntax detection, which it applies only to packages without a "type"). So a platform written with
 * `import`/`export` loads the same way in a CommonJS project as in an ES module one, and a CommonJS one still loads.
 */
const USER_FILES_AS_WRITTEN = `
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileFunction } from "node:vm";
const ESM_SYNTAX = ${ESM_IN_COMMONJS.toString()};
function writtenAsModule(url) {
  try {
    compileFunction(readFileSync(fileURLToPath(url), "utf8"), ["exports", "require", "module", "__filename", "__dirname"]);
    return false;
  } catch (error) {
    return error instanceof SyntaxError && ESM_SYNTAX.test(error.message);
  }
}
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const url = resolved.url;
  if (!url.startsWith("file:") || url.includes("/node_modules/")) return resolved;
  const path = new URL(url).pathname;
  if (path.endsWith(".ts") || (path.endsWith(".js") && resolved.format !== "module" && writtenAsModule(url)))
    return { ...resolved, format: "module" };
  return resolved;
}`;

let formatHook: Promise<void> | undefined;
let typescriptHook: Promise<void> | undefined;

/** Registers the hook above, once per process. */
function registerFormatHook(): Promise<void> {
  formatHook ??= Promise.resolve().then(() => register(`data:text/javascript,${encodeURIComponent(USER_FILES_AS_WRITTEN)}`));
  return formatHook;
}

/**
 * Registers tsx's TypeScript loader, once per process, when cattleprod runs as built JavaScript (from its sources, in
 * the repository or under vitest, a TypeScript loader is already active), then the hook above.
 */
function registerTypeScript(): Promise<void> {
  typescriptHook ??= (async () => {
    if (!import.meta.url.endsWith(".ts")) (await import("tsx/esm/api")).register();
    await registerFormatHook();
  })();
  return typescriptHook;
}

/**
 * Imports a module by absolute path. `.mjs` and `.cjs` load natively. `.js` loads by its package type, except that a
 * file written with import/export in a CommonJS package loads as the ES module it is. `.ts` and `.mts` load as ES
 * modules through tsx. The hooks are registered only when a `.js`, `.ts` or `.mts` module is asked for, so other runs
 * start without them. A CommonJS module's exports come back as `default`.
 *
 * @example const module = await importModule("/home/me/platform/my-platform.ts");
 */
export async function importModule(path: string): Promise<Record<string, unknown>> {
  const extension = extname(path);
  if (TYPESCRIPT.has(extension)) await registerTypeScript();
  else if (extension === ".js") await registerFormatHook();
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}
