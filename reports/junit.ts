import { create } from "xmlbuilder2";
import type { ControlOutcome, RunRecord, ScenarioControl, ScenarioRecord } from "../core/index.ts";
import { caseName, describeWaiver, failureLines, SCOPES } from "./vocabulary.ts";

interface Case {
  readonly name: string;
  readonly classname: string;
  readonly outcome:
    { kind: "pass" } | { kind: "failure" | "error"; message: string; type: string; text: string } | { kind: "skipped"; message: string };
}

function caseOf(scenario: ScenarioRecord, definition: ControlOutcome, control: ScenarioControl | undefined): Case {
  const name = caseName(definition.id, scenario.name);
  const classname = `cattleprod.${definition.scope}.${definition.id}`;
  if (scenario.status === "error" || !control) {
    const text = scenario.error ?? `${definition.id} was not evaluated in ${scenario.name}`;
    return { name, classname, outcome: { kind: "error", message: `${scenario.name} could not run`, type: "harness", text } };
  }
  const lines = () => failureLines({ scenario, control }).join("\n");
  switch (control.status) {
    case "pass":
      return { name, classname, outcome: { kind: "pass" } };
    case "fail":
      return { name, classname, outcome: { kind: "failure", message: control.headline, type: `${definition.severity}`, text: lines() } };
    case "error":
      return { name, classname, outcome: { kind: "error", message: control.headline, type: "checker", text: lines() } };
    case "waived":
      return {
        name,
        classname,
        outcome: {
          kind: "skipped",
          message: `waived: ${control.headline} (${control.waiver ? describeWaiver(control.waiver) : "no waiver recorded"})`,
        },
      };
    case "inconclusive":
      return { name, classname, outcome: { kind: "skipped", message: `inconclusive: ${control.headline}` } };
    case "skipped":
      return { name, classname, outcome: { kind: "skipped", message: `not applicable: ${control.headline}` } };
  }
}

/**
 * JUnit XML of a run: one `<testsuite>` per scope (fleet-wide and each VM type), one
 * `<testcase>` per control and scenario, named `CAT-HEAL-001 · cattle-two-nodes-die-at-once`.
 * Failures carry the headline as message and, as text, expected vs observed, the replay line
 * and the hint; inconclusive, not applicable and waived verdicts are `<skipped>` with a message.
 */
export function renderJunit(record: RunRecord): string {
  const doc = create({ version: "1.0", encoding: "UTF-8", invalidCharReplacement: "\uFFFD" });
  const suites = SCOPES.map(({ scope, title }) => {
    const definitions = record.controls.filter((c) => c.scope === scope);
    const cases = definitions.flatMap((definition) =>
      record.scenarios.map((scenario) =>
        caseOf(
          scenario,
          definition,
          scenario.controls.find((c) => c.id === definition.id),
        ),
      ),
    );
    return { scope, title, cases };
  });
  const count = (cases: readonly Case[], kind: Case["outcome"]["kind"]) => cases.filter((c) => c.outcome.kind === kind).length;
  const all = suites.flatMap((s) => s.cases);
  const root = doc.ele("testsuites", {
    name: `cattleprod ${record.harness.version}`,
    tests: all.length,
    failures: count(all, "failure"),
    errors: count(all, "error"),
    skipped: count(all, "skipped"),
    time: (record.timing.wallMs / 1000).toFixed(3),
  });
  for (const suite of suites) {
    const element = root.ele("testsuite", {
      name: suite.title,
      id: suite.scope,
      tests: suite.cases.length,
      failures: count(suite.cases, "failure"),
      errors: count(suite.cases, "error"),
      skipped: count(suite.cases, "skipped"),
      timestamp: record.timing.startedAt.replace(/\.\d+Z$/, ""),
    });
    const properties = element.ele("properties");
    for (const [name, value] of [
      ["platform", record.platform],
      ["backend", record.backend],
      ["seed", record.seed === null ? "per scenario" : String(record.seed)],
      ["fail-on", record.failOn],
    ] as const) {
      properties.ele("property", { name, value });
    }
    for (const testcase of suite.cases) {
      const node = element.ele("testcase", { name: testcase.name, classname: testcase.classname });
      const outcome = testcase.outcome;
      if (outcome.kind === "failure" || outcome.kind === "error")
        node.ele(outcome.kind, { message: outcome.message, type: outcome.type }).txt(outcome.text);
      else if (outcome.kind === "skipped") node.ele("skipped", { message: outcome.message });
    }
  }
  return doc.end({ prettyPrint: true }) + "\n";
}
