// The run profile in the browser: a 2-worker tweets run shows one lane per
// worker with a bar per task, per-worker bytes that add up to the file's, the
// stage times, and the exported report and the downloaded JSON carry the same profile.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { cache, generated, latestResult, openApp, start, tableRows, waitForState } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

const count = (text) => Number(text.replace(/,/g, ""));

test("a 2-worker run shows its profile: lanes, bars, workers, stages, and the report holds it", async () => {
  // 20 MB: past the split threshold, so each worker gets several ranges.
  const path = generated("tweets-20mb.jsonl", "tweets", "--bytes", "20MB", "--seed", "2");
  const size = statSync(path).size;
  const page = await openApp(app.browser, app.url, { workers: 2 });
  await page.setInputFiles('[data-testid="file-input"]', path);
  assert.equal(await waitForState(page, ["done", "error"]), "done");

  const doc = await latestResult(page);
  const tasks = doc.metrics.tasks;
  assert.equal(doc.metrics.workers, 2);
  assert.ok(tasks.length >= 4, `at least two ranges per worker: ${tasks.length}`);
  assert.equal(tasks.reduce((n, t) => n + t.bytes, 0), size, "the tasks' bytes add up to the file's");

  // The latest run's profile is open: one lane per worker, one bar per task.
  const timeline = page.locator('[data-testid="run-timeline-1"]');
  await timeline.waitFor();
  assert.ok(await page.getAttribute('[data-testid="run-profile-1"]', "open") !== null, "the latest profile is open");
  const lanes = await timeline.locator(".rp-lane").evaluateAll((gs) => gs.map((g) => g.dataset.lane));
  assert.deepEqual(lanes, ["0", "1"]);
  const bars = await timeline.locator(".rp-bar:not(.rp-merge)").evaluateAll((gs) =>
    gs.map((g) => ({ worker: Number(g.dataset.worker), tasks: Number(g.dataset.tasks), title: g.querySelector("title").textContent })));
  assert.equal(bars.length, tasks.length, "a bar per task");
  for (const w of [0, 1]) {
    assert.equal(bars.filter((b) => b.worker === w).length, tasks.filter((t) => t.worker === w).length, `worker ${w + 1}'s bars`);
  }
  assert.match(bars[0].title, /tweets-20mb\.jsonl, range \d+ \([\d,]+ – [\d,end]+\) · worker \d · .* records · read \d+ ms · engine \d+ ms · peak wasm memory [\d.]+ MiB/);
  // The merge is a bar on the lane of the worker that merged.
  const merge = timeline.locator(".rp-merge");
  assert.equal(await merge.count(), 1);
  assert.equal(await merge.getAttribute("data-worker"), String(doc.metrics.merge.worker));
  assert.ok(doc.metrics.merge.endMs >= doc.metrics.merge.startMs);
  // The merge queues behind every task and begins on the first worker left
  // without one, while the other may still read; it ends after the last task.
  const mergeWorker = doc.metrics.merge.worker;
  assert.ok(doc.metrics.merge.startMs >= Math.max(...tasks.map((t) => t.startMs)) - 1, "the merge starts after every task has started");
  assert.ok(doc.metrics.merge.startMs >= Math.max(...tasks.filter((t) => t.worker === mergeWorker).map((t) => t.endMs)) - 1,
    "the merging worker's own tasks are done when it starts");
  assert.ok(doc.metrics.merge.endMs >= Math.max(...tasks.map((t) => t.endMs)) - 1, "the merge ends after the last task");

  // Bars are reachable from the keyboard, and focus lands on one.
  await timeline.locator(".rp-bar").first().focus();
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains("rp-bar")), true);
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains("rp-bar")), true);

  // Per worker: the bytes add up to the file's, the tasks to the run's.
  const workers = await tableRows(page, "run-workers-1");
  assert.equal(workers.length, 2);
  assert.equal(workers.reduce((n, r) => n + count(r[2]), 0), size);
  assert.equal(workers.reduce((n, r) => n + count(r[1]), 0), tasks.length);
  assert.equal(workers.reduce((n, r) => n + count(r[3]), 0), doc.metrics.records);
  for (const r of workers) assert.match(r[5], /^\d+%$/);

  // Stages: read, parse + aggregate and merge from the engine, render from the page.
  const st = doc.metrics.stages;
  for (const key of ["readMs", "parseAggregateMs", "mergeMs", "renderMs"]) {
    assert.equal(typeof st[key], "number", key);
    assert.ok(st[key] >= 0, `${key} = ${st[key]}`);
  }
  assert.ok(st.parseAggregateMs > 0);
  const sum = (k) => tasks.reduce((n, t) => n + t[k], 0);
  assert.ok(Math.abs(st.readMs - sum("readMs")) < 0.01 && Math.abs(st.parseAggregateMs - sum("engineMs")) < 0.01);
  const stages = await tableRows(page, "run-stages-table-1");
  assert.deepEqual(stages.map((r) => r[0]), ["read", "parse + aggregate", "merge", "render"]);
  assert.deepEqual(page.errors, []);

  // The exported report holds the same profile, static.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="export-report"]')]);
  const file = join(cache, "report-runprofile.html");
  await download.saveAs(file);
  const html = readFileSync(file, "utf8");
  const sectionAt = html.indexOf('data-testid="report-run-profile"');
  assert.ok(sectionAt >= 0 && html.includes("<h2>Run profile</h2>"), "the report has a run profile section");
  const section = html.slice(sectionAt);
  assert.equal(section.match(/class="rp-lane"/g).length, 2);
  assert.equal(section.match(/class="rp-bar"/g).length, tasks.length);
  assert.match(section, /data-testid="report-workers"/);
  assert.match(section, /parse \+ aggregate/);
  const embedded = JSON.parse(html.match(/<script type="application\/json" id="dropsight-result">([\s\S]*?)<\/script>/)[1]);
  assert.equal(embedded.metrics.stages.renderMs, st.renderMs);

  // So does the downloaded document: every stage, render (the page's) included.
  const [saved] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="download-json"]')]);
  assert.equal(saved.suggestedFilename(), "dropsight-tweets-run1.json");
  const downloaded = JSON.parse(readFileSync(await saved.path(), "utf8"));
  assert.deepEqual(downloaded.metrics.stages, st);
  assert.deepEqual(downloaded.results, doc.results);
  await page.close();
});
