import { describe, expect, it, vi } from "vitest";
import type { CliIo } from "../../cli/main.ts";

const runCommand = vi.fn(async () => 3);
vi.mock("../../cli/run.ts", () => ({ runCommand }));
const { main } = await import("../../cli/main.ts");

function capture(): CliIo & { stdout: string; stderr: string } {
  const io = { stdout: "", stderr: "", out: (t: string) => void (io.stdout += t), err: (t: string) => void (io.stderr += t) };
  return io;
}

describe("main (in process)", () => {
  it("passes run's paths and flags to runCommand and returns its code", async () => {
    const io = capture();
    expect(await main(["run", "a.yaml", "dir", "--seed", "7", "--platform", "p.ts", "--out", "o", "--fail-on", "critical"], io)).toBe(3);
    expect(runCommand).toHaveBeenLastCalledWith(["a.yaml", "dir"], {
      seed: 7,
      platform: "p.ts",
      out: "o",
      failOn: "critical",
      backends: ["sim"],
      realAws: {},
    });
  });

  it("defaults --out and --fail-on", async () => {
    await main(["run"], capture());
    expect(runCommand).toHaveBeenLastCalledWith([], {
      seed: undefined,
      platform: undefined,
      out: "cattleprod-report",
      failOn: "high",
      backends: ["sim"],
      realAws: {},
    });
  });

  it("passes the backend, the run id and the real-account interlock flags", async () => {
    await main(
      ["run", "--backend", "sim,localstack", "--run-id", "cp-1", "--allow-real-aws", "--aws-accounts", "111122223333,444455556666"],
      capture(),
    );
    expect(runCommand).toHaveBeenLastCalledWith(
      [],
      expect.objectContaining({
        backends: ["sim", "localstack"],
        runId: "cp-1",
        realAws: { allowRealAws: true, awsAccounts: ["111122223333", "444455556666"] },
      }),
    );
  });

  it("refuses an unknown backend with one line and exit 2", async () => {
    const io = capture();
    expect(await main(["run", "--backend", "sim,gcp"], io)).toBe(2);
    expect(io.stderr).toContain('unknown backend "gcp"');
  });

  it("refuses a seed outside 0..2^32-1 without calling run", async () => {
    runCommand.mockClear();
    const io = capture();
    expect(await main(["run", "--seed", "-1"], io)).toBe(2);
    expect(await main(["run", "--seed", "4294967296"], io)).toBe(2);
    expect(runCommand).not.toHaveBeenCalled();
  });

  it("shows help on stderr and exits 2 when no command is given", async () => {
    const io = capture();
    expect(await main([], io)).toBe(2);
    expect(io.stderr).toContain("Usage: cattleprod");
  });
});
