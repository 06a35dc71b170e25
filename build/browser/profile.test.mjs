// Browser tests of the profile recipe: pick Profile for a generated interaction
// log, check the page's document against the native command's, and that the
// per-column cards, charts, sample and downloads are there; a table no other
// recipe fits gets Profile proposed and run by itself.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cache, dropsight, generatedDir, latestResult, openApp, start, tableRows, waitForState } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

const dir = generatedDir("activity-50k-seed3", ["interactions.csv", "metadata.csv"], "activity", "--rows", "50000", "--seed", "3");
const log = join(dir, "interactions.csv");

const native = (...args) => JSON.parse(dropsight("analyze", "profile", "--json", ...args));
const count = (n) => Math.round(n).toLocaleString("en-US");
const text = async (page, testid) => (await page.textContent(`[data-testid="${testid}"]`)).trim();

async function downloaded(page, testid) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click(`[data-testid="${testid}"]`)]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), text: readFileSync(path, "utf8") };
}

test("Profile picked for an interaction log gives the native profile, cards, charts, sample and downloads", async () => {
  const want = native(log);
  const page = await openApp(app.browser, app.url);

  // The log is proposed as engagement and runs by itself; then pick Profile.
  await page.setInputFiles('[data-testid="file-input"]', [log]);
  assert.equal(await waitForState(page, ["done", "error"]), "done", await text(page, "status"));
  assert.equal(await page.inputValue('[data-testid="recipe"]'), "engagement");
  const options = await page.$$eval('[data-testid="recipe"] option', (os) => os.map((o) => o.value));
  assert.ok(options.includes("profile"), JSON.stringify(options));
  await page.selectOption('[data-testid="recipe"]', "profile");
  assert.equal(await text(page, "run"), "Run profile");
  await page.click('[data-testid="run"]');
  assert.equal(await waitForState(page, ["done", "error"]), "done", await text(page, "status"));
  const doc = await latestResult(page);

  assert.equal(doc.recipe, "profile");
  assert.equal(doc.metrics.engine, "wasm");
  assert.deepEqual(doc.parameters, want.parameters);
  for (let i = 0; i < want.results.columns.length; i++) {
    assert.deepEqual(doc.results.columns[i], want.results.columns[i], `column ${want.results.columns[i].name}`);
  }
  assert.deepEqual(doc.results, want.results);
  assert.deepEqual(doc.inputs, want.inputs);
  assert.equal(doc.rejectedTotal, want.rejectedTotal);

  // Rows and one card per column, each with its type, distinct count and top values.
  const r = want.results;
  assert.equal(await text(page, "profile-rows"), count(r.rows));
  assert.equal(await text(page, "profile-columns"), count(r.columns.length));
  const cards = await page.$$eval('[data-testid="profile-cards"] .profile-card', (cs) => cs.map((c) => c.dataset.column));
  assert.deepEqual(cards, r.columns.map((c) => c.name));
  for (const [i, c] of r.columns.entries()) {
    assert.equal(await text(page, `profile-type-${i}`), c.type);
    const distinct = await text(page, `profile-distinct-${i}`);
    if (c.distinct.exact) assert.equal(distinct, `${count(c.distinct.count)} exact`);
    else assert.match(distinct, new RegExp(`^≈ ${count(c.distinct.count)} ±0\\.81%$`));
    if (c.top.values.length) {
      const top = await page.$$eval(`[data-testid="profile-top-${i}"] li`, (lis) => lis.map((li) => li.textContent));
      assert.equal(top.length, c.top.values.length, c.name);
      assert.equal(top[0], `${c.top.values[0].value}${count(c.top.values[0].count)}`);
    }
  }
  // A small chart per card that has a histogram: numbers, dates or lengths.
  const charts = await page.$$eval('[data-testid="profile-cards"] .profile-card', (cs) =>
    cs.map((c) => [c.dataset.column, c.querySelector(".chart")?.className ?? "", c.querySelectorAll(".chart svg").length]));
  const byName = Object.fromEntries(charts.map(([n, cls, svgs]) => [n, { cls, svgs }]));
  assert.match(byName.duration_ms.cls, /chart-profile-numbers/);
  assert.match(byName.timestamp.cls, /chart-profile-dates/);
  assert.match(byName.user_id.cls, /chart-profile-lengths/);
  for (const [name, c] of Object.entries(byName)) assert.ok(c.svgs >= 1, `chart of ${name} drawn: ${JSON.stringify(charts)}`);

  // The sample rows.
  const sample = await tableRows(page, "profile-sample");
  assert.equal(sample.length, r.sample.rows.length);
  assert.deepEqual(sample[0], r.sample.columns.map((c) => String(r.sample.rows[0][c])));

  // Downloads: the document, and the per-column summary as CSV.
  const json = await downloaded(page, "download-json");
  assert.equal(json.name, `dropsight-profile-run2.json`);
  const saved = JSON.parse(json.text);
  assert.deepEqual(saved.results, want.results);
  // It is the page's copy: with the run profile's render stage, added after drawing.
  assert.equal(typeof saved.metrics.stages.renderMs, "number");
  assert.deepEqual(saved.metrics.stages, (await latestResult(page)).metrics.stages);
  const csv = await downloaded(page, "download-profile-csv");
  assert.equal(csv.name, "dropsight-profile-run2-columns.csv");
  const lines = csv.text.split("\r\n").filter(Boolean);
  assert.match(lines[0], /^column,type,present,missing,nulls,empties,distinct,distinct_exact/);
  assert.equal(lines.length, 1 + r.columns.length);
  const action = r.columns.find((c) => c.name === "action_type");
  assert.ok(lines.some((l) => l.startsWith(`action_type,${action.type},${action.present},`)), lines.join("\n"));

  assert.deepEqual(page.errors, []);
  await page.close();
});

test("a table no other recipe fits gets Profile proposed and run by itself", async () => {
  const d = join(cache, "profile-small");
  mkdirSync(d, { recursive: true });
  const file = join(d, "prices.csv");
  const rows = ["sku;price;in_stock;note"];
  for (let i = 0; i < 300; i++) rows.push(`A${String(i % 40).padStart(3, "0")};${(i * 1.25).toFixed(2)};${i % 3 === 0};${i % 7 === 0 ? "" : `"note ${i % 11}"`}`);
  writeFileSync(file, rows.join("\n") + "\n");
  const want = native(file);

  const page = await openApp(app.browser, app.url);
  await page.setInputFiles('[data-testid="file-input"]', [file]);
  assert.equal(await waitForState(page, ["done", "error"]), "done", await text(page, "status"));
  assert.equal(await page.inputValue('[data-testid="recipe"]'), "profile");
  assert.match(await text(page, "proposal"), /Profile proposed/);
  const doc = await latestResult(page);
  assert.equal(doc.recipe, "profile");
  assert.deepEqual(doc.results, want.results);
  assert.equal(await page.locator('[data-testid="profile-cards"] .profile-card').count(), want.results.columns.length);
  assert.deepEqual(page.errors, []);
  await page.close();
});
