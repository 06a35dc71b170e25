// Charts of the engagement result document (Observable Plot, SVG). Each is a
// function of document data, a width and layout options; nothing is computed
// here beyond placing the document's numbers. Plot writes labels as SVG text
// content, so data strings are never parsed as markup.

import * as Plot from "@observablehq/plot";
import { formatCompact, formatCount, formatNumber, formatSecondsHuman, formatShare } from "../format";
import type { Anomalies, Breakdown, Cohort, Distribution, EngagementResults, Quantiles } from "../protocol";

const DAU = "#2f5f8f";
const WAU = "#d17a22";
const MAU = "#b9cde2";
const MARK = "#b3261e";
const LABEL = "#333";
const QUANTILE_COLORS = ["#7aa6d1", "#2f5f8f", "#b3261e"];

const style = {
  fontFamily: "inherit",
  fontSize: "12px",
  background: "transparent",
  overflow: "visible",
};

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2023-07-03" as "Jul 3". */
function shortDay(day: string): string {
  const [, m, d] = day.split("-");
  return `${MONTHS[Number(m) - 1] ?? m} ${Number(d)}`;
}

function utcDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function monthStart(month: string): Date {
  return new Date(`${month}-01T00:00:00Z`);
}

function nextMonth(month: string): Date {
  const d = monthStart(month);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** Whether the active-users chart reads better on a log scale: MAU dwarfs DAU. */
export function preferLogScale(r: EngagementResults): boolean {
  const maxMau = Math.max(0, ...r.mau.map((m) => m.users));
  const dau = r.dau.map((d) => d.users).filter((n) => n > 0).sort((a, b) => a - b);
  const mid = dau.length ? dau[Math.floor(dau.length / 2)]! : 0;
  return mid > 0 && maxMau / mid > 8;
}

/**
 * DAU and WAU as lines over MAU bars, with the anomaly days marked on the DAU
 * line (circle: DAU anomaly, triangle: event-count anomaly).
 */
export function activeUsersChart(r: EngagementResults, width: number, log: boolean): Element {
  const dau = r.dau.map((d) => ({ date: utcDay(d.day), day: d.day, users: d.users }));
  const wau = r.wau.map((w) => ({ date: utcDay(w.start), week: w.week, users: w.users }));
  const mau = r.mau.map((m) => ({ start: monthStart(m.month), end: nextMonth(m.month), month: m.month, users: m.users }));
  const dauOf = new Map(r.dau.map((d) => [d.day, d.users]));
  const marks = anomalyPoints(r.anomalies, dauOf);
  const positive = [...dau, ...wau, ...mau].map((d) => d.users).filter((n) => n > 0);
  const floor = log && positive.length ? 10 ** Math.floor(Math.log10(Math.min(...positive))) : 0;
  const top = Math.max(1, ...positive) * 1.15;
  // A log scale has no place for zero: those days are left out of the lines.
  const data = <T extends { users: number }>(xs: T[]): T[] => (log ? xs.filter((d) => d.users > 0) : xs);
  return Plot.plot({
    width,
    height: 300,
    marginLeft: 60,
    ariaLabel: "Chart: daily and weekly active users as lines over monthly active users as bars, anomaly days marked",
    style,
    x: { type: "utc", label: null },
    y: log
      ? { type: "log", label: "↑ Active users (log scale)", grid: true, domain: [floor, top], ticks: logTicks(floor, top), tickFormat: formatCompact }
      : { label: "↑ Active users", grid: true, nice: true, zero: true, tickFormat: formatCompact },
    color: { domain: ["MAU", "WAU", "DAU"], range: [MAU, WAU, DAU], legend: true },
    marks: [
      Plot.rectY(data(mau), {
        x1: "start",
        x2: "end",
        y1: log ? floor : 0,
        y2: "users",
        fill: () => "MAU",
        insetLeft: 1,
        insetRight: 1,
        title: (d: { month: string; users: number }) => `${d.month}: MAU ${formatCount(d.users)}`,
      }),
      Plot.lineY(data(wau), { x: "date", y: "users", stroke: () => "WAU", curve: "step-after", strokeWidth: 1.6 }),
      Plot.lineY(data(dau), { x: "date", y: "users", stroke: () => "DAU", strokeWidth: 1.2 }),
      Plot.dot(marks, {
        x: "date",
        y: "users",
        r: 5,
        symbol: (d: AnomalyPoint) => (d.metric === "dau" ? "circle" : "triangle"),
        stroke: MARK,
        strokeWidth: 2,
        fill: "white",
        title: (d: AnomalyPoint) => d.title,
      }),
      Plot.tip(
        dau,
        Plot.pointerX({
          x: "date",
          y: "users",
          title: (d: { day: string; users: number }) => `${d.day}\nDAU ${formatCount(d.users)}`,
        }),
      ),
      log ? null : Plot.ruleY([0]),
    ],
  });
}

/** 1, 2 and 5 times the powers of ten within [from, to]: labelled ticks for a log axis. */
function logTicks(from: number, to: number): number[] {
  const out: number[] = [];
  for (let p = 10 ** Math.floor(Math.log10(Math.max(1, from))); p <= to; p *= 10) {
    for (const m of [1, 2, 5]) if (p * m >= from && p * m <= to) out.push(p * m);
  }
  return out;
}

interface AnomalyPoint {
  date: Date;
  users: number;
  metric: string;
  title: string;
}

function anomalyPoints(a: Anomalies, dauOf: Map<string, number>): AnomalyPoint[] {
  return a.days.map((d) => ({
    date: utcDay(d.day),
    users: dauOf.get(d.day) ?? 0,
    metric: d.metric,
    title: `${d.day}: ${d.metric === "dau" ? "DAU" : "events"} ${formatCount(d.value)}, robust z ${d.z}`,
  }));
}

/** Stickiness (mean DAU / MAU) per month, with the mean over months as a rule. */
export function stickinessChart(s: EngagementResults["stickiness"], width: number): Element {
  const data = s.months.map((m) => ({ date: monthStart(m.month), ...m }));
  return Plot.plot({
    width,
    height: 220,
    marginLeft: 56,
    ariaLabel: "Line chart: stickiness (mean DAU divided by MAU) per month",
    style,
    x: { type: "utc", label: null },
    y: { label: "↑ DAU / MAU", grid: true, nice: true, zero: true, tickFormat: (v: number) => formatShare(v, 1) },
    marks: [
      Plot.ruleY([0]),
      Plot.ruleY([s.mean], { stroke: WAU, strokeDasharray: "4,3" }),
      Plot.text([s.mean], { y: (v: number) => v, x: data[data.length - 1]?.date, text: () => `mean ${formatShare(s.mean)}`, dy: -8, textAnchor: "end", fill: WAU }),
      Plot.lineY(data, { x: "date", y: "stickiness", stroke: DAU, strokeWidth: 1.6 }),
      Plot.dot(data, {
        x: "date",
        y: "stickiness",
        r: 3,
        fill: DAU,
        title: (d: (typeof data)[number]) => `${d.month}: ${formatShare(d.stickiness)} (mean DAU ${formatCount(d.avgDau)} / MAU ${formatCount(d.mau)})`,
      }),
    ],
  });
}

/** The bin of a histogram that holds value v. */
function binOf(d: Distribution, v: number): string | undefined {
  return d.histogram.find((b) => v >= b.from && (b.to === null || v < b.to))?.label;
}

/**
 * A histogram of the document's bins, in order, with the bins that hold the
 * median and the 90th percentile marked (the exact values are in the labels).
 */
export function histogramChart(d: Distribution, width: number, xLabel: string, valueText: (v: number) => string, ariaLabel: string): Element {
  const bins = d.histogram.map((b) => ({ label: b.label, count: b.count }));
  const markers = new Map<string, string[]>();
  for (const [name, v] of [
    ["median", d.median],
    ["p90", d.p90],
  ] as const) {
    const label = binOf(d, v);
    if (label !== undefined) markers.set(label, [...(markers.get(label) ?? []), `${name} ${valueText(v)}`]);
  }
  const marked = [...markers.entries()].map(([label, texts]) => ({ label, text: texts.join(" · ") }));
  const max = Math.max(1, ...bins.map((b) => b.count));
  // Bin labels turn when they would not fit side by side.
  const crowded = (width - 70) / Math.max(1, bins.length) < 8 + 7 * Math.max(...bins.map((b) => b.label.length));
  return Plot.plot({
    width,
    height: crowded ? 262 : 240,
    marginLeft: 56,
    marginTop: 26,
    marginBottom: crowded ? 56 : 36,
    ariaLabel,
    style,
    x: { type: "band", domain: bins.map((b) => b.label), label: xLabel, tickSize: 0, tickRotate: crowded ? -35 : 0 },
    y: { label: null, grid: true, domain: [0, max * 1.12], tickFormat: formatCompact },
    marks: [
      Plot.barY(bins, {
        x: "label",
        y: "count",
        fill: (b: { label: string }) => (markers.has(b.label) ? DAU : "#8fb0d0"),
        title: (b: { label: string; count: number }) => `${b.label}: ${formatCount(b.count)} sessions`,
      }),
      Plot.text(bins, { x: "label", y: "count", text: (b: { count: number }) => (b.count ? formatCompact(b.count) : ""), dy: -6, fill: LABEL, fontSize: 10 }),
      Plot.ruleX(marked, { x: "label", stroke: MARK, strokeDasharray: "4,3" }),
      // Above the frame, starting at the marked bin and running right.
      Plot.text(marked, { x: "label", frameAnchor: "top", text: "text", dy: -14, textAnchor: "start", dx: -4, fill: MARK, fontWeight: 600 }),
      Plot.ruleY([0]),
    ],
  });
}

/**
 * Retention as a heatmap: one row per weekly cohort, one column per week after
 * the cohort's first week, the share active as colour. Column 0 (everyone, by
 * definition) shows the cohort size instead.
 */
export function retentionChart(cohorts: Cohort[], width: number): Element {
  const cells = cohorts.flatMap((c) => c.shares.slice(1).map((share, i) => ({ week: c.week, k: i + 1, share, retained: c.retained[i + 1] ?? 0, users: c.users })));
  const maxK = Math.max(0, ...cohorts.map((c) => c.shares.length - 1));
  const maxShare = Math.max(0.0001, ...cells.map((c) => c.share));
  const columns = Array.from({ length: maxK + 1 }, (_, k) => k);
  const cellWidth = (width - 150) / Math.max(1, columns.length);
  const labelOf = new Map(cohorts.map((c) => [c.week, `${c.week} · ${shortDay(c.start)}`]));
  return Plot.plot({
    width,
    height: cohorts.length * 20 + 70,
    marginLeft: 120,
    marginTop: 24,
    ariaLabel: "Heatmap: share of each weekly cohort active in each following week; the first column is the cohort size",
    style,
    x: {
      type: "band",
      domain: columns,
      label: null,
      axis: "top",
      tickFormat: (k: number) => (k === 0 ? "users" : String(k)),
      tickSize: 0,
    },
    y: { type: "band", domain: cohorts.map((c) => c.week), label: null, tickSize: 0, tickFormat: (w: string) => labelOf.get(w) ?? w },
    color: {
      type: "linear",
      scheme: "blues",
      domain: [0, maxShare],
      legend: true,
      label: "Share of the cohort active that week",
      tickFormat: (v: number) => formatShare(v, 1),
    },
    marks: [
      Plot.cell(cells, {
        x: "k",
        y: "week",
        fill: "share",
        inset: 0.5,
        title: (d: (typeof cells)[number]) => `${d.week}, week +${d.k}: ${formatCount(d.retained)} of ${formatCount(d.users)} users (${formatShare(d.share)})`,
      }),
      cellWidth >= 30
        ? Plot.text(cells, {
            x: "k",
            y: "week",
            text: (d: (typeof cells)[number]) => (d.share > 0 ? formatShare(d.share, d.share >= 0.1 ? 0 : 1) : ""),
            fill: (d: (typeof cells)[number]) => (d.share > maxShare * 0.6 ? "white" : "#1d2530"),
            fontSize: 9.5,
          })
        : null,
      Plot.cell(cohorts, { x: () => 0, y: "week", fill: "#eef1f4", inset: 0.5 }),
      Plot.text(cohorts, { x: () => 0, y: "week", text: (c: Cohort) => formatCompact(c.users), fill: "#1d2530", fontSize: 10, fontWeight: 600 }),
    ],
  });
}

const QUANTILES = ["p50", "p95", "p99"] as const;

/**
 * p50, p95 and p99 of the event duration per app version, in the document's
 * order (versions in natural order). Labels thin out when versions are many.
 */
export function versionChart(rows: Quantiles[], width: number): Element {
  const versions = rows.map((q) => q.app_version ?? "");
  const long = QUANTILES.flatMap((name) => rows.map((q) => ({ version: q.app_version ?? "", quantile: name, seconds: q[name] / 1000 })));
  const step = Math.max(1, Math.ceil(versions.length / Math.max(4, Math.floor((width - 80) / 70))));
  const dots = versions.length <= 60;
  return Plot.plot({
    width,
    height: 280,
    marginLeft: 56,
    marginBottom: 40,
    ariaLabel: "Line chart: p50, p95 and p99 of event duration per app version",
    style,
    x: { type: "point", domain: versions, label: "App version →", ticks: versions.filter((_, i) => i % step === 0), tickRotate: versions.length > 12 ? -30 : 0 },
    y: { label: "↑ Duration (s)", grid: true, nice: true, zero: true },
    color: { domain: [...QUANTILES], range: QUANTILE_COLORS, legend: true },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(long, { x: "version", y: "seconds", stroke: "quantile", strokeWidth: (d: { quantile: string }) => (d.quantile === "p95" ? 2 : 1.2), z: "quantile" }),
      dots ? Plot.dot(long, { x: "version", y: "seconds", fill: "quantile", r: 2.5 }) : null,
      Plot.tip(
        rows,
        Plot.pointerX({
          x: (q: Quantiles) => q.app_version ?? "",
          y: (q: Quantiles) => q.p95 / 1000,
          title: (q: Quantiles) =>
            `${q.app_version}: ${formatCount(q.events)} events\np50 ${formatSecondsHuman(q.p50 / 1000)} · p95 ${formatSecondsHuman(q.p95 / 1000)} · p99 ${formatSecondsHuman(q.p99 / 1000)}`,
        }),
      ),
    ],
  });
}

/** p50 to p99 per device type as a range, with the three quantiles as dots. */
export function deviceChart(rows: Quantiles[], width: number): Element {
  const devices = rows.map((q) => q.device_type ?? "");
  const long = QUANTILES.flatMap((name) => rows.map((q) => ({ device: q.device_type ?? "", quantile: name, seconds: q[name] / 1000 })));
  const longest = devices.reduce((m, s) => Math.max(m, [...s].length), 0);
  return Plot.plot({
    width,
    height: rows.length * 30 + 70,
    marginLeft: Math.min(170, 14 + longest * 7),
    marginRight: 20,
    ariaLabel: "Chart: p50, p95 and p99 of event duration per device type",
    style,
    x: { label: "Duration (s) →", grid: true, nice: true, zero: true },
    y: { type: "band", domain: devices, label: null, tickSize: 0 },
    color: { domain: [...QUANTILES], range: QUANTILE_COLORS, legend: true },
    marks: [
      Plot.ruleY(rows, { y: (q: Quantiles) => q.device_type ?? "", x1: (q: Quantiles) => q.p50 / 1000, x2: (q: Quantiles) => q.p99 / 1000, stroke: "#c4cdd6", strokeWidth: 3 }),
      Plot.dot(long, {
        x: "seconds",
        y: "device",
        fill: "quantile",
        r: 5,
        title: (d: (typeof long)[number]) => `${d.device} ${d.quantile}: ${formatSecondsHuman(d.seconds)}`,
      }),
      Plot.ruleX([0]),
    ],
  });
}

/** Active users per value of a metadata dimension (bars, the mean DAU in the label). */
export function breakdownBars(b: Breakdown, width: number): Element {
  const rows = b.values.map((v) => ({ value: v.value, activeUsers: v.activeUsers, avgDau: v.avgDau }));
  const longest = rows.reduce((m, r) => Math.max(m, [...r.value].length), 0);
  return Plot.plot({
    width,
    height: rows.length * 24 + 44,
    marginLeft: Math.min(170, 14 + longest * 7),
    marginRight: 150,
    ariaLabel: `Bar chart: active users per ${b.dimension}`,
    style,
    x: { label: "Active users →", grid: true, nice: true, tickFormat: formatCompact },
    y: { type: "band", domain: rows.map((r) => r.value), label: null, tickSize: 0 },
    marks: [
      Plot.barX(rows, { x: "activeUsers", y: "value", fill: DAU, title: (r: (typeof rows)[number]) => `${r.value}: ${formatCount(r.activeUsers)} active users, mean DAU ${r.avgDau}` }),
      Plot.text(rows, {
        x: "activeUsers",
        y: "value",
        text: (r: (typeof rows)[number]) => `${formatCount(r.activeUsers)} · mean DAU ${formatNumber(r.avgDau, r.avgDau < 100 ? 1 : 0)}`,
        textAnchor: "start",
        dx: 5,
        fill: LABEL,
      }),
      Plot.ruleX([0]),
    ],
  });
}

/** MAU per month split by the values of a dimension (stacked: a user has one value). */
export function breakdownMauChart(b: Breakdown, width: number): Element {
  const long = b.values.flatMap((v) => v.mau.map((m) => ({ month: m.month, value: v.value, users: m.users })));
  const months = b.values[0]?.mau.map((m) => m.month) ?? [];
  return Plot.plot({
    width,
    height: 260,
    marginLeft: 56,
    ariaLabel: `Stacked bar chart: monthly active users per ${b.dimension}`,
    style,
    x: { type: "band", domain: months, label: null, tickFormat: (m: string) => m.slice(2), tickSize: 0 },
    y: { label: "↑ MAU (users with metadata)", grid: true, nice: true, tickFormat: formatCompact },
    color: { type: "ordinal", domain: b.values.map((v) => v.value), scheme: "tableau10", legend: true },
    marks: [
      Plot.barY(long, { x: "month", y: "users", fill: "value", title: (d: (typeof long)[number]) => `${d.month} · ${d.value}: ${formatCount(d.users)} users` }),
      Plot.ruleY([0]),
    ],
  });
}
