// The session's metrics: one row per completed run, so a 1-worker "memory" run
// and an all-workers "time" run can be compared, and a profile of each run's tasks.

import { formatBytes, formatCount, formatMBps, formatMiB, formatSeconds } from "../format";
import type { PlannedTask } from "../plan";
import type { ResultDocument } from "../protocol";
import { append, clear, el, table } from "./dom";
import { profileSummary, stageTable, stagesSvg, timelineSvg, workerTable, type TextTable } from "./timeline";

export interface RunRecord {
  number: number;
  document: ResultDocument;
  /** The planned tasks, for the byte ranges in the profile. */
  tasks: PlannedTask[];
  /** Epoch ms when the first task was handed out. */
  startedAt: number;
  /** The engine's merge, and scan plus merge, in seconds (measured by the page). */
  mergeSeconds?: number;
  totalSeconds?: number;
  /** Wasm memory of the merging worker (bytes). */
  mergePeakMemory?: number;
}

const MiB = 1024 * 1024;

/** The sentiment pipeline's stage times (engine time summed over workers), or "–". */
function stagesText(doc: ResultDocument): string {
  if (doc.recipe !== "sentiment") return "–";
  return doc.results.exploration.stages.map((s) => `${s.stage} ${formatSeconds(s.seconds)}`).join(" · ");
}

/** An SVG built as a string by views/timeline.ts (its data escaped), as a node. */
function svgNode(markup: string): Node {
  const parsed = new DOMParser().parseFromString(markup, "image/svg+xml");
  return document.importNode(parsed.documentElement, true);
}

function textTable(testid: string, label: string, t: TextTable): HTMLTableElement {
  return table(testid, label, t.columns, t.rows);
}

/** The run profile of one run: the timeline per worker, the per-worker table,
 *  the stage times and every task. The latest run's is open. */
function runProfile(run: RunRecord, open: boolean): HTMLElement {
  const m = run.document.metrics;
  const tasks = m.tasks ?? [];
  const byKey = new Map(run.tasks.map((t) => [`${t.task.input.index}:${t.task.range.index}`, t]));
  const names = run.document.inputs.map((i) => i.name);
  const sorted = tasks.slice().sort((a, b) => a.startMs - b.startMs || a.worker - b.worker);
  const stages = stageTable(m.stages);
  return el(
    "details",
    { class: "profile", testid: `run-profile-${run.number}`, attrs: { open } },
    el("summary", null, `Run profile #${run.number}: ${profileSummary(m)}`),
    el(
      "p",
      { class: "note" },
      "Each lane is a worker; each bar a task (a byte range of a file, or a share of a folder's files) from its start to its end, coloured by file; gaps are idle time; the orange bar is the merge. Hover or focus a bar for its file, range, bytes, records, read and engine time and peak memory.",
    ),
    tasks.length
      ? el(
          "figure",
          { class: "run-timeline", testid: `run-timeline-${run.number}` },
          svgNode(timelineSvg(m, { names, title: `Run ${run.number}`, rangeText: (s) => rangeText(byKey.get(`${s.input}:${s.range}`)) })),
        )
      : el("p", { class: "note" }, "This document has no task profile."),
    el("h4", null, "Workers"),
    el(
      "p",
      { class: "note" },
      "Busy: time inside tasks, and its share of the scan (first task start to last task end); idle: the rest of the scan. Bytes: the file bytes of the worker's ranges (a range reads on past its end to finish its last record; those bytes belong to the next range), so they add up to the files' sizes; a gzip file counts its compressed bytes. Peak: the largest wasm memory of the worker while reading.",
    ),
    el("div", { class: "scroll" }, textTable(`run-workers-${run.number}`, `Workers of run ${run.number}`, workerTable(m))),
    el("h4", null, "Stages"),
    stages.rows.length
      ? el(
          "div",
          { testid: `run-stages-${run.number}` },
          svgNode(stagesSvg(m.stages)),
          el("div", { class: "scroll" }, textTable(`run-stages-table-${run.number}`, `Stage times of run ${run.number}`, stages)),
        )
      : el("p", { class: "note" }, "This document has no stage times."),
    el(
      "details",
      null,
      el("summary", null, `Every task (${formatCount(tasks.length)})`),
      el(
        "div",
        { class: "scroll" },
        table(
          `profile-table-${run.number}`,
          `Tasks of run ${run.number}`,
          [
            { label: "Worker", numeric: true },
            { label: "File" },
            { label: "Range (bytes)" },
            { label: "Bytes", numeric: true },
            { label: "Start ms", numeric: true },
            { label: "ms", numeric: true },
            { label: "Reading ms", numeric: true },
            { label: "Engine ms", numeric: true },
            { label: "Records", numeric: true },
            { label: "Peak MiB", numeric: true },
          ],
          sorted.map((s) => [
            s.worker + 1,
            names[s.input] ?? String(s.input),
            rangeText(byKey.get(`${s.input}:${s.range}`)),
            formatCount(s.bytes),
            // A task restored from a checkpoint ran in an earlier attempt.
            s.restored ? "restored" : formatCount(s.startMs - run.startedAt),
            formatCount(s.endMs - s.startMs),
            formatCount(s.readMs),
            formatCount(s.engineMs),
            formatCount(s.records),
            formatMiB(s.peakMemory).replace(" MiB", ""),
          ]),
        ),
      ),
    ),
  );
}

function rangeText(t: PlannedTask | undefined): string {
  if (!t) return "";
  const { start, end } = t.task.range;
  if (start === 0 && end === -1) return "whole file";
  return `${formatCount(start)} – ${end === -1 ? "end" : formatCount(end)}`;
}

export function renderMetrics(root: HTMLElement, runs: RunRecord[]): void {
  clear(root);
  root.hidden = runs.length === 0;
  if (runs.length === 0) return;
  const rows = runs.map((run) => {
    const m = run.document.metrics;
    const mbps = m.bytesPerSecond ?? (m.seconds > 0 ? m.bytes / m.seconds : 0);
    return [
      run.number,
      run.document.recipe,
      run.document.inputs.map((i) => i.name).join(", "),
      formatCount(m.workers),
      formatBytes(m.bytes),
      formatSeconds(m.seconds),
      run.mergeSeconds === undefined ? "–" : formatSeconds(run.mergeSeconds),
      run.totalSeconds === undefined ? "–" : formatSeconds(run.totalSeconds),
      formatMBps(mbps),
      (m.peakMemoryBytes / MiB).toFixed(1),
      run.mergePeakMemory ? (run.mergePeakMemory / MiB).toFixed(1) : "–",
      formatCount(m.records),
      formatCount(m.rejected),
      stagesText(run.document),
    ];
  });
  const profiles = runs
    .slice()
    .reverse()
    .map((run, i) => runProfile(run, i === 0));
  append(
    root,
    el("h2", null, "Metrics of this session"),
    el(
      "p",
      { class: "note" },
      "One row per completed run. Seconds: from the first range handed to a worker to the last partial result (engine start-up and merge excluded); merge: the engine merging the partial results into the document (for engagement, where sessions, retention and percentiles are computed); total: both. MB/s: file bytes (compressed for gzip) per second of reading, 1 MB = 10⁶ bytes. Peak memory: the largest wasm linear memory of any one worker while reading; merge memory: the wasm memory of the worker that merged. Stages: the sentiment pipeline's engine time in its bronze, silver and gold stages, summed over workers.",
    ),
    el(
      "div",
      { class: "scroll" },
      table(
        "metrics-table",
        "Metrics per run",
        [
          { label: "Run", numeric: true },
          { label: "Recipe" },
          { label: "Files" },
          { label: "Workers", numeric: true },
          { label: "Bytes", numeric: true },
          { label: "Seconds", numeric: true },
          { label: "Merge s", numeric: true },
          { label: "Total s", numeric: true },
          { label: "MB/s", numeric: true },
          { label: "Peak wasm MiB / worker", numeric: true },
          { label: "Merge wasm MiB", numeric: true },
          { label: "Records", numeric: true },
          { label: "Rejected", numeric: true },
          { label: "Stages (engine s)" },
        ],
        rows,
      ),
    ),
    ...profiles,
  );
}
