import { VM_TYPE_TITLES, controlFamily, type ControlDefinition, type Severity, type Verdict } from "../core/index.ts";

/** The part of allure-js-commons' facade cattleprod labels tests with (declared here: the package is optional). */
export interface AllureApi {
  epic(name: string): PromiseLike<void>;
  feature(name: string): PromiseLike<void>;
  story(name: string): PromiseLike<void>;
  severity(name: string): PromiseLike<void>;
  tags(...tags: string[]): PromiseLike<void>;
  parameter(name: string, value: string): PromiseLike<void>;
  description(markdown: string): PromiseLike<void>;
  attachment(name: string, content: string, options: { contentType: string }): PromiseLike<void>;
}

let api: Promise<AllureApi | undefined> | undefined;

/**
 * allure-js-commons, when the project has it (allure-vitest brings it): labels go through its test runtime, which
 * allure-vitest's setup installs and which does nothing without it. Without the package, no labels and no error.
 */
export function allureApi(): Promise<AllureApi | undefined> {
  api ??= import("allure-js-commons").then(
    (module): AllureApi => module,
    () => undefined,
  );
  return api;
}

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
  const allure = await allureApi();
  if (!allure) return;
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
