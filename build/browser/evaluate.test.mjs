// Browser tests of the evaluate recipe: a CSV whose prediction column no
// default recognises (pick the recipe and the columns), and an NDJSON file with
// y_true / y_pred (proposed and run by itself); the page's document must equal
// the native command's, and the matrix, report and report CSV on screen must
// show it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cache, dropsight, latestResult, openApp, start, tableRows, waitForState } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

const native = (...args) => JSON.parse(dropsight("analyze", "evaluate", "--json", ...args));
const text = async (page, testid) => (await page.textContent(`[data-testid="${testid}"]`)).trim();
const count = (n) => Math.round(n).toLocaleString("en-US");
const score = (x) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });

/** A small deterministic generator (mulberry32), so the files are the same every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dir = join(cache, "evaluate");
mkdirSync(dir, { recursive: true });

// 5,000 rows, 4 classes, a classifier right about 70% of the time (worse on
// "bird"), some rows missing the label, the prediction or both, some values
// quoted or padded with spaces.
const ROWS = 5000;
const CLASSES = ["cat", "dog", "bird", "fish"];
const csvPath = join(dir, "pets.csv");
{
  const rnd = random(11);
  const lines = ["id,actual,model_guess,score"];
  for (let i = 0; i < ROWS; i++) {
    const given = CLASSES[Math.floor(rnd() * CLASSES.length)];
    const right = rnd() < (given === "bird" ? 0.4 : 0.75);
    const guess = right ? given : CLASSES[Math.floor(rnd() * CLASSES.length)];
    const r = rnd();
    const label = r < 0.03 ? "" : r < 0.05 ? ` ${given} ` : given;
    const pred = r > 0.96 ? "" : r > 0.94 ? `"${guess}"` : guess;
    lines.push(`${i + 1},${label},${pred},${rnd().toFixed(3)}`);
  }
  writeFileSync(csvPath, lines.join("\n") + "\n");
}

// Numeric classes written as numbers, number strings and 1.0, with nulls and absent keys.
const ndjsonPath = join(dir, "digits.ndjson");
{
  const rnd = random(5);
  const lines = [];
  for (let i = 0; i < 3000; i++) {
    const given = Math.floor(rnd() * 3);
    const pred = rnd() < 0.8 ? given : Math.floor(rnd() * 3);
    const r = rnd();
    const rec = { id: i };
    if (r >= 0.02) rec.y_true = r < 0.1 ? `${given}` : r < 0.15 ? `${given}.0` : given;
    if (r < 0.97) rec.y_pred = r > 0.95 ? null : r > 0.9 ? pred + 0.0 : pred;
    const line = JSON.stringify(rec);
    lines.push(r > 0.85 && r < 0.87 ? line.replace(/"y_pred":(\d)/, '"y_pred":$1.0') : line);
  }
  writeFileSync(ndjsonPath, lines.join("\n") + "\n");
}

async function downloaded(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(`[data-testid="${testid}"]`)]);
  return { name: dl.suggestedFilename(), text: readFileSync(await dl.path(), "utf8") };
}

/** The matrix and the report on screen show the document's. */
async function assertScreen(page, want) {
  const r = want.results;
  const m = r.confusion;
  const rows = await tableRows(page, "confusion-evaluate");
  assert.equal(rows.length, m.labels.length);
  for (const [i, label] of m.labels.entries()) {
    assert.ok(rows[i][0].endsWith(label), `row ${i} is given ${label}: ${rows[i]}`);
    for (const [j, n] of m.matrix[i].entries()) {
      const share = `${(100 * m.shares[i][j]).toFixed(1)}%`;
      assert.ok(rows[i][1 + j].startsWith(count(n)), `cell ${i},${j}: ${rows[i][1 + j]} vs ${n}`);
      assert.ok(rows[i][1 + j].endsWith(share), `cell ${i},${j}: ${rows[i][1 + j]} vs ${share}`);
    }
  }
  const report = await tableRows(page, "report-evaluate");
  assert.deepEqual(report.map((row) => row[0]), [...r.classes.map((c) => c.label), "accuracy", "macro avg", "weighted avg"]);
  for (const [i, c] of r.classes.entries()) {
    assert.deepEqual(report[i].slice(1), [score(c.precision), score(c.recall), score(c.f1), count(c.support)], c.label);
  }
  assert.equal(await text(page, "evaluate-accuracy"), score(r.accuracy));
  assert.equal(await text(page, "evaluate-evaluated"), count(r.evaluated));
  assert.equal(await text(page, "evaluate-skipped"), count(r.skipped.records));
}

test("a CSV of labels and predictions: pick Evaluate and the columns, get the native report", async () => {
  const want = native("--label", "actual", "--prediction", "model_guess", "--positive", "bird", csvPath);
  const r = want.results;
  assert.equal(r.records, ROWS);
  assert.ok(r.skipped.noLabel > 0 && r.skipped.noPrediction > 0 && r.evaluated === ROWS - r.skipped.records, JSON.stringify(r.skipped));
  assert.deepEqual(r.confusion.labels, ["bird", "cat", "dog", "fish"]);

  // A context of its own: a second tab of it shares the stored runs.
  const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await openApp(context, app.url);
  await page.setInputFiles('[data-testid="file-input"]', [csvPath]);
  // No default names model_guess a prediction: the table is profiled by itself.
  assert.equal(await waitForState(page, ["done", "error"]), "done", await text(page, "status"));
  assert.equal(await page.inputValue('[data-testid="recipe"]'), "profile");

  await page.selectOption('[data-testid="recipe"]', "evaluate");
  assert.equal(await text(page, "run"), "Run evaluation");
  assert.ok(await page.isVisible('[data-testid="evaluate-settings"]'));
  // The label column is found by its name; the prediction must be picked.
  assert.equal(await page.inputValue('[data-testid="evaluate-label"]'), "actual");
  assert.equal(await page.inputValue('[data-testid="evaluate-prediction"]'), "");
  assert.ok(await page.isDisabled('[data-testid="run"]'));
  assert.match(await text(page, "evaluate-problem"), /prediction/);
  const offered = await page.$$eval('[data-testid="evaluate-prediction"] option', (os) => os.map((o) => o.value));
  assert.deepEqual(offered, ["", "id", "actual", "model_guess", "score"]);
  // Keyboard: focus the select through its label and choose with the arrow keys.
  await page.click('label[for="evaluate-prediction"]');
  assert.equal(await page.evaluate(() => document.activeElement?.id), "evaluate-prediction");
  await page.selectOption('[data-testid="evaluate-prediction"]', "model_guess");
  await page.fill('[data-testid="evaluate-positive"]', "bird");
  assert.ok(!(await page.isDisabled('[data-testid="run"]')));
  await page.click('[data-testid="run"]');
  assert.equal(await waitForState(page, ["done", "error"]), "done", await text(page, "status"));

  const doc = await latestResult(page);
  assert.equal(doc.recipe, "evaluate");
  assert.equal(doc.metrics.engine, "wasm");
  assert.deepEqual(doc.parameters, want.parameters);
  assert.deepEqual(doc.results, want.results);
  assert.deepEqual(doc.inputs, want.inputs);
  assert.equal(doc.rejectedTotal, want.rejectedTotal);

  await assertScreen(page, want);
  assert.match(await text(page, "binary-evaluate"), new RegExp(`TP${count(r.binary.tp)}FP${count(r.binary.fp)}FN${count(r.binary.fn)}TN${count(r.binary.tn)}`));

  // The report as CSV: one row per class, then accuracy, macro and weighted averages, unformatted.
  const csv = await downloaded(page, "download-report-csv");
  assert.equal(csv.name, "dropsight-evaluate-run2-report.csv");
  const lines = csv.text.split("\r\n").filter(Boolean);
  assert.deepEqual(lines[0], "class,precision,recall,f1,support");
  assert.deepEqual(lines.slice(1), [
    ...r.classes.map((c) => `${c.label},${c.precision},${c.recall},${c.f1},${c.support}`),
    `accuracy,,,${r.accuracy},${r.macro.support}`,
    `macro avg,${r.macro.precision},${r.macro.recall},${r.macro.f1},${r.macro.support}`,
    `weighted avg,${r.weighted.precision},${r.weighted.recall},${r.weighted.f1},${r.weighted.support}`,
  ]);
  const matrix = await downloaded(page, "download-confusion-csv");
  assert.equal(matrix.text.split("\r\n")[1], `bird,${r.confusion.matrix[0].join(",")}`);

  // Another tab shows the stored run's results with no file, and its settings with them.
  const later = await openApp(context, app.url);
  await later.locator('[data-testid="stored-notice"]').waitFor();
  await later.click('[data-testid="stored-show"]');
  assert.equal(await waitForState(later, ["done", "error"]), "done", await text(later, "status"));
  assert.deepEqual((await latestResult(later)).results, want.results);
  assert.equal(await later.inputValue('[data-testid="recipe"]'), "evaluate");
  assert.equal(await later.inputValue('[data-testid="evaluate-label"]'), "actual");
  assert.equal(await later.inputValue('[data-testid="evaluate-prediction"]'), "model_guess");
  assert.equal(await later.inputValue('[data-testid="evaluate-positive"]'), "bird");
  assert.deepEqual(later.errors, []);
  await later.close();

  assert.deepEqual(page.errors, []);
  await context.close();
});

test("an NDJSON file with y_true and y_pred gets Evaluate proposed and run by itself; 1 and 1.0 are one class", async () => {
  const want = native("--label", "y_true", "--prediction", "y_pred", ndjsonPath);
  const r = want.results;
  assert.deepEqual(r.confusion.labels, ["0", "1", "2"]);
  assert.ok(r.skipped.noLabel > 0 && r.skipped.noPrediction > 0, JSON.stringify(r.skipped));

  const page = await openApp(app.browser, app.url);
  await page.setInputFiles('[data-testid="file-input"]', [ndjsonPath]);
  assert.equal(await waitForState(page, ["done", "error"]), "done", await text(page, "status"));
  assert.equal(await page.inputValue('[data-testid="recipe"]'), "evaluate");
  assert.match(await text(page, "proposal"), /Evaluate predictions proposed/);
  assert.equal(await page.inputValue('[data-testid="evaluate-label"]'), "y_true");
  assert.equal(await page.inputValue('[data-testid="evaluate-prediction"]'), "y_pred");

  const doc = await latestResult(page);
  assert.equal(doc.recipe, "evaluate");
  assert.deepEqual(doc.parameters, want.parameters);
  assert.deepEqual(doc.results, want.results);
  assert.equal(doc.results.binary, undefined);
  await assertScreen(page, want);
  assert.equal(await page.locator('[data-testid="binary-evaluate"]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test("more than 50 classes stops with the message, on the page as natively", async () => {
  const path = join(dir, "ids.csv");
  const lines = ["truth,prediction"];
  for (let i = 0; i < 60; i++) lines.push(`id${i},id${i}`);
  writeFileSync(path, lines.join("\n") + "\n");
  let message = "";
  try {
    dropsight("analyze", "evaluate", "--label", "truth", "--prediction", "prediction", path);
  } catch (err) {
    message = String(err.stderr);
  }
  assert.match(message, /at most 50 classes/);

  const page = await openApp(app.browser, app.url);
  await page.setInputFiles('[data-testid="file-input"]', [path]);
  assert.equal(await waitForState(page, ["done", "error"]), "done", await text(page, "status"));
  assert.equal(await page.inputValue('[data-testid="recipe"]'), "evaluate");
  const doc = await latestResult(page);
  assert.match(doc.results.error, /at most 50 classes/);
  assert.ok(message.includes(doc.results.error), `${message} vs ${doc.results.error}`);
  assert.equal(await text(page, "evaluate-error"), doc.results.error);
  assert.deepEqual(page.errors, []);
  await page.close();
});
