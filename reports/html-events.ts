import type { HistoryEvent, ScenarioRecord } from "../core/index.ts";
import type { ScenarioHistory } from "./history-file.ts";
import { defang, esc } from "./html-text.ts";

/** At most this many events of one scenario go into the page; events.ndjson keeps them all. */
export const MAX_EMBEDDED_EVENTS = 4_000;

/** Fields every event has; the rest of an event is its payload, shown as the row's details. */
const FRAME = new Set(["seq", "atMs", "kind", "actor", "cause", "instanceId"]);

/** The instance an event is about: its `instanceId`, else the first chaos target. */
export function instanceOf(event: HistoryEvent): string {
  if ("instanceId" in event && typeof event.instanceId === "string") return event.instanceId;
  if (event.kind === "chaos.injected") return event.targets[0] ?? "";
  return "";
}

function value(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(value).join(", ")}]`;
  if (v !== null && typeof v === "object")
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${value(x)}`)
      .join(", ")}}`;
  return String(v);
}

/** The payload as one line: `reason: chaos kill · ageMs: 3600000`. */
function details(event: HistoryEvent): string {
  return Object.entries(event)
    .filter(([k]) => !FRAME.has(k))
    .map(([k, v]) => `${k}: ${value(v)}`)
    .join(" · ");
}

/**
 * One scenario's events as the page embeds them: only what the event table shows, with kinds
 * and actors as indexes into shared lists, every text defanged, in a JSON script element the
 * page parses when the table is first opened. `[seq, atMs, kind, actor, instance, cause, details]`.
 */
export function embedHistory(scenario: ScenarioRecord, history: ScenarioHistory | undefined, key: string): string {
  if (!history) return "";
  const keep = new Set(scenario.controls.flatMap((c) => c.evidence.eventIds));
  const events = history.events.filter((e, i) => i < MAX_EMBEDDED_EVENTS || keep.has(e.seq));
  const kinds: string[] = [];
  const actors: string[] = [];
  const indexOf = (list: string[], item: string) => {
    const at = list.indexOf(item);
    return at >= 0 ? at : list.push(item) - 1;
  };
  const rows = events.map((e) => [
    e.seq,
    e.atMs,
    indexOf(kinds, e.kind),
    indexOf(actors, defang(e.actor)),
    defang(instanceOf(e)),
    e.cause ?? -1,
    defang(details(e)),
  ]);
  const data = { k: kinds, a: actors, e: rows, total: history.events.length };
  // Inside a script element only "<" can end it early: escape every one.
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<script type="application/json" class="history" data-s="${esc(key)}">${json}</script>`;
}

/** An evidence event id as a link to its row in the scenario's event table. */
export function eventLink(key: string, seq: number): string {
  return `<a class="ev" href="#e-${esc(key)}-${seq}" data-s="${esc(key)}" data-seq="${seq}">${seq}</a>`;
}

/** The evidence events of a verdict as links (the first 20, then a count). */
export function eventLinks(key: string, seqs: readonly number[]): string {
  const shown = seqs.slice(0, 20).map((seq) => eventLink(key, seq));
  return shown.join(", ") + (seqs.length > 20 ? `, … (${seqs.length})` : "");
}

/** The event table's frame for one scenario: filters by instance and kind, rows filled in by the page's script. */
export function eventTable(key: string, scenario: ScenarioRecord, embedded: boolean): string {
  if (!embedded) return `<p class="muted">No history kept for this scenario${scenario.status === "error" ? " (it did not run)" : ""}.</p>`;
  const file = esc(scenario.history?.file ?? "events.ndjson");
  return (
    `<div class="events" data-s="${esc(key)}"><div class="event-filters">` +
    `<label>instance <select class="f-instance"><option value="">all</option></select></label> ` +
    `<label>kind <select class="f-kind"><option value="">all</option></select></label> ` +
    `<span class="muted count"></span> <span class="muted">· every event is in ${file}</span></div>` +
    `<table class="event-table"><thead><tr><th class="num">#</th><th>time</th><th>kind</th><th>actor</th><th>instance</th>` +
    `<th>cause</th><th>details</th></tr></thead><tbody></tbody></table></div>`
  );
}
