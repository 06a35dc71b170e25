// The run profile: where a run's time went, per worker and per stage, in the
// spirit of Spark's stage and task views. Everything here is a pure function of
// the result document's metrics (tasks, stages, merge), with no DOM, so the page
// (views/metrics.ts) and the static report (report/html.ts) draw the same
// timeline from the same numbers. The timeline is an SVG string: every string
// from the data goes through escapeXml, so a file name is text, never markup.

import { formatBytes, formatCount, formatDuration, formatMiB, formatShare } from "../format";
import type { RunMetrics, RunStages, WorkerStats } from "../protocol";

/** What one worker did over the run's scan. */
export interface WorkerSummary {
  /** 0-based, as in WorkerStats.worker. */
  worker: number;
  tasks: number;
  bytes: number;
  records: number;
  /** Time inside the worker's tasks (overlaps counted once). */
  busyMs: number;
  /** The scan's span minus busyMs: waiting for the next task, or done early. */
  idleMs: number;
  /** busyMs / the scan's span (0 when the span is 0). */
  busyShare: number;
  readMs: number;
  engineMs: number;
  /** The largest peakMemory of its tasks (wasm linear memory; 0 when unknown). */
  peakMemory: number;
}

/** The scan: from the first task's start to the last task's end. */
export interface ScanSpan {
  startMs: number;
  endMs: number;
  spanMs: number;
}

export function scanSpan(tasks: readonly WorkerStats[]): ScanSpan {
  if (tasks.length === 0) return { startMs: 0, endMs: 0, spanMs: 0 };
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const t of tasks) {
    startMs = Math.min(startMs, t.startMs);
    endMs = Math.max(endMs, t.endMs);
  }
  return { startMs, endMs, spanMs: Math.max(0, endMs - startMs) };
}

/** Length of the union of [start, end) intervals. */
function unionMs(intervals: [number, number][]): number {
  const sorted = intervals.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let from = -Infinity;
  let to = -Infinity;
  for (const [a, b] of sorted) {
    if (a > to) {
      if (to > from) total += to - from;
      from = a;
      to = b;
    } else {
      to = Math.max(to, b);
    }
  }
  if (to > from) total += to - from;
  return total;
}

/** One summary per worker, 0 .. workers-1 (a worker that got no task is all
 *  idle), plus any worker a task names beyond that. */
export function summarizeWorkers(tasks: readonly WorkerStats[], workers: number): WorkerSummary[] {
  const lanes = tasks.reduce((n, t) => Math.max(n, t.worker + 1), workers);
  const { spanMs } = scanSpan(tasks);
  const out: WorkerSummary[] = [];
  for (let w = 0; w < lanes; w++) {
    const mine = tasks.filter((t) => t.worker === w);
    const busyMs = unionMs(mine.map((t) => [t.startMs, t.endMs]));
    out.push({
      worker: w,
      tasks: mine.length,
      bytes: mine.reduce((n, t) => n + t.bytes, 0),
      records: mine.reduce((n, t) => n + t.records, 0),
      busyMs,
      idleMs: Math.max(0, spanMs - busyMs),
      busyShare: spanMs > 0 ? Math.min(1, busyMs / spanMs) : 0,
      readMs: mine.reduce((n, t) => n + t.readMs, 0),
      engineMs: mine.reduce((n, t) => n + t.engineMs, 0),
      peakMemory: mine.reduce((n, t) => Math.max(n, t.peakMemory), 0),
    });
  }
  return out;
}

/** A bar of the timeline: one task, or consecutive tasks of one worker drawn
 *  as one when there are too many to draw apart (see timelineBars). */
export interface TimelineBar {
  worker: number;
  startMs: number;
  endMs: number;
  tasks: WorkerStats[];
}

/**
 * The bars of the timeline. Up to maxBars tasks, one bar each. Past that,
 * neighbouring tasks of a worker whose gap is under a threshold become one bar;
 * the threshold starts at two pixels' worth of time and doubles until the bars
 * fit, so the idle gaps that remain visible are the longest ones.
 */
export function timelineBars(tasks: readonly WorkerStats[], maxBars: number, msPerPixel: number): TimelineBar[] {
  const lanes = new Map<number, WorkerStats[]>();
  for (const t of tasks) {
    const lane = lanes.get(t.worker) ?? [];
    lane.push(t);
    lanes.set(t.worker, lane);
  }
  for (const lane of lanes.values()) lane.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const group = (gapMs: number): TimelineBar[] => {
    const bars: TimelineBar[] = [];
    for (const [worker, lane] of [...lanes.entries()].sort((a, b) => a[0] - b[0])) {
      let bar: TimelineBar | null = null;
      for (const t of lane) {
        if (bar && t.startMs - bar.endMs < gapMs) {
          bar.endMs = Math.max(bar.endMs, t.endMs);
          bar.tasks.push(t);
          continue;
        }
        bar = { worker, startMs: t.startMs, endMs: t.endMs, tasks: [t] };
        bars.push(bar);
      }
    }
    return bars;
  };
  if (tasks.length <= maxBars) return group(-Infinity);
  let gapMs = Math.max(msPerPixel * 2, 1e-3);
  let bars = group(gapMs);
  while (bars.length > maxBars && gapMs < Number.MAX_SAFE_INTEGER) {
    gapMs *= 2;
    bars = group(gapMs);
  }
  return bars;
}

/** Round steps for a time axis: about `count` ticks over spanMs. */
export function timeTicks(spanMs: number, count = 6): number[] {
  if (!(spanMs > 0)) return [0];
  const raw = spanMs / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = 0; v <= spanMs + step * 1e-9; v += step) ticks.push(Math.round(v * 1e6) / 1e6);
  return ticks;
}

function tickLabel(ms: number, spanMs: number): string {
  if (spanMs < 2000) return `${formatCount(ms)} ms`;
  return `${(ms / 1000).toFixed(spanMs < 20_000 ? 1 : 0)} s`;
}

/** Text for XML or HTML content and double- or single-quoted attributes
 *  (the static report, report/html.ts, uses it too). */
export function escapeXml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** This attempt's tasks, and those a resumed run restored from its checkpoint
 *  (their times are an earlier attempt's, so they are left off the timeline and
 *  the per-worker figures). */
export function splitRestored(tasks: readonly WorkerStats[] | undefined): { live: WorkerStats[]; restored: WorkerStats[] } {
  const live: WorkerStats[] = [];
  const restored: WorkerStats[] = [];
  for (const t of tasks ?? []) (t.restored ? restored : live).push(t);
  return { live, restored };
}

/** The run-profile fields of a document's metrics. */
export type ProfileMetrics = Pick<RunMetrics, "engine" | "workers" | "tasks" | "stages" | "merge">;

export interface TimelineOptions {
  /** File names by input index (the document's inputs). */
  names: readonly string[];
  /** Extra text for a task's range (the page knows its byte offsets). */
  rangeText?: (t: WorkerStats) => string;
  /** Used in the SVG's label. */
  title?: string;
  width?: number;
  maxBars?: number;
}

// Colours: one per input file (cycled), the merge apart.
const FILE_COLOURS = ["#3f6f9f", "#6b9b5e", "#8a6bb0", "#b07a3b", "#4f9a9a", "#a35d72"];
const MERGE_COLOUR = "#d9822b";
const LANE_HEIGHT = 22;
const LANE_GAP = 6;
const LABEL_WIDTH = 86;
const AXIS_HEIGHT = 22;
export const DEFAULT_MAX_BARS = 120;

function describeTask(t: WorkerStats, opts: TimelineOptions, engine: string): string {
  const name = opts.names[t.input] ?? `input ${t.input + 1}`;
  const range = opts.rangeText?.(t);
  const parts = [
    `${name}, range ${t.range + 1}${range ? ` (${range})` : ""}`,
    `worker ${t.worker + 1}`,
    `${formatDuration(t.endMs - t.startMs)}`,
    `${formatBytes(t.bytes)}`,
    `${formatCount(t.records)} records`,
    `read ${formatCount(t.readMs)} ms`,
    `engine ${formatCount(t.engineMs)} ms`,
  ];
  if (t.peakMemory > 0) parts.push(`peak ${engine === "wasm" ? "wasm " : ""}memory ${formatMiB(t.peakMemory)}`);
  return parts.join(" · ");
}

function describeGroup(bar: TimelineBar): string {
  const busy = unionMs(bar.tasks.map((t) => [t.startMs, t.endMs]));
  const sum = (f: (t: WorkerStats) => number) => bar.tasks.reduce((n, t) => n + f(t), 0);
  return [
    `${formatCount(bar.tasks.length)} tasks drawn as one bar`,
    `worker ${bar.worker + 1}`,
    `${formatDuration(bar.endMs - bar.startMs)} (idle inside ${formatDuration(bar.endMs - bar.startMs - busy)})`,
    formatBytes(sum((t) => t.bytes)),
    `${formatCount(sum((t) => t.records))} records`,
    `read ${formatCount(sum((t) => t.readMs))} ms`,
    `engine ${formatCount(sum((t) => t.engineMs))} ms`,
  ].join(" · ");
}

/**
 * The timeline as an SVG string: one lane per worker (a lane for the merge
 * when it ran on no worker), a bar per task from its start to its end over a
 * pale lane, so idle time shows as gaps, and the merge as an orange bar. Each
 * bar is focusable, with its details as its title and accessible name.
 */
export function timelineSvg(m: ProfileMetrics, opts: TimelineOptions): string {
  const tasks = splitRestored(m.tasks).live;
  const workers = tasks.reduce((n, t) => Math.max(n, t.worker + 1), Math.max(1, m.workers));
  const merge = m.merge && typeof m.merge.endMs === "number" ? { ...m.merge, endMs: m.merge.endMs } : null;
  const mergeLane = merge && (merge.worker < 0 || merge.worker >= workers) ? workers : null;
  const lanes = workers + (mergeLane === null ? 0 : 1);
  const width = opts.width ?? 880;
  const plotWidth = width - LABEL_WIDTH - 12;
  const scan = scanSpan(tasks);
  const originMs = Math.min(scan.startMs, merge ? merge.startMs : Infinity);
  const endMs = Math.max(scan.endMs, merge ? merge.endMs : -Infinity);
  const spanMs = Math.max(endMs - originMs, 1e-3);
  const x = (ms: number) => LABEL_WIDTH + ((ms - originMs) / spanMs) * plotWidth;
  const laneY = (lane: number) => AXIS_HEIGHT + lane * (LANE_HEIGHT + LANE_GAP);
  const height = laneY(lanes) + 4;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="rp-timeline" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ` +
      `style="max-width:100%;height:auto;font:11px system-ui,sans-serif" role="group" ` +
      `aria-label="${escapeXml(`${opts.title ?? "Run"} timeline: one lane per worker, a bar per task; gaps are idle time`)}">`,
    `<style>.rp-bar:focus{outline:none}.rp-bar:focus rect,.rp-bar:hover rect{stroke:#111;stroke-width:2}</style>`,
  );
  // Axis: ticks from the first start.
  for (const t of timeTicks(spanMs)) {
    const tx = x(originMs + t);
    out.push(
      `<line x1="${tx.toFixed(1)}" x2="${tx.toFixed(1)}" y1="${AXIS_HEIGHT - 4}" y2="${height - 4}" stroke="#d9dee4"/>` +
        `<text x="${tx.toFixed(1)}" y="${AXIS_HEIGHT - 8}" text-anchor="middle" fill="#5b6570">${escapeXml(tickLabel(t, spanMs))}</text>`,
    );
  }
  for (let lane = 0; lane < lanes; lane++) {
    const y = laneY(lane);
    const label = lane === mergeLane ? "merge" : `Worker ${lane + 1}`;
    out.push(
      `<g class="rp-lane" data-lane="${lane === mergeLane ? "merge" : lane}">` +
        `<text x="${LABEL_WIDTH - 8}" y="${y + LANE_HEIGHT / 2 + 4}" text-anchor="end" fill="#1d232b">${label}</text>` +
        `<rect x="${LABEL_WIDTH}" y="${y}" width="${plotWidth}" height="${LANE_HEIGHT}" fill="#eef1f4"/></g>`,
    );
  }
  const bars = timelineBars(tasks, opts.maxBars ?? DEFAULT_MAX_BARS, spanMs / plotWidth);
  for (const bar of bars) {
    const y = laneY(bar.worker);
    const x0 = x(bar.startMs);
    const w = Math.max(1, x(bar.endMs) - x0);
    const single = bar.tasks.length === 1 ? bar.tasks[0]! : null;
    const text = single ? describeTask(single, opts, m.engine) : describeGroup(bar);
    const colour = FILE_COLOURS[(single?.input ?? bar.tasks[0]!.input) % FILE_COLOURS.length];
    out.push(
      `<g class="rp-bar" tabindex="0" role="img" aria-label="${escapeXml(text)}" data-worker="${bar.worker}" ` +
        `data-tasks="${bar.tasks.length}" data-bytes="${bar.tasks.reduce((n, t) => n + t.bytes, 0)}">` +
        `<title>${escapeXml(text)}</title>` +
        `<rect x="${x0.toFixed(2)}" y="${y + 2}" width="${w.toFixed(2)}" height="${LANE_HEIGHT - 4}" fill="${colour}"` +
        `${bar.tasks.length > 1 ? ' fill-opacity="0.75"' : ""} stroke="#fff" stroke-width="0.5"/></g>`,
    );
  }
  if (merge) {
    const lane = mergeLane ?? merge.worker;
    const y = laneY(lane);
    const x0 = x(merge.startMs);
    const w = Math.max(1, x(merge.endMs) - x0);
    const text = `merge · ${mergeLane === null ? `worker ${merge.worker + 1}` : "after every worker"} · ${formatDuration(merge.endMs - merge.startMs)}`;
    out.push(
      `<g class="rp-bar rp-merge" tabindex="0" role="img" aria-label="${escapeXml(text)}" data-worker="${lane === mergeLane ? "merge" : lane}">` +
        `<title>${escapeXml(text)}</title>` +
        `<rect x="${x0.toFixed(2)}" y="${y + 2}" width="${w.toFixed(2)}" height="${LANE_HEIGHT - 4}" fill="${MERGE_COLOUR}" stroke="#fff" stroke-width="0.5"/></g>`,
    );
  }
  out.push("</svg>");
  return out.join("");
}

/** A table as plain strings, for the page's table() and the report's HTML. */
export interface TextTable {
  columns: { label: string; numeric?: boolean }[];
  rows: string[][];
}

/** The per-worker table: tasks, bytes, records, busy and idle time, peak memory. */
export function workerTable(m: ProfileMetrics): TextTable {
  const summaries = summarizeWorkers(splitRestored(m.tasks).live, m.workers);
  const memory = m.engine === "wasm" ? "Peak wasm MiB" : "Peak MiB";
  return {
    columns: [
      { label: "Worker", numeric: true },
      { label: "Tasks", numeric: true },
      { label: "Bytes", numeric: true },
      { label: "Records", numeric: true },
      { label: "Busy ms", numeric: true },
      { label: "Busy", numeric: true },
      { label: "Idle ms", numeric: true },
      { label: "Read ms", numeric: true },
      { label: "Engine ms", numeric: true },
      { label: memory, numeric: true },
    ],
    rows: summaries.map((s) => [
      String(s.worker + 1),
      formatCount(s.tasks),
      formatCount(s.bytes),
      formatCount(s.records),
      formatCount(s.busyMs),
      formatShare(s.busyShare, 0),
      formatCount(s.idleMs),
      formatCount(s.readMs),
      formatCount(s.engineMs),
      s.peakMemory > 0 ? (s.peakMemory / (1024 * 1024)).toFixed(1) : "–",
    ]),
  };
}

/** The stages in the order a run goes through them, with what each measures. */
export const STAGES: { key: keyof RunStages; label: string; colour: string; meaning: string }[] = [
  { key: "readMs", label: "read", colour: "#7fa7cf", meaning: "waiting for the file's bytes (and gunzip), summed over workers" },
  {
    key: "parseAggregateMs",
    label: "parse + aggregate",
    colour: "#3f6f9f",
    meaning: "inside the engine: records found and parsed, and counted by the recipe, summed over workers",
  },
  { key: "mergeMs", label: "merge", colour: MERGE_COLOUR, meaning: "the engine merging the partial results into the document, in one worker" },
  { key: "renderMs", label: "render", colour: "#6b9b5e", meaning: "the page drawing the document's views" },
];

/** The stages present in the document, with their share of the stages' total. */
export function stageRows(stages: RunStages | undefined): { label: string; ms: number; share: number; meaning: string; colour: string }[] {
  if (!stages) return [];
  const present = STAGES.filter((s) => typeof stages[s.key] === "number").map((s) => ({ ...s, ms: Math.max(0, stages[s.key] ?? 0) }));
  const total = present.reduce((n, s) => n + s.ms, 0);
  return present.map((s) => ({ label: s.label, ms: s.ms, share: total > 0 ? s.ms / total : 0, meaning: s.meaning, colour: s.colour }));
}

export function stageTable(stages: RunStages | undefined): TextTable {
  return {
    columns: [{ label: "Stage" }, { label: "ms", numeric: true }, { label: "Share", numeric: true }, { label: "What it measures" }],
    rows: stageRows(stages).map((s) => [s.label, s.ms < 10 ? s.ms.toFixed(1) : formatCount(s.ms), formatShare(s.share, 0), s.meaning]),
  };
}

/** The stages as one stacked bar (SVG string), each part labelled when it fits. */
export function stagesSvg(stages: RunStages | undefined, width = 880): string {
  const rows = stageRows(stages);
  if (rows.length === 0) return "";
  const height = 26;
  const parts: string[] = [];
  let at = 0;
  for (const s of rows) {
    const w = s.share * width;
    const text = `${s.label}: ${s.ms < 10 ? s.ms.toFixed(1) : formatCount(s.ms)} ms (${formatShare(s.share, 0)})`;
    parts.push(
      `<g class="rp-stage" tabindex="0" role="img" aria-label="${escapeXml(text)}"><title>${escapeXml(text)}</title>` +
        `<rect x="${at.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="${height}" fill="${s.colour}" stroke="#fff" stroke-width="0.5"/>` +
        (w > text.length * 6 + 8 ? `<text x="${(at + 5).toFixed(2)}" y="17" fill="#fff">${escapeXml(text)}</text>` : "") +
        `</g>`,
    );
    at += w;
  }
  // A legend below the bar: the parts too narrow for their label still have a name.
  let lx = 0;
  for (const s of rows) {
    const text = `${s.label} ${s.ms < 10 ? s.ms.toFixed(1) : formatCount(s.ms)} ms`;
    parts.push(
      `<rect x="${lx}" y="${height + 7}" width="10" height="10" fill="${s.colour}"/>` +
        `<text x="${lx + 14}" y="${height + 16}" fill="#1d232b">${escapeXml(text)}</text>`,
    );
    lx += 14 + text.length * 6.5 + 18;
  }
  const total = height + 22;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="rp-stages" viewBox="0 0 ${width} ${total}" width="${width}" height="${total}" ` +
    `style="max-width:100%;height:auto;font:11px system-ui,sans-serif" role="group" aria-label="Stage times, stacked">` +
    `<style>.rp-stage:focus{outline:none}.rp-stage:focus rect{stroke:#111;stroke-width:2}</style>` +
    parts.join("") +
    `</svg>`
  );
}

/** One line on the run: tasks, workers, scan span, merge. */
export function profileSummary(m: ProfileMetrics): string {
  const { live, restored } = splitRestored(m.tasks);
  const scan = scanSpan(live);
  const merge = m.merge && typeof m.merge.endMs === "number" ? m.merge.endMs - m.merge.startMs : null;
  return (
    `${formatCount(live.length)} task${live.length === 1 ? "" : "s"} on ${m.workers} worker${m.workers === 1 ? "" : "s"} over ` +
    `${formatDuration(scan.spanMs)}` +
    (merge === null ? "" : `, then the merge (${formatDuration(merge)})`) +
    (restored.length
      ? `; ${formatCount(restored.length)} more task${restored.length === 1 ? "" : "s"} (${formatBytes(restored.reduce((n, t) => n + t.bytes, 0))}) restored from the checkpoint of an earlier attempt, not drawn`
      : "")
  );
}
