import { InvalidArgumentError, Option, type Command } from "commander";
import type { CliIo } from "./main.ts";
import { parseSeed } from "./arguments.ts";

/** The flags of `cattleprod import cloudtrail`, as commander parses them. */
export interface ImportFlags {
  from?: string;
  to?: string;
  instances?: string[];
  tag?: [string, string][];
  out?: string;
  platformPrincipal?: string[];
  expectFromIncident?: boolean;
  name?: string;
  seed?: number;
  groupTag?: string;
  vmTypeTag?: string;
  configTag?: string[];
}

const list = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean),
];

function tagPair(value: string, previous: [string, string][] = []): [string, string][] {
  const at = value.indexOf("=");
  if (at <= 0) throw new InvalidArgumentError("Use KEY=VALUE, e.g. team=payments.");
  return [...previous, [value.slice(0, at), value.slice(at + 1)]];
}

/** Registers `cattleprod import cloudtrail` on the program. */
export function addImportCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const group = program.command("import").description("turn an account's own record into a scenario");
  group
    .command("cloudtrail")
    .description("turn CloudTrail events into a scenario that replays the incident (YAML to stdout, or --out)")
    .argument("<FILE...>", "trail log files ({Records}, .json or .json.gz), lookup-events output, event lines, folders of them")
    .option("--from <TIME>", "window start, ISO 8601 (default: the first record)")
    .option("--to <TIME>", "window end, ISO 8601 (default: the last record)")
    .addOption(new Option("--instances <IDS>", "only events about these instance ids (comma list)").argParser(list).conflicts("tag"))
    .addOption(new Option("--tag <K=V>", "only events about instances carrying this tag (repeat: all of them)").argParser(tagPair))
    .option("--out <FILE>", "write the scenario here (default: stdout)")
    .option("--platform-principal <ARN...>", "ARNs or services whose calls are the platform's response (comments, not chaos)")
    .option("--expect-from-incident", "add the controls the incident violated as expectations")
    .option("--name <NAME>", "scenario name (default: incident-<date>-<time>-cloudtrail)")
    .option("--seed <N>", "scenario seed (default: from the window start)", parseSeed)
    .option("--group-tag <KEY>", "tag naming an instance's group (default: cattleprod:group, then aws:autoscaling:groupName)")
    .option("--vm-type-tag <KEY>", "tag holding pet, cattle or immutable (default: cattleprod:vm-type)")
    .option("--config-tag <KEYS>", "tag keys (globs) whose change is drift (default: cattleprod:config, config, config:*, config/*)", list)
    .action(async (files: string[], flags: ImportFlags) => {
      const { importCommand } = await import("./import.ts");
      done(await importCommand(files, flags, io));
    });
}
