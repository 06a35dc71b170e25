// DuckDB-WASM in the Dropsight page, for the bench's engagement anchor. The
// bench bundles this module (esbuild; duckdb-wasm imports apache-arrow by bare
// name), serves it and DuckDB-WASM's dist folder from node_modules under
// /bench-only/ on the page's own origin, and injects it into the page, where it
// sets window.benchDuckDB. No CDN: every file comes from the bench's server.
import * as duckdb from "@duckdb/duckdb-wasm";

let db;
let connection;

/** Plain JSON rows of an Arrow table: BIGINT (bigint) becomes a number. */
const rows = (table) => table.toArray().map((row) =>
  Object.fromEntries(Object.entries(row.toJSON()).map(([k, v]) => [k, typeof v === "bigint" ? Number(v) : v])));

window.benchDuckDB = {
  /** Starts DuckDB-WASM's "eh" bundle (exception handling, one thread: the
   *  threaded bundle needs a cross-origin isolated page) from base. */
  async open(base) {
    const worker = new Worker(`${base}duckdb-browser-eh.worker.js`);
    db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(`${base}duckdb-eh.wasm`);
    connection = await db.connect();
    const [info] = rows(await connection.query("SELECT version() AS version, current_setting('threads') AS threads"));
    return info;
  },
  /** Registers a File picked in the page under its name, read through the
   *  browser's FileReader, never copied into the wasm memory whole. */
  async register(file) {
    await db.registerFileHandle(file.name, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  },
  /** Runs the named queries in order: { seconds, steps, results }. */
  async run(list) {
    const steps = {};
    const results = {};
    const t0 = performance.now();
    for (const { name, sql } of list) {
      const t = performance.now();
      const table = await connection.query(sql);
      steps[name] = (performance.now() - t) / 1000;
      results[name] = rows(table);
    }
    return { seconds: (performance.now() - t0) / 1000, steps, results };
  },
  /** Whether SQL can read JSON here: true, or the error DuckDB gives (offline,
   *  the json extension it would download at run time is out of reach). */
  async json() {
    try {
      await connection.query(`SELECT json_extract('{"a": 1}', '$.a') AS a`);
      return true;
    } catch (err) {
      return String(err?.message ?? err);
    }
  },
};
