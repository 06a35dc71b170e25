// What the SQL view takes: SQLite database files (by name and by their 16-byte
// header) and row files it can load as tables (CSV/TSV, NDJSON). Pure functions.

/** The first 16 bytes of every SQLite 3 database file: "SQLite format 3\0". */
export const SQLITE_HEADER = new Uint8Array([
  0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00,
]);

/**
 * The largest database file the SQL view opens. The file is copied into the
 * SQLite WebAssembly heap (sqlite3_deserialize), which stops at 2 GiB and must
 * also hold SQLite's page cache, sorts and results; 1 GiB leaves room for those.
 */
export const MAX_DB_BYTES = 1024 * 1024 * 1024;

/** Rows loaded per table from a CSV or NDJSON file; the rest is cut, and the view says so. */
export const MAX_TABLE_ROWS = 1_000_000;

/** Bytes of cell text loaded into one in-memory database across its tables. */
export const MAX_TABLE_BYTES = 512 * 1024 * 1024;

const SQLITE_EXT = /\.(db|sqlite|sqlite3|db3|s3db)$/i;
const CSV_EXT = /\.(csv|tsv|tab)$/i;
const NDJSON_EXT = /\.(ndjson|jsonl)$/i;

export function hasSqliteName(name: string): boolean {
  return SQLITE_EXT.test(name);
}

export function hasSqliteHeader(head: Uint8Array): boolean {
  if (head.length < SQLITE_HEADER.length) return false;
  for (let i = 0; i < SQLITE_HEADER.length; i++) if (head[i] !== SQLITE_HEADER[i]) return false;
  return true;
}

export type SqlFileKind = "sqlite" | "csv" | "ndjson" | "other";

/**
 * The kind of a file from its name and first bytes. The header decides: a
 * SQLite file is one whatever its name; a .db file without the header is not
 * (the caller reports it rather than handing it to another recipe).
 */
export function sqlFileKind(name: string, head: Uint8Array): SqlFileKind {
  if (hasSqliteHeader(head)) return "sqlite";
  // A gzipped table is read through DecompressionStream; a consolidated
  // output is NDJSON named <name>.json.gz.
  const plain = name.replace(/\.gz$/i, "");
  if (NDJSON_EXT.test(plain) || (plain !== name && /\.json$/i.test(plain))) return "ndjson";
  if (CSV_EXT.test(plain)) return "csv";
  return "other";
}

/** The field delimiter of a CSV-like file: tab for .tsv/.tab, else the most frequent of , ; tab | in the first line. */
export function guessDelimiter(name: string, firstLine: string): string {
  if (/\.(tsv|tab)$/i.test(name)) return "\t";
  let best = ",";
  let bestCount = 0;
  for (const d of [",", "\t", ";", "|"]) {
    let n = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) n++;
    }
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** An SQL identifier for a table made from a file name: "Sales 2024.csv" -> "sales_2024", unique among taken. */
export function tableNameFor(fileName: string, taken: Set<string>): string {
  const base = fileName.replace(/^.*[\\/]/, "").replace(/\.(gz)$/i, "").replace(/\.[^.]*$/, "");
  let name = base
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!name) name = "t";
  if (/^[0-9]/.test(name) || /^sqlite_/.test(name)) name = `t_${name}`;
  let out = name;
  for (let i = 2; taken.has(out); i++) out = `${name}_${i}`;
  taken.add(out);
  return out;
}

/** Double-quotes an identifier for SQL: a"b -> "a""b". */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Column names for a header row: blanks get col_N, duplicates get _2, _3, ... */
export function uniqueColumns(header: string[]): string[] {
  const seen = new Set<string>();
  return header.map((raw, i) => {
    const trimmed = raw.trim() || `col_${i + 1}`;
    let name = trimmed;
    for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${trimmed}_${k}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

/**
 * The SQL value of a CSV cell: canonical decimal numbers ("42", "-3.5", "1e3")
 * become numbers; an empty cell is NULL; everything else stays text, so "007",
 * "+1", "1,5" and " 12" keep their spelling.
 */
export function cellValue(s: string): string | number | null {
  if (s === "") return null;
  if (/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(s)) {
    const n = Number(s);
    // Integers beyond 2^53 would lose digits as a double: keep them as text.
    if (Number.isFinite(n) && (!/^-?[0-9]+$/.test(s) || Number.isSafeInteger(n))) return n;
  }
  return s;
}

/**
 * The declared type of a loaded column from a sample of its values: INTEGER
 * when every non-null value is an integer, REAL when every one is a number,
 * else TEXT. Strings count as numbers when cellValue would make them one.
 */
export function columnType(values: (string | number | null)[]): "INTEGER" | "REAL" | "TEXT" {
  let integer = true;
  let any = false;
  for (const raw of values) {
    if (raw === null) continue;
    const v = typeof raw === "string" ? cellValue(raw) : raw;
    if (typeof v !== "number") return "TEXT";
    any = true;
    if (!Number.isInteger(v)) integer = false;
  }
  if (!any) return "TEXT";
  return integer ? "INTEGER" : "REAL";
}
