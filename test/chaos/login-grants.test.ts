import { describe, expect, it } from "vitest";
import { referencePlatform } from "../../platform/index.ts";
import { loadPlatform, parseScenario, runScenario } from "../../scenarios/index.ts";

const SEED = 54;

/** A cattle group of three: on-call breaks the glass on one node, then a login presents a grant chosen by `grant`. */
function scenario(grant: string, loginAt = "20m", user = "oncall"): string {
  return `
apiVersion: cattleprod/v1
name: grant-choice
seed: ${SEED}
fleet:
  groups:
    - { name: web, vmType: cattle, capacity: 3, zones: [a], maxUnavailable: 1, image: web-1 }
steps:
  - { at: 10m, chaos: break-glass, target: { group: web, instance: i-000001 }, with: { user: oncall, duration: 45m, session: 30m } }
  - { at: ${loginAt}, chaos: login, target: { group: web, all: true }, with: { user: ${user}, grant: ${grant} } }
run: 3h
`;
}

describe(`login grants (seed ${SEED})`, () => {
  it("other-instance presents the user's grant for another node on every other node; the reference refuses each", () => {
    const result = runScenario(parseScenario(scenario("other-instance"), "grant.yaml"), { platform: referencePlatform() });
    const issued = result.world.history.ofKind("grant.issued")[0];
    const logins = result.world.history.ofKind("login.attempted").filter((l) => l.cause !== undefined && l.atMs === 20 * 60_000);
    expect(logins.map((l) => l.instanceId)).toEqual(["i-000002", "i-000003"]);
    expect(logins.every((l) => l.grantId === issued?.grantId && l.outcome === "denied")).toBe(true);
    expect(result.verdicts.find((v) => v.control === "CAT-ACC-001")?.status).toBe("pass");
  });

  it("a broker that ignores the grant's instance lets it in and fails CAT-ACC-001", async () => {
    const platform = await loadPlatform("test/fixtures/platforms/grant-ignores-instance.ts");
    const result = runScenario(parseScenario(scenario("other-instance"), "grant.yaml"), { platform });
    const verdict = result.verdicts.find((v) => v.control === "CAT-ACC-001");
    expect(verdict?.status).toBe("fail");
    expect(verdict?.headline).toMatch(/^CAT-ACC-001 failed: oncall logged in to i-00000[23] over ssh with grant g-00001 is for i-000001/);
  });

  it("other-user presents another user's grant for the target; without one the step takes no effect", () => {
    const stolen = runScenario(parseScenario(scenario("other-user", "20m", "mallory"), "grant.yaml"), { platform: referencePlatform() });
    const login = stolen.world.history.ofKind("login.attempted").find((l) => l.user === "mallory");
    expect(login?.instanceId).toBe("i-000001");
    expect(login?.outcome).toBe("denied");
    const none = runScenario(parseScenario(scenario("other-user", "5m", "mallory"), "grant.yaml"), { platform: referencePlatform() });
    const outcome = none.world.history.ofKind("chaos.outcome").find((o) => o.action === "login");
    expect(outcome?.tookEffect).toBe(false);
  });
});

describe("controller outages", () => {
  const outage = (controller: string, extra = ""): string => `
apiVersion: cattleprod/v1
name: outage
seed: 3
fleet:
  groups:
    - { name: web, vmType: cattle, capacity: 3, image: web-1 }
steps:
  - { at: 10m, chaos: controller-outage, with: { controller: ${controller}, for: 20m } }${extra}
run: 2h
`;

  it("takes no effect on a controller the platform does not run", () => {
    const result = runScenario(parseScenario(outage("no-such-healer"), "o.yaml"), { platform: referencePlatform() });
    const outcome = result.world.history.ofKind("chaos.outcome")[0];
    expect(outcome?.tookEffect).toBe(false);
    expect(outcome?.note).toMatch(/^no controller no-such-healer runs \(known: self-healer, /);
  });

  it("overlapping outages keep the controller paused until the last one ends", () => {
    const extra = `\n  - { at: 25m, chaos: controller-outage, with: { controller: self-healer, for: 20m } }
  - { at: 35m, chaos: kill, target: { group: web } }`;
    const result = runScenario(parseScenario(outage("self-healer", extra), "o.yaml"), { platform: referencePlatform() });
    const replacement = result.world.history.ofKind("instance.launched").find((l) => l.actor === "platform/self-healer");
    expect(replacement?.atMs).toBeGreaterThanOrEqual(45 * 60_000);
  });
});
