import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CattleprodError,
  formatDuration,
  type ChaosStep,
  type CommandCallRecord,
  type CommandRecord,
  type History,
  type Platform,
  type PlatformCommand,
  type Scenario,
} from "../core/index.ts";
import type { AutomationTarget } from "../simulators/localstack/index.ts";
import { commandArgv, runCommand, type CommandOutcome } from "./command-runner.ts";

/** What a command platform needs of an account world: hooks at virtual times and where its automation reaches it. */
export interface CommandHost {
  readonly history: History;
  /** Whether the account's clock is driven (an emulator): the automation then runs under libfaketime. */
  readonly clockDriven: boolean;
  /** Why the clock is not driven. */
  readonly clockReason: string | undefined;
  at(atMs: number, hook: () => Promise<void> | void): void;
  automationTarget(atMs: number): Promise<AutomationTarget>;
  /** After a call: lets the account's own automation (Auto Scaling groups) catch up before the poll. */
  awaitAutomation(): Promise<void>;
}

/** Called after every call (the progress display shows the last reconcile). */
export type CommandListener = (call: CommandCallRecord) => void;

/**
 * Refuses what the account's clock cannot represent for a command platform, with one E_PLATFORM_COMMAND error:
 * ages (initial or by chaos) on a clock that is real time, and age chaos that picks some instances (moving the
 * account's clock ages every instance the automation sees).
 */
export function checkCommandScenario(
  scenario: Pick<Scenario, "name" | "fleet" | "steps" | "file">,
  command: PlatformCommand,
  clock: { readonly clockDriven: boolean; readonly clockReason: string | undefined },
): void {
  const clockDriven = clock.clockDriven;
  const where = `scenario "${scenario.file ?? scenario.name}" with platform "${command.manifest}"`;
  const aged = scenario.fleet.groups.filter((g) => g.initialAgeMs > 0).map((g) => g.name);
  const ageSteps = scenario.steps.filter((s) => s.action === "age");
  if (!clockDriven && (aged.length > 0 || ageSteps.length > 0))
    throw new CattleprodError(
      "E_PLATFORM_COMMAND",
      `Failed to run ${where}: ${aged.length > 0 ? `initialAge on ${aged.join(", ")}` : `age chaos at steps[${ageSteps[0]?.index}]`} ` +
        `needs an account clock cattleprod can move, and this account's is not driven (${clock.clockReason ?? "real time"}). ` +
        "Run it on cattleprod's LocalStack (scripts/localstack/start.sh), or drop initialAge and age chaos on a real account.",
    );
  const partial = ageSteps.find((s) => !agesWholeFleet(s, scenario.fleet.groups.length));
  if (partial)
    throw new CattleprodError(
      "E_PLATFORM_COMMAND",
      `Failed to run ${where}: age chaos at steps[${partial.index}] picks some instances, but on a command platform it moves the ` +
        "clock the automation sees for every instance. Target the whole fleet: { all: true } with no filter, or with only the group " +
        "when the fleet has one group.",
    );
}

function agesWholeFleet(step: ChaosStep, groups: number): boolean {
  const t = step.target;
  return t.count.kind === "all" && !t.zone && !t.role && !t.instance && !t.vmType && (t.group === undefined || groups === 1);
}

/**
 * A command platform's schedule in one scenario: the command runs at every `everyMs` of the virtual clock from 0
 * (before the run's end) and right after each chaos step (1 ms later, which also serves a tick at the step's
 * time); after each call the world polls the account, so what the command changed is what the account shows (never
 * what the command said). A call that fails, hangs past its
 * timeout or cannot start ends the run with one E_PLATFORM_COMMAND error naming the manifest and the command.
 */
export class CommandSchedule {
  readonly calls: CommandCallRecord[] = [];
  private readonly workdir: string;
  private wallStartMs = 0;

  constructor(
    private readonly platform: Platform & { readonly command: PlatformCommand },
    private readonly host: CommandHost,
    private readonly onCall?: CommandListener,
  ) {
    this.workdir = mkdtempSync(join(tmpdir(), "cattleprod-command-"));
  }

  /** Registers the calls of a run of `runMs` with these chaos steps. */
  plan(runMs: number, steps: readonly ChaosStep[]): void {
    this.wallStartMs = Date.now();
    const everyMs = this.platform.command.everyMs;
    const chaosAt = new Set(steps.map((s) => s.atMs));
    // A tick that falls on a chaos step's time is served by the call right after the step (1 ms later).
    for (let atMs = 0; atMs < runMs; atMs += everyMs) {
      const tickMs = atMs;
      if (!chaosAt.has(tickMs)) this.host.at(tickMs, () => this.call(tickMs, "schedule"));
    }
    for (const stepMs of chaosAt) if (stepMs + 1 < runMs) this.host.at(stepMs + 1, () => this.call(stepMs + 1, "chaos"));
  }

  /** The record's view of the calls. */
  report(): CommandRecord {
    const command = this.platform.command;
    return { manifest: command.manifest, command: commandLineOf(command), everyMs: command.everyMs, calls: this.calls };
  }

  /** Removes the work folder (kept after a failed call, which names it). */
  dispose(): void {
    if (this.calls.every((c) => c.status === "ok")) rmSync(this.workdir, { recursive: true, force: true });
  }

  private async call(atMs: number, trigger: "schedule" | "chaos"): Promise<void> {
    const target = await this.host.automationTarget(atMs);
    // On a real account the automation runs in real time: the call waits for its wall-clock moment.
    if (target.accountNowMs === undefined) await sleep(this.wallStartMs + atMs - Date.now());
    const nowMs = target.accountNowMs ?? Date.now();
    const env: Record<string, string> = {
      AWS_REGION: target.region,
      AWS_DEFAULT_REGION: target.region,
      ...(target.endpoint ? { AWS_ENDPOINT_URL: target.endpoint } : {}),
      ...(target.credentials
        ? { AWS_ACCESS_KEY_ID: target.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: target.credentials.secretAccessKey }
        : {}),
      CATTLEPROD_RUN_ID: target.runId,
      CATTLEPROD_SCENARIO_RUN: target.scenarioRunId,
      CATTLEPROD_NOW: new Date(nowMs).toISOString(),
      CATTLEPROD_VIRTUAL_MS: String(atMs),
      CATTLEPROD_TRIGGER: trigger,
      CATTLEPROD_WORKDIR: this.workdir,
    };
    const outcome = await runCommand(this.platform.command, {
      env,
      workdir: this.workdir,
      ...(target.accountNowMs === undefined ? {} : { fakeNowMs: target.accountNowMs }),
    });
    const record: CommandCallRecord = {
      atMs,
      trigger,
      status: outcome.status,
      exitCode: outcome.exitCode,
      durationMs: outcome.durationMs,
      lastLines: outcome.lastLines,
    };
    this.calls.push(record);
    this.onCall?.(record);
    if (outcome.status !== "ok") throw this.failure(atMs, outcome);
    await this.host.awaitAutomation();
    this.host.history.append(atMs, "platform.command", "harness", {
      platform: this.platform.name,
      trigger,
      exitCode: 0,
      durationMs: outcome.durationMs,
    });
  }

  private failure(atMs: number, outcome: CommandOutcome): CattleprodError {
    const command = this.platform.command;
    const what =
      outcome.status === "missing"
        ? `could not start (${outcome.lastLines.at(-1) ?? `no executable "${command.argv[0]}" on PATH`})`
        : outcome.status === "timeout"
          ? `hung past its timeout of ${formatDuration(command.timeoutMs)} and was killed`
          : `exited ${outcome.exitCode ?? `on signal ${outcome.signal ?? "?"}`} after ${(outcome.durationMs / 1000).toFixed(1)} s`;
    const last = outcome.status === "missing" ? "" : ` Last output: ${outcome.lastLines.at(-1) ?? "(none)"}.`;
    return new CattleprodError(
      "E_PLATFORM_COMMAND",
      `Failed to run platform "${command.manifest}": command ${JSON.stringify(commandLineOf(command))} ${what} ` +
        `at ${formatDuration(atMs)} ` +
        `of virtual time.${last} The reconcile command must exit 0 within its timeout (work folder ${this.workdir}).`,
    );
  }
}

function commandLineOf(command: PlatformCommand): string {
  return commandArgv(command, "{workdir}")
    .map((arg) => (/^[\w@%+=:,./{}-]+$/.test(arg) ? arg : JSON.stringify(arg)))
    .join(" ");
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
