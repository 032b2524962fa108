// Printed command lines: one function forms them, with the `npx cattleprod` prefix and shell quoting where needed.
import { describe, expect, it } from "vitest";
import { commandLine, COMMAND_PREFIX } from "../../core/index.ts";
import { replayCommand } from "../../scenarios/index.ts";

describe("commandLine", () => {
  it("starts with npx cattleprod, so a line runs as pasted where the bin is not on PATH", () => {
    expect(COMMAND_PREFIX).toBe("npx cattleprod");
    expect(commandLine(["sweep", "--backend", "localstack", "--run-id", "cp-1a2b"])).toBe(
      "npx cattleprod sweep --backend localstack --run-id cp-1a2b",
    );
  });

  it("quotes an argument a shell would split or expand, and only such an argument", () => {
    expect(commandLine(["run", "my scenarios/a b.yaml", "--platform", "./it's.ts", "--out", "$HOME"])).toBe(
      `npx cattleprod run 'my scenarios/a b.yaml' --platform './it'\\''s.ts' --out '$HOME'`,
    );
    expect(commandLine(["run", "scenarios/library/cattle-zone-outage.yaml", "--seed", "42"])).toBe(
      "npx cattleprod run scenarios/library/cattle-zone-outage.yaml --seed 42",
    );
  });

  it("forms the replay line of a scenario run", () => {
    expect(replayCommand("scenarios/library/x.yaml", 42, "reference")).toBe("npx cattleprod run --seed 42 scenarios/library/x.yaml");
    expect(replayCommand("found/x.yaml", 0, "./my-platform.ts")).toBe(
      "npx cattleprod run --seed 0 found/x.yaml --platform ./my-platform.ts",
    );
  });
});
