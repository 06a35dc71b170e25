// SQLite behind the SQL view: open a database file read-only, load row files
// as tables, describe the schema, run queries, write CSV. Runs in the SQL
// worker (worker.ts); it has no DOM and no messaging, so the unit tests run it
// under Node with the same @sqlite.org/sqlite-wasm build.

import type sqlite3InitModule from "@sqlite.org/sqlite-wasm";
import { toCsv, type Cell } from "../csv";
import {
  MAX_DB_BYTES,
  MAX_TABLE_BYTES,
  MAX_TABLE_ROWS,
  columnType,
  cellValue,
  guessDelimiter,
  quoteIdent,
  sqlFileKind,
  tableNameFor,
  uniqueColumns,
} from "./detect";
import type { ColumnInfo, QueryResult, SourceInfo, SqlFailure, SqlValue, TableInfo } from "./protocol";
import { CsvParser, LineSplitter, isBlankRecord, jsonCell } from "./rows";
import { byteToCharIndex } from "./text";

export type Sqlite3 = Awaited<ReturnType<typeof sqlite3InitModule>>;
type DB = InstanceType<Sqlite3["oo1"]["DB"]>;

/** Bytes copied per read when a database file goes into the wasm heap. */
const READ_CHUNK = 4 * 1024 * 1024;
/** Rows sampled to choose a loaded column's declared type. */
const TYPE_SAMPLE = 1000;

/** An error the view shows as it is: SQLite's message, code and position. */
export class SqlError extends Error {
  constructor(readonly failure: SqlFailure) {
    super(failure.message);
  }
}

function plain(message: string): SqlError {
  return new SqlError({ message, code: null, codeName: "", offset: null, statement: null });
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2).replace(/\.00$/, "")} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

const count = (n: number): string => n.toLocaleString("en-US");

export type Progress = (text: string) => void;

export interface LoadedTable {
  name: string;
  rows: number;
  /** Why the table stops short of its file, or "". */
  cut: string;
  notes: string[];
}

/** One open database (a file, or loaded tables) and the queries on it. */
export class SqlEngine {
  private db: DB | null = null;
  private source: SourceInfo | null = null;
  private loadedBytes = 0;

  constructor(private readonly sqlite3: Sqlite3) {}

  get version(): string {
    return this.sqlite3.version.libVersion;
  }

  close(): void {
    this.db?.close();
    this.db = null;
    this.source = null;
  }

  /**
   * Opens a SQLite database file read-only. The file is read in 4 MiB slices
   * straight into memory that SQLite owns, then handed over with
   * sqlite3_deserialize(SQLITE_DESERIALIZE_READONLY | FREEONCLOSE): one copy of
   * the file in memory, no second one in JavaScript, and every write fails
   * with SQLITE_READONLY. A file in WAL mode (header bytes 18-19 = 2) is marked
   * as a rollback-journal file in that copy: the -wal file is not there, and
   * SQLite's in-memory database cannot use WAL.
   */
  async openFile(file: Blob, name: string, progress: Progress = () => {}): Promise<SourceInfo> {
    const started = performance.now();
    this.close();
    const size = file.size;
    if (size > MAX_DB_BYTES) {
      throw plain(
        `${name} is ${formatBytes(size)}; the SQL view opens SQLite files up to ${formatBytes(MAX_DB_BYTES)}. ` +
          "It copies the file into SQLite's WebAssembly memory, which stops at 2 GiB and also holds the page cache and sorts. " +
          "Use the sqlite3 command for a larger file, or VACUUM INTO a smaller copy of the tables you need.",
      );
    }
    const head = new Uint8Array(await file.slice(0, 100).arrayBuffer());
    if (sqlFileKind(name, head) !== "sqlite" || size < 512) {
      throw plain(`${name} is not a SQLite database: it does not start with the 16-byte header "SQLite format 3".`);
    }
    const { capi, wasm, oo1 } = this.sqlite3;
    const ptr = capi.sqlite3_malloc(size);
    if (!ptr) throw plain(`${name}: there is not enough memory to open ${formatBytes(size)} (SQLite's WebAssembly memory stops at 2 GiB).`);
    let handed = false;
    try {
      for (let at = 0; at < size; at += READ_CHUNK) {
        const piece = new Uint8Array(await file.slice(at, Math.min(size, at + READ_CHUNK)).arrayBuffer());
        // The heap view is taken anew each time: a view goes stale when the heap grows.
        wasm.heap8u().set(piece, ptr + at);
        if (size > READ_CHUNK) progress(`Reading ${name}: ${formatBytes(Math.min(size, at + READ_CHUNK))} of ${formatBytes(size)}…`);
      }
      const heap = wasm.heap8u();
      if (heap[ptr + 18] === 2) heap[ptr + 18] = 1;
      if (heap[ptr + 19] === 2) heap[ptr + 19] = 1;
      const db = new oo1.DB(":memory:", "c");
      handed = true; // from here on SQLite frees the copy, even when deserialize fails
      const rc = capi.sqlite3_deserialize(
        db.pointer!,
        "main",
        ptr,
        size,
        size,
        capi.SQLITE_DESERIALIZE_READONLY | capi.SQLITE_DESERIALIZE_FREEONCLOSE,
      );
      if (rc !== 0) {
        db.close();
        throw plain(`${name} could not be opened: ${capi.sqlite3_js_rc_str(rc)}.`);
      }
      this.db = db;
      try {
        db.selectValue("SELECT count(*) FROM sqlite_schema");
      } catch (err) {
        this.close();
        throw plain(`${name} could not be read as a SQLite database: ${errText(err)}.`);
      }
    } finally {
      if (!handed) capi.sqlite3_free(ptr);
    }
    this.source = {
      kind: "sqlite",
      name,
      bytes: size,
      readOnly: true,
      notes: [],
      sqliteVersion: this.version,
      ms: performance.now() - started,
    };
    return this.source;
  }

  /** A fresh, writable in-memory database for loaded tables. */
  openEmpty(): void {
    this.close();
    this.db = new this.sqlite3.oo1.DB(":memory:", "c");
    this.loadedBytes = 0;
  }

  /**
   * Loads CSV/TSV or NDJSON files into a fresh in-memory database, one table
   * each, named after the file.
   */
  async loadFiles(files: { file: Blob; name: string }[], progress: Progress = () => {}): Promise<SourceInfo> {
    const started = performance.now();
    this.openEmpty();
    const taken = new Set<string>();
    const notes: string[] = [];
    for (const { file, name } of files) {
      const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
      const kind = sqlFileKind(name, head);
      const table = tableNameFor(name, taken);
      let loaded: LoadedTable;
      if (kind === "csv") loaded = await this.loadTable(table, null, csvRows(file, name), progress);
      else if (kind === "ndjson") loaded = await this.loadNdjson(table, file, progress);
      else {
        notes.push(`${name}: not loaded (the SQL view loads .csv, .tsv, .ndjson, .jsonl and gzipped .json.gz files as tables).`);
        taken.delete(table);
        continue;
      }
      notes.push(`${name} → table ${loaded.name}: ${count(loaded.rows)} rows${loaded.cut ? `; ${loaded.cut}` : ""}.`, ...loaded.notes);
    }
    this.source = {
      kind: "tables",
      name: files.map((f) => f.name).join(", "),
      bytes: files.reduce((n, f) => n + f.file.size, 0),
      readOnly: false,
      notes,
      sqliteVersion: this.version,
      ms: performance.now() - started,
    };
    return this.source;
  }

  /**
   * Loads rows into a new table of the open in-memory database. The first
   * 1,000 rows choose each column's declared type (INTEGER, REAL or TEXT, see
   * columnType); a string cell becomes a number only in a numeric column and
   * only when canonical (cellValue). At most MAX_TABLE_ROWS rows, and
   * MAX_TABLE_BYTES of cell text across the database, are loaded; the rest is
   * cut, and `cut` says where. With columns null, the first row is the header.
   */
  async loadTable(
    name: string,
    columns: string[] | null,
    rows: AsyncIterable<(string | number | null)[]>,
    progress: Progress = () => {},
    limits = { rows: MAX_TABLE_ROWS, bytes: MAX_TABLE_BYTES },
  ): Promise<LoadedTable> {
    const db = this.db;
    if (!db) throw plain("no database is open");
    const sample: (string | number | null)[][] = [];
    let cols = columns;
    let n = 0;
    let cut = "";
    let stmt: ReturnType<DB["prepare"]> | null = null;
    let numeric: boolean[] = [];
    const create = (): void => {
      const names = cols ?? [];
      const types = names.map((_, i) => columnType(sample.map((r) => r[i] ?? null)));
      numeric = types.map((t) => t !== "TEXT");
      db.exec(`CREATE TABLE ${quoteIdent(name)} (${names.map((c, i) => `${quoteIdent(c)} ${types[i]}`).join(", ")})`);
      stmt = db.prepare(`INSERT INTO ${quoteIdent(name)} VALUES (${names.map(() => "?").join(", ")})`);
      for (const r of sample) insert(r);
    };
    const insert = (r: (string | number | null)[]): void => {
      const width = numeric.length;
      const values: (string | number | null)[] = new Array(width);
      for (let i = 0; i < width; i++) {
        const v = i < r.length ? r[i]! : null;
        if (typeof v === "string") this.loadedBytes += v.length;
        values[i] = typeof v === "string" && numeric[i] ? cellValue(v) : v;
      }
      stmt!.bind(values).stepReset();
    };
    db.exec("BEGIN");
    try {
      for await (const row of rows) {
        if (!cols) {
          cols = uniqueColumns(row.map((c) => (c === null ? "" : String(c))));
          continue;
        }
        if (n >= limits.rows) {
          cut = `cut at ${count(limits.rows)} rows (the row limit); the file has more`;
          break;
        }
        if (this.loadedBytes >= limits.bytes) {
          cut = `cut at ${count(n)} rows: the tables hold ${formatBytes(limits.bytes)} of text, the limit of the in-memory database`;
          break;
        }
        n++;
        if (!stmt) {
          sample.push(row);
          if (sample.length >= TYPE_SAMPLE) create();
        } else insert(row);
        if (n % 100_000 === 0) progress(`Loading ${name}: ${count(n)} rows…`);
      }
      if (!cols) cols = [];
      if (cols.length === 0) throw plain(`${name}: the file has no header row, so there are no columns to load.`);
      if (!stmt) create();
      db.exec("COMMIT");
    } catch (err) {
      if (db.isOpen()) db.exec("ROLLBACK");
      throw err instanceof SqlError ? err : plain(`${name}: could not be loaded: ${errText(err)}`);
    } finally {
      (stmt as ReturnType<DB["prepare"]> | null)?.finalize();
    }
    return { name, rows: n, cut, notes: [] };
  }

  private async loadNdjson(table: string, file: Blob & { name?: string }, progress: Progress): Promise<LoadedTable> {
    // Columns: the keys of the first 1,000 objects, in order of appearance.
    const keys: string[] = [];
    const seen = new Set<string>();
    const sample: Record<string, unknown>[] = [];
    const dropped = new Set<string>();
    let skipped = 0;
    let firstSkip = 0;
    let line = 0;
    const lines = textLines(file);
    const objects = async function* (): AsyncGenerator<Record<string, unknown>> {
      for await (const text of lines) {
        line++;
        if (text.trim() === "") continue;
        let v: unknown;
        try {
          v = JSON.parse(text);
        } catch {
          v = undefined;
        }
        if (v === null || typeof v !== "object" || Array.isArray(v)) {
          skipped++;
          if (!firstSkip) firstSkip = line;
          continue;
        }
        yield v as Record<string, unknown>;
      }
    };
    const it = objects();
    for (;;) {
      if (sample.length >= TYPE_SAMPLE) break;
      const next = await it.next();
      if (next.done) break;
      sample.push(next.value);
      for (const k of Object.keys(next.value)) {
        if (!seen.has(k)) {
          seen.add(k);
          keys.push(k);
        }
      }
    }
    const columns = uniqueColumns(keys);
    const toRow = (o: Record<string, unknown>): (string | number | null)[] => {
      for (const k of Object.keys(o)) if (!seen.has(k)) dropped.add(k);
      return keys.map((k) => jsonCell(o[k]));
    };
    const rows = async function* (): AsyncGenerator<(string | number | null)[]> {
      for (const o of sample) yield toRow(o);
      for await (const o of it) yield toRow(o);
    };
    const loaded = await this.loadTable(table, columns, rows(), progress);
    if (skipped) loaded.notes.push(`${table}: ${count(skipped)} line${skipped === 1 ? " was" : "s were"} not a JSON object and skipped (the first: line ${firstSkip}).`);
    if (dropped.size) {
      const names = [...dropped].slice(0, 5).join(", ");
      loaded.notes.push(`${table}: keys first seen after the first ${count(TYPE_SAMPLE)} records are not loaded: ${names}${dropped.size > 5 ? ", …" : ""}.`);
    }
    return loaded;
  }

  /** Tables and views with their columns; count(*) of each table. */
  tables(): TableInfo[] {
    const db = this.need();
    const list = db.selectArrays(
      "SELECT name, type FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
    ) as [string, string][];
    return list.map(([name, type]) => {
      const columns: ColumnInfo[] = (db.selectArrays(`SELECT name, type, pk, "notnull" FROM pragma_table_info(?)`, [name]) as [string, string, number, number][]).map(
        ([n, t, pk, nn]) => ({ name: n, type: t, pk, notNull: nn !== 0 }),
      );
      let rows: number | null = null;
      if (type === "table") {
        try {
          rows = Number(db.selectValue(`SELECT count(*) FROM ${quoteIdent(name)}`));
        } catch {
          rows = null; // a virtual table whose module this build lacks
        }
      }
      return { name, kind: type === "view" ? "view" : "table", columns, rows };
    });
  }

  /**
   * Runs every statement of sql in order. The result is the rows of the last
   * statement that returns rows: the first `keep` of them, and the count of
   * all. An error stops at the failing statement and carries SQLite's message,
   * code and the position sqlite3_error_offset gives, as a character index in sql.
   */
  run(sql: string, keep: number): QueryResult {
    const started = performance.now();
    const out: QueryResult = { columns: [], rows: [], rowCount: 0, truncated: false, statements: 0, changes: 0, ms: 0 };
    this.each(sql, (stmt, index) => {
      const { capi } = this.sqlite3;
      const width = capi.sqlite3_column_count(stmt);
      if (width === 0) {
        this.stepAll(stmt, sql, index);
        out.statements++;
        if (!capi.sqlite3_stmt_readonly(stmt)) out.changes = capi.sqlite3_changes(this.db!.pointer!);
        return true;
      }
      out.statements++;
      out.columns = [];
      for (let i = 0; i < width; i++) out.columns.push(capi.sqlite3_column_name(stmt, i) ?? `column${i + 1}`);
      out.rows = [];
      out.rowCount = 0;
      this.stepAll(stmt, sql, index, () => {
        if (out.rows.length < keep) out.rows.push(this.row(stmt, width));
        out.rowCount++;
      });
      out.truncated = out.rowCount > out.rows.length;
      return true;
    });
    out.ms = performance.now() - started;
    return out;
  }

  /**
   * The whole result of sql (its last statement that returns rows) as CSV,
   * built in pieces of 10,000 rows so no single string holds it all.
   */
  csv(sql: string): { parts: string[]; rows: number } {
    const parts: string[] = [];
    let rows = 0;
    this.each(sql, (stmt, index) => {
      const { capi } = this.sqlite3;
      const width = capi.sqlite3_column_count(stmt);
      if (width === 0) {
        this.stepAll(stmt, sql, index);
        return true;
      }
      const columns: string[] = [];
      for (let i = 0; i < width; i++) columns.push(capi.sqlite3_column_name(stmt, i) ?? `column${i + 1}`);
      parts.length = 0;
      rows = 0;
      const header = toCsv(columns, []);
      parts.push(header);
      let chunk: Cell[][] = [];
      const flush = (): void => {
        if (chunk.length) parts.push(toCsv(columns, chunk).slice(header.length));
        chunk = [];
      };
      this.stepAll(stmt, sql, index, () => {
        chunk.push(this.row(stmt, width).map(csvCell));
        rows++;
        if (chunk.length >= 10_000) flush();
      });
      flush();
      return true;
    });
    return { parts, rows };
  }

  private need(): DB {
    if (!this.db) throw plain("No database is open: drop a SQLite file, or a CSV or NDJSON file, first.");
    return this.db;
  }

  private row(stmt: number, width: number): SqlValue[] {
    const { capi } = this.sqlite3;
    const r: SqlValue[] = new Array(width);
    for (let i = 0; i < width; i++) {
      const v = capi.sqlite3_column_js(stmt, i, false);
      r[i] = v === undefined ? null : (v as SqlValue);
    }
    return r;
  }

  /** Steps a statement to its end, calling onRow per row; a failure becomes an SqlError. */
  private stepAll(stmt: number, sql: string, index: StatementAt, onRow?: () => void): void {
    const { capi } = this.sqlite3;
    for (;;) {
      const rc = capi.sqlite3_step(stmt);
      if (rc === capi.SQLITE_ROW) {
        onRow?.();
        continue;
      }
      if (rc === capi.SQLITE_DONE) return;
      throw this.failure(sql, index, index.start);
    }
  }

  /**
   * Prepares the statements of sql one after another (sqlite3_prepare_v3 with
   * its tail pointer, as the C API is meant to be used) and hands each to fn,
   * finalizing it after.
   */
  private each(sql: string, fn: (stmt: number, at: StatementAt) => boolean): void {
    const db = this.need();
    const { capi, wasm } = this.sqlite3;
    const scope = wasm.scopedAllocPush();
    let stmt = 0;
    try {
      const [base, length] = wasm.scopedAllocCString(sql, true);
      const [ppStmt, pzTail] = wasm.scopedAllocPtr(2);
      const end = base + length;
      let at = base;
      let index = 0;
      while (at < end) {
        wasm.pokePtr(ppStmt!, 0);
        wasm.pokePtr(pzTail!, 0);
        const rc = capi.sqlite3_prepare_v3(db.pointer!, at, end - at, 0, ppStmt!, pzTail!);
        const from = byteToCharIndex(sql, at - base);
        if (rc !== 0) throw this.failure(sql, { index, start: from, end: sql.length }, from);
        stmt = wasm.peekPtr(ppStmt!);
        const tail = wasm.peekPtr(pzTail!);
        const next = tail && tail > at ? tail : end;
        if (stmt) {
          const span: StatementAt = { index, start: from, end: byteToCharIndex(sql, next - base) };
          fn(stmt, span);
          capi.sqlite3_finalize(stmt);
          stmt = 0;
          index++;
        }
        at = next;
      }
    } finally {
      if (stmt) capi.sqlite3_finalize(stmt);
      wasm.scopedAllocPop(scope);
    }
  }

  /** SQLite's current error as an SqlError; the offset is relative to the statement starting at `from`. */
  private failure(sql: string, at: StatementAt, from: number): SqlError {
    const { capi } = this.sqlite3;
    const p = this.db!.pointer!;
    const code = capi.sqlite3_extended_errcode(p);
    let message = capi.sqlite3_errmsg(p);
    const off = capi.sqlite3_error_offset(p);
    let offset: number | null = null;
    if (off >= 0) {
      // The offset counts UTF-8 bytes from the start of the text given to prepare: this statement.
      const fromByte = utf8Bytes(sql.slice(0, from));
      offset = byteToCharIndex(sql, fromByte + off);
    }
    if ((code & 0xff) === capi.SQLITE_READONLY && this.source?.readOnly) {
      message += `. The database file is opened read-only: Dropsight never changes your file. CREATE TEMP TABLE … AS SELECT … works for scratch tables.`;
    }
    return new SqlError({ message, code, codeName: capi.sqlite3_js_rc_str(code) ?? "", offset, statement: at });
  }
}

interface StatementAt {
  index: number;
  start: number;
  end: number;
}

function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

function errText(err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  // sqlite-wasm's messages start with "SQLITE_ERROR: sqlite3 result code 1: "; keep SQLite's own words.
  return m.replace(/^SQLITE_[A-Z_]+: sqlite3 result code \d+: /, "");
}

function csvCell(v: SqlValue): Cell {
  if (v === null) return null;
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return Array.from(v, (x) => x.toString(16).padStart(2, "0")).join("");
  return v;
}

/** Text of a Blob in decoded pieces, never whole; gzip (by its magic bytes) is decompressed on the way. */
async function* textChunks(file: Blob): AsyncGenerator<string> {
  const magic = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  let bytes: ReadableStream<BufferSource> = file.stream();
  if (magic[0] === 0x1f && magic[1] === 0x8b) bytes = bytes.pipeThrough(new DecompressionStream("gzip"));
  const reader = bytes.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Stopping early (a row limit) cancels the read rather than finishing the file.
    reader.cancel().catch(() => {});
  }
}

async function* textLines(file: Blob): AsyncGenerator<string> {
  const split = new LineSplitter();
  for await (const chunk of textChunks(file)) yield* split.push(chunk);
  yield* split.finish();
}

/** CSV records of a file with empty cells as NULL; blank lines skipped. The first record is the header. */
async function* csvRows(file: Blob, name: string): AsyncGenerator<(string | null)[]> {
  let parser: CsvParser | null = null;
  const cells = (r: string[], header: boolean): (string | null)[] => (header ? r : r.map((c) => (c === "" ? null : c)));
  let header = true;
  for await (const chunk of textChunks(file)) {
    if (!parser) {
      const nl = chunk.indexOf("\n");
      parser = new CsvParser(guessDelimiter(name, nl < 0 ? chunk : chunk.slice(0, nl)));
    }
    for (const r of parser.push(chunk)) {
      if (isBlankRecord(r)) continue;
      yield cells(r, header);
      header = false;
    }
  }
  for (const r of parser?.finish() ?? []) {
    if (isBlankRecord(r)) continue;
    yield cells(r, header);
    header = false;
  }
}
