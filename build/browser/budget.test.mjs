// Browser test of the memory budget (core/budget): with the page's "Memory per
// worker" setting lowered, an engagement run whose events outgrow it stops with a
// message that names the limit and what to do, in a range's worker and then in the
// merge; the same page then runs with the default and gets the native answers.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { dropsight, generated, generatedDir, latestResult, openApp, start, waitForState } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

const dir = generatedDir("activity-200k", ["interactions.csv", "metadata.csv"], "activity", "--rows", "200000", "--seed", "1");
const log = join(dir, "interactions.csv");

const text = async (page, testid) => (await page.textContent(`[data-testid="${testid}"]`)).trim();

/** Sets the Memory per worker setting (MiB) and runs the dropped files again. */
async function runWith(page, mib) {
  await page.fill('[data-testid="memory"]', String(mib));
  await page.click('[data-testid="run"]');
  return waitForState(page, ["done", "error"]);
}

test("a state over the memory limit stops the run with the limit's message; the page then runs normally", async () => {
  const want = JSON.parse(dropsight("analyze", "engagement", "--json", log));
  // 2 workers: the 11 MB log is cut into 4 ranges of ~50,000 events each.
  const page = await openApp(app.browser, app.url, { workers: 2 });
  await page.fill('[data-testid="memory"]', "1");
  await page.setInputFiles('[data-testid="file-input"]', log);

  // 1 MiB: a range's events (about 48 bytes each) do not fit in its worker.
  assert.equal(await waitForState(page, ["done", "error"]), "error");
  const inRange = await text(page, "error");
  assert.match(inRange, /^interactions\.csv: memory budget exceeded: the engagement events need more than the limit of 1 MiB per recipe state\. /);
  assert.match(inRange, /filter the logs to fewer days or users/);
  assert.match(inRange, /Memory per worker setting/);
  assert.match(await text(page, "status"), /the run stopped/);
  assert.equal(await page.evaluate(() => window.dropsight.results.length), 0);

  // 4 MiB: each range fits, all 200,000 events together (about 9 MB) do not: the
  // merge stops before taking a range's events.
  assert.equal(await runWith(page, 4), "error");
  assert.match(await text(page, "error"), /^merge: merging interactions\.csv \(range \d\): memory budget exceeded: the engagement events need more than the limit of 4 MiB per recipe state \(at least [\d.]+ MiB\)\. /);

  // The default (1 GiB): the same page and workers give the native command's answers.
  assert.equal(await page.inputValue('[data-testid="memory"]'), "4");
  assert.equal(await runWith(page, 1024), "done", await text(page, "error"));
  const doc = await latestResult(page);
  assert.equal(doc.results.events, 200000);
  assert.deepEqual(doc.results.sessions, want.results.sessions);
  assert.deepEqual(doc.results.mau, want.results.mau);
  assert.equal(await page.isHidden('[data-testid="error"]'), true);
  assert.deepEqual(page.errors, []);
});

test("an empty or zero Memory per worker is shown as a problem, not replaced by the default", async () => {
  const path = generated("tweets-2mb.jsonl", "tweets", "--bytes", "2MB", "--seed", "5");
  const page = await openApp(app.browser, app.url);
  const memory = page.locator('[data-testid="memory"]');
  const problem = page.locator('[data-testid="memory-problem"]');
  for (const value of ["0", ""]) {
    await memory.fill(value);
    assert.match(await problem.textContent(), /^Memory per worker takes a whole number of MiB from 1 to 3072\.$/, `for "${value}"`);
    assert.equal(await memory.getAttribute("aria-invalid"), "true");
  }
  // A dropped file does not start a run with the field as it is.
  await page.setInputFiles('[data-testid="file-input"]', path);
  await page.waitForFunction(() => document.querySelector('[data-testid="status"]').textContent.includes("Memory per worker"));
  assert.equal(await page.evaluate(() => window.dropsight.runs.length), 0);
  assert.equal(await page.isDisabled('[data-testid="run"]'), true);

  await memory.fill("64");
  assert.equal(await problem.isHidden(), true);
  assert.equal(await memory.getAttribute("aria-invalid"), null);
  await page.click('[data-testid="run"]');
  assert.equal(await waitForState(page, ["done", "error"]), "done");
  assert.deepEqual(page.errors, []);
  await page.close();
});
