// The result view: for tweets, totals and the four charts with their tables;
// for engagement, see engagement.ts. Also the rejects panel. Everything shown
// comes from the ResultDocument; nothing is recomputed.

import { formatBytes, formatCount } from "../format";
import type { ResultDocument, TweetsDocument } from "../protocol";
import type { RowTables } from "../tables";
import { rankedBars, topDatesChart, tweetsPerDayChart } from "./charts";
import { append, clear, download, downloadDocumentButton, el, replace, stat, table, type Child } from "./dom";
import { renderEngagement } from "./engagement";
import { renderSentiment } from "./sentiment";
import { renderEvaluate } from "./evaluation";
import { renderProfile } from "./profile";

/** Rejects shown in the table; the download holds every reject in the document. */
export const REJECTS_SHOWN = 100;

function card(title: string, note: string | null, chart: HTMLElement, tableNode: Child, wide = false): HTMLElement {
  return el(
    "section",
    { class: wide ? "card wide" : "card" },
    el("h3", null, title),
    note ? el("p", { class: "note" }, note) : null,
    chart,
    tableNode,
  );
}

function empty(text: string): HTMLElement {
  return el("p", { class: "empty" }, text);
}

interface ChartSlot {
  host: HTMLElement;
  draw: (width: number) => Element;
}

/** Renders a result and keeps its charts sized to their cards. */
export class ResultsView {
  private readonly root: HTMLElement;
  private charts: ChartSlot[] = [];
  private lastWidths: number[] = [];
  private readonly observer: ResizeObserver;
  private frame = 0;

  constructor(root: HTMLElement) {
    this.root = root;
    this.observer = new ResizeObserver(() => {
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => this.drawCharts(false));
    });
  }

  clear(): void {
    this.observer.disconnect();
    this.charts = [];
    clear(this.root);
    this.root.hidden = true;
  }

  /** tables: the row tables the run streamed out (the sentiment pipeline's). */
  show(doc: ResultDocument, runNumber: number, tables: RowTables | null = null): void {
    this.clear();
    this.root.hidden = false;
    this.root.dataset.recipe = doc.recipe;
    if (doc.recipe === "engagement") {
      renderEngagement(this.root, doc, runNumber, (cls, draw) => this.chartHost(cls, draw));
    } else if (doc.recipe === "sentiment") {
      renderSentiment(this.root, doc, runNumber, (cls, draw) => this.chartHost(cls, draw), tables);
    } else if (doc.recipe === "profile") {
      renderProfile(this.root, doc, runNumber, (cls, draw) => this.chartHost(cls, draw));
    } else if (doc.recipe === "evaluate") {
      renderEvaluate(this.root, doc, runNumber);
    } else {
      this.showTweets(doc, runNumber);
    }
    this.lastWidths = [];
    this.drawCharts(true);
    for (const c of this.charts) this.observer.observe(c.host);
  }

  /** A host for a chart drawn at the host's width; redraw() draws it again (after an option changed). */
  private chartHost(cls: string, draw: ChartSlot["draw"]): { host: HTMLElement; redraw: () => void } {
    const host = el("div", { class: `chart ${cls}` });
    const slot: ChartSlot = { host, draw };
    this.charts.push(slot);
    return { host, redraw: () => this.drawSlot(slot, this.charts.indexOf(slot)) };
  }

  private showTweets(doc: TweetsDocument, runNumber: number): void {
    const r = doc.results;
    const zone = doc.parameters?.timeZone || "UTC";
    const fileNames = doc.inputs.map((i) => i.name).join(", ");

    const downloadJson = downloadDocumentButton(doc, `dropsight-tweets-run${runNumber}.json`);

    const header = el(
      "div",
      { class: "results-head" },
      el("div", null, el("h2", null, `Results of run ${runNumber}`), el("p", { class: "note" }, `${fileNames}. Days are calendar days in ${zone}.`)),
      downloadJson,
    );

    const totals = el(
      "dl",
      { class: "totals", testid: "totals" },
      stat("Records", formatCount(r.records), `${formatBytes(doc.metrics.bytes)} read`, "total-records"),
      stat("Rejected", formatCount(doc.rejectedTotal), "lines not used", "total-rejected"),
      stat("Days", formatCount(r.days)),
      stat("Emojis", formatCount(r.emojis.total), `${formatCount(r.emojis.distinct)} distinct`),
      stat("Mentions", formatCount(r.mentions.total), `${formatCount(r.mentions.distinct)} distinct users`),
      stat(
        "Mention sources",
        `${formatCount(r.mentions.fromField)} · ${formatCount(r.mentions.fromText)}`,
        `from the field · from @ in text (${doc.parameters?.mentions ?? "auto"})`,
      ),
    );

    const inputs = table(
      "inputs-table",
      "Inputs",
      [
        { label: "File" },
        { label: "Format" },
        { label: "Size", numeric: true },
        { label: "Records", numeric: true },
        { label: "Rejected", numeric: true },
      ],
      doc.inputs.map((i) => [
        i.name,
        `${i.format}${i.gzip ? " (gzip)" : ""}`,
        formatBytes(i.bytes),
        formatCount(i.records),
        formatCount(i.rejected),
      ]),
    );

    const chartHost = (cls: string, draw: ChartSlot["draw"]): HTMLElement => this.chartHost(cls, draw).host;

    const topDates = r.topDates.length
      ? card(
          "Top 10 days",
          "Tweets per day, most first; each bar is labelled with that day's most active user and their tweets.",
          chartHost("chart-dates", (w) => topDatesChart(r.topDates, w)),
          table(
            "top-dates-table",
            "Top days",
            [
              { label: "#", numeric: true },
              { label: "Day" },
              { label: "Tweets", numeric: true },
              { label: "Top user" },
              { label: "Their tweets", numeric: true },
            ],
            r.topDates.map((d, i) => [i + 1, d.date, formatCount(d.tweets), d.topUser, formatCount(d.topUserTweets)]),
          ),
        )
      : card("Top 10 days", null, empty("No dated tweets."), table("top-dates-table", "Top days", [{ label: "Day" }], []));

    const perDay = card(
      "Tweets per day",
      `${formatCount(r.tweetsPerDay.length)} day${r.tweetsPerDay.length === 1 ? "" : "s"} with tweets.`,
      r.tweetsPerDay.length ? chartHost("chart-days", (w) => tweetsPerDayChart(r.tweetsPerDay, w)) : empty("No dated tweets."),
      el(
        "details",
        { class: "table-details", attrs: { open: true } },
        el("summary", null, `Table (${formatCount(r.tweetsPerDay.length)} day${r.tweetsPerDay.length === 1 ? "" : "s"})`),
        table(
          "tweets-per-day-table",
          "Tweets per day",
          [{ label: "Day" }, { label: "Tweets", numeric: true }],
          r.tweetsPerDay.map((d) => [d.date, formatCount(d.tweets)]),
        ),
      ),
    );

    const emojis = card(
      "Top emojis",
      `${formatCount(r.emojis.total)} emojis in all, ${formatCount(r.emojis.distinct)} distinct.`,
      r.topEmojis.length
        ? chartHost("chart-emojis", (w) =>
            rankedBars(
              r.topEmojis.map((e) => ({ label: e.emoji, count: e.count })),
              w,
              "Occurrences →",
              "Bar chart: the most frequent emojis",
            ),
          )
        : empty("No emojis found."),
      table(
        "top-emojis-table",
        "Top emojis",
        [{ label: "#", numeric: true }, { label: "Emoji" }, { label: "Code points" }, { label: "Count", numeric: true }],
        r.topEmojis.map((e, i) => [i + 1, el("span", { class: "emoji" }, e.emoji), codePoints(e.emoji), formatCount(e.count)]),
      ),
    );

    const mentions = card(
      "Top mentions",
      `${formatCount(r.mentions.total)} mentions of ${formatCount(r.mentions.distinct)} users (names grouped case-insensitively).`,
      r.topMentions.length
        ? chartHost("chart-mentions", (w) =>
            rankedBars(
              r.topMentions.map((m) => ({ label: m.username, count: m.count })),
              w,
              "Mentions →",
              "Bar chart: the most mentioned users",
            ),
          )
        : empty("No mentions found."),
      table(
        "top-mentions-table",
        "Top mentions",
        [{ label: "#", numeric: true }, { label: "User" }, { label: "Mentions", numeric: true }],
        r.topMentions.map((m, i) => [i + 1, m.username, formatCount(m.count)]),
      ),
    );

    append(
      this.root,
      header,
      totals,
      el("details", { class: "inputs" }, el("summary", null, `Inputs (${doc.inputs.length})`), inputs),
      el("div", { class: "grid" }, topDates, perDay, emojis, mentions),
    );
  }

  private drawCharts(force: boolean): void {
    this.charts.forEach((c, i) => {
      const width = Math.max(260, Math.floor(c.host.clientWidth || 600));
      if (!force && this.lastWidths[i] === width) return;
      this.drawSlot(c, i);
    });
  }

  private drawSlot(c: ChartSlot, i: number): void {
    if (i < 0) return;
    const width = Math.max(260, Math.floor(c.host.clientWidth || 600));
    this.lastWidths[i] = width;
    try {
      replace(c.host, c.draw(width));
    } catch (err) {
      replace(c.host, empty(`The chart could not be drawn: ${err instanceof Error ? err.message : String(err)}`));
    }
  }
}

/** "U+1F64F U+1F3FB": tells apart emojis that look alike (❤ and ❤️). */
function codePoints(s: string): string {
  return [...s].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`).join(" ");
}

/** The rejects panel: count, the first rejects, and a download of all the document holds. */
export function renderRejects(root: HTMLElement, doc: ResultDocument | null, runNumber: number): void {
  clear(root);
  if (!doc) {
    root.hidden = true;
    return;
  }
  root.hidden = false;
  const shown = doc.rejects.slice(0, REJECTS_SHOWN);
  const button = el(
    "button",
    { testid: "download-rejects", attrs: { type: "button", disabled: doc.rejects.length === 0 } },
    "Download rejects (NDJSON)",
  );
  button.addEventListener("click", () => {
    const lines = doc.rejects.map((r) => JSON.stringify(r)).join("\n");
    download(`dropsight-rejects-run${runNumber}.ndjson`, new Blob([lines ? `${lines}\n` : ""], { type: "application/x-ndjson" }));
  });
  const kept =
    doc.rejects.length < doc.rejectedTotal
      ? ` The engine keeps ${formatCount(doc.rejects.length)} with their text (the first ones, at most 100 with the same reason, numbers aside); the download holds those.`
      : "";
  append(
    root,
    el(
      "div",
      { class: "results-head" },
      el(
        "div",
        null,
        el("h2", null, "Rejects"),
        el(
          "p",
          { class: "note" },
          el("strong", { testid: "rejects-count" }, formatCount(doc.rejectedTotal)),
          doc.recipe === "engagement"
            ? ` rejected row${doc.rejectedTotal === 1 ? "" : "s"} (wrong number of fields, not JSON, an empty user_id, an unparsable timestamp or duration); blank lines are skipped, not rejected.${kept}`
            : ` rejected line${doc.rejectedTotal === 1 ? "" : "s"} (not JSON, or no parsable date); blank lines are skipped, not rejected.${kept}`,
        ),
      ),
      button,
    ),
    el(
      "div",
      { class: "scroll" },
      table(
        "rejects-table",
        "Rejects",
        [{ label: "File" }, { label: "Line", numeric: true }, { label: "Reason" }, { label: "Text" }],
        shown.map((r) => [r.input, String(r.line), r.reason, el("code", { class: "reject-text" }, r.text ?? "")]),
      ),
    ),
    shown.length ? null : el("p", { class: "empty" }, "No rejects."),
    doc.rejects.length > REJECTS_SHOWN ? el("p", { class: "note" }, `Showing the first ${REJECTS_SHOWN}.`) : null,
  );
}
