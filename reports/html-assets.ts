// The inline stylesheet and script of report.html. Nothing here loads anything: no fonts, no URLs.

/** The report's stylesheet (light and dark). */
export const STYLE = `
:root { --fg:#1d2330; --muted:#5b6475; --bg:#ffffff; --panel:#f4f6fa; --line:#d9dee8;
  --pass:#1f9d55; --fail:#d63b3b; --inconclusive:#b7791f; --waived:#c9a400; --skipped:#8a94a6; --error:#8e44ad; }
@media (prefers-color-scheme: dark) { :root { --fg:#e6e9ef; --muted:#a3acbd; --bg:#14171d; --panel:#1d222b; --line:#2e3542; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 0 20px 40px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 24px; margin: 0; }
h2 { font-size: 18px; margin: 28px 0 10px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
header.verdict { margin: 16px 0; padding: 14px 18px; border-radius: 8px; border-left: 8px solid var(--pass); background: var(--panel); }
header.v-1, header.v-2 { border-left-color: var(--fail); }
header.v-3 { border-left-color: var(--inconclusive); }
.meta { color: var(--muted); margin: 4px 0 0; }
nav a { margin-right: 14px; color: inherit; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
table.matrix td { min-width: 120px; }
.cell { display: inline-block; margin: 2px; padding: 2px 6px; border-radius: 4px; font: 12px ui-monospace, monospace;
  border: 1px solid var(--line); text-decoration: none; color: inherit; }
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
`;

/** The report's script: status filter for the control table, expand/collapse for scenarios. */
export const SCRIPT = `
(function () {
  var buttons = document.querySelectorAll("[data-filter]");
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var wanted = button.getAttribute("data-filter");
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b === button)); });
      document.querySelectorAll("#controls tbody tr").forEach(function (row) {
        row.hidden = wanted !== "all" && row.getAttribute("data-status") !== wanted;
      });
    });
  });
  var toggle = document.getElementById("toggle-scenarios");
  if (toggle) toggle.addEventListener("click", function () {
    var all = document.querySelectorAll("details.scenario");
    var open = Array.prototype.some.call(all, function (d) { return !d.open; });
    all.forEach(function (d) { d.open = open; });
  });
})();
`;
