import * as allure from "allure-js-commons";
import { VM_TYPE_TITLES, controlFamily, type ControlDefinition, type Severity, type Verdict } from "../core/index.ts";

/** cattleprod severities as Allure's (blocker, critical, normal, minor). */
const ALLURE_SEVERITY: Readonly<Record<Severity, string>> = { critical: "blocker", high: "critical", medium: "normal", low: "minor" };

/** The scenario a verdict came from, as far as the report needs it. */
export interface VerdictSource {
  readonly name: string;
  readonly seed: number;
  /** "sim", "localstack", ... */
  readonly backend: string;
  /** The replay command, when there is one. */
  readonly replay?: string;
}

/**
 * Labels the current vitest test for Allure with one control's verdict in one scenario:
 * epic = VM type (or "Fleet-wide"), feature = control id, story = scenario, severity, the
 * control family as a tag, parameters seed and backend, the requirement as description, and
 * the verdict with its evidence as a JSON attachment. Call it inside an `it` before asserting,
 * so a failing test still carries its evidence.
 *
 * @example await reportVerdict(verdict, { name: scenario.name, seed: 42, backend: "sim" }, controlById("CAT-HEAL-001"));
 */
export async function reportVerdict(verdict: Verdict, source: VerdictSource, definition: ControlDefinition): Promise<void> {
  await allure.epic(definition.scope === "fleet" ? "Fleet-wide" : VM_TYPE_TITLES[definition.scope]);
  await allure.feature(definition.id);
  await allure.story(source.name);
  await allure.severity(ALLURE_SEVERITY[definition.severity]);
  await allure.tags(controlFamily(definition.id), definition.severity);
  await allure.parameter("seed", String(source.seed));
  await allure.parameter("backend", source.backend);
  await allure.description(
    `**${definition.id}: ${definition.title}.** ${definition.requirement}${source.replay ? `\n\nReplay: \`${source.replay}\`` : ""}`,
  );
  const evidence = {
    control: verdict.control,
    status: verdict.status,
    headline: verdict.headline,
    evidence: verdict.evidence,
    ...(verdict.hint ? { hint: verdict.hint } : {}),
    ...(source.replay ? { replay: source.replay } : {}),
  };
  await allure.attachment(`${verdict.control} evidence`, JSON.stringify(evidence, null, 2), { contentType: "application/json" });
}
