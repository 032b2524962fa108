import { Option, type Command } from "commander";
import { isCattleprodError, SEVERITIES, type Severity } from "../core/index.ts";
import { parseSeed } from "./arguments.ts";
import type { CliIo } from "./main.ts";
import { refusedOut } from "./refuse-out.ts";

interface GateFlags {
  failOn: Severity;
  waivers?: string;
  annotations?: boolean;
}

/** Adds --fail-on, --waivers and --annotations: the gate options every record-writing command shares. */
function withGate(command: Command): Command {
  return command
    .addOption(new Option("--fail-on <severity>", "lowest severity whose failure fails the run").choices(SEVERITIES).default("high"))
    .option("--waivers <FILE>", "YAML list of waivers (control, scope, justification, approver, ticket, expires)")
    .option("--annotations", "print GitHub workflow annotations for failures");
}

function gate(flags: GateFlags): GateFlags {
  return {
    failOn: flags.failOn,
    ...(flags.waivers ? { waivers: flags.waivers } : {}),
    ...(flags.annotations ? { annotations: true } : {}),
  };
}

/**
 * Adds the report and certification commands: `schema`, `merge`, `diff`, `keygen`, `certify`,
 * `verify`. Each action stores its exit code through `done`.
 */
export function addReportCommands(program: Command, io: CliIo, done: (code: number) => void): void {
  program
    .command("schema")
    .description("print the JSON Schema of the run record (run.json) or of a scenario")
    .addArgument(program.createArgument("<what>", "run or scenario").choices(["run", "scenario"]))
    .action(async (what: "run" | "scenario") => {
      const { schemaCommand } = await import("./schema.ts");
      done(schemaCommand(what, io));
    });

  withGate(
    program
      .command("merge")
      .description("merge run records of shards (or explore.json files of explore shards) into one record and write every report to DIR")
      .argument(
        "<RUN.json...>",
        "run records written by `run --shard i/n` (or by conformance shards), or explore.json files of `explore --shard`",
      )
      .requiredOption("--out <DIR>", "report folder")
      .option("--baseline <OLD>", "an earlier run.json: report.html shows what changed since (as `cattleprod diff` does)"),
  ).action(async (files: string[], flags: GateFlags & { out: string; baseline?: string }) => {
    if (await refusedOut(flags.out, io)) return done(2);
    const { mergeCommand } = await import("./merge.ts");
    done(await mergeCommand(files, { out: flags.out, ...gate(flags), ...(flags.baseline ? { baseline: flags.baseline } : {}) }));
  });

  program
    .command("diff")
    .description("what changed between two run records, new failures first: exit 1 on a new failure at or above --fail-on")
    .argument("<OLD>", "the earlier run.json (for example the main branch's last record)")
    .argument("<NEW>", "the later run.json")
    .addOption(
      new Option("--format <format>", "text for a terminal, md for a pull-request comment").choices(["text", "md"]).default("text"),
    )
    .addOption(new Option("--fail-on <severity>", "lowest severity whose new failure exits 1 (default: NEW's own)").choices(SEVERITIES))
    .action(async (oldFile: string, newFile: string, flags: { format: "text" | "md"; failOn?: Severity }) => {
      const { diffCommand } = await import("./diff.ts");
      done(await diffCommand(oldFile, newFile, { format: flags.format, ...(flags.failOn ? { failOn: flags.failOn } : {}) }, io));
    });

  program
    .command("keygen")
    .description("write an ed25519 key pair for certification: DIR/private.pem (mode 0600) and DIR/public.pem")
    .requiredOption("--out <DIR>", "folder for the key pair")
    .action(async (flags: { out: string }) => {
      const { keygenCommand } = await import("./keygen.ts");
      done(await keygenCommand(flags.out, io));
    });

  withGate(
    program
      .command("certify")
      .description("run scenarios and write a signed certification bundle: run record, reports, digests, environment, attestation")
      .argument("[PATH...]", "scenario files or folders (default: the stock library)")
      .requiredOption("--key <PRIVATE.pem>", "ed25519 private key (from `keygen`)")
      .requiredOption("--out <DIR>", "bundle folder")
      .option("--seed <N>", "override every scenario's seed", parseSeed)
      .option("--platform <MODULE>", 'platform module, or "reference" (default: each scenario\'s own)'),
  ).action(async (paths: string[], flags: GateFlags & { key: string; out: string; seed?: number; platform?: string }) => {
    if (await refusedOut(flags.out, io)) return done(2);
    const { certifyCommand } = await import("./certify.ts");
    done(await certifyCommand(paths, { key: flags.key, out: flags.out, seed: flags.seed, platform: flags.platform, ...gate(flags) }));
  });

  program
    .command("verify")
    .description("check a certification bundle: 0 intact, 1 naming each changed file or a bad signature, 2 bad input")
    .argument("<DIR>", "bundle folder written by `certify`")
    .requiredOption("--pubkey <PUBLIC.pem>", "ed25519 public key")
    .action(async (dir: string, flags: { pubkey: string }) => {
      // A bad key is refused before the bundle checks load (verify reads it again).
      const { readPublicKey } = await import("./keys.ts");
      const refused = await readPublicKey(flags.pubkey).then(
        () => undefined,
        (error: unknown) => (isCattleprodError(error) ? error.message : Promise.reject(error)),
      );
      if (refused) {
        io.err(`${refused}\n`);
        return done(2);
      }
      const { verifyCommand } = await import("./verify.ts");
      done(await verifyCommand(dir, flags.pubkey, io));
    });
}
