// A chart of a query result: bars or a line of a chosen y column over a chosen
// x column (Observable Plot, SVG; labels are text content, never markup).

import * as Plot from "@observablehq/plot";
import type { SqlValue } from "./protocol";

export type ChartKind = "bar" | "line";

/** Bars beyond this many are not readable; the chart takes the first ones and says so. */
export const MAX_BARS = 200;
/** Points of a line chart. */
export const MAX_POINTS = 20_000;

const ISO_DATE = /^\d{4}-\d{2}(-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?$/;

/** A number for the y axis, or null when the value is not one. */
export function toNumber(v: SqlValue): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** Columns that hold at least one number and nothing but numbers and NULLs: candidates for y. */
export function numericColumns(columns: string[], rows: SqlValue[][]): number[] {
  const out: number[] = [];
  columns.forEach((_, i) => {
    let any = false;
    for (const r of rows) {
      const v = r[i] ?? null;
      if (v === null) continue;
      if (typeof v !== "number" && typeof v !== "bigint") return;
      any = true;
    }
    if (any) out.push(i);
  });
  return out;
}

type XScale = "number" | "date" | "text";

/** How x values are placed: on a number line, a time line, or as categories in result order. */
export function xScaleOf(values: SqlValue[]): XScale {
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return "text";
  if (present.every((v) => typeof v === "number" || typeof v === "bigint")) return "number";
  if (present.every((v) => typeof v === "string" && ISO_DATE.test(v) && !Number.isNaN(Date.parse(v)))) return "date";
  return "text";
}

export interface ChartSpec {
  kind: ChartKind;
  x: number;
  y: number;
  columns: string[];
  rows: SqlValue[][];
  width: number;
}

/** The chart and a note on what it shows (rows left out, values that are not numbers). */
export function resultChart(spec: ChartSpec): { node: Element; note: string } {
  const { kind, x, y, columns } = spec;
  const limit = kind === "bar" ? MAX_BARS : MAX_POINTS;
  const rows = spec.rows.slice(0, limit);
  // Bars are categories in result order (the query's ORDER BY decides); a line
  // places x on a number or time line when every value is one.
  const scale: XScale = kind === "bar" ? "text" : xScaleOf(rows.map((r) => r[x] ?? null));
  const data: { x: string | number | Date; y: number }[] = [];
  let skipped = 0;
  for (const r of rows) {
    const yv = toNumber(r[y] ?? null);
    const xv = r[x] ?? null;
    if (yv === null || xv === null) {
      skipped++;
      continue;
    }
    data.push({ x: scale === "number" ? Number(xv) : scale === "date" ? new Date(String(xv)) : String(xv), y: yv });
  }
  const notes: string[] = [];
  if (spec.rows.length > limit) notes.push(`the first ${limit.toLocaleString("en-US")} of ${spec.rows.length.toLocaleString("en-US")} rows`);
  if (skipped) notes.push(`${skipped.toLocaleString("en-US")} row${skipped === 1 ? "" : "s"} without a number or an x value left out`);
  const xLabel = columns[x] ?? "x";
  const yLabel = columns[y] ?? "y";
  const style = { fontFamily: "inherit", fontSize: "12px", background: "transparent", overflow: "visible" };
  const categories = scale === "text" ? [...new Set(data.map((d) => d.x as string))] : undefined;
  const longest = categories ? categories.reduce((m, c) => Math.max(m, c.length), 0) : 0;
  const rotate = categories !== undefined && (categories.length > 12 || longest > 10);
  const mark =
    kind === "bar"
      ? Plot.barY(data, { x: "x", y: "y", fill: "#3f6f9f", tip: true })
      : Plot.lineY(data, { x: "x", y: "y", stroke: "#3f6f9f", marker: data.length <= 60 ? "circle" : undefined, tip: true });
  const node = Plot.plot({
    width: spec.width,
    height: 320,
    marginLeft: 60,
    marginBottom: rotate ? Math.min(140, 24 + longest * 6) : 40,
    style,
    ariaLabel: `${kind === "bar" ? "Bar" : "Line"} chart of ${yLabel} by ${xLabel}`,
    x: categories
      ? { type: kind === "bar" ? "band" : "point", domain: categories, label: xLabel, tickRotate: rotate ? -45 : 0 }
      : { label: xLabel },
    y: { label: yLabel, grid: true },
    marks: [mark, Plot.ruleY([0])],
  });
  return { node, note: notes.length ? `Chart of ${notes.join("; ")}.` : "" };
}
