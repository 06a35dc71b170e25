// The SQL view: a SQLite file (read-only) or CSV/NDJSON files loaded as tables,
// the schema, an editor with history, a paged result table, a chart, CSV.
// Everything from the database is shown as text (textContent via views/dom.ts).
//
// Hooks for automation (data-testid): sql (the section; data-state is
// "empty" | "opening" | "ready" | "running" | "error"; data-queries counts the
// queries answered, with rows or an error), sql-file-input,
// sql-source, sql-schema, sql-editor, sql-run, sql-stop, sql-status,
// sql-error, sql-result, sql-pager, sql-download, sql-chart-toggle,
// sql-history.

import { toCsv } from "../csv";
import { append, clear, download, el, replace } from "../views/dom";
import { resultChart, numericColumns, type ChartKind } from "./chart";
import { SqlClient, SqlRequestError, StoppedError, type Opened } from "./client";
import { MAX_DB_BYTES, MAX_TABLE_ROWS, hasSqliteHeader, hasSqliteName, quoteIdent, sqlFileKind } from "./detect";
import { formatBytes } from "./engine";
import type { QueryResult, SqlFailure, TableInfo } from "./protocol";
import "./sql.css";
import { HISTORY_KEY, addToHistory, csvValue, errorSpan, lineColumn, parseHistory, showValue } from "./text";

/** Rows of a result kept in the page; Download CSV runs the query again for more. */
export const KEEP_ROWS = 100_000;
export const PAGE_ROWS = 100;

type ViewState = "empty" | "opening" | "ready" | "running" | "error";

export interface PickedFile {
  file: File;
  name: string;
}

const count = (n: number): string => n.toLocaleString("en-US");

function ms(n: number): string {
  return n < 1000 ? `${Math.max(1, Math.round(n))} ms` : `${(n / 1000).toFixed(2)} s`;
}

function readHistory(): string[] {
  try {
    return parseHistory(localStorage.getItem(HISTORY_KEY));
  } catch {
    return [];
  }
}

function writeHistory(h: string[]): void {
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(h));
  } catch {
    // Storage full or disabled: the history lives for this page only.
  }
}

class SqlView {
  private client = new SqlClient();
  private state: ViewState = "empty";
  private tables: TableInfo[] = [];
  private result: QueryResult | null = null;
  private resultSql = "";
  private page = 0;
  private chartOn = false;
  private chartKind: ChartKind = "bar";
  private chartX = 0;
  private chartY = -1;
  private history = readHistory();
  private runStarted = 0;
  private ticker = 0;
  /** Queries answered (rows or an error), as data-queries on the section, for automation. */
  private queries = 0;

  private readonly fileInput = el("input", {
    class: "visually-hidden",
    testid: "sql-file-input",
    attrs: { type: "file", multiple: true, tabindex: -1, accept: ".db,.sqlite,.sqlite3,.db3,.csv,.tsv,.ndjson,.jsonl" },
  });
  private readonly source = el("p", { class: "note", testid: "sql-source" });
  private readonly notes = el("ul", { class: "sql-notes", testid: "sql-notes" });
  /** Why a file could not be opened or loaded. */
  private readonly openError = el("div", { class: "error", testid: "sql-open-error", attrs: { role: "alert", hidden: true } });
  private readonly schema = el("div", { class: "sql-schema", testid: "sql-schema", attrs: { "aria-label": "Tables" } });
  private readonly historyList = el("ol", { class: "sql-history", testid: "sql-history" });
  private readonly editor = el("textarea", {
    id: "sql-editor",
    testid: "sql-editor",
    class: "sql-editor",
    attrs: { spellcheck: "false", rows: 7, autocomplete: "off", autocapitalize: "off", "aria-describedby": "sql-keys" },
  });
  private readonly run = el("button", { class: "primary", testid: "sql-run", attrs: { type: "button", disabled: true } }, "Run");
  private readonly stop = el("button", { testid: "sql-stop", attrs: { type: "button", disabled: true } }, "Stop");
  private readonly status = el("p", { class: "sql-status", testid: "sql-status", attrs: { role: "status", "aria-live": "polite" } });
  private readonly error = el("div", { class: "error sql-error", testid: "sql-error", attrs: { role: "alert", hidden: true } });
  private readonly resultHead = el("div", { class: "sql-result-head", attrs: { hidden: true } });
  private readonly summary = el("p", { class: "sql-summary", testid: "sql-summary" });
  private readonly pager = el("div", { class: "sql-pager", testid: "sql-pager" });
  private readonly chartToggle = el("button", { class: "small", testid: "sql-chart-toggle", attrs: { type: "button", "aria-pressed": "false" } }, "Chart");
  private readonly downloadButton = el("button", { class: "small", testid: "sql-download", attrs: { type: "button" } }, "Download CSV");
  private readonly chartTools = el("div", { class: "sql-chart-tools", attrs: { hidden: true } });
  private readonly chartHost = el("div", { class: "chart sql-chart", testid: "sql-chart", attrs: { hidden: true } });
  private readonly tableHost = el("div", { class: "scroll sql-table" });
  private readonly body = el("div", { class: "sql-body", attrs: { hidden: true } });

  constructor(private readonly root: HTMLElement) {
    root.dataset.testid = "sql";
    root.classList.add("sql");
    const pick = el("button", { attrs: { type: "button" } }, "Choose a database or table file…");
    pick.addEventListener("click", () => this.fileInput.click());
    this.fileInput.addEventListener("change", () => {
      const files = Array.from(this.fileInput.files ?? [], (file) => ({ file, name: file.name }));
      this.fileInput.value = "";
      void this.take(files);
    });
    replace(
      root,
      el(
        "div",
        { class: "sql-intro" },
        el("h2", { id: "sql-title" }, "SQL"),
        el(
          "p",
          { class: "note" },
          `Drop a SQLite database (.db, .sqlite, .sqlite3, up to ${formatBytes(MAX_DB_BYTES)}; it opens read-only) on the page or here, ` +
            `or a CSV/TSV or NDJSON file here to query it as a table (up to ${count(MAX_TABLE_ROWS)} rows). SQLite runs in a Web Worker in this tab.`,
        ),
        el("div", { class: "pickers" }, this.fileInput, pick),
        this.source,
        this.notes,
        this.openError,
      ),
      this.body,
    );
    root.setAttribute("aria-labelledby", "sql-title");

    const keys = el("p", { id: "sql-keys", class: "note" }, "Ctrl+Enter (⌘+Enter) runs. Several statements run in order; the last one that returns rows is shown.");
    append(
      this.body,
      el(
        "div",
        { class: "sql-side" },
        el("h3", null, "Tables"),
        this.schema,
        el("h3", null, "History"),
        el("p", { class: "note" }, "Queries of this browser, newest first; click one to load it."),
        this.historyList,
      ),
      el(
        "div",
        { class: "sql-main" },
        el("label", { attrs: { for: "sql-editor" } }, "Query"),
        this.editor,
        el("div", { class: "actions sql-actions" }, this.run, this.stop, keys),
        this.status,
        this.error,
        this.resultHead,
        this.chartTools,
        this.chartHost,
        this.tableHost,
      ),
    );
    append(this.resultHead, this.summary, this.pager, el("div", { class: "csv-buttons" }, this.chartToggle, this.downloadButton));

    this.run.addEventListener("click", () => void this.runQuery());
    this.stop.addEventListener("click", () => void this.stopQuery());
    this.editor.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void this.runQuery();
      }
    });
    this.chartToggle.addEventListener("click", () => {
      this.chartOn = !this.chartOn;
      this.drawResult();
    });
    this.downloadButton.addEventListener("click", () => void this.downloadCsv());
    this.setupDrop();
    this.renderHistory();
    this.setState("empty");
  }

  private setupDrop(): void {
    const root = this.root;
    let depth = 0;
    root.addEventListener("dragenter", (event) => {
      event.preventDefault();
      depth++;
      root.classList.add("over");
    });
    root.addEventListener("dragleave", () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) root.classList.remove("over");
    });
    root.addEventListener("dragover", (event) => {
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    });
    root.addEventListener("drop", (event) => {
      event.preventDefault();
      event.stopPropagation();
      depth = 0;
      root.classList.remove("over");
      const files = Array.from(event.dataTransfer?.files ?? [], (file) => ({ file, name: file.name }));
      void this.take(files);
    });
  }

  private setState(s: ViewState): void {
    this.state = s;
    this.root.dataset.state = s;
    const busy = s === "opening" || s === "running";
    this.run.disabled = s !== "ready";
    this.stop.disabled = !busy;
    if (s === "empty" || s === "error") this.body.hidden = true;
    if (s === "ready") this.body.hidden = false;
  }

  private say(text: string): void {
    this.status.textContent = text;
  }

  private showError(f: SqlFailure | null, sql = ""): void {
    clear(this.error);
    this.error.hidden = !f;
    if (!f) return;
    append(this.error, el("p", { class: "sql-error-message", testid: "sql-error-message" }, f.codeName ? `${f.codeName}: ${f.message}` : f.message));
    if (f.offset !== null && sql) {
      const span = errorSpan(sql, f.offset);
      const { line, column } = lineColumn(sql, span.start);
      append(
        this.error,
        el("p", { class: "note", testid: "sql-error-position" }, `At line ${line}, column ${column}${f.statement && f.statement.index > 0 ? ` (statement ${f.statement.index + 1})` : ""}:`),
        el(
          "pre",
          { class: "sql-error-query" },
          sql.slice(0, span.start),
          el("mark", { testid: "sql-error-mark" }, sql.slice(span.start, span.end) || " "),
          sql.slice(span.end),
        ),
      );
      this.editor.setSelectionRange(span.start, span.end);
    } else if (f.statement && sql && sql.slice(f.statement.start, f.statement.end).trim() !== sql.trim()) {
      append(this.error, el("p", { class: "note" }, `In statement ${f.statement.index + 1}: ${sql.slice(f.statement.start, f.statement.end).trim()}`));
    }
  }

  /** Files for the SQL view: a SQLite database, or CSV/NDJSON files to load as tables. */
  async take(files: PickedFile[]): Promise<void> {
    if (files.length === 0) return;
    const kinds = await Promise.all(files.map(async (f) => sqlFileKind(f.name, new Uint8Array(await f.file.slice(0, 16).arrayBuffer()))));
    const dbs = files.filter((_, i) => kinds[i] === "sqlite");
    const tables = files.filter((_, i) => kinds[i] === "csv" || kinds[i] === "ndjson");
    const other = files.filter((_, i) => kinds[i] === "other");
    if (dbs.length > 0) {
      const extra = [...dbs.slice(1), ...tables, ...other].map((f) => f.name);
      await this.openDatabase(dbs[0]!, extra.length ? [`Not opened: ${extra.join(", ")} (one database at a time).`] : []);
    } else if (tables.length > 0) {
      await this.loadTables(tables, other.map((f) => `${f.name}: not loaded (not CSV, TSV or NDJSON).`));
    } else {
      this.problem(
        other.map((f) => (hasSqliteName(f.name) ? `${f.name} is not a SQLite database: it does not start with the header "SQLite format 3".` : `${f.name}: the SQL view opens SQLite databases, CSV/TSV and NDJSON files.`)).join("\n"),
      );
    }
  }

  /** Where the page's common intake hands over a SQLite file (see routeSqlFiles). */
  async openDatabase(f: PickedFile, notes: string[] = []): Promise<void> {
    this.root.scrollIntoView({ behavior: "smooth", block: "start" });
    await this.opening(`Opening ${f.name} (${formatBytes(f.file.size)}) read-only…`, () => this.client.open(f.file, f.name, (t) => this.say(t)), notes);
  }

  async loadTables(files: PickedFile[], notes: string[] = []): Promise<void> {
    this.root.scrollIntoView({ behavior: "smooth", block: "start" });
    await this.opening(`Loading ${files.map((f) => f.name).join(", ")} into an in-memory database…`, () => this.client.load(files, (t) => this.say(t)), notes);
  }

  private async opening(text: string, open: () => Promise<Opened>, notes: string[]): Promise<void> {
    this.showError(null);
    this.problem("");
    this.setState("opening");
    this.say(text);
    try {
      const opened = await open();
      this.opened(opened, notes);
      this.say(`Ready: ${count(opened.tables.length)} table${opened.tables.length === 1 ? "" : "s"}, opened in ${ms(opened.source.ms)}. Write a query and press Run.`);
    } catch (err) {
      if (err instanceof StoppedError) return;
      this.fail(err instanceof Error ? err.message : String(err));
    }
  }

  /** The worker has nothing open any more (a failed open closes the previous database). */
  private fail(message: string): void {
    this.source.textContent = "";
    clear(this.notes);
    this.tables = [];
    this.result = null;
    this.setState("error");
    this.say("");
    this.problem(message);
  }

  /** A message about files that were not taken; what is open stays open. */
  private problem(message: string): void {
    this.openError.textContent = message;
    this.openError.hidden = !message;
  }

  private opened({ source, tables }: Opened, extraNotes: string[]): void {
    this.tables = tables;
    this.source.textContent =
      source.kind === "sqlite"
        ? `${source.name}: SQLite database, ${formatBytes(source.bytes)}, opened read-only (SQLite ${source.sqliteVersion}).`
        : `In-memory database from ${source.name} (${formatBytes(source.bytes)}); SQLite ${source.sqliteVersion}. Changes you make live in this tab only.`;
    replace(this.notes, ...[...source.notes, ...extraNotes].map((n) => el("li", null, n)));
    this.renderSchema();
    this.result = null;
    this.drawResult();
    if (!this.editor.value.trim() && tables[0]) this.editor.value = `SELECT * FROM ${quoteIdent(tables[0].name)} LIMIT 100;`;
    this.setState("ready");
  }

  private renderSchema(): void {
    replace(
      this.schema,
      ...this.tables.map((t) => {
        const pick = el("button", { class: "link", attrs: { type: "button", title: `Query ${t.name}` } }, t.name);
        pick.addEventListener("click", () => {
          this.editor.value = `SELECT * FROM ${quoteIdent(t.name)} LIMIT 100;`;
          this.editor.focus();
        });
        return el(
          "details",
          { class: "sql-table-info", attrs: { "data-table": t.name } },
          el(
            "summary",
            null,
            pick,
            " ",
            el("span", { class: "note", testid: `sql-rows-${t.name}` }, t.kind === "view" ? "view" : `${count(t.rows ?? 0)} row${t.rows === 1 ? "" : "s"}`),
          ),
          el(
            "ul",
            { class: "sql-columns" },
            ...t.columns.map((c) =>
              el("li", null, el("span", { class: "sql-col" }, c.name), " ", el("span", { class: "note" }, [c.type || "any", c.pk ? "primary key" : "", c.notNull ? "not null" : ""].filter(Boolean).join(", "))),
            ),
          ),
        );
      }),
    );
    if (this.tables.length === 0) append(this.schema, el("p", { class: "note" }, "No tables."));
  }

  private renderHistory(): void {
    replace(
      this.historyList,
      ...this.history.map((q) => {
        const b = el("button", { class: "link", attrs: { type: "button", title: q } }, q.length > 120 ? `${q.slice(0, 120).replace(/\s+/g, " ")}…` : q.replace(/\s+/g, " "));
        b.addEventListener("click", () => {
          this.editor.value = q;
          this.editor.focus();
        });
        return el("li", null, b);
      }),
    );
  }

  private async runQuery(): Promise<void> {
    if (this.state === "opening" || this.state === "running") return;
    const sql = this.editor.value;
    if (!sql.trim()) {
      this.say("Write a query first.");
      return;
    }
    this.history = addToHistory(this.history, sql);
    writeHistory(this.history);
    this.renderHistory();
    this.showError(null);
    this.setState("running");
    this.runStarted = performance.now();
    this.say("Running…");
    this.ticker = window.setInterval(() => this.say(`Running… ${ms(performance.now() - this.runStarted)} (Stop ends it)`), 250);
    try {
      const { result, tables } = await this.client.query(sql, KEEP_ROWS);
      if (tables) {
        this.tables = tables;
        this.renderSchema();
      }
      this.result = result;
      this.resultSql = sql;
      this.page = 0;
      if (result.columns.length) {
        const ys = numericColumns(result.columns, result.rows);
        this.chartX = 0;
        this.chartY = ys.find((i) => i !== 0) ?? ys[0] ?? -1;
      }
      this.drawResult();
      this.setState("ready");
      this.say(result.columns.length === 0 || result.truncated ? this.resultText(result) : "");
    } catch (err) {
      if (err instanceof StoppedError) return;
      this.setState("ready");
      this.say("The query failed.");
      // The previous result would read as this query's answer: it goes.
      this.result = null;
      this.drawResult();
      this.showError(err instanceof SqlRequestError ? err.failure : { message: String(err), code: null, codeName: "", offset: null, statement: null }, sql);
    } finally {
      clearInterval(this.ticker);
      this.root.dataset.queries = String(++this.queries);
    }
  }

  private resultText(r: QueryResult): string {
    const time = `in ${ms(r.ms)}`;
    if (r.columns.length === 0) {
      return `Done ${time}: ${r.statements} statement${r.statements === 1 ? "" : "s"}${r.changes ? `, ${count(r.changes)} row${r.changes === 1 ? "" : "s"} changed` : ""}.`;
    }
    return `${count(r.rowCount)} row${r.rowCount === 1 ? "" : "s"} ${time}.` + (r.truncated ? ` The page keeps the first ${count(r.rows.length)}; Download CSV has all of them.` : "");
  }

  private async stopQuery(): Promise<void> {
    if (this.state !== "running" && this.state !== "opening") return;
    clearInterval(this.ticker);
    if (this.state === "opening") {
      // Stopping an open (a large file being read) gives up on it.
      await this.client.stop(undefined, false);
      this.fail("Stopped: nothing is open. Drop the file again to open it.");
      return;
    }
    this.setState("opening");
    this.say("Stopping: the SQL worker is ended and the database opened again…");
    try {
      const opened = await this.client.stop((t) => this.say(t));
      if (!opened) {
        this.fail("Stopped: nothing is open.");
        return;
      }
      const keep = this.result;
      this.opened(opened, []);
      this.result = keep;
      this.drawResult();
      this.say("Stopped; the database was reopened. (Without cross-origin isolation a running query cannot be interrupted inside its worker, so the SQL worker was ended and the database opened again in a new one.)");
    } catch (err) {
      if (err instanceof StoppedError) return;
      this.fail(err instanceof Error ? err.message : String(err));
    }
  }

  private drawResult(): void {
    const r = this.result;
    clear(this.tableHost);
    clear(this.chartHost);
    clear(this.chartTools);
    clear(this.pager);
    this.resultHead.hidden = !r || r.columns.length === 0;
    this.chartHost.hidden = true;
    this.chartTools.hidden = true;
    if (!r || r.columns.length === 0) return;
    const pages = Math.max(1, Math.ceil(r.rows.length / PAGE_ROWS));
    this.page = Math.min(this.page, pages - 1);
    const from = this.page * PAGE_ROWS;
    const slice = r.rows.slice(from, from + PAGE_ROWS);
    this.summary.textContent = `${count(r.rowCount)} row${r.rowCount === 1 ? "" : "s"} in ${ms(r.ms)}`;
    const prev = el("button", { class: "small", testid: "sql-prev", attrs: { type: "button", disabled: this.page === 0 } }, "‹ Previous");
    const next = el("button", { class: "small", testid: "sql-next", attrs: { type: "button", disabled: this.page >= pages - 1 } }, "Next ›");
    prev.addEventListener("click", () => {
      this.page--;
      this.drawResult();
    });
    next.addEventListener("click", () => {
      this.page++;
      this.drawResult();
    });
    append(
      this.pager,
      prev,
      el("span", { class: "note", testid: "sql-page" }, r.rows.length ? `rows ${count(from + 1)}–${count(from + slice.length)} of ${count(r.rowCount)}${r.truncated ? ` (first ${count(r.rows.length)} kept)` : ""}` : "no rows"),
      next,
    );
    this.chartToggle.setAttribute("aria-pressed", String(this.chartOn));
    this.chartToggle.textContent = this.chartOn ? "Table" : "Chart";

    const numeric = new Set(numericColumns(r.columns, r.rows));
    const head = el("thead", null, el("tr", null, ...r.columns.map((c, i) => el("th", { class: numeric.has(i) ? "num" : "", attrs: { scope: "col" } }, c))));
    const body = el(
      "tbody",
      null,
      ...slice.map((row) =>
        el(
          "tr",
          null,
          ...row.map((v, i) => el("td", { class: v === null ? "sql-null" : numeric.has(i) ? "num" : "" }, showValue(v))),
        ),
      ),
    );
    append(this.tableHost, el("table", { testid: "sql-result", attrs: { "aria-label": "Query result" } }, head, body));

    if (this.chartOn) this.drawChart(r, numeric);
  }

  private drawChart(r: QueryResult, numeric: Set<number>): void {
    this.chartTools.hidden = false;
    const options = (selected: number, only?: Set<number>): HTMLOptionElement[] =>
      r.columns.flatMap((c, i) => (only && !only.has(i) ? [] : [el("option", { attrs: { value: i, selected: i === selected } }, c)]));
    const kind = el("select", { testid: "sql-chart-kind", attrs: { "aria-label": "Chart type" } }, el("option", { attrs: { value: "bar", selected: this.chartKind === "bar" } }, "Bars"), el("option", { attrs: { value: "line", selected: this.chartKind === "line" } }, "Line"));
    const xs = el("select", { testid: "sql-chart-x", attrs: { "aria-label": "x column" } }, ...options(this.chartX));
    const ys = el("select", { testid: "sql-chart-y", attrs: { "aria-label": "y column" } }, ...options(this.chartY, numeric));
    const redraw = (): void => {
      this.chartKind = kind.value as ChartKind;
      this.chartX = Number(xs.value);
      this.chartY = Number(ys.value);
      this.drawResult();
    };
    for (const s of [kind, xs, ys]) s.addEventListener("change", redraw);
    append(this.chartTools, el("label", null, "Chart ", kind), el("label", null, "x ", xs), el("label", null, "y ", ys));
    if (numeric.size === 0 || this.chartY < 0) {
      append(this.chartTools, el("p", { class: "note" }, "No column of this result holds numbers only, so there is nothing to plot."));
      return;
    }
    const width = Math.max(320, this.chartHost.parentElement?.clientWidth ?? 800);
    const { node, note } = resultChart({ kind: this.chartKind, x: this.chartX, y: this.chartY, columns: r.columns, rows: r.rows, width });
    this.chartHost.hidden = false;
    append(this.chartHost, node);
    if (note) append(this.chartTools, el("p", { class: "note" }, note));
  }

  private async downloadCsv(): Promise<void> {
    const r = this.result;
    if (!r) return;
    const name = `dropsight-sql-${new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19)}.csv`;
    if (!r.truncated) {
      download(name, new Blob([toCsv(r.columns, r.rows.map((row) => row.map(csvValue)))], { type: "text/csv" }));
      return;
    }
    // The page holds only the first rows: the worker runs the query again and writes all of them.
    this.downloadButton.disabled = true;
    this.say(`Writing ${count(r.rowCount)} rows as CSV…`);
    try {
      const { blob, rows } = await this.client.csv(this.resultSql);
      download(name, blob);
      this.say(`Downloaded ${count(rows)} rows as CSV.`);
    } catch (err) {
      if (!(err instanceof StoppedError)) this.showError(err instanceof SqlRequestError ? err.failure : { message: String(err), code: null, codeName: "", offset: null, statement: null }, this.resultSql);
    } finally {
      this.downloadButton.disabled = false;
    }
  }
}

let view: SqlView | null = null;

/** Builds the SQL view into its section (index.html's #sql). */
export function mountSql(root: HTMLElement): void {
  view ??= new SqlView(root);
}

/**
 * The page's common intake calls this with every picked or dropped file: the
 * SQLite databases among them (by the 16-byte header, or a SQLite extension)
 * go to the SQL view; the other files are returned for the recipes.
 */
export async function routeSqlFiles<T extends PickedFile>(files: T[]): Promise<T[]> {
  if (!view || files.length === 0) return files;
  // The header is read of files with a SQLite extension and of the first few
  // whose name says nothing (no data extension): a folder of 200,000 JSON
  // files is not probed file by file.
  const probe = files.filter((f) => hasSqliteName(f.name) || !KNOWN_DATA.test(f.name)).slice(0, 64);
  const heads = await Promise.all(
    probe.map(async (f) => (f.file.size >= 16 ? new Uint8Array(await f.file.slice(0, 16).arrayBuffer()) : new Uint8Array(0))),
  );
  const sqlite = probe.filter((f, i) => hasSqliteHeader(heads[i]!) || hasSqliteName(f.name));
  if (sqlite.length === 0) return files;
  void view.take(sqlite);
  return files.filter((f) => !sqlite.includes(f));
}

/** Names of the files the recipes read. */
const KNOWN_DATA = /\.(csv|tsv|tab|json|jsonl|ndjson|gz|txt|psv)$/i;
