// The contract between the SQL view (page) and the SQL worker (worker.ts).
// Rows cross as structured clones of SQLite values: number, string, bigint
// (integers beyond 2^53), Uint8Array (BLOB) or null.

export type SqlValue = number | string | bigint | Uint8Array | null;

export interface ColumnInfo {
  name: string;
  /** The declared type as written in CREATE TABLE ("" when none). */
  type: string;
  /** Position in the primary key, 0 when not part of it. */
  pk: number;
  notNull: boolean;
}

export interface TableInfo {
  name: string;
  kind: "table" | "view";
  columns: ColumnInfo[];
  /** count(*) for tables; null for views (counting one runs its query). */
  rows: number | null;
}

export interface SourceInfo {
  /** "sqlite": a database file, opened read-only; "tables": CSV/NDJSON files loaded into an in-memory database. */
  kind: "sqlite" | "tables";
  /** The file name, or the file names joined with ", ". */
  name: string;
  bytes: number;
  readOnly: boolean;
  /** Facts the user must know, such as "sales: cut at 1,000,000 rows". */
  notes: string[];
  /** SQLite's version, e.g. "3.50.4". */
  sqliteVersion: string;
  /** Milliseconds to read and open. */
  ms: number;
}

export interface QueryResult {
  /** Column names of the last statement that returns rows ([] when none did). */
  columns: string[];
  /** Its first rows, up to the limit the page asked for. */
  rows: SqlValue[][];
  /** All its rows (stepped to the end even beyond the kept ones). */
  rowCount: number;
  truncated: boolean;
  /** Statements run. */
  statements: number;
  /** Rows changed by the last statement that changes rows (INSERT/UPDATE/DELETE). */
  changes: number;
  ms: number;
}

export interface SqlFailure {
  message: string;
  /** SQLite's extended result code, and its name (SQLITE_ERROR, ...), when the error came from SQLite. */
  code: number | null;
  codeName: string;
  /** The character index in the query where SQLite located the error (sqlite3_error_offset), or null. */
  offset: number | null;
  /** The failing statement's character range in the query, when known. */
  statement: { index: number; start: number; end: number } | null;
}

export type SqlRequest =
  | { id: number; op: "open"; file: Blob; name: string }
  | { id: number; op: "load"; files: { file: Blob; name: string }[] }
  | { id: number; op: "query"; sql: string; keep: number }
  | { id: number; op: "csv"; sql: string };

export type SqlReply =
  | { id: number; op: "progress"; text: string }
  | { id: number; op: "opened"; source: SourceInfo; tables: TableInfo[] }
  | { id: number; op: "result"; result: QueryResult; tables: TableInfo[] | null }
  | { id: number; op: "csv"; blob: Blob; rows: number }
  | { id: number; op: "failed"; error: SqlFailure };
