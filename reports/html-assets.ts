// The inline stylesheet of report.html. Nothing here loads anything: no fonts, no URLs.

/** The report's stylesheet (light and dark). */
export const STYLE = `
:root { --fg:#1d2330; --muted:#5b6475; --bg:#ffffff; --panel:#f4f6fa; --line:#d9dee8;
  --pass:#1f9d55; --fail:#d63b3b; --inconclusive:#b7791f; --waived:#c9a400; --skipped:#8a94a6; --error:#8e44ad; }
@media (prefers-color-scheme: dark) { :root { --fg:#e6e9ef; --muted:#a3acbd; --bg:#14171d; --panel:#1d222b; --line:#2e3542; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1360px; padding: 0 20px 40px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 20px; margin: 0; }
h2 { font-size: 17px; margin: 14px 0 6px; border-bottom: 1px solid var(--line); padding-bottom: 3px; }
h2 .muted { font-size: 12px; font-weight: 400; }
header.verdict { margin: 8px 0 6px; padding: 8px 16px; border-radius: 8px; border-left: 8px solid var(--pass); background: var(--panel); }
header.v-1, header.v-2 { border-left-color: var(--fail); }
header.v-3 { border-left-color: var(--inconclusive); }
.meta { color: var(--muted); margin: 4px 0 0; }
nav { margin: 0 0 4px; }
nav a { margin-right: 14px; color: inherit; }
header nav { margin: 6px 0 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
table.matrix th, table.matrix td { padding: 0 6px; vertical-align: middle; line-height: 19px; }
table.matrix td { min-width: 120px; }
.cell { display: inline-block; margin: 1px 2px; padding: 0 6px; border-radius: 4px; font: 12px/17px ui-monospace, monospace;
  border: 1px solid var(--line); text-decoration: none; color: inherit; }
.cell.changed { outline: 2px solid var(--fg); }
.s-pass { background: color-mix(in srgb, var(--pass) 18%, transparent); }
.s-fail { background: color-mix(in srgb, var(--fail) 25%, transparent); font-weight: 700; }
.s-inconclusive { background: color-mix(in srgb, var(--inconclusive) 20%, transparent); }
.s-waived { background: color-mix(in srgb, var(--waived) 25%, transparent); }
.s-skipped { background: color-mix(in srgb, var(--skipped) 15%, transparent); }
.s-error { background: color-mix(in srgb, var(--error) 25%, transparent); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.card { border: 1px solid var(--line); border-left: 6px solid var(--fail); border-radius: 6px; padding: 8px 12px; margin: 10px 0;
  background: var(--panel); }
.card.waived { border-left-color: var(--waived); }
.card .requirement { margin: 2px 0; }
.card pre { margin: 4px 0; }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font: 11px/16px system-ui, sans-serif; border: 1px solid var(--line);
  color: var(--muted); vertical-align: middle; }
.badge.src-account { border-color: var(--pass); color: var(--pass); }
.badge.src-model { border-color: var(--inconclusive); color: var(--inconclusive); }
.refs { color: var(--muted); font-size: 12px; }
details.fold > summary { cursor: pointer; color: var(--muted); padding: 3px 0; }
.events .event-filters { margin: 6px 0; }
.events select { font: inherit; }
table.event-table td { font: 12px/1.35 ui-monospace, monospace; }
table.event-table tr.same td { background: color-mix(in srgb, var(--inconclusive) 12%, transparent); }
table.event-table tr.hit td { background: color-mix(in srgb, var(--fail) 22%, transparent); font-weight: 700; }
table.event-table tbody tr { cursor: pointer; }
a.ev { font: 12px ui-monospace, monospace; }
dl.environment { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; }
dl.environment dt { color: var(--muted); }
dl.environment dd { margin: 0; font: 12px/1.6 ui-monospace, monospace; word-break: break-all; }
.changes li { margin: 2px 0; }
pre { white-space: pre-wrap; word-break: break-word; margin: 6px 0; font: 12px/1.4 ui-monospace, monospace; }
code { font: 12px ui-monospace, monospace; white-space: nowrap; }
details.scenario { border: 1px solid var(--line); border-radius: 6px; margin: 8px 0; padding: 4px 10px; }
details.scenario > summary { cursor: pointer; padding: 4px 0; }
.muted { color: var(--muted); }
.filters button { margin: 0 4px 8px 0; padding: 3px 10px; border: 1px solid var(--line); border-radius: 4px; background: var(--panel);
  color: inherit; cursor: pointer; }
.filters button[aria-pressed="true"] { outline: 2px solid var(--fg); }
figure { margin: 8px 0; }
figcaption { color: var(--muted); font-size: 12px; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 6px 0; background: var(--bg); }
svg .axis, svg .tick { stroke: var(--muted); stroke-width: 1; }
svg .label { fill: var(--muted); font: 10px system-ui, sans-serif; }
svg .capacity { fill: none; stroke-width: 2; }
svg .chaos { stroke: var(--fail); stroke-width: 1.5; }
svg .chaos.no-effect { stroke: var(--skipped); stroke-dasharray: 3 3; }
svg .run-start { stroke: var(--muted); stroke-dasharray: 2 2; }
svg .life { fill: #7a8aa8; }
svg .life.vm-pet { fill: #8d6e63; }
svg .life.vm-cattle { fill: #2f6fdb; }
svg .life.vm-immutable { fill: #1f9d6b; }
svg .life.vm-untagged { fill: #b7791f; }
svg .over-age { fill: var(--fail); }
svg .age-limit { stroke: var(--muted); stroke-width: 1; }
svg .age-limit.strict { stroke: var(--fail); stroke-width: 1.5; }
svg .cursor { stroke: var(--fg); stroke-width: 1.5; stroke-dasharray: 4 2; }
svg.has-hl .life:not(.hl) { opacity: 0.3; }
svg .life.hl { stroke: var(--fg); stroke-width: 1.5; }
svg .instance-label.hl { fill: var(--fg); font-weight: 700; }
`;
