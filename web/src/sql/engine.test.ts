// The SQL engine under Node, with the same @sqlite.org/sqlite-wasm build the
// worker uses (its Node entry): open read-only, errors with positions, loading
// CSV and NDJSON with limits, CSV export.
import sqlite3InitModule from "@sqlite.org/sqlite-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_DB_BYTES } from "./detect";
import { SqlEngine, SqlError, type Sqlite3 } from "./engine";

let sqlite3: Sqlite3;

beforeAll(async () => {
  sqlite3 = await sqlite3InitModule({ print: () => {}, printErr: () => {} });
});

/** A database file's bytes, built in memory. */
function database(sql: string, wal = false): Uint8Array<ArrayBuffer> {
  const db = new sqlite3.oo1.DB(":memory:", "c");
  db.exec(sql);
  const bytes = new Uint8Array(sqlite3.capi.sqlite3_js_db_export(db));
  db.close();
  if (wal) {
    bytes[18] = 2;
    bytes[19] = 2;
  }
  return bytes;
}

const schema = `
  CREATE TABLE artists (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE albums (id INTEGER PRIMARY KEY, artist_id INTEGER REFERENCES artists(id), title TEXT);
  INSERT INTO artists VALUES (1, 'Björk'), (2, 'Can'), (3, 'Nobody');
  INSERT INTO albums VALUES (1, 1, 'Debut'), (2, 1, 'Post'), (3, 2, 'Tago Mago');
  CREATE VIEW album_count AS SELECT artist_id, count(*) AS n FROM albums GROUP BY artist_id;
`;

function failure(fn: () => unknown): SqlError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SqlError) return err;
    throw err;
  }
  throw new Error("no error");
}

describe("SqlEngine", () => {
  it("opens a database file read-only and lists its tables", async () => {
    const engine = new SqlEngine(sqlite3);
    const source = await engine.openFile(new Blob([database(schema)]), "music.db");
    expect(source).toMatchObject({ kind: "sqlite", name: "music.db", readOnly: true });
    const tables = engine.tables();
    expect(tables.map((t) => [t.name, t.kind, t.rows])).toEqual([
      ["album_count", "view", null],
      ["albums", "table", 3],
      ["artists", "table", 3],
    ]);
    expect(tables[2]!.columns).toEqual([
      { name: "id", type: "INTEGER", pk: 1, notNull: false },
      { name: "name", type: "TEXT", pk: 0, notNull: true },
    ]);
    const r = engine.run("SELECT a.name, count(b.id) AS albums FROM artists a LEFT JOIN albums b ON b.artist_id = a.id GROUP BY a.id ORDER BY albums DESC, a.name", 100);
    expect(r.columns).toEqual(["name", "albums"]);
    expect(r.rows).toEqual([
      ["Björk", 2],
      ["Can", 1],
      ["Nobody", 0],
    ]);
    expect(r.rowCount).toBe(3);
  });

  it("refuses writes with a clear message", async () => {
    const engine = new SqlEngine(sqlite3);
    await engine.openFile(new Blob([database(schema)]), "music.db");
    const e = failure(() => engine.run("INSERT INTO artists VALUES (4, 'New')", 10));
    expect(e.failure.codeName).toBe("SQLITE_READONLY");
    expect(e.message).toMatch(/attempt to write a readonly database.*opened read-only/);
    // Scratch tables still work.
    engine.run("CREATE TEMP TABLE t AS SELECT * FROM artists", 10);
    expect(engine.run("SELECT count(*) FROM t", 10).rows).toEqual([[3]]);
  });

  it("opens a file in WAL mode", async () => {
    const engine = new SqlEngine(sqlite3);
    await engine.openFile(new Blob([database(schema, true)]), "wal.db");
    expect(engine.run("SELECT count(*) FROM albums", 10).rows).toEqual([[3]]);
  });

  it("says why a file is not opened", async () => {
    const engine = new SqlEngine(sqlite3);
    await expect(engine.openFile(new Blob(["id,name\n1,a\n".repeat(100)]), "fake.db")).rejects.toThrow(/not a SQLite database/);
    const huge = { size: MAX_DB_BYTES + 1, slice: () => new Blob([]) } as unknown as Blob;
    await expect(engine.openFile(huge, "huge.db")).rejects.toThrow(/opens SQLite files up to 1 GiB/);
    const broken = database(schema).slice(0, 2048);
    await expect(engine.openFile(new Blob([broken]), "cut.db")).rejects.toThrow(/could not/);
  });

  it("locates errors in the query, in characters, statement by statement", async () => {
    const engine = new SqlEngine(sqlite3);
    await engine.openFile(new Blob([database(schema)]), "music.db");
    let sql = "SELECT 'é😀' AS x, nmae FROM artists";
    let e = failure(() => engine.run(sql, 10));
    expect(e.message).toBe("no such column: nmae");
    expect(e.failure.offset).toBe(sql.indexOf("nmae"));
    sql = "SELECT 1;\nSELECT 'ü', titel FROM albums;";
    e = failure(() => engine.run(sql, 10));
    expect(e.failure.offset).toBe(sql.indexOf("titel"));
    expect(e.failure.statement).toMatchObject({ index: 1 });
    e = failure(() => engine.run("SELEC 1", 10));
    expect(e.message).toMatch(/syntax error/);
    expect(e.failure.offset).toBe(0);
  });

  it("runs several statements and keeps the last rows; counts beyond what it keeps", async () => {
    const engine = new SqlEngine(sqlite3);
    await engine.openFile(new Blob([database(schema)]), "music.db");
    const r = engine.run("SELECT 1; WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250) SELECT i FROM n;", 100);
    expect(r.statements).toBe(2);
    expect(r.rows.length).toBe(100);
    expect(r.rowCount).toBe(250);
    expect(r.truncated).toBe(true);
    const csv = engine.csv("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25000) SELECT i, 'a,b' AS s FROM n");
    const text = csv.parts.join("");
    expect(csv.rows).toBe(25000);
    expect(text.startsWith('i,s\r\n1,"a,b"\r\n2,"a,b"\r\n')).toBe(true);
    expect(text.split("\r\n").length).toBe(25002);
  });

  it("loads CSV and NDJSON files as tables", async () => {
    const engine = new SqlEngine(sqlite3);
    const csv = new File(['\ufeffid;name;zip;score\r\n1;"Smith; J";007;1.5\r\n2;Ann;;2\r\n'], "People.csv");
    const ndjson = new File(['{"user":"a","n":1,"tags":["x"]}\n', "not json\n", '{"user":"b","n":2.5,"ok":true}\n'], "events.ndjson");
    const source = await engine.loadFiles([
      { file: csv, name: "People.csv" },
      { file: ndjson, name: "events.ndjson" },
    ]);
    expect(source.kind).toBe("tables");
    expect(source.notes.join("\n")).toMatch(/People\.csv → table people: 2 rows/);
    expect(source.notes.join("\n")).toMatch(/1 line was not a JSON object and skipped \(the first: line 2\)/);
    const people = engine.tables().find((t) => t.name === "people")!;
    expect(people.columns.map((c) => `${c.name} ${c.type}`)).toEqual(["id INTEGER", "name TEXT", "zip TEXT", "score REAL"]);
    expect(engine.run("SELECT * FROM people ORDER BY id", 10).rows).toEqual([
      [1, "Smith; J", "007", 1.5],
      [2, "Ann", null, 2],
    ]);
    expect(engine.run("SELECT user, n, tags, ok FROM events ORDER BY user", 10).rows).toEqual([
      ["a", 1, '["x"]', null],
      ["b", 2.5, null, 1],
    ]);
  });

  it("loads a gzipped NDJSON file, such as a consolidated output", async () => {
    const engine = new SqlEngine(sqlite3);
    const text = '{"TrackId":1,"Name":"A"}\n{"TrackId":2,"Name":"B"}\n';
    const gz = await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"))).arrayBuffer();
    await engine.loadFiles([{ file: new File([gz], "tracks.json.gz"), name: "tracks.json.gz" }]);
    expect(engine.run("SELECT TrackId, Name FROM tracks ORDER BY TrackId", 10).rows).toEqual([
      [1, "A"],
      [2, "B"],
    ]);
  });

  it("cuts a table at the row limit and says so", async () => {
    const engine = new SqlEngine(sqlite3);
    engine.openEmpty();
    async function* rows() {
      for (let i = 0; i < 5000; i++) yield [String(i), `name ${i}`];
    }
    const t = await engine.loadTable("big", ["id", "name"], rows(), () => {}, { rows: 1200, bytes: 1e9 });
    expect(t.rows).toBe(1200);
    expect(t.cut).toMatch(/cut at 1,200 rows/);
    expect(engine.run("SELECT count(*), max(id) FROM big", 10).rows).toEqual([[1200, 1199]]);
  });
});
