import fc from "fast-check";
import { DAY_MS, HOUR_MS, LOGIN_PROTOCOLS, MINUTE_MS, type ChaosActionName, type TargetSpec, type VmType } from "../../core/index.ts";
import { EGRESS_ALLOWLIST, GROUPS } from "./fleets.ts";
import type { PlannedChaos } from "./model.ts";

const one = (group: string, extra: Partial<TargetSpec> = {}): TargetSpec => ({ group, count: { kind: "one" }, ...extra });
const plan = (action: ChaosActionName, target: TargetSpec, params: PlannedChaos["with"] = {}, losses = 0): PlannedChaos => ({
  action,
  target,
  with: params,
  losses,
});
const minutes = (min: number, max: number) => fc.integer({ min, max }).map((m) => m * MINUTE_MS);

function common(group: string): Array<fc.Arbitrary<PlannedChaos>> {
  return [
    fc
      .constantFrom(...LOGIN_PROTOCOLS)
      .chain((protocol) =>
        fc
          .constantFrom("root", "alice", "mallory")
          .map((user) => plan("login", one(group), { user, protocol, grant: "none", sessionForMs: 5 * MINUTE_MS })),
      ),
    fc
      .record({ durationMs: minutes(15, 120), adminActions: fc.integer({ min: 0, max: 3 }), sessionMs: minutes(5, 30) })
      .map((p) => plan("break-glass", one(group), { user: "oncall", ...p })),
    fc.constant(plan("login", one(group), { user: "oncall", protocol: "ssh", grant: "latest", sessionForMs: 5 * MINUTE_MS })),
    fc
      .constantFrom("pastebin.com", ...EGRESS_ALLOWLIST, ...EGRESS_ALLOWLIST.map((d) => `${d}.attacker.io`))
      .map((destination) => plan("egress", one(group), { destination })),
    fc.constantFrom(22, 3389).map((port) => plan("open-ingress", one(group), { port })),
    fc.constant(plan("patch-release", { count: { kind: "one" } })),
  ];
}

function cattle(): Array<fc.Arbitrary<PlannedChaos>> {
  const g = GROUPS.cattle;
  return [
    ...common(g),
    fc.integer({ min: 1, max: 3 }).map((n) => plan("kill", { group: g, count: { kind: "random", n } }, {}, n)),
    fc.constant(plan("crash", one(g), {}, 1)),
    fc
      .integer({ min: 1, max: 2 })
      .map((n) => plan("drift", { group: g, count: { kind: "random", n } }, { actor: "chaos", setting: "nginx.conf" })),
    fc.constant(plan("malware", one(g), { sample: "xmrig" }, 1)),
    fc
      .constantFrom(1, 2)
      .map((stage) => plan("rogue-image", { group: g, count: { kind: "one" } }, { stage, builtBy: "manual", scanned: false })),
    fc.constant(plan("image-release", { group: g, count: { kind: "one" } })),
    fc.constant(plan("untagged-launch", { group: g, count: { kind: "one" } })),
  ];
}

function immutable(): Array<fc.Arbitrary<PlannedChaos>> {
  const g = GROUPS.immutable;
  return [
    ...common(g),
    fc.constant(plan("kill", one(g), {}, 1)),
    fc.constant(plan("crash", one(g), {}, 1)),
    fc.constant(plan("drift", one(g), { actor: "chaos", setting: "app.env" })),
    fc.constant(plan("malware", one(g), { sample: "webshell" }, 1)),
    fc.integer({ min: 1, max: 3 }).map((days): PlannedChaos => ({
      ...plan("age", one(g), { byMs: days * DAY_MS }),
      // Aging alone must not push the oldest possible instance past the limit: that would be the chaos failing, not the platform.
      admissible: (m) =>
        (m.fleet.groups[0]?.initialAgeMs ?? 0) + m.nowMs + m.agedMs + days * DAY_MS <= m.fleet.bounds.maxAgeMs - 14 * HOUR_MS,
    })),
    minutes(5, 120).map((downForMs) => plan("stop-start", one(g), { downForMs })),
    fc.constant(plan("key-injection", one(g), { key: "attacker-ed25519" })),
    fc
      .record({ stage: fc.constantFrom(1, 2, 3), builtBy: fc.constantFrom("manual", "pipeline"), scanned: fc.boolean() })
      .filter((p) => !(p.stage === 3 && p.builtBy === "pipeline" && p.scanned))
      .map((p) => plan("rogue-image", { group: g, count: { kind: "one" } }, p)),
    fc.constant(plan("manual-launch", { group: g, count: { kind: "one" } }, { user: "mallory" })),
    fc
      .record({ count: fc.integer({ min: 1, max: 2 }), clean: fc.integer({ min: 0, max: 2 }) })
      .map((p) => plan("vulnerable-image", { group: g, count: { kind: "one" } }, p)),
    fc.constant(plan("image-release", { group: g, count: { kind: "one" } })),
  ];
}

function pet(): Array<fc.Arbitrary<PlannedChaos>> {
  return [
    ...common(GROUPS.pet),
    ...common(GROUPS.petPair),
    fc.constant(plan("crash", one(GROUPS.pet), {}, 1)),
    fc.constant(plan("crash", one(GROUPS.petPair, { role: "active" }), {}, 1)),
    minutes(5, 60).map((downForMs) => plan("stop-start", one(GROUPS.petPair, { role: "active" }), { downForMs }, 1)),
    fc
      .constantFrom(GROUPS.pet, GROUPS.petPair)
      .chain((group) =>
        fc.constantFrom("operator:alice", "operator:bob").map((actor) => plan("drift", one(group), { actor, setting: "app.conf" })),
      ),
    fc.constantFrom(GROUPS.pet, GROUPS.petPair).map((group) => plan("age", one(group), { byMs: 30 * DAY_MS })),
  ];
}

/** The chaos the explorer draws from for each VM type. */
export function chaosPlans(vmType: VmType): Array<fc.Arbitrary<PlannedChaos>> {
  return vmType === "cattle" ? cattle() : vmType === "immutable" ? immutable() : pet();
}

/** How long the settle phase runs with chaos off: long enough for every bound to come due. */
export const SETTLE_MS = 2 * DAY_MS + HOUR_MS;
