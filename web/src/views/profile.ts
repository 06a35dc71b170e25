// The profile result view: rows, a compact grid of one small card per column
// (type, missing/null/empty, distinct, min/max, top values, a histogram), the
// sample rows, and downloads (the document as JSON, a per-column summary as
// CSV). Every number comes from the document; the page only lays it out.

import * as Plot from "@observablehq/plot";
import { csvName, toCsv, type Cell } from "../csv";
import { formatBytes, formatCount, formatNumber, formatShare } from "../format";
import type { ProfileColumn, ProfileDocument } from "../protocol";
import { append, download, downloadDocumentButton, el, stat, table, type Child } from "./dom";
import type { ChartFactory } from "./engagement";

const style = { fontFamily: "inherit", fontSize: "10px", background: "transparent", overflow: "visible" };

/** The header of the per-column summary CSV. */
export const PROFILE_SUMMARY_COLUMNS = [
  "column",
  "type",
  "present",
  "missing",
  "nulls",
  "empties",
  "distinct",
  "distinct_exact",
  "distinct_std_error",
  "min",
  "max",
  "min_length",
  "max_length",
  "top_value",
  "top_count",
  "top_exact",
];

/** A column's min and max as text: numbers, dates, else the byte-wise smallest and largest text. */
export function columnRange(c: ProfileColumn): [string, string] | null {
  if (c.numbers) return [String(c.numbers.min), String(c.numbers.max)];
  if (c.dates) return [c.dates.min, c.dates.max];
  if (c.text) return [c.text.min, c.text.max];
  return null;
}

/** One CSV row per column of the profile (values unformatted). */
export function profileSummaryRows(doc: ProfileDocument): Cell[][] {
  return doc.results.columns.map((c) => {
    const range = columnRange(c);
    const top = c.top.values[0];
    return [
      c.name,
      c.type,
      c.present,
      c.missing,
      c.nulls,
      c.empties,
      c.distinct.count,
      c.distinct.exact,
      c.distinct.exact ? 0 : c.distinct.stdError,
      range?.[0],
      range?.[1],
      c.lengths?.min,
      c.lengths?.max,
      top?.value,
      top?.count,
      c.top.exact,
    ];
  });
}

/** "5 (exact)" or "48,852 ≈ ±0.81%". */
export function distinctText(d: ProfileColumn["distinct"]): string {
  return d.exact ? `${formatCount(d.count)} exact` : `≈ ${formatCount(d.count)} ±${formatShare(d.stdError, 2)}`;
}

function facts(rows: [string, Child][]): HTMLElement {
  return el("dl", { class: "profile-facts" }, ...rows.flatMap(([k, v]) => [el("dt", null, k), el("dd", null, v)]));
}

/** The top values as a tiny bar list (bar length: share of the most frequent). */
function topList(c: ProfileColumn, index: number): HTMLElement | null {
  const values = c.top.values;
  if (values.length === 0) {
    return el("p", { class: "note" }, c.top.exact ? "No values." : `No value stands out (each under ${formatCount(c.top.maxError)} rows).`);
  }
  const most = Math.max(1, ...values.map((v) => v.count));
  return el(
    "ol",
    { class: "profile-top", testid: `profile-top-${index}`, attrs: { "aria-label": `Most frequent values of ${c.name}` } },
    ...values.map((v) =>
      el(
        "li",
        { title: `${v.value}: ${formatCount(v.count)}${c.top.exact ? "" : " (at least)"}` },
        el("span", { class: "profile-top-value" }, v.value === "" ? "(empty)" : v.value),
        el("span", { class: "profile-top-count num" }, formatCount(v.count)),
        el("span", { class: "profile-top-bar", attrs: { style: `width: ${((100 * v.count) / most).toFixed(1)}%` } }),
      ),
    ),
  );
}

/** A small histogram of numbers or lengths: [from, to) bins. */
function binsChart(bins: { from: number; to: number; count: number }[], width: number, label: string): Element {
  return Plot.plot({
    width,
    height: 90,
    marginLeft: 36,
    marginBottom: 20,
    style,
    ariaLabel: label,
    x: { label: null, ticks: 3 },
    y: { label: null, ticks: 2, grid: true, tickFormat: "~s" },
    marks: [Plot.rectY(bins, { x1: "from", x2: "to", y: "count", fill: "var(--accent)", insetLeft: 0.5, insetRight: 0.5 }), Plot.ruleY([0])],
  });
}

const DAY = 86_400_000;

/** A small histogram of dates by day: bins from one day to another, both included. */
function datesChart(bins: { from: string; to: string; count: number }[], width: number, label: string): Element {
  const rows = bins.map((b) => ({ from: new Date(`${b.from}T00:00:00Z`), to: new Date(Date.parse(`${b.to}T00:00:00Z`) + DAY), count: b.count }));
  return Plot.plot({
    width,
    height: 90,
    marginLeft: 36,
    marginBottom: 20,
    style,
    ariaLabel: label,
    x: { type: "utc", label: null, ticks: 3 },
    y: { label: null, ticks: 2, grid: true, tickFormat: "~s" },
    marks: [Plot.rectY(rows, { x1: "from", x2: "to", y: "count", fill: "var(--accent)", insetLeft: 0.5, insetRight: 0.5 }), Plot.ruleY([0])],
  });
}

function columnCard(c: ProfileColumn, index: number, rows: number, chart: ChartFactory): HTMLElement {
  const range = columnRange(c);
  const share = (n: number) => (rows > 0 && n > 0 ? ` (${formatShare(n / rows, 1)})` : "");
  const list: [string, Child][] = [
    ["Missing", `${formatCount(c.missing)}${share(c.missing)}`],
    ["Null", `${formatCount(c.nulls)}${share(c.nulls)}`],
    ["Empty", `${formatCount(c.empties)}${share(c.empties)}`],
    ["Distinct", el("span", { testid: `profile-distinct-${index}` }, distinctText(c.distinct))],
  ];
  if (range) {
    list.push(["Min", el("span", { class: "profile-value", title: range[0] }, c.numbers ? formatNumber(c.numbers.min, 4) : range[0])]);
    list.push(["Max", el("span", { class: "profile-value", title: range[1] }, c.numbers ? formatNumber(c.numbers.max, 4) : range[1])]);
  }
  if (c.lengths) list.push(["Length", `${formatCount(c.lengths.min)} to ${formatCount(c.lengths.max)} characters`]);

  let host: HTMLElement | null = null;
  let caption = "";
  if (c.numbers && c.numbers.histogram.bins.length > 0) {
    const bins = c.numbers.histogram.bins;
    caption = c.numbers.histogram.exact ? "Histogram" : "Histogram (from log-scale bins, ±4.4% at bin edges)";
    host = chart("profile-chart chart-profile-numbers", (w) => binsChart(bins, w, `Histogram of ${c.name}`)).host;
  } else if (c.dates && c.dates.bins.length > 0) {
    const bins = c.dates.bins;
    caption = "Dates by day";
    host = chart("profile-chart chart-profile-dates", (w) => datesChart(bins, w, `Dates of ${c.name} by day`)).host;
  } else if (c.lengths && c.lengths.bins.length > 0) {
    const bins = c.lengths.bins;
    caption = "Length histogram (characters)";
    host = chart("profile-chart chart-profile-lengths", (w) => binsChart(bins, w, `Lengths of ${c.name}`)).host;
  }

  const card = el(
    "section",
    { class: "profile-card", testid: `profile-card-${index}`, attrs: { "data-column": c.name } },
    el("h3", null, el("span", { class: "profile-name", title: c.name }, c.name), " ", el("span", { class: "badge", testid: `profile-type-${index}` }, c.type)),
    facts(list),
  );
  if (host) append(card, el("p", { class: "profile-caption" }, caption), host);
  append(card, el("p", { class: "profile-caption" }, c.top.exact ? "Top values" : `Top values (each count at most ${formatCount(c.top.maxError)} low)`), topList(c, index));
  return card;
}

function cellText(v: unknown): string {
  if (v === undefined) return "";
  if (v === null) return "null";
  return typeof v === "string" ? v : JSON.stringify(v);
}

export function renderProfile(root: HTMLElement, doc: ProfileDocument, runNumber: number, chart: ChartFactory): void {
  const r = doc.results;
  const fileNames = doc.inputs.map((i) => i.name).join(", ");

  const downloadJson = downloadDocumentButton(doc, `dropsight-profile-run${runNumber}.json`, "Download profile (JSON)");
  const downloadCsv = el("button", { testid: "download-profile-csv", attrs: { type: "button" } }, "Column summary (CSV)");
  downloadCsv.addEventListener("click", () =>
    download(csvName("profile", runNumber, "columns"), new Blob([toCsv(PROFILE_SUMMARY_COLUMNS, profileSummaryRows(doc))], { type: "text/csv" })),
  );

  append(
    root,
    el(
      "div",
      { class: "results-head" },
      el("div", null, el("h2", null, `Profile of run ${runNumber}`), el("p", { class: "note" }, fileNames)),
      el("div", { class: "actions" }, downloadJson, downloadCsv),
    ),
    el(
      "dl",
      { class: "totals", testid: "totals" },
      stat("Rows", formatCount(r.rows), `${formatBytes(doc.metrics.bytes)} read`, "profile-rows"),
      stat("Columns", formatCount(r.columns.length), r.droppedFields ? `${formatCount(r.droppedFields)} fields past 1,000 columns not profiled` : undefined, "profile-columns"),
      stat("Rejected", formatCount(doc.rejectedTotal), "records not read"),
    ),
    el(
      "p",
      { class: "note" },
      `Distinct counts are exact up to ${formatCount(doc.parameters.distinctLimit)} values per column, then a HyperLogLog estimate with its standard error. Missing: rows without the field; null: JSON null; empty: an empty string or CSV cell.`,
    ),
    el("div", { class: "profile-grid", testid: "profile-cards" }, ...r.columns.map((c, i) => columnCard(c, i, r.rows, chart))),
  );

  const cols = r.sample.columns;
  append(
    root,
    el(
      "section",
      { class: "card wide" },
      el("h3", null, `Sample: the first ${formatCount(r.sample.rows.length)} rows`),
      r.sample.rows.length
        ? el(
            "div",
            { class: "scroll", attrs: { tabindex: 0, role: "region", "aria-label": "Sample rows" } },
            table(
              "profile-sample",
              "Sample rows",
              cols.map((c) => ({ label: c })),
              r.sample.rows.map((row) => cols.map((c) => cellText(row[c]))),
            ),
          )
        : el("p", { class: "empty" }, "No rows."),
    ),
  );
}
