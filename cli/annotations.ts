import { atLeast, type RunRecord } from "../core/index.ts";
import { caseName, failureLines } from "../reports/index.ts";
import type { LoadedWaivers } from "./waivers.ts";

/** Escapes a workflow command's message (GitHub: %, CR, LF). */
function data(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command's property value (also `:` and `,`). */
function property(text: string): string {
  return data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(level: "error" | "warning" | "notice", props: Record<string, string | number | undefined>, message: string): string {
  const list = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== "")
    .map(([k, v]) => `${k}=${property(String(v))}`)
    .join(",");
  return `::${level} ${list}::${data(message)}`;
}

/**
 * GitHub workflow annotations for a gated record, one line each: `::error` for every failure
 * at or above --fail-on, harness error and expired waiver; `::warning` for failures below the
 * threshold and required controls left inconclusive; `::notice` for waived failures. Each
 * failure's message is its headline, replay line, evidence and hint.
 *
 * @example
 * ::error title=CAT-HEAL-001 · cattle-zone-outage,file=scenarios/library/cattle-zone-outage.yaml::CAT-HEAL-001 failed: ...%0Areplay: ...
 */
export function renderAnnotations(record: RunRecord, waivers?: LoadedWaivers): string[] {
  const severity = new Map(record.controls.map((c) => [c.id, c.severity]));
  const lines: string[] = [];
  for (const scenario of record.scenarios) {
    if (scenario.status === "error")
      lines.push(
        command(
          "error",
          { title: `cattleprod: ${scenario.name} could not run`, file: scenario.file ?? undefined },
          (scenario.error ?? "").split("\n")[0] ?? "",
        ),
      );
    for (const control of scenario.controls) {
      if (control.status !== "fail" && control.status !== "waived" && control.status !== "error") continue;
      const level =
        control.status === "waived"
          ? "notice"
          : control.status === "fail" && !atLeast(severity.get(control.id) ?? "low", record.failOn)
            ? "warning"
            : "error";
      lines.push(
        command(
          level,
          { title: caseName(control.id, scenario.name), file: scenario.file ?? undefined },
          failureLines({ scenario, control }).join("\n"),
        ),
      );
    }
  }
  for (const entry of record.waivers?.entries.filter((w) => w.state === "expired") ?? []) {
    const line = waivers?.entries.find((e) => e.index === entry.index)?.line;
    lines.push(
      command(
        "error",
        { title: `Expired waiver for ${entry.control}`, file: record.waivers?.file, line },
        `Waiver ${entry.index} (${entry.scope}, approver ${entry.approver}${entry.ticket ? `, ${entry.ticket}` : ""}) ` +
          `expired ${entry.expires}: renew it or remove it.`,
      ),
    );
  }
  for (const control of record.controls.filter((c) => c.required && c.status === "inconclusive")) {
    lines.push(
      command(
        "warning",
        { title: `${control.id} inconclusive` },
        `${control.headline}: the chaos that exercises it never took effect, so there is no evidence either way.`,
      ),
    );
  }
  return lines;
}
