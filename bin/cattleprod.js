#!/usr/bin/env node
// Entry point: registers the TypeScript loader, then hands over to the CLI.
import { register } from "tsx/esm/api";

// The AWS SDK warns about Node 20 on every process; cattleprod supports Node 20 deliberately.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
