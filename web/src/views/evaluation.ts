// Classifier evaluation as the page shows it, for the sentiment pipeline and
// the evaluate recipe alike: confusion matrices as heat tables, the
// classification report as scikit-learn prints it, the binary view's counts,
// and their CSV files. Then the evaluate recipe's result view. Every number
// comes from the result document.

import { csvName, toCsv, type Cell } from "../csv";
import { formatBytes, formatCount, formatNumber, formatShare } from "../format";
import type { BinaryReport, Confusion, EvaluateDocument, Report } from "../protocol";
import { append, documentJson, download, el, stat, table, type Child } from "./dom";

/** A score as the report prints it: two decimals. */
export function fixed(x: number): string {
  return formatNumber(x, 2);
}

/** Background of a heat cell: the row-normalised share as the colour's strength. */
function heat(share: number, diagonal: boolean): string {
  const a = Math.max(0, Math.min(1, share));
  return diagonal ? `rgba(46, 125, 79, ${(0.08 + 0.8 * a).toFixed(3)})` : `rgba(179, 38, 30, ${(0.05 + 0.75 * a).toFixed(3)})`;
}

/**
 * A confusion matrix as a heat table: rows = given labels, columns = predicted
 * labels; each cell shows its count and its share of the row (the row's recall
 * on the diagonal). Green: right; red: wrong; stronger: a larger share.
 */
export function confusionTable(testid: string, title: string, c: Confusion, names?: Record<string, string>): HTMLElement {
  const name = (l: string): string => names?.[l] ?? l;
  const n = c.labels.length;
  const head = el(
    "thead",
    null,
    el(
      "tr",
      null,
      el("th", { class: "corner", attrs: { rowspan: 2, scope: "col" } }, "Given ↓ · Predicted →"),
      el("th", { class: "axis", attrs: { colspan: n, scope: "colgroup" } }, "Predicted"),
      el("th", { class: "num", attrs: { rowspan: 2, scope: "col" } }, "Total"),
    ),
    el("tr", null, ...c.labels.map((l) => el("th", { class: "num", attrs: { scope: "col" } }, name(l)))),
  );
  const body = el(
    "tbody",
    null,
    ...c.labels.map((given, i) => {
      const row = c.matrix[i] ?? [];
      const total = row.reduce((a, b) => a + b, 0);
      return el(
        "tr",
        null,
        el("th", { attrs: { scope: "row" } }, el("span", { class: "axis-label" }, "Given "), name(given)),
        ...row.map((count, j) => {
          const share = c.shares[i]?.[j] ?? 0;
          const cell = el(
            "td",
            { class: `num heat${share > 0.55 ? " dark" : ""}`, title: `given ${name(given)}, predicted ${name(c.labels[j] ?? "")}: ${formatCount(count)} (${formatShare(share, 1)} of the row)` },
            el("span", { class: "count" }, formatCount(count)),
            el("span", { class: "share" }, total ? formatShare(share, 1) : "–"),
          );
          cell.style.background = total ? heat(share, i === j) : "";
          return cell;
        }),
        el("td", { class: "num" }, formatCount(total)),
      );
    }),
  );
  return el("table", { class: "confusion", testid, attrs: { "aria-label": title } }, head, body);
}

/** The classification report, laid out as scikit-learn prints it. */
export function reportTable(testid: string, r: Report): HTMLElement {
  const rows: Child[][] = r.classes.map((c) => [c.label, fixed(c.precision), fixed(c.recall), fixed(c.f1), formatCount(c.support)]);
  rows.push(["accuracy", "", "", fixed(r.accuracy), formatCount(r.macro.support)]);
  rows.push(["macro avg", fixed(r.macro.precision), fixed(r.macro.recall), fixed(r.macro.f1), formatCount(r.macro.support)]);
  rows.push(["weighted avg", fixed(r.weighted.precision), fixed(r.weighted.recall), fixed(r.weighted.f1), formatCount(r.weighted.support)]);
  return table(
    testid,
    "Classification report",
    [{ label: "Class" }, { label: "Precision", numeric: true }, { label: "Recall", numeric: true }, { label: "F1", numeric: true }, { label: "Support", numeric: true }],
    rows,
  );
}

/** The binary view: its 2×2 matrix and its counts and scores. names label "0" and "1". */
export function binaryView(key: string, title: string, b: BinaryReport, names: Record<string, string>): HTMLElement {
  return el(
    "div",
    { class: "binary" },
    confusionTable(`binary-confusion-${key}`, `${title}: binary confusion matrix`, b.confusion, names),
    el(
      "dl",
      { class: "facts", testid: `binary-${key}` },
      ...(
        [
          ["TP", formatCount(b.tp)],
          ["FP", formatCount(b.fp)],
          ["FN", formatCount(b.fn)],
          ["TN", formatCount(b.tn)],
          ["Precision", fixed(b.precision)],
          ["Recall", fixed(b.recall)],
          ["F1", fixed(b.f1)],
          ["Accuracy", fixed(b.accuracy)],
        ] as [string, string][]
      ).flatMap(([k, v]) => [el("dt", null, k), el("dd", null, v)]),
    ),
  );
}

/** The header of the report CSV. */
export const REPORT_COLUMNS = ["class", "precision", "recall", "f1", "support"];

/** The report as CSV rows (values unformatted): one per class, then accuracy
 *  (its score in f1, as scikit-learn prints it), macro avg and weighted avg. */
export function reportRows(r: Report): Cell[][] {
  return [
    ...r.classes.map((c): Cell[] => [c.label, c.precision, c.recall, c.f1, c.support]),
    ["accuracy", null, null, r.accuracy, r.macro.support],
    ["macro avg", r.macro.precision, r.macro.recall, r.macro.f1, r.macro.support],
    ["weighted avg", r.weighted.precision, r.weighted.recall, r.weighted.f1, r.weighted.support],
  ];
}

/** The confusion matrix as CSV: a header of predicted labels, one row per given label. */
export function confusionCsv(c: Confusion): string {
  return toCsv(
    ["given \\ predicted", ...c.labels],
    c.labels.map((l, i) => [l, ...(c.matrix[i] ?? [])]),
  );
}

// ---------- the evaluate recipe ----------

export function renderEvaluate(root: HTMLElement, doc: EvaluateDocument, runNumber: number): void {
  const r = doc.results;
  const p = doc.parameters;
  const fileNames = doc.inputs.map((i) => i.name).join(", ");

  const button = (testid: string, text: string, name: string, content: () => string, type: string): HTMLElement => {
    const b = el("button", { testid, attrs: { type: "button", disabled: Boolean(r.error) && type === "text/csv" } }, text);
    b.addEventListener("click", () => download(name, new Blob([content()], { type })));
    return b;
  };
  const skipped = r.skipped;

  append(
    root,
    el(
      "div",
      { class: "results-head" },
      el(
        "div",
        null,
        el("h2", null, `Results of run ${runNumber}: evaluation`),
        el(
          "p",
          { class: "note", testid: "evaluate-parameters" },
          `${fileNames}. Given labels: “${p.label}”; predictions: “${p.prediction}”` + `${p.positive ? `; positive class for the binary view: “${p.positive}”` : ""}.`,
        ),
      ),
      el(
        "div",
        { class: "actions" },
        button("download-json", "Download result (JSON)", `dropsight-evaluate-run${runNumber}.json`, () => documentJson(doc), "application/json"),
        button("download-report-csv", "Report (CSV)", csvName("evaluate", runNumber, "report"), () => toCsv(REPORT_COLUMNS, reportRows(r)), "text/csv"),
        button("download-confusion-csv", "Confusion matrix (CSV)", csvName("evaluate", runNumber, "confusion"), () => confusionCsv(r.confusion), "text/csv"),
      ),
    ),
    el(
      "dl",
      { class: "totals", testid: "totals" },
      stat("Records", formatCount(r.records), `${formatBytes(doc.metrics.bytes)} read`, "evaluate-records"),
      stat("Evaluated", formatCount(r.evaluated), "with a label and a prediction", "evaluate-evaluated"),
      stat(
        "Skipped",
        formatCount(skipped.records),
        `${formatCount(skipped.noLabel)} without a label, ${formatCount(skipped.noPrediction)} without a prediction`,
        "evaluate-skipped",
      ),
      stat("Rejected", formatCount(doc.rejectedTotal), "records not read"),
      stat("Classes", r.error ? "–" : formatCount(r.confusion.labels.length), "given and predicted labels", "evaluate-classes"),
      stat("Accuracy", r.error ? "–" : fixed(r.accuracy), `on ${formatCount(r.evaluated)} records`, "evaluate-accuracy"),
    ),
  );

  const card = el(
    "section",
    { class: "card wide", testid: "evaluate-report", attrs: { "aria-label": "Evaluation" } },
    el("h3", null, "Given labels against predictions"),
    el(
      "p",
      { class: "note" },
      "Rows: the given label. Columns: the prediction. Each cell: the count and its share of the row; green on the diagonal (right), red elsewhere, stronger for a larger share. " +
        "Precision, recall, F1 and support as scikit-learn's classification_report (zero_division = 0). Numbers are compared as numbers (1 and 1.0 are one class); other values as written.",
    ),
  );
  if (r.error) {
    append(card, el("p", { class: "problem", testid: "evaluate-error", attrs: { role: "alert" } }, r.error));
  } else if (r.evaluated === 0) {
    append(card, el("p", { class: "problem", testid: "evaluate-error" }, "No record has both a label and a prediction: check the columns picked."));
  } else {
    append(
      card,
      el("div", { class: "scroll-x", attrs: { tabindex: 0, role: "region", "aria-label": "Confusion matrix" } }, confusionTable("confusion-evaluate", "Confusion matrix", r.confusion)),
      reportTable("report-evaluate", r),
    );
    if (r.binary && p.positive) {
      append(card, el("h4", null, `Binary: “${p.positive}” = 1, every other label = 0`), binaryView("evaluate", "Evaluation", r.binary, { "0": "0 (other)", "1": `1 (${p.positive})` }));
    }
  }
  append(root, card);
}
