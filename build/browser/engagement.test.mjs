// Browser tests of the engagement recipe: drop an interaction log and its user
// metadata table, wait, read the screen, and check the page's document against
// the native command's.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { cache, dropsight, generatedDir, latestResult, openApp, start, tableRows, waitForState } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

const dir = generatedDir("activity-200k", ["interactions.csv", "metadata.csv"], "activity", "--rows", "200000", "--seed", "1");
const log = join(dir, "interactions.csv");
const metadata = join(dir, "metadata.csv");

const native = (...args) => JSON.parse(dropsight("analyze", "engagement", "--json", ...args));
const count = (n) => Math.round(n).toLocaleString("en-US");
const text = async (page, testid) => (await page.textContent(`[data-testid="${testid}"]`)).trim();

/** Drops files on the file input and waits for the run the page starts by itself. */
async function dropAndWait(page, files) {
  const before = await page.evaluate(() => window.dropsight.results.length);
  await page.setInputFiles('[data-testid="file-input"]', files);
  assert.equal(await waitForState(page, ["done", "error"]), "done", await text(page, "status"));
  assert.equal(await page.evaluate(() => window.dropsight.results.length), before + 1);
  return latestResult(page);
}

test("dropping the CSV pair shows the native command's answers, charts, tables and CSV downloads", async () => {
  const want = native("--metadata", metadata, log);
  const page = await openApp(app.browser, app.url);
  const doc = await dropAndWait(page, [log, metadata]);

  // The proposal: engagement, one file per role, detected without a choice.
  assert.equal(await page.inputValue('[data-testid="recipe"]'), "engagement");
  assert.equal(await page.inputValue('[data-testid="role-0"]'), "interactions");
  assert.equal(await page.inputValue('[data-testid="role-1"]'), "metadata");
  assert.match(await text(page, "proposal"), /interaction log and a user metadata table/);

  // The document: the fixed names first, then everything.
  assert.equal(doc.recipe, "engagement");
  assert.equal(doc.metrics.engine, "wasm");
  assert.deepEqual(doc.results.mau, want.results.mau);
  assert.deepEqual(doc.results.dau, want.results.dau);
  assert.deepEqual(doc.results.sessions, want.results.sessions);
  for (const key of ["wau", "stickiness", "retention", "powerUsers", "performance", "anomalies", "metadata", "breakdowns", "skew"]) {
    assert.deepEqual(doc.results[key], want.results[key], `results.${key}`);
  }
  assert.deepEqual(doc.results, want.results);
  assert.deepEqual(doc.inputs, want.inputs);
  assert.equal(doc.rejectedTotal, 0);

  // The charts are drawn: one SVG per chart host at least.
  const charts = await page.$$eval("#results .chart", (hosts) => hosts.map((h) => [h.className, h.querySelectorAll("svg").length]));
  for (const cls of ["active-users", "stickiness", "session-duration", "session-actions", "retention", "versions", "devices", "breakdown-bars", "breakdown-mau"]) {
    const host = charts.find(([c]) => c.includes(`chart-${cls}`));
    assert.ok(host && host[1] >= 1, `chart ${cls} drawn: ${JSON.stringify(charts)}`);
  }
  assert.ok((await page.locator("#results svg").count()) >= 9);

  // Key numbers on screen.
  const r = want.results;
  assert.equal(await text(page, "total-events"), count(r.events));
  assert.equal(await text(page, "total-users"), count(r.users));
  assert.equal(await text(page, "total-sessions"), count(r.sessions.total));
  assert.equal(await text(page, "total-days"), count(r.days));
  const mau = await tableRows(page, "mau-table");
  assert.equal(mau.length, r.mau.length);
  assert.deepEqual(mau[0].slice(0, 2), [r.mau[0].month, count(r.mau[0].users)]);
  const sessions = await tableRows(page, "session-table");
  assert.equal(sessions.length, r.sessions.table.rows.length);
  assert.equal(sessions[0][1], r.sessions.users[0].user_id);
  assert.equal(sessions[0][2], count(r.sessions.users[0].total_sessions));
  assert.match(await text(page, "session-carried"), new RegExp(`${count(r.sessions.table.rows.length)} users .* of ${count(r.sessions.table.users)} users`));
  assert.match(await text(page, "power-users-summary"), new RegExp(`${count(r.powerUsers.count)} users`));
  assert.match(await text(page, "capped-events"), new RegExp(`^${count(r.powerUsers.cappedEvents)} event`));
  const power = await tableRows(page, "power-users-table");
  assert.equal(power[0][1], r.powerUsers.users[0].user_id);
  assert.match(await text(page, "device-effect"), /eta squared/i);
  assert.match(await text(page, "performance-method"), /exact/);

  // The session search filters the rows the document carries.
  const someone = r.sessions.table.rows[7].user_id;
  await page.fill('[data-testid="session-search"]', someone);
  const found = await tableRows(page, "session-table");
  assert.ok(found.length >= 1 && found.every((row) => row[1].includes(someone)), `search rows: ${found.length}`);
  assert.match(await text(page, "session-count"), new RegExp(`${found.length} of the ${count(r.sessions.table.rows.length)} users`));
  await page.fill('[data-testid="session-search"]', "");
  assert.equal((await tableRows(page, "session-table")).length, r.sessions.table.rows.length);

  // A table downloads as CSV with the document's values.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="download-csv-mau"]')]);
  assert.equal(download.suggestedFilename(), "dropsight-engagement-run1-mau.csv");
  const csv = readFileSync(await download.path(), "utf8");
  assert.equal(csv, ["month,users", ...r.mau.map((m) => `${m.month},${m.users}`)].join("\r\n") + "\r\n");
  const [sessionCsv] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="download-csv-session-table"]')]);
  const lines = readFileSync(await sessionCsv.path(), "utf8").trimEnd().split("\r\n");
  assert.equal(lines.length, r.sessions.table.rows.length + 1);
  assert.ok(lines[1].startsWith(`${r.sessions.users[0].user_id},${r.sessions.users[0].total_sessions},`));

  // "Download all tables" saves every table, one file each.
  const tables = await page.locator('[data-testid="csv-downloads"] li').count();
  const names = [];
  page.on("download", (d) => names.push(d.suggestedFilename()));
  await page.click('[data-testid="download-all-csv"]');
  for (let waited = 0; names.length < tables && waited < 20_000; waited += 250) await page.waitForTimeout(250);
  assert.equal(names.length, tables);
  assert.ok(names.includes("dropsight-engagement-run1-retention.csv") && names.includes("dropsight-engagement-run1-summary.csv"));

  assert.deepEqual(page.errors, []);
  await page.close();
});

test("bad rows are rejects with their line numbers, and a tweets file beside a log is left out", async () => {
  const path = join(cache, "activity-bad.csv");
  const lines = readFileSync(log, "utf8").split("\n").slice(0, 301);
  lines.splice(10, 0, "u000001,not a time,edit,p1,1000,5.0.0"); // line 11
  lines.splice(20, 0, "u000002,2023-03-01 10:00:00,edit"); // line 21: too few fields
  lines.splice(30, 0, ",2023-03-01 10:00:00,edit,p1,1000,5.0.0"); // line 31: no user_id
  writeFileSync(path, lines.join("\n") + "\n");
  const want = native(path);
  assert.equal(want.rejectedTotal, 3);

  const tweets = join(cache, "tweets-2mb.jsonl");
  if (!existsSync(tweets)) dropsight("gen", "tweets", "--bytes", "2MB", "--seed", "5", "-o", tweets);
  const page = await openApp(app.browser, app.url);
  await page.setInputFiles('[data-testid="file-input"]', [path, tweets]);
  // Two kinds of file: the page proposes engagement and waits for a choice.
  await page.waitForFunction(() => document.body.dataset.state === "idle" && document.querySelector('[data-testid="role-1"]'));
  assert.equal(await page.inputValue('[data-testid="recipe"]'), "engagement");
  assert.equal(await page.inputValue('[data-testid="role-0"]'), "interactions");
  assert.equal(await page.inputValue('[data-testid="role-1"]'), "none");
  await page.click('[data-testid="run"]');
  assert.equal(await waitForState(page, ["done", "error"]), "done");
  const doc = await latestResult(page);
  assert.deepEqual(doc.results, want.results);
  assert.equal(doc.inputs.length, 1);
  assert.equal(doc.rejectedTotal, 3);
  assert.deepEqual(doc.rejects.map((r) => r.line), want.rejects.map((r) => r.line));
  assert.deepEqual(doc.rejects.map((r) => r.line), [11, 21, 31]);
  assert.equal(await text(page, "rejects-count"), "3");
  const rows = await tableRows(page, "rejects-table");
  assert.deepEqual(rows.map((r) => r[1]), ["11", "21", "31"]);

  // Switching the recipe back to tweet insights runs the tweets file alone.
  await page.selectOption('[data-testid="recipe"]', "tweets");
  await page.click('[data-testid="run"]');
  assert.equal(await waitForState(page, ["done", "error"]), "done");
  assert.equal((await latestResult(page)).recipe, "tweets");
  assert.deepEqual((await latestResult(page)).results, JSON.parse(dropsight("analyze", "tweets", "--json", tweets)).results);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a gzipped CSV log gives the same answers as the native command", async () => {
  const gz = join(cache, "activity-200k-gz", "interactions.csv.gz");
  if (!existsSync(gz)) {
    mkdirSync(join(cache, "activity-200k-gz"), { recursive: true });
    await pipeline(createReadStream(log), createGzip(), createWriteStream(gz));
  }
  const want = native("--metadata", metadata, gz);
  const page = await openApp(app.browser, app.url);
  const doc = await dropAndWait(page, [gz, metadata]);
  assert.deepEqual(doc.inputs, want.inputs);
  assert.ok(doc.inputs[0].gzip);
  assert.deepEqual(doc.results, want.results);
  assert.equal(await text(page, "total-events"), count(want.results.events));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("the parameters on the page are the task's parameters", async () => {
  const want = native("--tz", "America/New_York", "--gap", "5m", "--min-active", "5s", "--max-active", "2h",
    "--power-share", "0.02", "--anomaly-threshold", "3", "--metadata", metadata, log);
  const page = await openApp(app.browser, app.url);
  await dropAndWait(page, [log, metadata]);
  await page.selectOption('[data-testid="timezone"]', "America/New_York");
  await page.fill('[data-testid="param-gapSeconds"]', "300");
  await page.fill('[data-testid="param-minActiveSeconds"]', "5");
  await page.fill('[data-testid="param-maxActiveSeconds"]', "7200");
  await page.fill('[data-testid="param-powerPercent"]', "2");
  await page.fill('[data-testid="param-anomalyThreshold"]', "3");
  await page.click('[data-testid="run"]');
  assert.equal(await waitForState(page, ["done", "error"]), "done", await text(page, "error"));
  const doc = await latestResult(page);
  assert.equal(await page.evaluate(() => window.dropsight.results.length), 2);
  for (const key of ["timeZone", "gapSeconds", "minActiveSeconds", "maxActiveSeconds", "powerShare", "anomalyThreshold"]) {
    assert.equal(doc.parameters[key], want.parameters[key], `parameters.${key}`);
  }
  assert.deepEqual(doc.results, want.results);

  // A parameter that cannot run says why and keeps Run disabled.
  await page.fill('[data-testid="param-maxActiveSeconds"]', "1");
  assert.match(await text(page, "param-problem"), /maximum/);
  assert.ok(await page.isDisabled('[data-testid="run"]'));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("an NDJSON interaction log alone is proposed as engagement and matches the native command", async () => {
  const path = join(cache, "activity-small.ndjson");
  if (!existsSync(path)) {
    // The first 5,000 rows of the CSV log, as NDJSON records with a numeric duration.
    const [head, ...rows] = readFileSync(log, "utf8").split("\n").slice(0, 5001);
    const names = head.split(",");
    const records = rows.map((line) => {
      const v = line.split(",");
      return JSON.stringify(Object.fromEntries(names.map((n, i) => [n, n === "duration_ms" ? Number(v[i]) : v[i]])));
    });
    writeFileSync(path, records.join("\n") + "\n");
  }
  const want = native(path);
  const page = await openApp(app.browser, app.url);
  const doc = await dropAndWait(page, [path]);
  assert.equal(await page.inputValue('[data-testid="recipe"]'), "engagement");
  assert.equal(await page.inputValue('[data-testid="role-0"]'), "interactions");
  assert.equal(doc.inputs[0].format, "ndjson");
  assert.deepEqual(doc.results, want.results);
  assert.equal(doc.results.metadata, null);
  assert.deepEqual(page.errors, []);
  await page.close();
});
