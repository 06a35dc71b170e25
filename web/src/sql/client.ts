// The page's side of the SQL worker: requests with ids, answers as promises,
// and Stop. Stop terminates the worker (the only way to interrupt a query
// without a SharedArrayBuffer) and opens the same source in a new one.

import type { QueryResult, SourceInfo, SqlFailure, SqlReply, SqlRequest, TableInfo } from "./protocol";

/** A failed request: SQLite's message and position, or why the worker failed. */
export class SqlRequestError extends Error {
  constructor(readonly failure: SqlFailure) {
    super(failure.message);
  }
}

/** The request was cut short by stop(). */
export class StoppedError extends Error {
  constructor() {
    super("stopped");
  }
}

type Source = { op: "open"; file: Blob; name: string } | { op: "load"; files: { file: Blob; name: string }[] };

type Pending = { resolve: (r: SqlReply) => void; reject: (e: Error) => void; progress?: (text: string) => void };

type RequestBody = SqlRequest extends infer R ? (R extends SqlRequest ? Omit<R, "id"> : never) : never;

export interface Opened {
  source: SourceInfo;
  tables: TableInfo[];
}

export class SqlClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  private source: Source | null = null;

  constructor(private readonly spawn: () => Worker = defaultWorker) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = this.spawn();
    w.onmessage = (event: MessageEvent<SqlReply>) => {
      const reply = event.data;
      const p = this.pending.get(reply.id);
      if (!p) return;
      if (reply.op === "progress") {
        p.progress?.(reply.text);
        return;
      }
      this.pending.delete(reply.id);
      if (reply.op === "failed") p.reject(new SqlRequestError(reply.error));
      else p.resolve(reply);
    };
    w.onerror = (event) => {
      event.preventDefault();
      this.failAll(`The SQL worker failed: ${event.message || "it could not start"}.`);
      this.worker?.terminate();
      this.worker = null;
    };
    this.worker = w;
    return w;
  }

  private failAll(message: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new SqlRequestError({ message, code: null, codeName: "", offset: null, statement: null }));
  }

  private request(body: RequestBody, progress?: (text: string) => void): Promise<SqlReply> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, progress });
      w.postMessage({ ...body, id } as SqlRequest);
    });
  }

  /** Opens a SQLite file read-only (replacing what was open). */
  async open(file: Blob, name: string, progress?: (text: string) => void): Promise<Opened> {
    this.source = { op: "open", file, name };
    const r = await this.request(this.source, progress);
    if (r.op !== "opened") throw new Error(`unexpected reply ${r.op}`);
    return { source: r.source, tables: r.tables };
  }

  /** Loads CSV/NDJSON files into a fresh in-memory database, a table each. */
  async load(files: { file: Blob; name: string }[], progress?: (text: string) => void): Promise<Opened> {
    this.source = { op: "load", files };
    const r = await this.request(this.source, progress);
    if (r.op !== "opened") throw new Error(`unexpected reply ${r.op}`);
    return { source: r.source, tables: r.tables };
  }

  async query(sql: string, keep: number): Promise<{ result: QueryResult; tables: TableInfo[] | null }> {
    const r = await this.request({ op: "query", sql, keep });
    if (r.op !== "result") throw new Error(`unexpected reply ${r.op}`);
    return { result: r.result, tables: r.tables };
  }

  async csv(sql: string): Promise<{ blob: Blob; rows: number }> {
    const r = await this.request({ op: "csv", sql });
    if (r.op !== "csv") throw new Error(`unexpected reply ${r.op}`);
    return { blob: r.blob, rows: r.rows };
  }

  /**
   * Stops whatever runs: terminates the worker, rejects what was pending with
   * StoppedError, and (with reopen) opens the same database again in a new
   * worker. Stopping an open or a load leaves nothing open.
   */
  async stop(progress?: (text: string) => void, reopen = true): Promise<Opened | null> {
    this.worker?.terminate();
    this.worker = null;
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new StoppedError());
    const source = this.source;
    if (!reopen) this.source = null;
    if (!source || !reopen) return null;
    return source.op === "open" ? this.open(source.file, source.name, progress) : this.load(source.files, progress);
  }
}

function defaultWorker(): Worker {
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "dropsight-sql" });
}
