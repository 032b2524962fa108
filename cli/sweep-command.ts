import { InvalidArgumentError, Option, type Command } from "commander";
import { isCattleprodError } from "../core/index.ts";
import { parseBackends, type BackendName } from "./backend-names.ts";

/** commander parser for `--backend`. */
export function parseBackendOption(value: string): BackendName[] {
  try {
    return parseBackends(value);
  } catch (error) {
    throw new InvalidArgumentError(isCattleprodError(error) ? error.message : String(error));
  }
}

/** Registers `cattleprod sweep`: deletes everything cattleprod tagged, also after a run that was killed. */
export function addSweepCommand(program: Command, done: (code: number) => void): void {
  program
    .command("sweep")
    .description("delete every resource tagged by cattleprod (of one run with --run-id); touches nothing untagged")
    .addOption(new Option("--backend <name>", "where to sweep").choices(["localstack", "aws"]).makeOptionMandatory())
    .option("--run-id <id>", "only this run's resources (printed by run at start)")
    .option("--allow-real-aws", "allow sweeping a real account")
    .option("--aws-accounts <ids>", "account ids a real-account sweep may touch", (v: string) =>
      v
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .option("--region <region>", "AWS region for --backend aws")
    .action(
      async (flags: { backend: "localstack" | "aws"; runId?: string; allowRealAws?: boolean; awsAccounts?: string[]; region?: string }) => {
        const { sweepCommand } = await import("./sweep.ts");
        done(await sweepCommand(flags));
      },
    );
}
