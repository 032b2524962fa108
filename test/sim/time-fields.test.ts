import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const probe = fileURLToPath(new URL("../support/layout-probe.ts", import.meta.url));

describe("time fields past 24.8 days", () => {
  it("events and instances built before times outgrow small integers keep the layout of those built after", () => {
    const child = spawnSync(process.execPath, ["--allow-natives-syntax", "--import", "tsx", probe], { encoding: "utf8" });
    expect(child.stderr).toBe("");
    const layouts = JSON.parse(child.stdout) as Record<string, boolean>;
    // An unprimed literal changes layout at the boundary: the probe can see the difference it guards against.
    expect(layouts["control"]).toBe(false);
    expect(layouts).toEqual({ control: false, instance: true, launched: true, running: true, terminated: true, appended: true });
  });
});
