// Row readers for loading a file into SQLite: a small incremental RFC 4180
// parser (text arrives in chunks; a record may span chunks) and NDJSON lines.
// Pure: no DOM, no SQLite.

/**
 * An incremental CSV parser. push() takes the next piece of text and returns
 * the records it completed; finish() returns the last one. Quoted fields may
 * hold delimiters, doubled quotes and line breaks; CRLF and LF end records; a
 * byte-order mark at the start is dropped. A quote inside an unquoted field is
 * kept as a character (lenient, as spreadsheets write it).
 */
export class CsvParser {
  private field = "";
  private record: string[] = [];
  private quoted = false;
  /** Inside quotes, the previous character was a quote: either "" or the closing one. */
  private quotePending = false;
  private atFieldStart = true;
  private started = false;
  /** Set after a CR, so a following LF does not end an empty record. */
  private afterCR = false;

  constructor(readonly delimiter = ",") {}

  push(text: string): string[][] {
    const out: string[][] = [];
    let i = 0;
    const n = text.length;
    if (!this.started && n > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    const d = this.delimiter.charCodeAt(0);
    while (i < n) {
      if (this.afterCR) {
        this.afterCR = false;
        if (text.charCodeAt(i) === 10) {
          i++;
          continue;
        }
      }
      if (this.quoted) {
        if (this.quotePending) {
          this.quotePending = false;
          if (text.charCodeAt(i) === 34) {
            this.field += '"';
            i++;
            continue;
          }
          this.quoted = false; // that was the closing quote; read on unquoted
          continue;
        }
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.field += text.slice(i);
          i = n;
        } else {
          this.field += text.slice(i, q);
          this.quotePending = true;
          i = q + 1;
        }
        continue;
      }
      // Unquoted: take the run up to the next special character in one slice.
      let j = i;
      let c = 0;
      while (j < n) {
        c = text.charCodeAt(j);
        if (c === d || c === 10 || c === 13 || (c === 34 && this.atFieldStart && j === i)) break;
        j++;
      }
      if (j > i) {
        this.field += text.slice(i, j);
        this.atFieldStart = false;
      }
      if (j >= n) break;
      if (c === 34) {
        this.quoted = true;
        this.atFieldStart = false;
      } else if (c === d) {
        this.record.push(this.field);
        this.field = "";
        this.atFieldStart = true;
      } else {
        this.afterCR = c === 13;
        this.record.push(this.field);
        out.push(this.record);
        this.record = [];
        this.field = "";
        this.atFieldStart = true;
      }
      i = j + 1;
    }
    return out;
  }

  /** The last record when the text did not end with a line break (none for empty input). */
  finish(): string[][] {
    if (this.quotePending) {
      this.quotePending = false;
      this.quoted = false;
    }
    if (this.record.length === 0 && this.field === "" && this.atFieldStart && !this.quoted) return [];
    this.record.push(this.field);
    const last = this.record;
    this.record = [];
    this.field = "";
    this.atFieldStart = true;
    this.quoted = false;
    return [last];
  }

  /** Whether the input ended inside a quoted field (an unterminated quote). */
  get open(): boolean {
    return this.quoted && !this.quotePending;
  }
}

/** True for a record that is one empty field: a blank line, which loaders skip. */
export function isBlankRecord(record: string[]): boolean {
  return record.length === 1 && record[0] === "";
}

/**
 * Splits text arriving in chunks into lines (LF or CRLF); a leading
 * byte-order mark is dropped. For NDJSON.
 */
export class LineSplitter {
  private rest = "";
  private started = false;

  push(text: string): string[] {
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const joined = this.rest + text;
    const lines = joined.split("\n");
    this.rest = lines.pop() ?? "";
    return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  }

  finish(): string[] {
    const last = this.rest.endsWith("\r") ? this.rest.slice(0, -1) : this.rest;
    this.rest = "";
    return last === "" ? [] : [last];
  }
}

/**
 * The SQL value of a JSON value in an NDJSON record: numbers and strings as they
 * are, booleans as 1/0 (SQLite has no boolean type), null as NULL, arrays and
 * objects as their JSON text (json_extract reads them).
 */
export function jsonCell(v: unknown): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  return JSON.stringify(v);
}
