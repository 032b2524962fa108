// Where cattleprod's own files are, whether it runs from its TypeScript sources (the repository) or from the
// JavaScript built into dist/ (an installed package): package.json, scenarios/library/ and scripts/ sit at the root.
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(import.meta.url);

/**
 * The package root: `<root>/core/package-path.ts` in the sources, `<root>/dist/core/package-path.js` when built.
 */
export const PACKAGE_ROOT = here.endsWith(".js") ? resolve(here, "..", "..", "..") : resolve(here, "..", "..");

/**
 * A file or folder of the cattleprod package, whatever the working directory.
 *
 * @example packagePath("scenarios", "library") // .../node_modules/cattleprod/scenarios/library
 */
export function packagePath(...segments: string[]): string {
  return join(PACKAGE_ROOT, ...segments);
}
