import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CONTROL_IDS } from "../../core/index.ts";
import { methodTableText } from "../../scenarios/method-table.ts";
import { README_FILE, withMethodTable } from "../../scenarios/write-method-table.ts";

describe("the README's method table", () => {
  it("is the text generated from the evidence data (regenerate: npx tsx scenarios/write-method-table.ts)", async () => {
    const readme = await readFile(README_FILE, "utf8");
    expect(withMethodTable(readme)).toBe(readme);
  });

  it("has a row per catalog control, each with a source on every backend, and model everywhere on the simulated fleet", () => {
    const rows = methodTableText()
      .split("\n")
      .filter((line) => /^\| [A-Z]{3}-/.test(line));
    expect(rows.map((row) => row.split(" | ")[0]?.slice(2))).toEqual([...CONTROL_IDS]);
    for (const row of rows) {
      const [, , sim, localstack, aws] = row.slice(2, -2).split(" | ");
      expect(sim).toBe("model");
      for (const cell of [localstack, aws])
        expect(cell).toMatch(/^(model|account: [A-Za-z]+(, [A-Za-z]+)*|never passes \(.+ not shown\))$/);
    }
  });
});
