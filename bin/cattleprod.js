#!/usr/bin/env node
// Entry point of the `cattleprod` command. An installed package runs the JavaScript built into dist/ (no compiler at
// start-up). A checkout of the repository has its TypeScript sources beside this folder and runs them through tsx, so
// `npm ci && npx cattleprod run` needs no build step and never runs a dist/ older than the sources.
import { existsSync } from "node:fs";
import { register } from "node:module";

// The AWS SDK warns about Node 20 on every process; cattleprod supports Node 20 deliberately.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// In the checkout, a platform module's `cattleprod/platform` (package.json's exports, "cattleprod-source" condition)
// resolves to the sources too, so the README's example runs there as it does in a project that installed cattleprod.
const SOURCE_CONDITION = `export function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, "cattleprod-source"] });
}`;

const sources = new URL("../cli/main.ts", import.meta.url);
let cli;
if (existsSync(sources)) {
  (await import("tsx/esm/api")).register();
  register(`data:text/javascript,${encodeURIComponent(SOURCE_CONDITION)}`);
  cli = await import(sources.href);
} else {
  cli = await import("../dist/cli/main.js");
}
process.exitCode = await cli.main(process.argv.slice(2));
