// Browser test of consolidation: drop the generated folder in the assessment's
// layout, check the plan, consolidate to downloads, and compare every output
// (decompressed) with the native command's, and the verification.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { cache, dropsight, openApp, start, tableRows } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

test("a dropped folder shows the combine plan, and Consolidate writes the native outputs, verified", async () => {
  const dir = join(cache, "combine-folder");
  if (!existsSync(join(dir, "raw_data"))) dropsight("gen", "folder", "-o", dir);
  const raw = join(dir, "raw_data");
  const out = join(cache, "combine-native");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const want = JSON.parse(dropsight("combine", "--json", "--out", out, raw));
  const outputs = want.results.outputs;
  assert.ok(outputs.length >= 2);

  const page = await openApp(app.browser, app.url);
  await page.setInputFiles('[data-testid="folder-input"]', raw);
  await page.waitForFunction(() => ["planned", "error"].includes(document.querySelector('[data-testid="combine"]')?.dataset.state), null, { timeout: 60_000 });
  assert.equal(await page.getAttribute('[data-testid="combine"]', "data-state"), "planned", await page.textContent('[data-testid="combine"]'));
  const planned = await page.$$eval('[data-testid="combine-output"]', (s) => s.map((x) => x.dataset.output));
  assert.deepEqual(planned, outputs.map((o) => o.file));

  const downloads = new Map();
  page.on("download", async (d) => downloads.set(d.suggestedFilename(), await d.path()));
  await page.selectOption('[data-testid="combine-save"]', "downloads");
  await page.click('[data-testid="combine-run"]');
  await page.waitForFunction(() => ["done", "error"].includes(document.querySelector('[data-testid="combine"]')?.dataset.state), null, { timeout: 120_000 });
  assert.equal(await page.getAttribute('[data-testid="combine"]', "data-state"), "done", await page.textContent('[data-testid="combine-status"]'));
  for (let i = 0; i < 50 && downloads.size < outputs.length; i++) await page.waitForTimeout(100);

  const summary = await tableRows(page, "combine-summary");
  assert.equal(summary.length, outputs.length);
  for (const [i, o] of outputs.entries()) {
    assert.equal(summary[i][0], o.file);
    assert.equal(summary[i][3], o.rowsOut.toLocaleString("en-US"));
    assert.match(summary[i][9], /^OK, /);
    const path = downloads.get(o.file);
    assert.ok(path, `downloaded ${o.file}: ${[...downloads.keys()]}`);
    const got = gunzipSync(readFileSync(path)).toString();
    const native = gunzipSync(readFileSync(join(out, o.file))).toString();
    assert.equal(got.split("\n").filter(Boolean).length, o.rowsOut, o.file);
    assert.equal(got, native, `${o.file} as the native command writes it`);
  }
  const outcome = await page.evaluate(() => window.dropsight.combine.at(-1));
  assert.deepEqual(outcome.map((x) => x.target.rowsOut), outputs.map((o) => o.rowsOut));
  // The combine worker's wasm memory, as the analysis workers report theirs: it
  // never shrinks, so it grows or stays from one output to the next.
  for (const [i, x] of outcome.entries()) {
    assert.ok(x.peakMemory >= 1024 * 1024 && x.peakMemory >= (outcome[i - 1]?.peakMemory ?? 0), `peak wasm memory ${outcome.map((o) => o.peakMemory)}`);
    assert.equal(summary[i][10], `${(x.peakMemory / 1024 / 1024).toFixed(1)} MiB`);
  }
  // A CSV column's type can be changed: the plan is made again with it.
  await page.locator('[data-testid="combine-output"] details summary').first().click();
  const select = page.locator('[data-testid="combine-type"]').first();
  const column = await select.getAttribute("data-column");
  const other = (await select.inputValue()) === "string" ? "integer" : "string";
  await select.selectOption(other);
  await page.waitForFunction((c) => {
    const s = document.querySelector(`[data-testid="combine-type"][data-column="${c}"]`);
    return document.querySelector('[data-testid="combine"]')?.dataset.state === "planned" && s;
  }, column);
  assert.equal(await page.inputValue(`[data-testid="combine-type"][data-column="${column}"]`), other);
  assert.deepEqual(page.errors, []);
  await page.close();
});
