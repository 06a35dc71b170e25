// The SQL worker: one SQLite (the official WebAssembly build) per worker, so a
// long query never blocks the page. Requests are handled one at a time, in
// order. A query cannot be interrupted from outside (that needs a
// SharedArrayBuffer, so COOP/COEP headers): the page stops one by terminating
// this worker and opening the database again in a new one.

import sqlite3InitModule from "@sqlite.org/sqlite-wasm";
import wasmUrl from "@sqlite.org/sqlite-wasm/sqlite3.wasm?url";
import { SqlEngine, SqlError, type Sqlite3 } from "./engine";
import type { SqlReply, SqlRequest, TableInfo } from "./protocol";

interface Scope {
  postMessage(message: SqlReply): void;
  onmessage: ((event: MessageEvent<SqlRequest>) => void) | null;
}
const scope = globalThis as unknown as Scope;

let engine: Promise<SqlEngine> | null = null;

function start(): Promise<SqlEngine> {
  engine ??= sqlite3InitModule({
    // The .wasm is a hashed asset next to the bundle; Vite gives its URL.
    locateFile: () => wasmUrl,
    print: () => {},
    printErr: () => {},
  }).then((s: Sqlite3) => new SqlEngine(s));
  return engine;
}

function failed(id: number, err: unknown): SqlReply {
  if (err instanceof SqlError) return { id, op: "failed", error: err.failure };
  const message = err instanceof Error ? err.message : String(err);
  return { id, op: "failed", error: { message, code: null, codeName: "", offset: null, statement: null } };
}

async function handle(req: SqlRequest): Promise<SqlReply> {
  const sql = await start();
  const progress = (text: string): void => scope.postMessage({ id: req.id, op: "progress", text });
  switch (req.op) {
    case "open": {
      const source = await sql.openFile(req.file, req.name, progress);
      progress("Counting rows…");
      return { id: req.id, op: "opened", source, tables: sql.tables() };
    }
    case "load": {
      const source = await sql.loadFiles(req.files, progress);
      return { id: req.id, op: "opened", source, tables: sql.tables() };
    }
    case "query": {
      const result = sql.run(req.sql, req.keep);
      // A statement that changed the schema (CREATE TEMP TABLE, ...) refreshes the table list.
      const tables: TableInfo[] | null = /\b(create|drop|alter)\b/i.test(req.sql) ? sql.tables() : null;
      return { id: req.id, op: "result", result, tables };
    }
    case "csv": {
      const { parts, rows } = sql.csv(req.sql);
      return { id: req.id, op: "csv", blob: new Blob(parts, { type: "text/csv" }), rows };
    }
  }
}

let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event) => {
  const req = event.data;
  queue = queue.then(async () => {
    let reply: SqlReply;
    try {
      reply = await handle(req);
    } catch (err) {
      reply = failed(req.id, err);
    }
    scope.postMessage(reply);
  });
};
