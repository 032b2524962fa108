import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findScenarioFiles, loadScenario, loadScenarios } from "../../scenarios/load.ts";

let dir: string;
const SCENARIO =
  "apiVersion: cattleprod/v1\nname: n\nseed: 0\nfleet: { groups: [{ name: w, vmType: cattle, capacity: 1, image: i }] }\nrun: 1h\n";

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "cattleprod-load-"));
  await mkdir(path.join(dir, "b", "deep"), { recursive: true });
  await writeFile(path.join(dir, "b", "deep", "z.yml"), SCENARIO.replace("name: n", "name: z"));
  await writeFile(path.join(dir, "b", "a.yaml"), SCENARIO.replace("name: n", "name: a"));
  await writeFile(path.join(dir, "c.yaml"), SCENARIO.replace("name: n", "name: c"));
  await writeFile(path.join(dir, "notes.txt"), "not a scenario");
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("findScenarioFiles", () => {
  it("expands folders recursively to sorted *.yaml / *.yml files and keeps files as given", async () => {
    const files = await findScenarioFiles([path.join(dir, "c.yaml"), dir]);
    expect(files.map((f) => path.relative(dir, f))).toEqual(["c.yaml", "b/a.yaml", "b/deep/z.yml"]);
  });

  it("names a missing path in an E_SCENARIO_IO error", async () => {
    await expect(findScenarioFiles([path.join(dir, "missing")])).rejects.toMatchObject({
      code: "E_SCENARIO_IO",
      message: expect.stringContaining(`"${path.join(dir, "missing")}": no such file or folder`),
    });
  });
});

describe("loadScenario(s)", () => {
  it("loads every scenario under the paths, with file relative to the working directory, or absolute outside it", async () => {
    const scenarios = await loadScenarios([dir]);
    expect(scenarios.map((s) => s.name)).toEqual(["a", "z", "c"]);
    expect(path.relative(process.cwd(), dir).startsWith("..")).toBe(true);
    expect(scenarios[2]?.file).toBe(path.resolve(dir, "c.yaml"));
    const [inside] = await loadScenarios(["test/fixtures/scenarios/good/cattle-two-nodes-die-at-once.yaml"]);
    expect(inside?.file).toBe("test/fixtures/scenarios/good/cattle-two-nodes-die-at-once.yaml");
  });

  it("reports a folder passed as a file as E_SCENARIO_IO", async () => {
    await expect(loadScenario(dir)).rejects.toMatchObject({ code: "E_SCENARIO_IO", message: expect.stringContaining("it is a folder") });
  });
});
