// The static report: one self-contained HTML file built from the result
// document. No script runs in it (the only <script> is the document as
// application/json, for machines); every string from the data is escaped, so a
// tweet holding "<script>" or an SVG payload is text. It prints cleanly.

import type { WorkerStats } from "../protocol";
// escapeXml's output is also safe in HTML content and quoted attributes.
import { escapeXml as esc, profileSummary, stageTable, stagesSvg, timelineSvg, workerTable, type ProfileMetrics, type TextTable } from "../views/timeline";

/** A chart of the page, already serialized (see panel.ts: cloned, cleaned SVG). */
export interface ReportChart {
  title: string;
  svg: string;
}

/** An input as the report lists it: the document's input with its hash. */
export interface ReportInput {
  name: string;
  /** Hex SHA-256 of the file's bytes; "" when not computed (see note). */
  sha256: string;
  note?: string;
  /** Member files of a folder input, each with its hash. */
  members?: { name: string; bytes: number; sha256: string }[];
}

export interface ReportOptions {
  charts: ReportChart[];
  inputs: ReportInput[];
  generatedAt: Date;
  appVersion: string;
  /** Rows shown per table; the embedded document holds them all. */
  maxRows?: number;
}

export const DEFAULT_MAX_ROWS = 50;

/** JSON for a <script type="application/json">: "<" as \u003c, so no
 *  "</script>" or "<!--" in the data can end or bend the element. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

type Doc = Record<string, unknown> & { recipe?: string; version?: string };

const RECIPE_TITLES: Record<string, string> = {
  tweets: "Tweet insights",
  engagement: "Engagement",
  sentiment: "Sentiment pipeline",
  profile: "Data profile",
  evaluate: "Evaluation of predictions",
};

/** Short definitions behind the numbers, per recipe (the README has them all). */
const DEFINITIONS: Record<string, string[]> = {
  tweets: [
    "One tweet per NDJSON line or JSON array element; only top-level fields count (quoted and retweeted tweets are not counted).",
    "Days are UTC calendar days of the tweet's date; a timestamp without an offset is read in the run's time zone.",
    "Top days: the days with the most tweets, ties to the earlier day; each with its most active user (ties: byte-wise smaller name).",
    "Emojis are grapheme clusters in the text; mentions come from the mentions field, else @names in the text (see parameters).",
  ],
  engagement: [
    "DAU, WAU and MAU count distinct users with at least one event in the day, ISO week (Monday first) and month, in the run's time zone.",
    "A session ends when the gap between a user's events exceeds the session gap; an event is active when its duration lies between the active minimum and maximum.",
    "Retention: weekly cohorts by first activity; the share of the cohort active N weeks later. Power users: the top share of users by capped interaction time.",
    "Anomaly days: robust z (median and MAD) of DAU beyond the threshold.",
  ],
  sentiment: [
    "Silver: one row per @mention; gold adds the built-in VADER-style model's label (POS ≥ 0.05, NEG ≤ -0.05, else NEU) and a 50-100 confidence.",
    "Evaluation counts each tweet once: its given label against the model's, with precision, recall and F1 per class as scikit-learn's classification_report (zero_division=0).",
  ],
  profile: [
    "One card per column (CSV columns or top-level JSON keys, in input order): rows missing the field, JSON nulls, empty strings or cells, the inferred type, and histograms of numbers, lengths and dates.",
    "Distinct counts and top values are exact up to 10,000 distinct values; past that a HyperLogLog estimate (standard error 0.81%) and a Misra-Gries summary whose counts are lower bounds within their stated error.",
  ],
  evaluate: [
    "Each record's label column against its prediction column; values written as numbers compare as numbers (1 and 1.0 are one class); a record missing either is skipped and counted.",
    "Confusion matrix rows are the given labels, columns the predictions; precision, recall, F1 and support per class as scikit-learn's classification_report (zero_division=0); at most 50 classes.",
  ],
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return Number.isInteger(v) ? v.toLocaleString("en-US") : String(Number(v.toPrecision(6)));
  if (typeof v === "object") {
    const s = JSON.stringify(v);
    return s.length > 200 ? s.slice(0, 199) + "…" : s;
  }
  return String(v);
}

function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return "";
  const units = ["bytes", "KB", "MB", "GB", "TB"];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${v.toFixed(1)} ${units[i]}`;
}

/** An HTML table of rows (objects), cut at max with a note. */
function rowsTable(name: string, rows: Record<string, unknown>[], max: number): string {
  const cols: string[] = [];
  for (const r of rows.slice(0, max)) for (const k of Object.keys(r)) if (!cols.includes(k)) cols.push(k);
  const shown = rows.slice(0, max);
  const note =
    rows.length > max
      ? `<p class="note cut">Showing the first ${max.toLocaleString("en-US")} of ${rows.length.toLocaleString("en-US")} rows; the embedded result document holds them all.</p>`
      : "";
  return (
    `<section class="table"><h3>${esc(name)}</h3>` +
    `<table><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>` +
    shown.map((r) => `<tr>${cols.map((c) => `<td>${esc(cell(r[c]))}</td>`).join("")}</tr>`).join("") +
    `</tbody></table>${note}</section>`
  );
}

/** A two-column table of key/value pairs. */
function pairsTable(name: string, pairs: [string, unknown][]): string {
  if (pairs.length === 0) return "";
  return (
    `<section class="table"><h3>${esc(name)}</h3><table class="pairs"><tbody>` +
    pairs.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(cell(v))}</td></tr>`).join("") +
    `</tbody></table></section>`
  );
}

/** Flattens nested objects to dotted keys; arrays of objects are left to tables. */
function flatten(obj: Record<string, unknown>, prefix = "", out: [string, unknown][] = []): [string, unknown][] {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isRecord(v)) flatten(v, key, out);
    else if (Array.isArray(v) && v.some(isRecord)) continue;
    else out.push([key, v]);
  }
  return out;
}

/** Every array of objects in the results, with its dotted name. */
function tablesOf(obj: Record<string, unknown>, prefix = "", out: [string, Record<string, unknown>[]][] = []): [string, Record<string, unknown>[]][] {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (Array.isArray(v) && v.some(isRecord)) out.push([key, v.filter(isRecord)]);
    else if (isRecord(v)) tablesOf(v, key, out);
  }
  return out;
}

/** A plain-string table (views/timeline.ts) as HTML. */
function textTableHtml(name: string, t: TextTable, testid: string): string {
  return (
    `<section class="table"><h3>${esc(name)}</h3><table data-testid="${esc(testid)}"><thead><tr>` +
    t.columns.map((c) => `<th${c.numeric ? ' class="num"' : ""}>${esc(c.label)}</th>`).join("") +
    `</tr></thead><tbody>` +
    t.rows.map((r) => `<tr>${r.map((v, i) => `<td${t.columns[i]?.numeric ? ' class="num"' : ""}>${esc(v)}</td>`).join("")}</tr>`).join("") +
    `</tbody></table></section>`
  );
}

const num = (v: unknown): number => (typeof v === "number" && Number.isFinite(v) ? v : 0);

/** The run-profile fields of the document's metrics, every value checked to be
 *  a number, or null when the document has no task profile. */
function profileMetrics(metrics: Record<string, unknown>): ProfileMetrics | null {
  if (!Array.isArray(metrics.tasks) || metrics.tasks.length === 0) return null;
  const tasks: WorkerStats[] = metrics.tasks.filter(isRecord).map((t) => ({
    worker: Math.max(0, Math.floor(num(t.worker))),
    input: Math.max(0, Math.floor(num(t.input))),
    range: Math.max(0, Math.floor(num(t.range))),
    bytes: num(t.bytes),
    records: num(t.records),
    startMs: num(t.startMs),
    endMs: num(t.endMs),
    readMs: num(t.readMs),
    engineMs: num(t.engineMs),
    peakMemory: num(t.peakMemory),
    ...(t.restored === true ? { restored: true } : {}),
  }));
  const st = isRecord(metrics.stages) ? metrics.stages : null;
  const merge = isRecord(metrics.merge) ? metrics.merge : null;
  return {
    engine: metrics.engine === "native" ? "native" : "wasm",
    workers: Math.max(1, Math.floor(num(metrics.workers))),
    tasks,
    ...(st
      ? {
          stages: {
            readMs: num(st.readMs),
            parseAggregateMs: num(st.parseAggregateMs),
            mergeMs: num(st.mergeMs),
            ...(typeof st.renderMs === "number" ? { renderMs: num(st.renderMs) } : {}),
          },
        }
      : {}),
    ...(merge && typeof merge.endMs === "number"
      ? { merge: { worker: Math.floor(num(merge.worker)), startMs: num(merge.startMs), endMs: num(merge.endMs) } }
      : {}),
  };
}

/** The run profile section: the timeline, the workers, the stage times. */
function runProfileHtml(metrics: Record<string, unknown>, names: string[]): string {
  const m = profileMetrics(metrics);
  if (!m) return `<p class="note">This document has no task profile.</p>`;
  const stages = stageTable(m.stages);
  return (
    `<section data-testid="report-run-profile"><p class="note">${esc(profileSummary(m))}. Each lane is a worker, each bar a task from its start to its end (coloured by file; gaps are idle time; orange: the merge); its title holds its file, range, bytes, records, read and engine time and peak memory.</p>` +
    `<figure><figcaption>Timeline per worker</figcaption>${timelineSvg(m, { names, title: "Run" })}</figure>` +
    textTableHtml("Workers", workerTable(m), "report-workers") +
    (stages.rows.length ? `<figure><figcaption>Stage times</figcaption>${stagesSvg(m.stages)}</figure>${textTableHtml("Stages", stages, "report-stages")}` : "") +
    `</section>`
  );
}

const CSS = `
:root{color-scheme:light;--ink:#1d232b;--muted:#5b6570;--line:#d9dee4;--accent:#2f5fb3}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff;margin:0}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.2rem;margin:28px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:1rem;margin:16px 0 6px}
.meta,.note{color:var(--muted)}.note{font-size:.85rem;margin:4px 0}
table{border-collapse:collapse;width:100%;font-size:.85rem;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th.num,td.num{text-align:right}
thead th{background:#f3f5f7}
table.pairs th{width:40%;font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:16px}
figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:10px;break-inside:avoid}
figure svg{max-width:100%;height:auto;display:block}
figcaption{font-weight:600;margin-bottom:6px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.8rem;overflow-wrap:anywhere}
@media print{
  main{max-width:none;padding:0}
  body{font-size:11px}
  .charts{display:block}
  figure{margin:0 0 12px;page-break-inside:avoid}
  h2{page-break-after:avoid}h3{page-break-after:avoid}
  tr{page-break-inside:avoid}
  thead{display:table-header-group}
  a{color:inherit;text-decoration:none}
}
@page{margin:14mm}
`;

/** The whole report as an HTML string. */
export function buildReport(doc: Doc, opts: ReportOptions): string {
  const max = opts.maxRows ?? DEFAULT_MAX_ROWS;
  const recipe = String(doc.recipe ?? "");
  const title = `${RECIPE_TITLES[recipe] ?? recipe} report`;
  const when = opts.generatedAt.toISOString();
  const results = isRecord(doc.results) ? doc.results : {};
  const params = isRecord(doc.parameters) ? doc.parameters : {};
  const metrics = isRecord(doc.metrics) ? doc.metrics : {};
  const docInputs = Array.isArray(doc.inputs) ? doc.inputs.filter(isRecord) : [];
  const hashes = new Map(opts.inputs.map((i) => [i.name, i]));

  const charts = opts.charts.length
    ? `<div class="charts">${opts.charts
        .map((c) => `<figure><figcaption>${esc(c.title)}</figcaption>${c.svg}</figure>`)
        .join("")}</div>`
    : `<p class="note">No charts.</p>`;

  const inputRows = docInputs
    .map((i) => {
      const h = hashes.get(String(i.name));
      const members = h?.members?.length
        ? `<details><summary>${h.members.length.toLocaleString("en-US")} files</summary><table><tbody>${h.members
            .map((m) => `<tr><td>${esc(m.name)}</td><td>${esc(formatBytes(m.bytes))}</td><td><code>${esc(m.sha256)}</code></td></tr>`)
            .join("")}</tbody></table></details>`
        : "";
      return (
        `<tr><td>${esc(i.name)}</td><td>${esc(formatBytes(Number(i.bytes)))}</td>` +
        `<td>${esc(cell(i.records))}</td><td>${esc(cell(i.rejected))}</td><td>${esc(cell(i.format ?? ""))}${i.gzip ? " (gzip)" : ""}</td>` +
        `<td><code data-sha256>${esc(h?.sha256 ?? "")}</code>${h?.note ? `<p class="note">${esc(h.note)}</p>` : ""}${members}</td></tr>`
      );
    })
    .join("");

  const figures = flatten(results).filter(([, v]) => v === null || typeof v !== "object" || Array.isArray(v));
  const tables = tablesOf(results);
  const rejects = Array.isArray(doc.rejects) ? doc.rejects.filter(isRecord) : [];
  const defs = DEFINITIONS[recipe] ?? [];

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Dropsight ${esc(opts.appVersion)}">
<title>${esc(title)} · Dropsight</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>${esc(title)}</h1>
<p class="meta">Made with Dropsight ${esc(opts.appVersion)} (engine ${esc(doc.version ?? "")}) on <time datetime="${esc(when)}">${esc(when.replace("T", " ").replace(/\.\d+Z$/, " UTC"))}</time>. A static report: it needs no script, no network and not the data.</p>
</header>
<h2>Charts</h2>
${charts}
<h2>Figures</h2>
${pairsTable("Results", figures)}
<h2>Tables</h2>
${tables.map(([name, rows]) => rowsTable(name, rows, max)).join("\n") || '<p class="note">No tables.</p>'}
<h2>Inputs</h2>
<table data-testid="report-inputs"><thead><tr><th>File</th><th>Size</th><th>Records</th><th>Rejected</th><th>Format</th><th>SHA-256 of the file's bytes</th></tr></thead><tbody>${inputRows}</tbody></table>
${rejects.length ? rowsTable(`Rejects (a sample; ${cell(doc.rejectedTotal)} in all)`, rejects, max) : ""}
<h2>Parameters</h2>
${pairsTable("Parameters", flatten(params)) || '<p class="note">None.</p>'}
<h2>Definitions</h2>
<ul>${defs.map((d) => `<li>${esc(d)}</li>`).join("")}<li>${esc("Ties are broken by value (byte-wise order of the key), never by arrival order, so results do not depend on worker count or file order.")}</li></ul>
<h2>Run</h2>
${pairsTable("Metrics", flatten(metrics).filter(([k]) => !k.startsWith("tasks")))}
<h2>Run profile</h2>
${runProfileHtml(metrics, docInputs.map((i) => String(i.name ?? "")))}
<h2>Result document</h2>
<p class="note">The full result document is embedded in this file as JSON (the element with id "dropsight-result"), for programs to read back.</p>
<script type="application/json" id="dropsight-result">${jsonForScript(doc)}</script>
</main>
</body>
</html>
`;
}
