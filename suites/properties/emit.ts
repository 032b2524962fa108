import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { commandLine, formatDuration, isControlId, type Platform, type Scenario, type Verdict } from "../../core/index.ts";
import { describeStep } from "../../chaos/index.ts";
import { renderScenario, runScenario } from "../../scenarios/index.ts";
import type { Finding } from "./explore.ts";

/** A finding written out as a scenario file, with the proof that the file replays it. */
export interface EmittedFinding {
  readonly file: string;
  readonly control: string;
  readonly headline: string;
  /** Whether `cattleprod run <file> --platform <it>` fails the same control. */
  readonly reproduced: boolean;
  /** The failure text: headline, replay line, counterexample, hint. */
  readonly message: string;
  /** The failing control's verdict when the emitted file was replayed. */
  readonly verdict: Verdict | undefined;
  /** The replay command. */
  readonly replay: string;
  /** Chaos steps in the emitted scenario. */
  readonly steps: number;
}

/** Options for writing a finding. */
export interface EmitOptions {
  readonly emitDir: string;
  readonly platform: Platform;
  /** How the platform was named on the command line ("reference" or a module path). */
  readonly platformRef: string;
  /** Appended to the file name (another finding of the same control in the same exploration: "-2", "-3", ...). */
  readonly suffix?: string;
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? "" : "s"}`;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/**
 * Writes the shrunk scenario of a finding to the emit folder (atomically), replays it with
 * the same platform to confirm the failure, and composes the failure text in the fixed order:
 * headline, replay line, counterexample, hint.
 */
export async function emitFinding(finding: Finding, options: EmitOptions): Promise<EmittedFinding> {
  const vmTypeOf = finding.scenario.fleet.groups[0]?.vmType ?? "fleet";
  const name = slug(`${vmTypeOf}-${finding.control}-seed-${finding.seed}${options.suffix ?? ""}`);
  // The path as the user gave the emit folder: relative stays relative, absolute stays absolute.
  const file = join(options.emitDir, `${name}.yaml`);
  const steps = finding.scenario.steps.length;
  const vmType = finding.scenario.fleet.groups[0]?.vmType ?? "all";
  const foundBy = commandLine(["explore", "--type", vmType, "--seed", String(finding.seed), "--platform", options.platformRef]);
  const scenario: Scenario = {
    ...finding.scenario,
    name,
    description:
      `${finding.headline}\nFound by: ${foundBy}; ` +
      `fast-check shrank the failing run in ${plural(finding.shrinks, "shrink iteration")} to ${plural(steps, "chaos step")}.`,
    expect: isControlId(finding.control) ? [{ control: finding.control, status: "pass" }] : [],
    file,
  };
  await mkdir(options.emitDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, renderScenario(scenario, { file }));
  await rename(temp, file);

  const replayed = runScenario(scenario, { platform: options.platform, platformRef: options.platformRef });
  const verdict = replayed.verdicts.find((v) => v.control === finding.control);
  const reproduced = verdict?.status === "fail";
  const counterexample =
    scenario.steps.length === 0
      ? ["  (no chaos: the fleet alone breaks it)"]
      : scenario.steps.map((s) => `  at ${formatDuration(s.atMs)}: ${describeStep(s)}`);
  const fleet = scenario.fleet.groups.map((g) => `${g.name} ${g.vmType}×${g.capacity}`).join(", ");
  const harnessBug = reproduced ? "" : " (the emitted file did not reproduce the failure: report this as a harness bug)";
  const message = [
    verdict?.status === "fail" ? verdict.headline : finding.headline,
    `replay: ${replayed.replay}`,
    `counterexample (seed ${scenario.seed}; fleet ${fleet}; run ${formatDuration(scenario.runMs)}):`,
    ...counterexample,
    `hint: ${verdict?.hint ?? "run the replay line and read the evidence in its report"}${harnessBug}`,
  ].join("\n");
  return { file, control: finding.control, headline: finding.headline, reproduced, message, verdict, replay: replayed.replay, steps };
}
