// Text helpers of the SQL view: error positions, the query history, how a
// value is shown. Pure functions: no DOM, no SQLite.

/**
 * The string index of a UTF-8 byte offset into s. SQLite reports error
 * positions (sqlite3_error_offset) in bytes of the UTF-8 query; JavaScript
 * strings count UTF-16 code units. An offset inside a character maps to it.
 */
export function byteToCharIndex(s: string, byteOffset: number): number {
  let bytes = 0;
  let i = 0;
  while (i < s.length) {
    const c = s.codePointAt(i)!;
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (bytes + size > byteOffset) return i;
    bytes += size;
    i += c >= 0x10000 ? 2 : 1;
  }
  return s.length;
}

export interface Span {
  start: number;
  end: number;
}

/**
 * The part of the query to highlight for an error at character index `at`: the
 * token that starts there (a word, a quoted name or string, or one character).
 * At the end of the query (SQLite points past the text for "incomplete input")
 * it is the last character.
 */
export function errorSpan(sql: string, at: number): Span {
  if (sql.length === 0) return { start: 0, end: 0 };
  if (at >= sql.length) return { start: sql.length - 1, end: sql.length };
  const start = Math.max(0, at);
  const ch = sql[start]!;
  const quote = ch === '"' || ch === "'" || ch === "`" ? ch : ch === "[" ? "]" : "";
  if (quote) {
    const close = sql.indexOf(quote, start + 1);
    return { start, end: close < 0 ? sql.length : close + 1 };
  }
  if (/[\p{L}\p{N}_$]/u.test(ch)) {
    let end = start + 1;
    while (end < sql.length && /[\p{L}\p{N}_$]/u.test(sql[end]!)) end++;
    return { start, end };
  }
  return { start, end: start + 1 };
}

/** Line and column (both from 1) of a character index, for the error message. */
export function lineColumn(sql: string, at: number): { line: number; column: number } {
  const before = sql.slice(0, at);
  const line = before.split("\n").length;
  const column = at - (before.lastIndexOf("\n") + 1) + 1;
  return { line, column };
}

export const HISTORY_KEY = "dropsight.sql.history";
export const HISTORY_MAX = 50;

/** The history after running sql: newest first, no duplicates, at most HISTORY_MAX. */
export function addToHistory(history: string[], sql: string): string[] {
  const q = sql.trim();
  if (!q) return history;
  return [q, ...history.filter((h) => h !== q)].slice(0, HISTORY_MAX);
}

/** The history stored as JSON; anything unreadable is an empty history. */
export function parseHistory(raw: string | null): string[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string").slice(0, HISTORY_MAX) : [];
  } catch {
    return [];
  }
}

/** A value from SQLite as shown in the result table. NULL shows as "NULL" (styled apart). */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return String(v);
  if (v instanceof Uint8Array) return blobText(v);
  return String(v);
}

/** A BLOB as SQLite's literal form, x'0a1b…', cut after 32 bytes with its size. */
export function blobText(b: Uint8Array): string {
  const head = Array.from(b.subarray(0, 32), (x) => x.toString(16).padStart(2, "0")).join("");
  return b.length > 32 ? `x'${head}…' (${b.length} bytes)` : `x'${head}'`;
}

/** A value as a CSV cell's text: NULL is empty, a BLOB is its full hex. */
export function csvValue(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return v.toString();
  if (v instanceof Uint8Array) return Array.from(v, (x) => x.toString(16).padStart(2, "0")).join("");
  if (typeof v === "number") return v;
  return String(v);
}
