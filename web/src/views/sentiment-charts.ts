// Charts of the sentiment pipeline's result document (Observable Plot, SVG):
// functions of document data and a width; nothing is computed beyond placing
// the document's numbers. Plot writes labels as SVG text content, so data
// strings are never parsed as markup.

import * as Plot from "@observablehq/plot";
import { formatCount } from "../format";
import type { SentimentDay } from "../protocol";

const style = {
  fontFamily: "inherit",
  fontSize: "12px",
  background: "transparent",
  overflow: "visible",
};

/** One colour per class, the same for given labels and predictions. */
export const CLASS_COLORS: Record<string, string> = {
  positive: "#2e7d4f",
  negative: "#b3261e",
  neutral: "#7d8794",
};

type Series = "given" | "predicted";

/**
 * Sentiment over time: one line per class and day, for the model's predictions
 * (solid) and, when shown, the given labels (dashed).
 */
export function sentimentOverTimeChart(days: SentimentDay[], width: number, show: { given: boolean; predicted: boolean }): Element {
  const rows: { day: Date; date: string; cls: string; series: Series; tweets: number }[] = [];
  for (const d of days) {
    const day = new Date(`${d.date}T00:00:00Z`);
    if (show.predicted) {
      rows.push({ day, date: d.date, cls: "positive", series: "predicted", tweets: d.predictedPOS });
      rows.push({ day, date: d.date, cls: "negative", series: "predicted", tweets: d.predictedNEG });
      rows.push({ day, date: d.date, cls: "neutral", series: "predicted", tweets: d.predictedNEU });
    }
    if (show.given) {
      rows.push({ day, date: d.date, cls: "positive", series: "given", tweets: d.positive });
      rows.push({ day, date: d.date, cls: "negative", series: "given", tweets: d.negative });
      rows.push({ day, date: d.date, cls: "neutral", series: "given", tweets: d.neutral });
    }
  }
  const dots = days.length <= 120;
  return Plot.plot({
    width,
    height: 280,
    ariaLabel: "Line chart: tweets per day by class, predicted (solid) and given (dashed)",
    marginLeft: 56,
    style,
    x: { type: "utc", label: null },
    y: { label: "↑ Tweets per day", grid: true, nice: true, zero: true },
    color: { domain: ["positive", "negative", "neutral"], range: [CLASS_COLORS.positive!, CLASS_COLORS.negative!, CLASS_COLORS.neutral!], legend: true },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(
        rows.filter((d) => d.series === "predicted"),
        { x: "day", y: "tweets", stroke: "cls", z: "cls", strokeWidth: 1.8 },
      ),
      Plot.lineY(
        rows.filter((d) => d.series === "given"),
        { x: "day", y: "tweets", stroke: "cls", z: "cls", strokeWidth: 1.4, strokeDasharray: "5,3" },
      ),
      dots
        ? Plot.dot(rows, {
            x: "day",
            y: "tweets",
            fill: "cls",
            r: 2,
            title: (d: { date: string; cls: string; series: Series; tweets: number }) =>
              `${d.date}: ${formatCount(d.tweets)} ${d.series === "given" ? "labelled" : "predicted"} ${d.cls}`,
          })
        : null,
    ],
  });
}

/** Two bars: tweets with and without a mention. */
export function mentionShareChart(withMention: number, withoutMention: number, width: number): Element {
  const rows = [
    { label: "with a mention", tweets: withMention },
    { label: "without a mention", tweets: withoutMention },
  ];
  return Plot.plot({
    width,
    height: 2 * 30 + 44,
    ariaLabel: "Bar chart: tweets with and without a mention",
    marginLeft: 120,
    marginRight: 64,
    style,
    x: { label: "Tweets →", grid: true, nice: true },
    y: { label: null, domain: rows.map((r) => r.label), tickSize: 0 },
    marks: [
      Plot.barX(rows, { x: "tweets", y: "label", fill: "#3f6f9f", title: (d: { label: string; tweets: number }) => `${formatCount(d.tweets)} tweets ${d.label}` }),
      Plot.text(rows, { x: "tweets", y: "label", text: (d: { tweets: number }) => formatCount(d.tweets), textAnchor: "start", dx: 5, fill: "#333" }),
      Plot.ruleX([0]),
    ],
  });
}
