// Row tables the engine streams out of a run (the sentiment pipeline's bronze,
// silver, gold and application tables). A table is kept as the NDJSON batches
// the workers posted, each a Blob part with its row count: never one giant
// string, and never parsed whole. A page of rows parses only the batches it
// spans; downloads stream the parts (gzip through CompressionStream, CSV batch
// by batch). No DOM here.

import type { RowBatch } from "./protocol";

export interface TablePart {
  blob: Blob;
  rows: number;
}

/** One table: its batches in arrival order. */
export class RowTable {
  readonly name: string;
  readonly parts: TablePart[] = [];
  rows = 0;
  bytes = 0;
  /** rows before each part: starts[i] is the index of part i's first row. */
  private starts: number[] = [];
  /** The last batch parsed, for paging within it without parsing it again. */
  private cache: { part: number; lines: string[] } | null = null;

  constructor(name: string) {
    this.name = name;
  }

  add(data: Uint8Array<ArrayBuffer>, rows: number): void {
    if (rows <= 0 || data.byteLength === 0) return;
    this.starts.push(this.rows);
    this.parts.push({ blob: new Blob([data], { type: "application/x-ndjson" }), rows });
    this.rows += rows;
    this.bytes += data.byteLength;
  }

  /** The part holding row i (binary search over the parts' first rows). */
  partOf(row: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= row) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private async lines(part: number): Promise<string[]> {
    if (this.cache?.part === part) return this.cache.lines;
    const text = await this.parts[part]!.blob.text();
    const lines = text.split("\n");
    if (lines.length && lines[lines.length - 1] === "") lines.pop();
    this.cache = { part, lines };
    return lines;
  }

  /** Rows [from, from + count), parsed: only the batches they fall in are read. */
  async slice(from: number, count: number): Promise<Record<string, unknown>[]> {
    const out: Record<string, unknown>[] = [];
    if (from < 0 || from >= this.rows) return out;
    let row = from;
    const end = Math.min(this.rows, from + count);
    while (row < end) {
      const part = this.partOf(row);
      const lines = await this.lines(part);
      const start = this.starts[part]!;
      const stop = Math.min(end, start + this.parts[part]!.rows);
      for (let r = row; r < stop; r++) {
        const line = lines[r - start];
        out.push(line ? (JSON.parse(line) as Record<string, unknown>) : {});
      }
      row = stop;
    }
    return out;
  }

  /** The whole table as one NDJSON Blob (the parts, not copied). */
  ndjson(): Blob {
    return new Blob(
      this.parts.map((p) => p.blob),
      { type: "application/x-ndjson" },
    );
  }

  /** The table as gzip-compressed NDJSON, streamed through CompressionStream. */
  async ndjsonGzip(): Promise<Blob> {
    const stream = this.ndjson().stream().pipeThrough(new CompressionStream("gzip"));
    const blob = await new Response(stream).blob();
    return new Blob([blob], { type: "application/gzip" });
  }

  /** The table as CSV (RFC 4180, header row), converted batch by batch. columns
   *  default to the keys of the first row. */
  async csv(columns?: string[]): Promise<Blob> {
    let cols = columns;
    const chunks: BlobPart[] = [];
    for (let p = 0; p < this.parts.length; p++) {
      const text = await this.parts[p]!.blob.text();
      const out: string[] = [];
      for (const line of text.split("\n")) {
        if (!line) continue;
        const row = JSON.parse(line) as Record<string, unknown>;
        if (!cols) {
          cols = Object.keys(row);
          chunks.push(`${cols.map(csvCell).join(",")}\r\n`);
        }
        out.push(cols.map((c) => csvCell(row[c])).join(","));
      }
      if (out.length) chunks.push(`${out.join("\r\n")}\r\n`);
    }
    if (!cols) chunks.push("\r\n");
    return new Blob(chunks, { type: "text/csv" });
  }
}

/** One CSV field: null as empty, quoted when it holds a delimiter, quote, line
 *  break or edge space (RFC 4180). */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The tables of one run, by name. */
export class RowTables {
  private readonly byName = new Map<string, RowTable>();

  add(batches: RowBatch[]): void {
    for (const b of batches) this.table(b.table).add(b.data, b.rows);
  }

  table(name: string): RowTable {
    let t = this.byName.get(name);
    if (!t) {
      t = new RowTable(name);
      this.byName.set(name, t);
    }
    return t;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  names(): string[] {
    return [...this.byName.keys()];
  }
}
