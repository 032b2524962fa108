import { Command, CommanderError, Option } from "commander";
import { isCattleprodError, SEVERITIES } from "../core/index.ts";
import type { Severity } from "../core/index.ts";
import { addExploreCommand } from "./explore-command.ts";
import { addImportCommand } from "./import-command.ts";
import { addSweepCommand, parseBackendOption } from "./sweep-command.ts";
import type { BackendName } from "./backend-names.ts";
import { addReportCommands } from "./report-commands.ts";
import { parseSeed, parseShard, type Shard } from "./arguments.ts";
import { debugEnabled, DEBUG_HINT, describeError, enableDebug } from "./debug.ts";
import { installInterruptHandlers } from "./interrupt.ts";
import { refusedOut } from "./refuse-out.ts";
import { harnessVersion } from "./version.ts";

/** Where a command writes: stdout and stderr, swappable in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const processIo: CliIo = {
  out: (text) => void (closedStreams.has(process.stdout) || process.stdout.write(text)),
  err: (text) => void (closedStreams.has(process.stderr) || process.stderr.write(text)),
};

/** Standard streams whose reader went away (EPIPE: `cattleprod validate DIR | head -1`). */
const closedStreams = new Set<NodeJS.WriteStream>();
let processHandlersInstalled = false;

/**
 * For the real process only: SIGINT/SIGTERM restore the terminal, run the cleanups and exit
 * 130/143 (see interrupt.ts); a closed stdout or stderr is dropped quietly (the command goes on
 * to its real exit code); an error nothing caught prints one line and exits 2.
 */
function installProcessHandlers(): void {
  if (processHandlersInstalled) return;
  processHandlersInstalled = true;
  installInterruptHandlers();
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => closedStreams.add(stream));
  const crash = (error: unknown): void => {
    processIo.err(`${unexpected(error)}\n`);
    process.exit(2);
  };
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
}

/** One line for an error nothing expected (with --debug, its stack). */
function unexpected(error: unknown): string {
  const described = describeError(error);
  return debugEnabled()
    ? `Failed to run cattleprod: ${described}`
    : `Failed to run cattleprod: ${described.replace(/\.$/, "")}. ${DEBUG_HINT}`;
}

interface RunFlags {
  seed?: number;
  platform?: string;
  out: string;
  failOn: Severity;
  waivers?: string;
  annotations?: boolean;
  shard?: Shard;
  backend: BackendName[];
  runId?: string;
  baseline?: string;
  allowRealAws?: boolean;
  awsAccounts?: string[];
  region?: string;
}

/** Builds the command tree; each action stores its exit code through `done`. */
function buildProgram(io: CliIo, done: (code: number) => void): Command {
  const program = new Command("cattleprod")
    .description("Chaos and conformance harness for pet, cattle and immutable VM fleets.")
    .version(harnessVersion(), "-V, --version", "print the version")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s),
      // One line per error: fold commander's "(Did you mean ...?)" line into the first.
      outputError: (s, write) => write(s.replace(/\n\(Did you mean (.*)\?\)/, " (did you mean $1?)")),
    })
    .showSuggestionAfterError(true)
    .option("--debug", "print the stack of an unexpected error (also CATTLEPROD_DEBUG=1)")
    .helpCommand(true);

  program
    .command("run")
    .description("run scenarios against a fleet and platform; writes DIR/run.json, junit.xml, summary.md and report.html")
    .argument("[PATH...]", "scenario files or folders (default: the stock library)")
    .option("--seed <N>", "override every scenario's seed", parseSeed)
    .option("--platform <MODULE>", 'platform module, or "reference" (default: each scenario\'s own)')
    .option("--out <DIR>", "report folder", "cattleprod-report")
    .addOption(new Option("--fail-on <severity>", "lowest severity whose failure fails the run").choices(SEVERITIES).default("high"))
    .option("--waivers <FILE>", "YAML list of waivers (control, scope, justification, approver, ticket, expires)")
    .option("--annotations", "print GitHub workflow annotations for failures")
    .option("--baseline <OLD>", "an earlier run.json: report.html shows what changed since (as `cattleprod diff` does)")
    .option("--shard <i/n>", "run only shard i of n of the name-sorted scenarios (merge the records with `merge`)", parseShard)
    .option("--backend <names>", "world to run on: sim, localstack, aws, or a comma list for a differential run", parseBackendOption, [
      "sim",
    ] as BackendName[])
    .option(
      "--run-id <id>",
      "run id for API backends (the tag cattleprod acts on; with --platform external, the account's fleet carries it)",
    )
    .option("--allow-real-aws", "allow --backend aws to act on a real account")
    .option("--aws-accounts <ids>", "account ids --backend aws may touch (checked with STS)", (v: string) =>
      v
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .option("--region <region>", "AWS region for --backend aws (default AWS_REGION or us-east-1)")
    .action(async (paths: string[], flags: RunFlags) => {
      if (await refusedOut(flags.out, io)) return done(2);
      const { runCommand } = await import("./run.ts");
      const { waivers, annotations, shard } = flags;
      const realAws = {
        ...(flags.allowRealAws ? { allowRealAws: true } : {}),
        ...(flags.awsAccounts ? { awsAccounts: flags.awsAccounts } : {}),
        ...(flags.region ? { region: flags.region } : {}),
      };
      done(
        await runCommand(paths, {
          seed: flags.seed,
          platform: flags.platform,
          out: flags.out,
          failOn: flags.failOn,
          ...(waivers ? { waivers } : {}),
          ...(annotations ? { annotations } : {}),
          ...(shard ? { shard } : {}),
          backends: flags.backend,
          realAws,
          ...(flags.runId ? { runId: flags.runId } : {}),
          ...(flags.baseline ? { baseline: flags.baseline } : {}),
        }),
      );
    });

  program
    .command("validate")
    .description("check scenario files; prints ok per file or the first problem")
    .argument("<PATH...>", "scenario files or folders")
    .action(async (paths: string[]) => {
      const { validateCommand } = await import("./validate.ts");
      done(await validateCommand(paths, io));
    });

  const list = program.command("list").description("list controls or scenarios");
  list
    .command("controls")
    .description("the control catalog: id, severity, scope, title")
    .option("--json", "print JSON")
    .action(async (flags: { json?: boolean }) => {
      const { listControlsCommand } = await import("./list.ts");
      done(await listControlsCommand(io, flags));
    });
  list
    .command("scenarios")
    .description("scenarios with their VM types, steps, run length and expectations")
    .argument("[PATH...]", "scenario files or folders (default: the stock library)")
    .option("--json", "print JSON")
    .action(async (paths: string[], flags: { json?: boolean }) => {
      const { listScenariosCommand } = await import("./list.ts");
      done(await listScenariosCommand(paths, io, flags));
    });
  addExploreCommand(program, done);
  addSweepCommand(program, done);
  addImportCommand(program, io, done);
  addReportCommands(program, io, done);
  return program;
}

/**
 * The `cattleprod` command line. Returns the exit code and never exits the process: 0 ok,
 * 1 a control failed at or above --fail-on, 2 bad input or harness error, 3 inconclusive.
 *
 * @example process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  if (io === processIo) installProcessHandlers();
  if (argv.includes("--debug")) enableDebug();
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (isCattleprodError(error)) io.err(`${error.message}\n`);
    else io.err(`${unexpected(error)}\n`);
    return 2;
  }
}
