// Browser tests of the sentiment pipeline: drop a folder of one-tweet files (and
// an NDJSON file), wait, read the screen, and check the page's document and row
// tables against the native command's.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { cache, dropsight, generated, generatedDir, latestResult, openApp, start, tableRows, waitForState } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

const native = (...args) => JSON.parse(dropsight("analyze", "sentiment", "--json", ...args));
const text = async (page, testid) => (await page.textContent(`[data-testid="${testid}"]`)).trim();
const count = (n) => Math.round(n).toLocaleString("en-US");

const TWEETS = 2000;
const folder = generatedDir("sentiment-2000-files", ["tweet_000001.json", `tweet_00${TWEETS}.json`],
  "sentiment", "--tweets", String(TWEETS), "--files", "--seed", "1");

/** The fixed names the checks read: the evaluation and the application table. */
function assertSameAnswers(doc, want) {
  assert.equal(doc.recipe, "sentiment");
  assert.equal(doc.metrics.engine, "wasm");
  assert.deepEqual(doc.results.evaluation.confusion, want.results.evaluation.confusion);
  assert.deepEqual(doc.results.evaluation.binary, want.results.evaluation.binary);
  assert.deepEqual(doc.results.evaluation.classes, want.results.evaluation.classes);
  assert.deepEqual(doc.results.application, want.results.application);
  assert.deepEqual(doc.results.tables, want.results.tables);
  // Everything else too, but the stage times (engine time, they vary).
  const strip = (r) => ({ ...r, exploration: { ...r.exploration, stages: r.exploration.stages.map((s) => s.stage) } });
  assert.deepEqual(strip(doc.results), strip(want.results));
}

/** Downloads a table through its button and returns the file's bytes. */
async function downloadBytes(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(`[data-testid="${testid}"]`)]);
  return readFileSync(await dl.path());
}

test(`dropping a folder of ${TWEETS} one-tweet files shows the native command's evaluation and tables`, async () => {
  const want = native(folder);
  const page = await openApp(app.browser, app.url);
  await page.setInputFiles('[data-testid="folder-input"]', folder);
  assert.equal(await waitForState(page, ["done", "error"]), "done", await text(page, "status"));

  // One input for the whole folder, and the sentiment pipeline proposed.
  assert.equal(await page.inputValue('[data-testid="recipe"]'), "sentiment");
  assert.match(await text(page, "proposal"), /Sentiment pipeline proposed/);
  assert.equal(await text(page, "files-0"), `${count(TWEETS)} files`);

  const doc = await latestResult(page);
  assertSameAnswers(doc, want);
  assert.equal(doc.inputs.length, 1);
  assert.equal(doc.inputs[0].records, TWEETS);
  // The folder's file count, as in the native document.
  assert.equal(doc.inputs[0].files, TWEETS);
  assert.equal(doc.inputs[0].files, want.inputs[0].files);
  assert.equal(doc.rejectedTotal, 0);

  // The confusion matrix on screen: counts as the document's.
  const m = want.results.evaluation.confusion;
  const rows = await tableRows(page, "confusion-model");
  assert.equal(rows.length, m.labels.length);
  for (const [i, label] of m.labels.entries()) {
    assert.ok(rows[i][0].endsWith(label), `row ${i} is given ${label}: ${rows[i]}`);
    for (const [j, n] of m.matrix[i].entries()) assert.ok(rows[i][1 + j].startsWith(count(n)), `cell ${i},${j}: ${rows[i][1 + j]} vs ${n}`);
  }
  const report = await tableRows(page, "report-model");
  assert.deepEqual(report.map((r) => r[0]), [...want.results.evaluation.classes.map((c) => c.label), "accuracy", "macro avg", "weighted avg"]);
  assert.match(await text(page, "binary-model"), new RegExp(`TP${count(want.results.evaluation.binary.tp)}`));

  // Row tables: every table's rows arrived, and a page shows the expected columns.
  const t = want.results.tables;
  const summary = await tableRows(page, "tables-summary");
  assert.deepEqual(summary.map((r) => r.slice(0, 2)), [
    ["Bronze", count(t.bronze)], ["Silver", count(t.silver)], ["Gold", count(t.gold)], ["Application", count(t.application)],
  ]);
  const headers = () => page.$$eval('[data-testid="row-table"] thead th', (ths) => ths.map((th) => th.textContent.trim()));
  assert.deepEqual(await headers(), ["#", "date", "user", "text", "sentiment", "source_file", "processing_time"]);
  let shown = await tableRows(page, "row-table");
  assert.equal(shown.length, 50);
  // source_file: the file's path in the dropped folder, as the native command writes it.
  assert.match(shown[0][5], /^tweet_\d{6}\.json$/);
  assert.match(await text(page, "page-info"), new RegExp(`of ${count(t.bronze)} · page 1 of ${count(Math.ceil(t.bronze / 50))}`));
  await page.click('[data-testid="page-next"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="page-info"]').textContent.includes("page 2 of"));
  shown = await tableRows(page, "row-table");
  assert.equal(shown[0][0], "51");

  await page.click('[data-testid="table-tab-gold"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="row-table"] thead')?.textContent.includes("predicted_sentiment"));
  assert.deepEqual(await headers(), ["#", "timestamp", "mention", "cleaned_text", "sentiment", "predicted_score", "predicted_sentiment", "sentiment_id", "predicted_sentiment_id"]);

  await page.click('[data-testid="table-tab-application"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="row-table"] thead')?.textContent.includes("total"));
  shown = await tableRows(page, "row-table");
  const top = want.results.application[0];
  assert.equal(shown[0][3], top.mention);
  assert.match(await text(page, "table-note"), /lists its first 100/);

  // Downloads: the gzip NDJSON parses back with the table's row count; the CSV has a header and a line per row.
  for (const [name, rowsWanted] of [["silver", t.silver], ["bronze", t.bronze], ["application", t.application]]) {
    const lines = gunzipSync(await downloadBytes(page, `download-${name}-ndjson`)).toString("utf8").trimEnd().split("\n");
    assert.equal(lines.length, rowsWanted, `${name} rows in the NDJSON.gz download`);
    for (const line of lines.slice(0, 20)) JSON.parse(line);
  }
  const csv = (await downloadBytes(page, "download-gold-csv")).toString("utf8");
  const csvLines = csv.trimEnd().split("\r\n");
  assert.equal(csvLines[0], "timestamp,mention,cleaned_text,sentiment,predicted_score,predicted_sentiment,sentiment_id,predicted_sentiment_id");
  assert.ok(csvLines.length >= t.gold + 1, "a CSV line per gold row (quoted line breaks may add lines)");

  // Charts and the stage timings.
  const charts = await page.$$eval("#results .chart", (hosts) => hosts.map((h) => [h.className, h.querySelectorAll("svg").length]));
  for (const cls of ["sentiment-time", "top-users", "mention-share", "top-positive", "top-negative"]) {
    const host = charts.find(([c]) => c.includes(`chart-${cls}`));
    assert.ok(host && host[1] >= 1, `chart ${cls} drawn: ${JSON.stringify(charts)}`);
  }
  assert.deepEqual((await tableRows(page, "stages-table")).map((r) => r[0]), ["bronze", "silver", "gold"]);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("one NDJSON file with a predictions column: both evaluations, as the native command", async () => {
  const path = generated("sentiment-3000.jsonl", "sentiment", "--tweets", "3000", "--seed", "7");
  // A copy with another model's predictions: the given label itself for every
  // third tweet, else "neutral", so the column's report differs from the model's.
  const lines = readFileSync(path, "utf8").trimEnd().split("\n").map((l, i) => {
    const o = JSON.parse(l);
    o.other_model = i % 3 === 0 ? o.sentiment : "neutral";
    return JSON.stringify(o);
  });
  const withPredictions = join(cache, "sentiment-3000-predictions.jsonl");
  writeFileSync(withPredictions, lines.join("\n") + "\n");

  const want = native("--predictions", "other_model", withPredictions);
  const page = await openApp(app.browser, app.url);
  await page.setInputFiles('[data-testid="file-input"]', withPredictions);
  assert.equal(await waitForState(page, ["done", "error"]), "done", await text(page, "status"));
  assert.equal(await page.inputValue('[data-testid="recipe"]'), "sentiment");
  // The predictions column is offered among the file's other fields; pick it and run again.
  const options = await page.$$eval('[data-testid="prediction"] option', (os) => os.map((o) => o.value));
  assert.ok(options.includes("other_model"), `options: ${options}`);
  assert.ok(!options.includes("sentiment"), "the label field is not offered as predictions");
  await page.selectOption('[data-testid="prediction"]', "other_model");
  await page.click('[data-testid="run"]');
  await page.waitForFunction(() => window.dropsight.results.length === 2 && document.body.dataset.state === "done");
  const doc = await latestResult(page);
  assertSameAnswers(doc, want);
  assert.deepEqual(doc.results.predictionEvaluation, want.results.predictionEvaluation);
  const rows = await tableRows(page, "confusion-prediction");
  const m = want.results.predictionEvaluation.confusion;
  assert.ok(rows[0][1].startsWith(count(m.matrix[0][0])));
  assert.ok(await page.isVisible('[data-testid="report-prediction"]'));

  // The label mapping is a parameter: a bad entry blocks the run and says why.
  await page.fill('[data-testid="labels"]', "0=negative, 4=great");
  assert.match(await text(page, "sentiment-problem"), /positive, negative or neutral/);
  assert.ok(await page.isDisabled('[data-testid="run"]'));
  assert.deepEqual(page.errors, []);
  await page.close();
});
