// The README's table of methods, from the data that decides each verdict's evidence source:
// guarantees' CONTROL_EVIDENCE (what decides each control) and each backend's offers (how it shows each observable).
import { CATALOG, CONTROL_EVIDENCE } from "../guarantees/index.ts";
import { OBSERVABLES, type ControlId, type EvidenceOffer, type Observable } from "../core/index.ts";
import { AwsBackend, LocalStackBackend } from "../simulators/localstack/index.ts";
import { FROM_MODEL } from "../guarantees/index.ts";

/** The backends of the table, each with how it shows every observable. */
const BACKENDS: ReadonlyArray<readonly [string, (observable: Observable) => EvidenceOffer]> = [
  ["sim", FROM_MODEL],
  ["localstack", (o) => LocalStackBackend.OFFERS[o]],
  ["aws", (o) => AwsBackend.OFFERS[o]],
];

/** One cell: how a backend decides a control. */
function cell(control: ControlId, offerOf: (observable: Observable) => EvidenceOffer): string {
  const offers = CONTROL_EVIDENCE[control].decidedBy.map(offerOf);
  const missing = CONTROL_EVIDENCE[control].decidedBy.filter((_, i) => offers[i]?.source === "unavailable");
  if (missing.length > 0) return `never passes (${missing.join(", ")} not shown)`;
  if (offers.every((offer) => offer.source === "account"))
    return `account: ${[...new Set(offers.flatMap((offer) => (offer.source === "account" ? offer.calls : [])))].join(", ")}`;
  return "model";
}

/**
 * The method table in Markdown: per control, what decides it and, per backend, whether its evidence is read from
 * the account (with the calls) or kept in the model, then why each observable an emulator cannot show is modelled.
 */
export function methodTableText(): string {
  const rows = CATALOG.map((entry) => {
    const id = entry.id as ControlId;
    return `| ${id} | ${CONTROL_EVIDENCE[id].reads} | ${BACKENDS.map(([, offerOf]) => cell(id, offerOf)).join(" | ")} |`;
  });
  const modelled = OBSERVABLES.flatMap((observable) => {
    const offer = LocalStackBackend.OFFERS[observable];
    return offer.source === "model" ? [`- \`${observable}\`: ${offer.why}.`] : [];
  });
  const unavailable = OBSERVABLES.flatMap((observable) => {
    const offer = AwsBackend.OFFERS[observable];
    return offer.source === "unavailable" ? [`- \`${observable}\` on aws: ${offer.why}.`] : [];
  });
  return [
    `| control | decided by | ${BACKENDS.map(([name]) => name).join(" | ")} |`,
    `|---|---|${BACKENDS.map(() => "---").join("|")}|`,
    ...rows,
    "",
    "Kept in the model on an account backend, and why:",
    "",
    ...modelled,
    "",
    "Not shown (a verdict resting on it is inconclusive, never a pass):",
    "",
    ...unavailable,
    "- `age` and `restart-age` on a LocalStack whose clock cannot be driven (not started by scripts/localstack/start.sh with " +
      "libfaketime and cattleprod's plugin), and `restart-age` on one that keeps LaunchTime across StartInstances.",
    "",
  ].join("\n");
}
