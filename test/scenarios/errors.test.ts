import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isCattleprodError } from "../../core/index.ts";
import type { ErrorCode } from "../../core/index.ts";
import { loadScenario } from "../../scenarios/load.ts";
import { parseScenario } from "../../scenarios/parse.ts";

const BAD = "test/fixtures/scenarios/bad";

async function failure(file: string): Promise<{ code: ErrorCode; message: string }> {
  try {
    await loadScenario(`${BAD}/${file}`);
  } catch (error) {
    if (isCattleprodError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error(`${file} loaded without error`);
}

// One fixture per defect: the code, the exact first line after the file name, then each further problem's line.
const CASES: Record<string, [ErrorCode, string, ...string[]]> = {
  "broken-yaml.yaml": [
    "E_SCENARIO_YAML",
    "YAML syntax error: Flow map in block collection must be sufficiently indented and end with a } (line 7, column 1).",
  ],
  "unknown-chaos.yaml": [
    "E_SCENARIO_SCHEMA",
    'unknown chaos "kil" at steps[2].chaos (line 11, column 12). Known: kill, crash, zone-outage, drift,',
  ],
  "negative-duration.yaml": [
    "E_SCENARIO_SCHEMA",
    'negative duration "-5m" at steps[0].at (line 8, column 9). Use a duration such as 30s, 10m, 2h, 28d.',
  ],
  "unknown-control.yaml": [
    "E_SCENARIO_SCHEMA",
    'unknown control "CAT-HEAL-999" at expect[1] (line 10, column 5). Known: FLT-INV-001, FLT-AUD-001,',
  ],
  "missing-fleet.yaml": ["E_SCENARIO_SCHEMA", 'missing "fleet" (line 1, column 1). A scenario needs apiVersion, name, seed, fleet, run.'],
  "unknown-group.yaml": ["E_SCENARIO_SCHEMA", 'unknown group "db" at steps[0].target.group (line 8, column 46). Known: web.'],
  "unknown-zone.yaml": ["E_SCENARIO_SCHEMA", 'unknown zone "d" in group web at steps[0].target.zone (line 8, column 64). Known: a, b, c.'],
  "unknown-with-key.yaml": [
    "E_SCENARIO_SCHEMA",
    'unknown key "protcol" at steps[0].with.protcol (line 8, column 50). Allowed: user, protocol, grant, sessionFor.',
  ],
  "step-after-run.yaml": ["E_SCENARIO_SCHEMA", "step at 2h is not before the end of the run (1h) at steps[0].at (line 8, column 11)."],
  "ha-on-cattle.yaml": ["E_SCENARIO_SCHEMA", "ha is only for pets, not cattle at fleet.groups[0].ha (line 6, column 67)."],
  "wrong-type.yaml": [
    "E_SCENARIO_SCHEMA",
    'expected an integer but got "forty-two" at seed (line 3, column 7).',
    `  ${BAD}/wrong-type.yaml:7:23: unknown key "bogus" at fleet.bounds.bogus. Allowed: rto, failoverRto,`,
  ],
  "target-on-fleet-action.yaml": ["E_SCENARIO_SCHEMA", 'chaos "patch-release" takes no target at steps[0].target (line 8, column 38).'],
  "two-counts.yaml": [
    "E_SCENARIO_SCHEMA",
    "target sets both random and all at steps[0].target.all (line 8, column 62). Use at most one of one, random, fraction, all.",
  ],
  "missing-required-param.yaml": [
    "E_SCENARIO_SCHEMA",
    'missing "with" at steps[0] (line 8, column 5). A step with chaos: age needs with: { by: ... }.',
  ],
  "missing-group-target.yaml": [
    "E_SCENARIO_SCHEMA",
    'missing "target" at steps[0] (line 8, column 5). A step with chaos: rogue-image needs target: { group: ... }.',
  ],
  "bad-enum-param.yaml": [
    "E_SCENARIO_SCHEMA",
    'unknown protocol "telnet" at steps[0].with.protocol (line 8, column 48). Known: ssh, rdp, console, session-manager.',
  ],
  "malformed-duration.yaml": ["E_SCENARIO_SCHEMA", 'malformed duration "3 hours" at run (line 7, column 6).'],
  "not-a-mapping.yaml": ["E_SCENARIO_SCHEMA", "expected a mapping but got a list (line 1, column 1). A scenario needs"],
  "empty.yaml": ["E_SCENARIO_SCHEMA", "expected a mapping but got nothing (line 1, column 1)."],
  "huge-capacity.yaml": [
    "E_LIMIT",
    "the fleet has 1,000,000,000,000 instances (limit 200,000 per scenario) at fleet.groups[0].capacity (line 6, column 46).",
  ],
  "endless-run.yaml": ["E_LIMIT", "duration 99999999999d is too long (limit 3650d) at run (line 7, column 6). Durations go up to 3650d."],
  "alias-bomb.yaml": ["E_LIMIT", "its aliases expand beyond 10,000 nodes (limit 10,000) (line 5, column 8)."],
  "two-documents.yaml": ["E_LIMIT", "it holds more than one YAML document (limit 1): a second one starts here (line 8, column 1)."],
  "many-problems.yaml": [
    "E_SCENARIO_SCHEMA",
    'invalid name "Many Problems" at name (line 2, column 7). Use kebab-case',
    `  ${BAD}/many-problems.yaml:3:7: seed must be at least 0 but is -1 at seed.`,
    `  ${BAD}/many-problems.yaml:6:28: unknown vmType "kettle" at fleet.groups[0].vmType. Known: pet, cattle, immutable.`,
    `  ${BAD}/many-problems.yaml:6:46: capacity must be at least 1 but is 0 at fleet.groups[0].capacity.`,
    `  ${BAD}/many-problems.yaml:8:22: unknown chaos "kil" at steps[0].chaos. Known: kill, crash,`,
    `  ${BAD}/many-problems.yaml:10:11: malformed duration "5 hours" at steps[2].at. Use a duration such as 30s`,
    `  ${BAD}/many-problems.yaml:10:76: unknown protocol "telnet" at steps[2].with.protocol. Known: ssh, rdp, console,`,
    `  ${BAD}/many-problems.yaml:12:10: unknown control "CAT-HEAL-999" at expect[0]. Known: FLT-INV-001,`,
  ],
};

describe("scenario errors", () => {
  it("has a case for every bad fixture", () => {
    expect(readdirSync(BAD).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [file, [code, text, ...further]] of Object.entries(CASES)) {
    it(`${file}: ${code}`, async () => {
      const { code: actual, message } = await failure(file);
      expect(actual).toBe(code);
      const [first, ...rest] = message.split("\n");
      expect(first?.startsWith(`Failed to load scenario "${BAD}/${file}": ${text}`)).toBe(true);
      expect(rest).toHaveLength(further.length);
      further.forEach((line, i) => expect(rest[i]?.startsWith(line)).toBe(true));
    });
  }

  it("names an unreadable file with E_SCENARIO_IO", async () => {
    await expect(loadScenario(`${BAD}/nope.yaml`)).rejects.toMatchObject({
      code: "E_SCENARIO_IO",
      message: expect.stringContaining(`"${BAD}/nope.yaml": no such file or folder`),
    });
  });
});

const HEAD =
  "apiVersion: cattleprod/v1\nname: x\nseed: 1\nfleet:\n  groups:\n    - { name: web, vmType: cattle, capacity: 6, image: web-1 }\n";

function messageOf(text: string): string {
  try {
    parseScenario(text, "x.yaml");
  } catch (error) {
    return (error as Error).message.replace('Failed to load scenario "x.yaml": ', "");
  }
  return "no error";
}

describe("scenario errors, inline", () => {
  it.each([
    [
      "the first problem in document order wins",
      HEAD.replace("seed: 1", "seed: -1") + "run: -1h\n",
      "seed must be at least 0 but is -1 at seed (line 3",
    ],
    [
      "cross-field problems are ordered with schema ones",
      HEAD + "steps:\n  - { at: 1m, chaos: kill, target: { group: db } }\nrun: nope\n",
      'unknown group "db"',
    ],
    ["unknown top-level key", HEAD + "run: 1h\nstep: []\n", 'unknown key "step" at step (line 8, column 1). Allowed: apiVersion, name,'],
    ["missing chaos", HEAD + "run: 1h\nsteps:\n  - { at: 1m }\n", 'missing "chaos" at steps[0] (line 9, column 5). Known: kill,'],
    ["a step that is not a mapping", HEAD + "run: 1h\nsteps:\n  - kill\n", 'expected a mapping but got "kill" at steps[0]'],
    [
      "expectation object with an unknown control",
      HEAD + "run: 1h\nexpect:\n  - { control: CAT-X }\n",
      'unknown control "CAT-X" at expect[0].control',
    ],
    [
      "expectation status",
      HEAD + "run: 1h\nexpect:\n  - { control: CAT-HEAL-001, status: maybe }\n",
      'unknown status "maybe" at expect[0].status',
    ],
    [
      "duplicate expectation",
      HEAD + "run: 1h\nexpect: [CAT-HEAL-001, CAT-HEAL-001]\n",
      "duplicate expectation for CAT-HEAL-001 at expect[1]",
    ],
    [
      "duplicate group",
      HEAD + "    - { name: web, vmType: pet, capacity: 1, image: db }\nrun: 1h\n",
      'duplicate group name "web" at fleet.groups[1].name',
    ],
    [
      "ha pet of capacity 3",
      HEAD.replace("vmType: cattle, capacity: 6", "vmType: pet, capacity: 3, ha: true") + "run: 1h\n",
      "an HA pair needs capacity 2, not 3 at fleet.groups[0].ha",
    ],
    [
      "public ingress on immutable",
      HEAD.replace("vmType: cattle", "vmType: immutable").replace("image: web-1", "image: web-1, publicIngress: true") + "run: 1h\n",
      "publicIngress is only for pets",
    ],
    [
      "maxUnavailable over capacity",
      HEAD.replace("image: web-1", "image: web-1, maxUnavailable: 7") + "run: 1h\n",
      "maxUnavailable 7 exceeds capacity 6",
    ],
    [
      "empty groups",
      "apiVersion: cattleprod/v1\nname: x\nseed: 1\nfleet: { groups: [] }\nrun: 1h\n",
      "groups needs at least 1 entry at fleet.groups",
    ],
    ["duplicate YAML keys", HEAD + "run: 1h\nrun: 2h\n", "YAML syntax error: Map keys must be unique (line 8, column 1)."],
    ["zero run", HEAD + "run: 0s\n", "run must be longer than 0s at run"],
    ["duration as a number", HEAD + "run: 1h\nsteps:\n  - { at: 30, chaos: kill }\n", "expected a duration but got 30 at steps[0].at"],
    [
      "numeric enum",
      HEAD + "run: 1h\nsteps:\n  - { at: 1m, chaos: open-ingress, with: { port: 80 } }\n",
      "invalid port 80 at steps[0].with.port (line 9, column 50). Allowed: 22, 3389.",
    ],
    [
      "params of an action that takes none",
      HEAD + "run: 1h\nsteps:\n  - { at: 1m, chaos: kill, with: { force: true } }\n",
      'unknown key "force" at steps[0].with.force',
    ],
    [
      "fraction out of range",
      HEAD + "run: 1h\nsteps:\n  - { at: 1m, chaos: kill, target: { fraction: 1.5 } }\n",
      "fraction must be at most 1 but is 1.5",
    ],
    [
      "api-faults fraction 0",
      HEAD + "run: 1h\nsteps:\n  - { at: 1m, chaos: api-faults, with: { fraction: 0, for: 1m } }\n",
      "fraction must be greater than 0 but is 0",
    ],
    [
      "name not kebab-case",
      HEAD.replace("name: x", "name: Two Nodes") + "run: 1h\n",
      'invalid name "Two Nodes" at name (line 2, column 7). Use kebab-case',
    ],
    [
      "apiVersion",
      HEAD.replace("cattleprod/v1", "cattleprod/v2") + "run: 1h\n",
      'unknown apiVersion "cattleprod/v2" at apiVersion (line 1, column 13). Known: cattleprod/v1.',
    ],
    ["platform", HEAD + "platform: mine\nrun: 1h\n", 'invalid platform "mine" at platform'],
    [
      "vmType",
      HEAD.replace("vmType: cattle", "vmType: kettle") + "run: 1h\n",
      'unknown vmType "kettle" at fleet.groups[0].vmType (line 6, column 28). Known: pet, cattle, immutable.',
    ],
    [
      "zone of another group",
      HEAD +
        "    - { name: db, vmType: pet, capacity: 1, image: db, zones: [z] }\n" +
        "steps:\n  - { at: 1m, chaos: kill, target: { group: web, zone: z } }\nrun: 1h\n",
      'unknown zone "z" in group web',
    ],
    [
      "vmType that contradicts the group",
      HEAD + "steps:\n  - { at: 1m, chaos: kill, target: { group: web, vmType: pet } }\nrun: 1h\n",
      "group web is cattle, not pet",
    ],
    [
      "zone-outage without a zone",
      HEAD + "steps:\n  - { at: 1m, chaos: zone-outage, target: { group: web } }\nrun: 1h\n",
      'missing "zone" at steps[0].target (line 8, column 43). The target of zone-outage needs zone.',
    ],
  ])("%s", (_label, text, expected) => {
    expect(messageOf(text)).toContain(expected);
  });
});
