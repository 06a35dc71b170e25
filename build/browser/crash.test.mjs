// Browser test of crashed workers: a worker whose Go program dies mid-run (a panic
// outside any guard, as a bug or Go's fatal "out of memory" would end it), or whose
// script throws an uncaught error, fails the run with a message naming the worker
// and the file and range it was reading, instead of hanging; the pool replaces it
// and the next run, on the full pool, gives the native command's answers.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { dropsight, generated, latestResult, openApp, start, waitForState } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

const text = async (page, testid) => (await page.textContent(`[data-testid="${testid}"]`)).trim();

/** Waits until the run is under way on every worker, then makes worker `index` die. */
async function crashMidRun(page, index, how) {
  await page.waitForFunction(() => document.body.dataset.state === "running" && window.dropsight.debug.readyWorkers() === 2
    && document.querySelector('[data-testid="progress"]').value > 0.05);
  assert.equal(await page.evaluate(([i, h]) => window.dropsight.debug.crashWorker(i, h), [index, how]), true);
  assert.equal(await waitForState(page, ["done", "error"], 30_000), "error", "the run reports the crash instead of hanging");
  return text(page, "error");
}

/** Runs the dropped file again and checks the answers and the pool. */
async function runAgain(page, want) {
  await page.click('[data-testid="run"]');
  assert.equal(await waitForState(page, ["done", "error"]), "done", await text(page, "error"));
  const doc = await latestResult(page);
  assert.equal(doc.metrics.workers, 2);
  assert.equal(doc.metrics.records, want.metrics.records);
  assert.deepEqual(doc.results, want.results);
  assert.equal(await page.evaluate(() => window.dropsight.debug.readyWorkers()), 2);
}

test("a worker that dies mid-run fails the run with its file and range; it is replaced and the next run works", async () => {
  const path = generated("tweets-200mb.jsonl", "tweets", "--bytes", "200MB", "--seed", "4");
  const want = JSON.parse(dropsight("analyze", "tweets", "--json", path));
  const page = await openApp(app.browser, app.url, { workers: 2 });
  await page.setInputFiles('[data-testid="file-input"]', path);

  // The Go program panics and exits.
  const engine = await crashMidRun(page, 0, "engine");
  assert.match(engine, /^Worker 1 stopped while reading tweets-200mb\.jsonl \(range \d+\): the engine stopped \(panic: crash requested by the page \(test hook\)\)$/);
  await runAgain(page, want);

  // The worker script throws an uncaught error.
  await page.click('[data-testid="run"]');
  const script = await crashMidRun(page, 1, "script");
  assert.match(script, /^Worker 2 stopped while reading tweets-200mb\.jsonl \(range \d+\): .*crash requested by the page \(test hook\)$/);
  await runAgain(page, want);
  assert.deepEqual(page.errors, []);
});
