// Charts as functions of result-document data and a width (Observable Plot, SVG).
// Plot writes labels as SVG text content, so data strings are never parsed as markup.

import * as Plot from "@observablehq/plot";
import type { TweetResults } from "../protocol";

const BAR = "#3f6f9f";
const LINE = "#3f6f9f";
const LABEL = "#333";
const ROW = 26;

const style = {
  fontFamily: "inherit",
  fontSize: "12px",
  background: "transparent",
  overflow: "visible",
};

/** Left margin wide enough for the longest label, within reason. */
function labelMargin(labels: string[], min = 40, max = 170): number {
  const longest = labels.reduce((m, s) => Math.max(m, [...s].length), 0);
  return Math.max(min, Math.min(max, 14 + longest * 7));
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** Top days as horizontal bars, each labelled with that day's top user and count. */
export function topDatesChart(rows: TweetResults["topDates"], width: number): Element {
  const labelOf = (d: TweetResults["topDates"][number]) =>
    d.topUser ? `${d.topUser} (${count(d.topUserTweets)})` : "";
  const marginRight = labelMargin(rows.map(labelOf), 40, 190);
  return Plot.plot({
    width,
    height: rows.length * ROW + 44,
    ariaLabel: "Bar chart: the days with the most tweets, each labelled with its most active user",
    marginLeft: 84,
    marginRight,
    style,
    x: { label: "Tweets →", grid: true, nice: true },
    y: { label: null, domain: rows.map((d) => d.date), tickSize: 0 },
    marks: [
      Plot.barX(rows, {
        x: "tweets",
        y: "date",
        fill: BAR,
        title: (d: TweetResults["topDates"][number]) =>
          `${d.date}: ${count(d.tweets)} tweets; top user ${d.topUser} (${count(d.topUserTweets)})`,
      }),
      Plot.text(rows, {
        x: "tweets",
        y: "date",
        text: labelOf,
        textAnchor: "start",
        dx: 5,
        fill: LABEL,
      }),
      Plot.ruleX([0]),
    ],
  });
}

/** Tweets per day over time, line and dots. Days are calendar days (shown at UTC midnight). */
export function tweetsPerDayChart(series: TweetResults["tweetsPerDay"], width: number): Element {
  const data = series.map((d) => ({ day: new Date(`${d.date}T00:00:00Z`), date: d.date, tweets: d.tweets }));
  const r = data.length > 400 ? 1 : data.length > 120 ? 1.8 : 3;
  return Plot.plot({
    width,
    height: 260,
    ariaLabel: "Line chart: tweets per day",
    marginLeft: 56,
    style,
    x: { type: "utc", label: null },
    y: { label: "↑ Tweets per day", grid: true, nice: true, zero: true },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(data, { x: "day", y: "tweets", stroke: LINE, strokeWidth: 1.5 }),
      Plot.dot(data, {
        x: "day",
        y: "tweets",
        r,
        fill: LINE,
        title: (d: { date: string; tweets: number }) => `${d.date}: ${count(d.tweets)} tweets`,
      }),
    ],
  });
}

/** A ranked horizontal bar chart with the count at the end of each bar. */
export function rankedBars(
  rows: { label: string; count: number }[],
  width: number,
  xLabel: string,
  ariaLabel: string,
  fill: string = BAR,
): Element {
  const marginLeft = labelMargin(rows.map((r) => r.label));
  return Plot.plot({
    width,
    ariaLabel,
    height: rows.length * ROW + 44,
    marginLeft,
    marginRight: 56,
    style,
    x: { label: xLabel, grid: true, nice: true },
    y: { label: null, domain: rows.map((d) => d.label), tickSize: 0 },
    marks: [
      Plot.barX(rows, {
        x: "count",
        y: "label",
        fill,
        title: (d: { label: string; count: number }) => `${d.label}: ${count(d.count)}`,
      }),
      Plot.text(rows, {
        x: "count",
        y: "label",
        text: (d: { count: number }) => count(d.count),
        textAnchor: "start",
        dx: 5,
        fill: LABEL,
      }),
      Plot.ruleX([0]),
    ],
  });
}
