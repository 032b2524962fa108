import { DEFAULT_IDENTITY_TAGS, importCloudTrail } from "../scenarios/index.ts";
import type { ImportFlags } from "./import-command.ts";
import type { CliIo } from "./main.ts";
import { writeAtomic } from "./write-atomic.ts";

/**
 * `cattleprod import cloudtrail FILE...`: writes the imported scenario to --out (whole or not at all) or stdout, and
 * one line of counts to stderr. Bad input throws its one E_IMPORT error (printed by main, exit 2). Returns 0.
 */
export async function importCommand(files: readonly string[], flags: ImportFlags, io: CliIo): Promise<number> {
  const result = await importCloudTrail({
    files,
    ...(flags.from ? { from: flags.from } : {}),
    ...(flags.to ? { to: flags.to } : {}),
    ...(flags.instances ? { instances: flags.instances } : {}),
    ...(flags.tag ? { tags: flags.tag } : {}),
    ...(flags.out ? { out: flags.out } : {}),
    platformPrincipals: flags.platformPrincipal ?? [],
    expectFromIncident: flags.expectFromIncident === true,
    ...(flags.name ? { name: flags.name } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    identityTags: {
      groupKeys: flags.groupTag ? [flags.groupTag] : DEFAULT_IDENTITY_TAGS.groupKeys,
      vmTypeKeys: flags.vmTypeTag ? [flags.vmTypeTag] : DEFAULT_IDENTITY_TAGS.vmTypeKeys,
    },
    ...(flags.configTag ? { configTags: flags.configTag } : {}),
  });
  const { counts, scenario } = result;
  const tally = `mapped ${counts.mapped}, platform ${counts.platform}, ignored ${counts.ignored} of ${counts.read} records`;
  const summary = `${scenario.steps.length} steps; ${tally}`;
  if (flags.out) {
    await writeAtomic(flags.out, result.yaml);
    io.err(`wrote ${flags.out} (${summary})\n`);
  } else {
    io.out(result.yaml);
    io.err(`imported ${scenario.name} (${summary})\n`);
  }
  return 0;
}
