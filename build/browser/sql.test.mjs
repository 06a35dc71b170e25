// Browser tests of the SQL view: a SQLite file built here (with the
// @sqlite.org/sqlite-wasm package's Node build, so no sqlite3 command is
// needed), dropped on the page's file input; queries typed and run as a
// person does; answers checked against the same data computed in JavaScript.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sqlite3InitModule from "@sqlite.org/sqlite-wasm";
import { cache, openApp, start, tableRows } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

// ---------- a Chinook-like database, deterministic ----------

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const COUNTRIES = ["USA", "Canada", "Brazil", "France", "Germany", "India", "Peru", "Japan", "Norway", "Chile"];
const GENRES = ["Rock", "Jazz", "Metal", "Latin", "Blues", "Pop", "Classical"];

function chinook() {
  const r = rng(7);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const artists = Array.from({ length: 60 }, (_, i) => ({ id: i + 1, name: `Artist ${String(i + 1).padStart(2, "0")}` }));
  artists[4].name = "<b>Björk</b> & \"friends\""; // markup and quotes must come back as text
  const albums = Array.from({ length: 240 }, (_, i) => ({ id: i + 1, artist_id: 1 + Math.floor(r() * artists.length), title: `Album ${i + 1}` }));
  const tracks = Array.from({ length: 3000 }, (_, i) => ({
    id: i + 1,
    name: `Track ${i + 1}`,
    album_id: 1 + Math.floor(r() * albums.length),
    genre_id: 1 + Math.floor(r() * GENRES.length),
    ms: 60_000 + Math.floor(r() * 400_000),
    price: r() < 0.8 ? 0.99 : 1.99,
  }));
  const invoices = Array.from({ length: 1200 }, (_, i) => ({ id: i + 1, country: pick(COUNTRIES), cents: 99 + Math.floor(r() * 2000) }));
  return { artists, albums, tracks, invoices };
}

const data = chinook();

async function buildDb(path) {
  const sqlite3 = await sqlite3InitModule({ print: () => {}, printErr: () => {} });
  const db = new sqlite3.oo1.DB(":memory:", "c");
  db.exec(`
    CREATE TABLE genres (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE artists (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
    CREATE TABLE albums (id INTEGER PRIMARY KEY, artist_id INTEGER NOT NULL REFERENCES artists(id), title TEXT);
    CREATE TABLE tracks (id INTEGER PRIMARY KEY, name TEXT, album_id INTEGER REFERENCES albums(id),
                         genre_id INTEGER REFERENCES genres(id), milliseconds INTEGER, unit_price REAL);
    CREATE TABLE invoices (id INTEGER PRIMARY KEY, billing_country TEXT, total_cents INTEGER);
  `);
  const insert = (sql, rows) => {
    const stmt = db.prepare(sql);
    db.transaction(() => { for (const row of rows) stmt.bind(row).stepReset(); });
    stmt.finalize();
  };
  insert("INSERT INTO genres VALUES (?, ?)", GENRES.map((g, i) => [i + 1, g]));
  insert("INSERT INTO artists VALUES (?, ?)", data.artists.map((a) => [a.id, a.name]));
  insert("INSERT INTO albums VALUES (?, ?, ?)", data.albums.map((a) => [a.id, a.artist_id, a.title]));
  insert("INSERT INTO tracks VALUES (?, ?, ?, ?, ?, ?)", data.tracks.map((t) => [t.id, t.name, t.album_id, t.genre_id, t.ms, t.price]));
  insert("INSERT INTO invoices VALUES (?, ?, ?)", data.invoices.map((v) => [v.id, v.country, v.cents]));
  const bytes = sqlite3.capi.sqlite3_js_db_export(db);
  db.close();
  writeFileSync(path, bytes);
}

const dir = join(cache, "sql");
mkdirSync(dir, { recursive: true });
const dbPath = join(dir, "chinook-like.sqlite");
await buildDb(dbPath);

const count = (n) => n.toLocaleString("en-US");
const text = async (page, testid) => ((await page.textContent(`[data-testid="${testid}"]`)) ?? "").trim();
const byValue = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

async function waitReady(page) {
  await page.waitForFunction(() => ["ready", "error"].includes(document.querySelector('[data-testid="sql"]')?.dataset.state), null, { timeout: 60_000 });
  const state = await page.evaluate(() => document.querySelector('[data-testid="sql"]').dataset.state);
  assert.equal(state, "ready", await text(page, "sql-open-error"));
}

/** Types a query, runs it with the button, and waits for the answer or the error. */
async function run(page, sql, { keys = false } = {}) {
  await page.fill('[data-testid="sql-editor"]', sql);
  const before = await page.evaluate(() => Number(document.querySelector('[data-testid="sql"]').dataset.queries ?? 0));
  if (keys) await page.press('[data-testid="sql-editor"]', "Control+Enter");
  else await page.click('[data-testid="sql-run"]');
  await page.waitForFunction(
    (n) => {
      const root = document.querySelector('[data-testid="sql"]');
      return root.dataset.state === "ready" && Number(root.dataset.queries ?? 0) > n;
    },
    before,
    { timeout: 60_000 },
  );
}

const header = (page) => page.$$eval('[data-testid="sql-result"] thead th', (ths) => ths.map((th) => th.textContent));

test("a dropped SQLite file: schema, queries, paging, errors, read-only, CSV, chart, history, Stop", async () => {
  const page = await openApp(app.browser, app.url);
  await page.setInputFiles('[data-testid="file-input"]', dbPath);
  await waitReady(page);
  // The common intake handed the file over: the recipes did not start.
  assert.equal(await page.evaluate(() => document.body.dataset.state), "idle");
  assert.match(await text(page, "sql-source"), /chinook-like\.sqlite: SQLite database, .* opened read-only/);

  // Schema: every table with its row count and columns.
  assert.equal(await text(page, "sql-rows-tracks"), "3,000 rows");
  assert.equal(await text(page, "sql-rows-invoices"), "1,200 rows");
  assert.equal(await text(page, "sql-rows-genres"), "7 rows");
  const columns = await page.$$eval('[data-table="tracks"] .sql-col', (els) => els.map((e) => e.textContent));
  assert.deepEqual(columns, ["id", "name", "album_id", "genre_id", "milliseconds", "unit_price"]);

  // GROUP BY with ORDER BY.
  await run(page, "SELECT billing_country, sum(total_cents) AS revenue, count(*) AS invoices\nFROM invoices GROUP BY billing_country ORDER BY revenue DESC, billing_country");
  const byCountry = new Map();
  for (const v of data.invoices) {
    const c = byCountry.get(v.country) ?? { revenue: 0, invoices: 0 };
    c.revenue += v.cents;
    c.invoices++;
    byCountry.set(v.country, c);
  }
  const wantCountries = [...byCountry].sort((a, b) => b[1].revenue - a[1].revenue || byValue(a[0], b[0]));
  assert.deepEqual(await header(page), ["billing_country", "revenue", "invoices"]);
  assert.deepEqual(await tableRows(page, "sql-result"), wantCountries.map(([c, v]) => [c, String(v.revenue), String(v.invoices)]));
  assert.match(await text(page, "sql-summary"), new RegExp(`^${wantCountries.length} rows in \\d`));

  // A JOIN over three tables, run with Ctrl+Enter.
  const joinSql = `SELECT ar.name AS artist, count(t.id) AS tracks, sum(t.milliseconds) AS ms
FROM artists ar JOIN albums al ON al.artist_id = ar.id JOIN tracks t ON t.album_id = al.id
GROUP BY ar.id ORDER BY tracks DESC, ar.name LIMIT 10`;
  await run(page, joinSql, { keys: true });
  const perArtist = new Map();
  const albumArtist = new Map(data.albums.map((a) => [a.id, a.artist_id]));
  for (const t of data.tracks) {
    const id = albumArtist.get(t.album_id);
    const c = perArtist.get(id) ?? { tracks: 0, ms: 0 };
    c.tracks++;
    c.ms += t.ms;
    perArtist.set(id, c);
  }
  const names = new Map(data.artists.map((a) => [a.id, a.name]));
  const wantArtists = [...perArtist]
    .map(([id, c]) => [names.get(id), c.tracks, c.ms])
    .sort((a, b) => b[1] - a[1] || byValue(a[0], b[0]))
    .slice(0, 10);
  assert.deepEqual(await tableRows(page, "sql-result"), wantArtists.map((r) => r.map(String)));

  // CSV export of the result.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="sql-download"]')]);
  assert.match(download.suggestedFilename(), /^dropsight-sql-.*\.csv$/);
  const csv = readFileSync(await download.path(), "utf8");
  const quote = (s) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  assert.equal(csv, ["artist,tracks,ms", ...wantArtists.map((r) => r.map((v) => quote(String(v))).join(","))].join("\r\n") + "\r\n");

  // Values are text, never markup.
  await run(page, "SELECT id, name FROM artists WHERE id = 5");
  assert.deepEqual(await tableRows(page, "sql-result"), [["5", '<b>Björk</b> & "friends"']]);
  assert.equal(await page.locator('[data-testid="sql-result"] b').count(), 0);

  // Paging: 100 rows a page, the count and the next page.
  await run(page, "SELECT id, name FROM tracks ORDER BY id");
  let rows = await tableRows(page, "sql-result");
  assert.equal(rows.length, 100);
  assert.deepEqual(rows[0], ["1", "Track 1"]);
  assert.match(await text(page, "sql-page"), /^rows 1–100 of 3,000$/);
  assert.match(await text(page, "sql-summary"), /^3,000 rows in /);
  await page.click('[data-testid="sql-next"]');
  rows = await tableRows(page, "sql-result");
  assert.deepEqual(rows[0], ["101", "Track 101"]);
  assert.match(await text(page, "sql-page"), /^rows 101–200 of 3,000$/);

  // Chart toggle: bars of a numeric column by a chosen one.
  await run(page, "SELECT g.name AS genre, count(*) AS tracks FROM tracks t JOIN genres g ON g.id = t.genre_id GROUP BY g.name ORDER BY tracks DESC");
  await page.click('[data-testid="sql-chart-toggle"]');
  await page.waitForSelector('[data-testid="sql-chart"] svg');
  assert.equal(await page.inputValue('[data-testid="sql-chart-y"]'), "1");
  assert.equal(await page.locator('[data-testid="sql-chart"] svg rect').count() >= GENRES.length, true);
  await page.selectOption('[data-testid="sql-chart-kind"]', "line");
  await page.waitForSelector('[data-testid="sql-chart"] svg g[aria-label="line"] path', { state: "attached" });
  await page.screenshot({ path: join(dir, "sql-view.png"), fullPage: false });
  await page.click('[data-testid="sql-chart-toggle"]');

  // An error: SQLite's message, its position, the offending part marked.
  const bad = "SELECT id,\n       nmae\nFROM artists";
  await run(page, bad);
  assert.equal(await page.isVisible('[data-testid="sql-error"]'), true);
  assert.equal(await text(page, "sql-error-message"), "SQLITE_ERROR: no such column: nmae");
  assert.equal(await text(page, "sql-error-mark"), "nmae");
  assert.equal(await text(page, "sql-error-position"), "At line 2, column 8:");

  // Read-only: a write fails with a message that says why.
  await run(page, "INSERT INTO artists (name) VALUES ('someone')");
  assert.match(await text(page, "sql-error-message"), /SQLITE_READONLY: attempt to write a readonly database\. The database file is opened read-only/);
  await run(page, "SELECT count(*) FROM artists");
  assert.deepEqual(await tableRows(page, "sql-result"), [["60"]]);
  assert.equal(await page.isVisible('[data-testid="sql-error"]'), false);

  // Stop: a query that never ends; the page stays responsive; the database comes back.
  await page.fill('[data-testid="sql-editor"]', "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c) SELECT count(*) FROM c");
  await page.click('[data-testid="sql-run"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="sql-status"]').textContent.startsWith("Running… "));
  assert.equal(await page.evaluate(() => 6 * 7), 42); // the page's thread is free
  await page.click('[data-testid="sql-stop"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="sql-status"]').textContent.startsWith("Stopped; the database was reopened"), null, { timeout: 60_000 });
  await run(page, "SELECT count(*) FROM tracks");
  assert.deepEqual(await tableRows(page, "sql-result"), [["3000"]]);

  // History: newest first, kept in localStorage, click to load.
  const history = await page.$$eval('[data-testid="sql-history"] button', (bs) => bs.map((b) => b.title));
  assert.equal(history[0], "SELECT count(*) FROM tracks");
  assert.ok(history.includes(joinSql));
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("dropsight.sql.history")));
  assert.deepEqual(stored, history);
  await page.locator('[data-testid="sql-history"] button').nth(history.indexOf(joinSql)).click();
  assert.equal(await page.inputValue('[data-testid="sql-editor"]'), joinSql);

  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a CSV dropped on the SQL view becomes a table to query; a fake .db is refused", async () => {
  const page = await openApp(app.browser, app.url);
  const csvPath = join(dir, "sales.csv");
  const lines = ["region,product,amount,code"];
  const sums = new Map();
  const r = rng(3);
  for (let i = 0; i < 2500; i++) {
    const region = ["North", "South", "East, Far", "West"][Math.floor(r() * 4)];
    const amount = Math.floor(r() * 1000);
    sums.set(region, (sums.get(region) ?? 0) + amount);
    lines.push(`${region.includes(",") ? `"${region}"` : region},p${i % 7},${amount},00${i % 10}`);
  }
  writeFileSync(csvPath, lines.join("\r\n") + "\r\n");
  await page.setInputFiles('[data-testid="sql-file-input"]', csvPath);
  await waitReady(page);
  assert.match(await text(page, "sql-notes"), /sales\.csv → table sales: 2,500 rows/);
  assert.equal(await text(page, "sql-rows-sales"), "2,500 rows");
  await run(page, "SELECT region, sum(amount) AS total, typeof(code) AS t FROM sales GROUP BY region ORDER BY region");
  const want = [...sums].sort((a, b) => byValue(a[0], b[0])).map(([k, v]) => [k, String(v), "text"]);
  assert.deepEqual(await tableRows(page, "sql-result"), want);

  // A file named .db that is not a SQLite database: a clear message, nothing else changes.
  const fake = join(dir, "fake.db");
  writeFileSync(fake, "id,name\n1,a\n");
  await page.setInputFiles('[data-testid="file-input"]', fake);
  await page.waitForFunction(() => document.querySelector('[data-testid="sql-open-error"]')?.hidden === false);
  assert.match(await text(page, "sql-open-error"), /fake\.db is not a SQLite database/);
  assert.deepEqual(page.errors, []);
  await page.close();
});
