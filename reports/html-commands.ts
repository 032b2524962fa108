import { formatDuration, type ScenarioRecord } from "../core/index.ts";
import { esc, STATUS_MARKS } from "./html-text.ts";

/**
 * A command platform's calls in one scenario, folded: the manifest and command line, then one row per call with its
 * virtual time, trigger, exit code, wall time and the last lines of its output. Empty for other platforms.
 */
export function commandSection(s: ScenarioRecord): string {
  const commands = s.commands;
  if (!commands) return "";
  const rows = commands.calls
    .map((call) => {
      const mark = call.status === "ok" ? STATUS_MARKS.pass : STATUS_MARKS.fail;
      const exit = call.status === "ok" || call.status === "failed" ? `exit ${call.exitCode ?? "?"}` : call.status;
      return (
        `<tr><td>${formatDuration(call.atMs)}</td><td>${call.trigger}</td><td class="s-${call.status === "ok" ? "pass" : "fail"}">` +
        `${mark} ${esc(exit)}</td><td>${(call.durationMs / 1000).toFixed(1)} s</td>` +
        `<td><pre>${esc(call.lastLines.join("\n"))}</pre></td></tr>`
      );
    })
    .join("");
  const failed = commands.calls.filter((c) => c.status !== "ok").length;
  return (
    `<details class="fold"><summary>Reconcile command: ${commands.calls.length} calls, ${failed} failed · ` +
    `every ${formatDuration(commands.everyMs)} · <code>${esc(commands.command)}</code> (${esc(commands.manifest)})</summary>` +
    "<table><tr><th>virtual time</th><th>trigger</th><th>outcome</th><th>wall time</th><th>last lines of output</th></tr>" +
    `${rows}</table></details>`
  );
}
