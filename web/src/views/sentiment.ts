// The sentiment pipeline's result view: totals, the evaluation of the built-in
// model (and of a predictions column, beside it) as confusion matrices and
// classification reports, the bronze/silver/gold/application tables as paged
// tables with downloads, and the exploration charts. Every number comes from
// the result document; the tables are the rows the engine streamed out. The
// matrices and reports are drawn by ./evaluation, as for the evaluate recipe.

import { formatBytes, formatCount, formatSeconds, formatShare } from "../format";
import type { Evaluation, SentimentDocument } from "../protocol";
import { RowTables, type RowTable } from "../tables";
import { rankedBars } from "./charts";
import { append, download, downloadDocumentButton, el, replace, stat, table, type Child } from "./dom";
import type { ChartFactory } from "./engagement";
import { binaryView, confusionTable, fixed, reportTable } from "./evaluation";
import { CLASS_COLORS, mentionShareChart, sentimentOverTimeChart } from "./sentiment-charts";

/** Rows per page of a row table. */
export const PAGE_ROWS = 50;

/** The tables in pipeline order, with what each row is. */
const TABLES: { name: string; title: string; about: string }[] = [
  { name: "bronze", title: "Bronze", about: "one row per tweet, as read: date, user, text, sentiment as written, source_file, processing_time" },
  { name: "silver", title: "Silver", about: "one row per @mention: timestamp (UTC), mention, cleaned_text (mentions removed), sentiment (mapped class)" },
  { name: "gold", title: "Gold", about: "silver plus the built-in model: predicted_score (50–100), predicted_sentiment, sentiment_id, predicted_sentiment_id" },
  { name: "application", title: "Application", about: "per mention: first and last timestamp, negative, neutral and positive predictions, total; most first" },
];

function empty(text: string): HTMLElement {
  return el("p", { class: "empty" }, text);
}

function card(title: string, wide: boolean, testid: string | null, ...children: Child[]): HTMLElement {
  return el("section", { class: wide ? "card wide" : "card", ...(testid ? { testid } : {}), attrs: { "aria-label": title } }, el("h3", null, title), ...children);
}

/** One predictor's evaluation: 3-class matrix and report, binary matrix and counts. */
function evaluationPanel(e: Evaluation, key: string, title: string): HTMLElement {
  const unlabelled = e.unlabelled ? `; ${formatCount(e.unlabelled)} without a given label are not evaluated` : "";
  const unpredicted = e.unpredicted ? `; ${formatCount(e.unpredicted)} without a prediction are left out` : "";
  const panel = el(
    "div",
    { class: "evaluation", testid: `evaluation-${key}` },
    el("h4", null, title),
    el("p", { class: "note" }, `${formatCount(e.records)} tweets evaluated, each once whatever its number of mentions${unlabelled}${unpredicted}.`),
  );
  if (e.error) {
    append(panel, el("p", { class: "problem" }, e.error));
    return panel;
  }
  append(
    panel,
    el("h5", null, "Three classes"),
    el("div", { class: "scroll-x" }, confusionTable(`confusion-${key}`, `${title}: confusion matrix`, e.confusion)),
    reportTable(`report-${key}`, e),
  );
  if (e.binary) {
    append(panel, el("h5", null, "Binary: positive = 1, everything else = 0"), binaryView(key, title, e.binary, { "0": "0 (not POS)", "1": "1 (POS)" }));
  }
  return panel;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** A paged view of one row table: PAGE_ROWS rows, prev/next, page N of M. Only
 *  the batches the page spans are parsed. */
class PagedTable {
  readonly root: HTMLElement;
  private readonly body = el("div", { class: "scroll paged-rows", attrs: { tabindex: 0, role: "region", "aria-label": "Table rows" } });
  private readonly info = el("span", { class: "page-info", testid: "page-info", attrs: { "aria-live": "polite" } });
  private readonly prev = el("button", { class: "small", testid: "page-prev", attrs: { type: "button" } }, "‹ Previous");
  private readonly next = el("button", { class: "small", testid: "page-next", attrs: { type: "button" } }, "Next ›");
  private readonly note = el("p", { class: "note", testid: "table-note" });
  private tableRows: RowTable | null = null;
  private page = 0;
  private token = 0;

  constructor() {
    this.prev.addEventListener("click", () => void this.go(this.page - 1));
    this.next.addEventListener("click", () => void this.go(this.page + 1));
    this.root = el("div", { class: "paged" }, this.note, el("div", { class: "pager" }, this.prev, this.info, this.next), this.body);
  }

  show(t: RowTable | null, note: string): void {
    this.tableRows = t;
    this.note.textContent = note;
    void this.go(0);
  }

  private pages(): number {
    return Math.max(1, Math.ceil((this.tableRows?.rows ?? 0) / PAGE_ROWS));
  }

  async go(page: number): Promise<void> {
    const t = this.tableRows;
    const pages = this.pages();
    this.page = Math.max(0, Math.min(pages - 1, page));
    const token = ++this.token;
    this.prev.disabled = this.page === 0;
    this.next.disabled = this.page >= pages - 1;
    if (!t || t.rows === 0) {
      this.info.textContent = "no rows";
      replace(this.body, empty("This table has no rows."));
      return;
    }
    const from = this.page * PAGE_ROWS;
    const rows = await t.slice(from, PAGE_ROWS);
    if (token !== this.token) return;
    this.info.textContent = `rows ${formatCount(from + 1)}–${formatCount(from + rows.length)} of ${formatCount(t.rows)} · page ${formatCount(this.page + 1)} of ${formatCount(pages)}`;
    const columns = rows.length ? Object.keys(rows[0]!) : [];
    replace(
      this.body,
      table(
        "row-table",
        `${t.name} rows`,
        [{ label: "#", numeric: true }, ...columns.map((c) => ({ label: c }))],
        rows.map((r, i) => [formatCount(from + i + 1), ...columns.map((c) => cellText(r[c]))]),
      ),
    );
  }
}

/** The four tables: counts, downloads and a paged view of the one chosen. */
function tablesCard(doc: SentimentDocument, tables: RowTables | null, runNumber: number): HTMLElement {
  const r = doc.results;
  const pager = new PagedTable();
  const tabs = el("div", { class: "tabs", attrs: { role: "tablist", "aria-label": "Tables" } });
  const counts: Record<string, number> = { ...r.tables };
  const noteOf = (name: string, t: RowTable | null): string => {
    if (name === "application") {
      return t
        ? `The whole application table (${formatCount(t.rows)} mentions). The result document lists its first ${formatCount(r.application.length)} (results.application).`
        : `The result document's first ${formatCount(r.application.length)} rows (results.application) of ${formatCount(r.tables.application)}.`;
    }
    const about = TABLES.find((x) => x.name === name)?.about ?? "";
    return `${about}. Rows of different files and ranges arrive in the order the workers finished them.`;
  };
  /** The application rows of the document when the engine's table is missing. */
  const fromDocument = (): RowTable | null => {
    const line = r.application.map((m) => JSON.stringify(m)).join("\n");
    if (!line) return null;
    const pseudo = new RowTables();
    pseudo.add([{ table: "application", rows: r.application.length, data: new TextEncoder().encode(`${line}\n`) as Uint8Array<ArrayBuffer> }]);
    return pseudo.table("application");
  };
  const tableOf = (name: string): RowTable | null => {
    if (tables?.has(name)) return tables.table(name);
    return name === "application" ? fromDocument() : null;
  };
  const buttons = new Map<string, HTMLButtonElement>();
  const choose = (name: string): void => {
    for (const [n, b] of buttons) {
      b.setAttribute("aria-selected", String(n === name));
      b.classList.toggle("active", n === name);
    }
    pager.show(tableOf(name), noteOf(name, tables?.has(name) ? tables.table(name) : null));
  };
  for (const t of TABLES) {
    const b = el("button", { class: "tab", testid: `table-tab-${t.name}`, attrs: { type: "button", role: "tab" } }, `${t.title} (${formatCount(counts[t.name] ?? 0)})`);
    b.addEventListener("click", () => choose(t.name));
    buttons.set(t.name, b);
    tabs.appendChild(b);
  }

  const downloadButton = (name: string, kind: "ndjson" | "csv"): HTMLElement => {
    const t = tableOf(name);
    const b = el(
      "button",
      { class: "small", testid: `download-${name}-${kind}`, attrs: { type: "button", disabled: !t } },
      kind === "ndjson" ? "NDJSON.gz" : "CSV",
    );
    b.addEventListener("click", async () => {
      if (!t) return;
      b.disabled = true;
      const label = b.textContent;
      b.textContent = "Preparing…";
      try {
        const blob = kind === "ndjson" ? await t.ndjsonGzip() : await t.csv();
        download(`dropsight-sentiment-run${runNumber}-${name}.${kind === "ndjson" ? "ndjson.gz" : "csv"}`, blob);
      } finally {
        b.textContent = label;
        b.disabled = false;
      }
    });
    return b;
  };
  const summary = table(
    "tables-summary",
    "Row tables",
    [{ label: "Table" }, { label: "Rows", numeric: true }, { label: "NDJSON size", numeric: true }, { label: "Download" }],
    TABLES.map((t) => {
      const rows = tableOf(t.name);
      return [
        t.title,
        formatCount(counts[t.name] ?? 0),
        rows ? formatBytes(rows.bytes) : "–",
        el("span", { class: "csv-buttons left" }, downloadButton(t.name, "ndjson"), downloadButton(t.name, "csv")),
      ];
    }),
  );
  const node = card(
    "Tables: bronze → silver → gold → application",
    true,
    "sentiment-tables",
    el("p", { class: "note" }, "Row counts are the engine's (results.tables). Downloads are NDJSON compressed with gzip in this tab, or CSV with a header row."),
    summary,
    tabs,
    pager.root,
  );
  choose("bronze");
  return node;
}

export function renderSentiment(
  root: HTMLElement,
  doc: SentimentDocument,
  runNumber: number,
  chart: ChartFactory,
  tables: RowTables | null,
): void {
  const r = doc.results;
  const x = r.exploration;
  const zone = doc.parameters?.timeZone || "UTC";

  const downloadJson = downloadDocumentButton(doc, `dropsight-sentiment-run${runNumber}.json`);
  const labels = Object.entries(doc.parameters?.labels ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k} = ${v}`)
    .join(", ");
  const f = doc.parameters?.fields;
  append(
    root,
    el(
      "div",
      { class: "results-head" },
      el(
        "div",
        null,
        el("h2", null, `Results of run ${runNumber}: sentiment pipeline`),
        el(
          "p",
          { class: "note", testid: "sentiment-parameters" },
          `${doc.inputs.map((i) => i.name).join(", ")}. Fields: date ${f?.date || "–"}, user ${f?.user || "–"}, text ${f?.text || "–"}, label ${f?.sentiment || "–"}` +
            `${f?.prediction ? `, predictions ${f.prediction}` : ""}. Label mapping: ${labels || "none"}. ` +
            `${doc.parameters?.keepUnmentioned ? "Tweets without a mention are kept in silver and gold. " : ""}` +
            `Days in ${zone}; timestamps in UTC. Processing time ${doc.parameters?.processingTime ?? ""}.`,
        ),
      ),
      downloadJson,
    ),
  );

  const mentions = x.mentions;
  append(
    root,
    el(
      "dl",
      { class: "totals", testid: "totals" },
      stat("Tweets", formatCount(r.records), `${formatBytes(doc.metrics.bytes)} read`, "total-tweets"),
      stat("Rejected", formatCount(doc.rejectedTotal), "records not used", "total-rejected"),
      stat("Users", formatCount(x.users), "distinct", "total-users"),
      stat("With a mention", formatCount(mentions.withMention), `${formatCount(mentions.withoutMention)} without`, "total-with-mention"),
      stat("Mentions", formatCount(mentions.rows), `${formatCount(mentions.distinct)} distinct`, "total-mentions"),
      stat("Model accuracy", r.evaluation.error ? "–" : fixed(r.evaluation.accuracy), `on ${formatCount(r.evaluation.records)} labelled tweets`, "total-accuracy"),
    ),
  );

  // ---- evaluation ----
  const panels = [evaluationPanel(r.evaluation, "model", "Built-in model")];
  if (r.predictionEvaluation) panels.push(evaluationPanel(r.predictionEvaluation, "prediction", `Predictions column “${r.predictionEvaluation.predictor}”`));
  append(
    root,
    card(
      "Evaluation: given labels against predictions",
      true,
      "sentiment-evaluation",
      el(
        "p",
        { class: "note" },
        "Rows: the given label (mapped to NEG, NEU, POS; other labels keep their own row). Columns: the prediction. Each cell: the count and its share of the row; green on the diagonal (right), red elsewhere, stronger for a larger share. Precision, recall, F1 and support as scikit-learn's classification_report (zero_division = 0).",
      ),
      el("div", { class: panels.length > 1 ? "split" : "" }, ...panels),
    ),
  );

  // ---- tables ----
  append(root, tablesCard(doc, tables, runNumber));

  // ---- exploration ----
  const host = (cls: string, draw: (w: number) => Element): HTMLElement => chart(cls, draw).host;
  let show = { given: true, predicted: true };
  const overTime = x.perDay.length ? chart("chart-sentiment-time", (w) => sentimentOverTimeChart(x.perDay, w, show)) : null;
  const givenBox = el("input", { testid: "time-given", attrs: { type: "checkbox", checked: true } });
  const predictedBox = el("input", { testid: "time-predicted", attrs: { type: "checkbox", checked: true } });
  const onToggle = (): void => {
    show = { given: givenBox.checked, predicted: predictedBox.checked };
    overTime?.redraw();
  };
  givenBox.addEventListener("change", onToggle);
  predictedBox.addEventListener("change", onToggle);

  const topUsers = card(
    "Tweets per user (top 20)",
    false,
    null,
    el("p", { class: "note" }, `${formatCount(x.users)} users; ties by name.`),
    x.topUsers.length
      ? host("chart-top-users", (w) => rankedBars(x.topUsers.map((u) => ({ label: u.user, count: u.tweets })), w, "Tweets →", "Bar chart: the users with the most tweets"))
      : empty("No user field."),
  );
  const withMention = card(
    "Tweets with and without a mention",
    false,
    null,
    el("p", { class: "note" }, `${formatCount(mentions.rows)} mention rows (silver) of ${formatCount(mentions.distinct)} distinct mentions.`),
    host("chart-mention-share", (w) => mentionShareChart(mentions.withMention, mentions.withoutMention, w)),
    table(
      "labels-table",
      "Given labels and predictions",
      [{ label: "Given label" }, { label: "Tweets", numeric: true }, { label: "Prediction" }, { label: "Tweets", numeric: true }],
      Array.from({ length: Math.max(x.givenLabels.length, x.predictedLabels.length) }, (_, i) => [
        x.givenLabels[i]?.label ?? "",
        x.givenLabels[i] ? formatCount(x.givenLabels[i]!.tweets) : "",
        x.predictedLabels[i]?.label ?? "",
        x.predictedLabels[i] ? formatCount(x.predictedLabels[i]!.tweets) : "",
      ]),
    ),
  );
  const pos = card(
    "Top 20 mentions by positive predictions",
    false,
    null,
    el("p", { class: "note" }, "Gold rows predicted POS per mention (exact spelling)."),
    x.topPositiveMentions.length
      ? host("chart-top-positive", (w) =>
          rankedBars(x.topPositiveMentions.map((m) => ({ label: m.mention, count: m.count })), w, "Positive predictions →", "Bar chart: mentions with the most positive predictions", CLASS_COLORS.positive),
        )
      : empty("No mention has a positive prediction."),
  );
  const neg = card(
    "Top 20 mentions by negative predictions",
    false,
    null,
    el("p", { class: "note" }, "Gold rows predicted NEG per mention (exact spelling)."),
    x.topNegativeMentions.length
      ? host("chart-top-negative", (w) =>
          rankedBars(x.topNegativeMentions.map((m) => ({ label: m.mention, count: m.count })), w, "Negative predictions →", "Bar chart: mentions with the most negative predictions", CLASS_COLORS.negative),
        )
      : empty("No mention has a negative prediction."),
  );
  const time = card(
    "Sentiment over time",
    true,
    null,
    el(
      "div",
      { class: "chart-tools" },
      el("p", { class: "note" }, `Tweets per day (${zone}) by class: the model's predictions (solid) and the given labels (dashed). ${formatCount(x.invalidDates)} tweets without a readable date are not shown.`),
      el("span", { class: "inline" }, el("label", { class: "check" }, predictedBox, " Predicted"), " ", el("label", { class: "check" }, givenBox, " Given")),
    ),
    overTime ? overTime.host : empty("No dated tweets."),
  );
  const columns = card(
    "Missing values per column",
    false,
    null,
    el("p", { class: "note" }, "Null: the field is absent or null. Empty: blank text."),
    table(
      "columns-table",
      "Null and empty values per column",
      [{ label: "Column" }, { label: "Field" }, { label: "Null", numeric: true }, { label: "Empty", numeric: true }, { label: "Share", numeric: true }],
      x.columns.map((c) => [c.column, c.field, formatCount(c.null), formatCount(c.empty), x.tweets ? formatShare((c.null + c.empty) / x.tweets, 1) : "–"]),
    ),
  );
  const stages = card(
    "Stage timings",
    false,
    null,
    el("p", { class: "note" }, "Engine time in each stage, summed over workers (also in the metrics table below)."),
    table(
      "stages-table",
      "Stage timings",
      [{ label: "Stage" }, { label: "Seconds", numeric: true }],
      x.stages.map((s) => [s.stage, formatSeconds(s.seconds)]),
    ),
  );
  append(root, el("div", { class: "grid" }, time, topUsers, withMention, pos, neg, columns, stages));
}
