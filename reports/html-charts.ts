import { DAY_MS, formatDuration, type ScenarioRecord } from "../core/index.ts";
import { esc } from "./html-text.ts";

type Timeline = NonNullable<ScenarioRecord["timeline"]>;

/** The age limit immutable instances are drawn against (DESIGN.md: nothing runs longer than 28 days). */
const AGE_LIMIT_MS = 28 * DAY_MS;
const WIDTH = 960;
const LEFT = 64;
const RIGHT = 16;
const PALETTE = ["#2f6fdb", "#d9822b", "#1f9d6b", "#9b59b6", "#c0392b", "#16a2b8", "#7f8c8d", "#b8860b"];

/**
 * The chart's size and time frame: a viewBox drawn at the page's width (responsive), and the
 * virtual-time span the page's script places an event cursor on.
 */
function frame(fromMs: number, toMs: number, height: number, top: number, bottom: number): string {
  return (
    `viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" ` +
    `data-from-ms="${fromMs}" data-to-ms="${toMs}" data-x0="${LEFT}" data-x1="${WIDTH - RIGHT}" data-top="${top}" data-bottom="${bottom}"`
  );
}

/** The marker the page's script moves to the time of a selected event (hidden until then). */
function cursorLine(top: number, bottom: number): string {
  return `<line class="cursor" x1="0" y1="${top}" x2="0" y2="${bottom}" visibility="hidden"/>`;
}

/** Maps virtual ms to x pixels over [fromMs, toMs]. */
function xScale(fromMs: number, toMs: number): (ms: number) => number {
  const span = Math.max(1, toMs - fromMs);
  return (ms) => Math.round((LEFT + ((ms - fromMs) / span) * (WIDTH - LEFT - RIGHT)) * 10) / 10;
}

function timeAxis(fromMs: number, toMs: number, x: (ms: number) => number, y: number): string {
  const ticks: string[] = [`<line class="axis" x1="${LEFT}" y1="${y}" x2="${WIDTH - RIGHT}" y2="${y}"/>`];
  for (let i = 0; i <= 4; i++) {
    const ms = fromMs + ((toMs - fromMs) * i) / 4;
    const label = ms === 0 ? "0" : formatDuration(ms);
    ticks.push(
      `<line class="tick" x1="${x(ms)}" y1="${y}" x2="${x(ms)}" y2="${y + 4}"/>` +
        `<text class="label" x="${x(ms)}" y="${y + 15}" text-anchor="middle">${esc(label)}</text>`,
    );
  }
  return ticks.join("");
}

/**
 * Healthy capacity per group over the run as step lines, with a vertical mark per chaos step
 * (solid when it took effect, dashed when it did nothing).
 */
export function capacityChart(timeline: Timeline, scenarioName: string): string {
  const groups = Object.entries(timeline.capacity);
  const height = 170;
  const top = 12;
  const bottom = height - 34;
  const max = Math.max(1, ...groups.flatMap(([, points]) => points.map(([, n]) => n)));
  const x = xScale(0, timeline.runMs);
  const y = (n: number) => Math.round(bottom - (n / max) * (bottom - top));
  const parts: string[] = [timeAxis(0, timeline.runMs, x, bottom)];
  parts.push(
    `<text class="label" x="${LEFT - 6}" y="${y(max) + 4}" text-anchor="end">${max}</text>` +
      `<text class="label" x="${LEFT - 6}" y="${bottom}" text-anchor="end">0</text>`,
  );
  groups.forEach(([group, points], i) => {
    if (points.length === 0) return;
    let d = `M${x(points[0]?.[0] ?? 0)} ${y(points[0]?.[1] ?? 0)}`;
    for (const [atMs, n] of points.slice(1)) d += ` H${x(atMs)} V${y(n)}`;
    d += ` H${x(timeline.runMs)}`;
    const color = PALETTE[i % PALETTE.length] ?? "#333";
    parts.push(`<path class="capacity" d="${d}" stroke="${color}"><title>${esc(`${group}: healthy instances over time`)}</title></path>`);
    parts.push(
      `<rect x="${LEFT + 8 + i * 110}" y="${height - 12}" width="10" height="10" fill="${color}"/>` +
        `<text class="label" x="${LEFT + 22 + i * 110}" y="${height - 3}">${esc(group)}</text>`,
    );
  });
  for (const mark of timeline.chaos) {
    const title = `${formatDuration(mark.atMs)}: ${mark.spec}${mark.tookEffect ? "" : " (no effect)"}`;
    parts.push(
      `<line class="chaos${mark.tookEffect ? "" : " no-effect"}" x1="${x(mark.atMs)}" y1="${top - 6}" ` +
        `x2="${x(mark.atMs)}" y2="${bottom}"><title>${esc(title)}</title></line>`,
    );
  }
  parts.push(cursorLine(top - 6, bottom));
  const label = esc(`Healthy capacity over time, ${scenarioName}`);
  const attributes = `${frame(0, timeline.runMs, height, top, bottom)} aria-label="${label}"`;
  return `<svg class="chart capacity-chart" role="img" ${attributes}>${parts.join("")}</svg>`;
}

/**
 * Instance lifetimes as bars on a time axis (backdated instances start before the run), with
 * each instance's 28-day mark: the part of an immutable instance's life past it is red.
 */
export function lifetimeChart(timeline: Timeline, scenarioName: string): string {
  const lives = timeline.lifetimes;
  const rowPx = Math.max(3, Math.min(14, Math.floor(420 / Math.max(1, lives.length))));
  // Every row is labelled while labels fit (10 px text); past that, every n-th row.
  const labelEvery = Math.max(1, Math.ceil(10 / rowPx));
  const top = 8;
  const bottom = top + lives.length * rowPx + 4;
  const height = bottom + 34;
  const fromMs = Math.min(0, ...lives.map((l) => l[3]));
  const x = xScale(fromMs, timeline.runMs);
  const parts: string[] = [timeAxis(fromMs, timeline.runMs, x, bottom)];
  if (fromMs < 0)
    parts.push(`<line class="run-start" x1="${x(0)}" y1="${top}" x2="${x(0)}" y2="${bottom}"><title>run start</title></line>`);
  lives.forEach(([id, group, vmType, createdAtMs, endMs], i) => {
    const y = top + i * rowPx;
    const h = Math.max(2, rowPx - 1);
    const limitMs = createdAtMs + AGE_LIMIT_MS;
    const tip =
      `${id} (${group || "no group"}, ${vmType}): ` +
      `${formatDuration(endMs - createdAtMs)} from ${formatDuration(createdAtMs)} to ${formatDuration(endMs)}`;
    const lifeWidth = Math.max(1, Math.round((x(endMs) - x(createdAtMs)) * 10) / 10);
    parts.push(
      `<rect class="life vm-${esc(vmType)}" data-instance="${esc(id)}" x="${x(createdAtMs)}" y="${y}" width="${lifeWidth}" height="${h}">` +
        `<title>${esc(tip)}</title></rect>`,
    );
    if (i % labelEvery === 0)
      parts.push(
        `<text class="label instance-label" data-instance="${esc(id)}" x="${LEFT - 4}" y="${y + h / 2 + 3.5}" text-anchor="end">` +
          `${esc(id)}</text>`,
      );
    if (vmType === "immutable" && endMs > limitMs) {
      const overWidth = Math.max(1, Math.round((x(endMs) - x(limitMs)) * 10) / 10);
      const overTip = `${id} past 28 days by ${formatDuration(endMs - limitMs)}`;
      parts.push(
        `<rect class="over-age" data-instance="${esc(id)}" x="${x(limitMs)}" y="${y}" width="${overWidth}" height="${h}">` +
          `<title>${esc(overTip)}</title></rect>`,
      );
    }
    if (limitMs <= timeline.runMs) {
      const strict = vmType === "immutable" ? " strict" : "";
      parts.push(`<line class="age-limit${strict}" x1="${x(limitMs)}" y1="${y - 1}" x2="${x(limitMs)}" y2="${y + h + 1}"/>`);
    }
  });
  parts.push(
    `<text class="label" x="${WIDTH - RIGHT}" y="${height - 3}" text-anchor="end">` +
      `${lives.length} instances · tick = 28-day line · red = immutable past 28 days</text>`,
  );
  parts.push(cursorLine(top, bottom));
  const label = esc(`Instance lifetimes against the 28-day line, ${scenarioName}`);
  const attributes = `${frame(fromMs, timeline.runMs, height, top, bottom)} aria-label="${label}"`;
  return `<svg class="chart lifetime-chart" role="img" ${attributes}>${parts.join("")}</svg>`;
}
