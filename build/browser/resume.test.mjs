// Browser tests of checkpoints: a run whose tab closes is resumed in a new tab
// (IndexedDB outlives the page) reading only the ranges it lacked, a cancelled
// run resumes in place, and files added to a finished run are read alone; each
// time the document equals the native command's over the same files.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { dropsight, generated, generatedDir, latestResult, openApp, start, waitForState } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

const native = (...paths) => JSON.parse(dropsight("analyze", "tweets", "--json", ...paths));

/** What the checkpoint store holds, read straight from IndexedDB. */
function stored(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open("dropsight-checkpoints");
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(["runs", "tasks"], "readonly");
      const runs = tx.objectStore("runs").getAll();
      const keys = tx.objectStore("tasks").getAllKeys();
      tx.oncomplete = () => {
        db.close();
        resolve(runs.result
          .sort((a, b) => b.updatedAt - a.updatedAt)
          .map((r) => ({
            id: r.id, status: r.status, total: r.taskIds.length, tasksDone: r.tasksDone,
            stored: keys.result.filter((k) => k[0] === r.id).length,
            inputs: r.inputs.map((i) => i.identity.name),
          })));
      };
    };
  }));
}

/** Polls the store until the newest run has at least n tasks stored. */
async function waitForStored(page, n) {
  for (let i = 0; i < 600; i++) {
    const runs = await stored(page).catch(() => []);
    if (runs[0]?.stored >= n) return runs[0];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`fewer than ${n} tasks were stored`);
}

/** Polls the store until its runs pass check (a finished run is marked so just
 *  after its results are drawn, not before). */
async function waitForRuns(page, check, what) {
  for (let i = 0; i < 100; i++) {
    const runs = await stored(page).catch(() => []);
    if (check(runs)) return runs;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the store never held ${what}: ${JSON.stringify(await stored(page))}`);
}

function sameAnswers(doc, want) {
  assert.deepEqual(doc.results, want.results);
  assert.deepEqual(doc.inputs.map((i) => [i.name.split("/").pop(), i.records, i.rejected]), want.inputs.map((i) => [i.name.split("/").pop(), i.records, i.rejected]));
  assert.equal(doc.rejectedTotal, want.rejectedTotal);
}

test("a run whose tab closed resumes from its stored ranges, and takes added files", async () => {
  // 200 MB on one worker: 7 ranges of about 32 MB, a few seconds of work.
  const path = generated("tweets-200mb.jsonl", "tweets", "--bytes", "200MB", "--seed", "4");
  const extra = generated("tweets-2mb.jsonl", "tweets", "--bytes", "2MB", "--seed", "5");
  const context = await app.browser.newContext();
  try {
    const first = await openApp(context, app.url, { workers: 1 });
    await first.setInputFiles('[data-testid="file-input"]', path);
    const midway = await waitForStored(first, 2);
    assert.equal(midway.status, "running");
    assert.ok(midway.stored < midway.total, `the run was still going (${midway.stored} of ${midway.total})`);
    await first.close();

    // A new tab of the same browser: the store outlived the page.
    const page = await openApp(context, app.url);
    const notice = page.locator('[data-testid="resume-notice"]');
    await notice.waitFor();
    const before = (await stored(page))[0];
    assert.equal(before.status, "running");
    assert.ok(before.stored >= 2 && before.stored < before.total, `${before.stored} of ${before.total} stored`);
    const text = await notice.textContent();
    assert.match(text, new RegExp(`Tweet insights .* over tweets-200mb\\.jsonl stopped at ${before.stored} of ${before.total} ranges\\. Drop or pick the same files to resume\\.`));
    assert.match(await page.textContent('[data-testid="checkpoint"]'), /forgets files when a page closes/);
    // A screen reader hears the notice once, from the panel's status line, not the whole panel.
    assert.equal(await page.getAttribute('[data-testid="checkpoint"]', "aria-live"), null);
    assert.equal(await page.getAttribute('[data-testid="checkpoint-status"]', "role"), "status");
    assert.equal(await page.textContent('[data-testid="checkpoint-status"]'), text);
    // The notice's buttons take the keyboard.
    await page.focus('[data-testid="resume"]');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "resume");

    // Resume's files picked: focus follows the run to its status line, not to the page body.
    await page.setInputFiles('[data-testid="file-input"]', path);
    assert.equal(await waitForState(page, ["done", "error"]), "done");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "status");
    const timing = await page.evaluate(() => window.dropsight.runs.at(-1));
    assert.equal(timing.tasksTotal, before.total);
    assert.equal(timing.tasksRestored, before.stored, "the stored ranges were not read again");
    const doc = await latestResult(page);
    assert.equal(doc.metrics.tasks.length, before.total);
    sameAnswers(doc, native(path));
    const done = (await waitForRuns(page, (runs) => runs[0]?.status === "finished", "a finished run"))[0];
    assert.deepEqual([done.id, done.status, done.stored], [before.id, "finished", before.total]);
    assert.equal(await page.locator('[data-testid="resume-notice"]').count(), 0);
    assert.match(await page.textContent('[data-testid="stored-inputs"]'), /tweets-200mb\.jsonl.*resumed: only its missing ranges read in this run/);

    // Add a second file: only it is read, merged with the stored partials.
    await page.setInputFiles('[data-testid="append-input"]', extra);
    assert.equal(await waitForState(page, ["done", "error"]), "done");
    const appended = await page.evaluate(() => window.dropsight.runs.at(-1));
    assert.equal(appended.tasksTotal, before.total + 1);
    assert.equal(appended.tasksRestored, before.total);
    sameAnswers(await latestResult(page), native(path, extra));
    assert.match(await page.textContent('[data-testid="stored-inputs"]'), /tweets-200mb\.jsonl.*counted earlier.*tweets-2mb\.jsonl.*new: read in this run/s);
    await waitForRuns(page, (runs) => runs.length === 1 && runs[0].status === "finished", "only the extended run, finished");

    // The same file again is refused: it would count twice.
    const results = await page.evaluate(() => window.dropsight.results.length);
    await page.setInputFiles('[data-testid="append-input"]', extra);
    await page.waitForFunction(() => !document.querySelector('[data-testid="error"]').hidden);
    assert.match(await page.textContent('[data-testid="error"]'), /tweets-2mb\.jsonl: already counted in this run/);
    assert.equal(await page.evaluate(() => window.dropsight.results.length), results);
    assert.deepEqual(page.errors, []);
    await page.close();

    // Another tab later: the finished run is offered, and its results need no file.
    const later = await openApp(context, app.url);
    await later.locator('[data-testid="stored-notice"]').waitFor();
    const runs = await stored(later);
    assert.deepEqual(runs.map((r) => [r.status, r.inputs.length]), [["finished", 2]], "the run files were added to was replaced by the extended one");
    await later.click('[data-testid="stored-show"]');
    assert.equal(await waitForState(later, ["done", "error"]), "done");
    assert.equal((await later.evaluate(() => window.dropsight.runs.at(-1))).tasksRestored, before.total + 1);
    sameAnswers(await latestResult(later), native(path, extra));
    assert.deepEqual(later.errors, []);
    await later.close();
  } finally {
    await context.close();
  }
});

test("a cancelled run is offered for resuming in place, and Discard forgets it", async () => {
  const path = generated("tweets-200mb.jsonl", "tweets", "--bytes", "200MB", "--seed", "4");
  const context = await app.browser.newContext();
  try {
    const page = await openApp(context, app.url, { workers: 1 });
    await page.setInputFiles('[data-testid="file-input"]', path);
    await waitForStored(page, 1);
    await page.click('[data-testid="cancel"]');
    assert.equal(await waitForState(page, ["cancelled", "done", "error"]), "cancelled");
    const notice = page.locator('[data-testid="resume-notice"]');
    await notice.waitFor();
    const cancelled = (await stored(page))[0];
    assert.equal(cancelled.status, "running", "a cancelled run is never marked finished");
    assert.match(await notice.textContent(), new RegExp(`was cancelled at ${cancelled.stored} of ${cancelled.total} ranges`));

    // In the same page the files are at hand: Enter on Resume goes on at once.
    await page.focus('[data-testid="resume"]');
    await page.keyboard.press("Enter");
    assert.equal(await waitForState(page, ["done", "error"]), "done");
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "status", "focus followed the resumed run");
    const timing = await page.evaluate(() => window.dropsight.runs.at(-1));
    assert.equal(timing.tasksRestored, cancelled.stored);
    sameAnswers(await latestResult(page), native(path));

    // Cancel a new run, then discard it: its record and tasks are gone.
    await page.selectOption('[data-testid="workers"]', "1");
    await page.click('[data-testid="run"]');
    const second = await waitForStored(page, 1);
    await page.click('[data-testid="cancel"]');
    await notice.waitFor();
    await page.focus('[data-testid="discard"]');
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.querySelector('[data-testid="checkpoint"]').hidden);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "dropzone", "focus went back to the drop zone");
    assert.equal(await page.textContent('[data-testid="checkpoint-status"]'), "");
    assert.ok(!(await stored(page)).some((r) => r.id === second.id), "the discarded run is deleted");
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await context.close();
  }
});

test("a resumed sentiment run keeps the stored ranges' table rows and its processing time", async () => {
  // About 28 MB: two ranges on one worker.
  const path = generated("sentiment-resume-200k.jsonl", "sentiment", "--tweets", "200000", "--seed", "12");
  const want = JSON.parse(dropsight("analyze", "sentiment", "--json", path));
  const context = await app.browser.newContext();
  try {
    const page = await openApp(context, app.url, { workers: 1 });
    await page.setInputFiles('[data-testid="file-input"]', path);
    // Cancel from inside the page in the same turn as the store shows the first
    // range: a poll from the test and a click after it would leave the second
    // range time to finish first. (This context's store holds only this run.)
    await page.evaluate(() => new Promise((resolve, reject) => {
      const poll = () => {
        const open = indexedDB.open("dropsight-checkpoints");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains("tasks")) { db.close(); setTimeout(poll, 20); return; }
          const count = db.transaction("tasks").objectStore("tasks").count();
          count.onsuccess = () => {
            db.close();
            if (count.result < 1) { setTimeout(poll, 20); return; }
            document.querySelector('[data-testid="cancel"]').click();
            resolve();
          };
        };
      };
      poll();
    }));
    assert.equal(await waitForState(page, ["cancelled", "done", "error"]), "cancelled");
    await page.locator('[data-testid="resume-notice"]').waitFor();
    const cancelled = (await stored(page))[0];
    assert.ok(cancelled.stored >= 1 && cancelled.stored < cancelled.total, `the run was still going (${cancelled.stored} of ${cancelled.total})`);
    await page.click('[data-testid="resume"]');
    assert.equal(await waitForState(page, ["done", "error"]), "done");
    assert.equal((await page.evaluate(() => window.dropsight.runs.at(-1))).tasksRestored, cancelled.stored);

    const doc = await latestResult(page);
    const strip = (r) => ({ ...r, exploration: { ...r.exploration, stages: r.exploration.stages.map((s) => s.stage) } });
    assert.deepEqual(strip(doc.results), strip(want.results));
    // Bronze holds the rows of the stored range (kept with its partial) and of the
    // ranges read after the resume, all stamped with the run's one processing time.
    const [dl] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="download-bronze-ndjson"]')]);
    const lines = gunzipSync(readFileSync(await dl.path())).toString("utf8").trimEnd().split("\n");
    assert.equal(lines.length, want.results.tables.bronze);
    const stamps = new Set(lines.map((l) => JSON.parse(l).processing_time));
    assert.deepEqual([...stamps], [doc.parameters.processingTime]);
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await context.close();
  }
});

test("a folder run resumes when the same folder is picked again", async () => {
  // 20,000 one-tweet files: 4 batches of FOLDER_TASK_FILES (5,000) on one worker,
  // so the page closes with batches still to read.
  const folder = generatedDir("sentiment-20000-files", ["tweet_000001.json", "tweet_020000.json"],
    "sentiment", "--tweets", "20000", "--files", "--seed", "1");
  const want = JSON.parse(dropsight("analyze", "sentiment", "--json", folder));
  const context = await app.browser.newContext();
  try {
    const first = await openApp(context, app.url, { workers: 1 });
    await first.setInputFiles('[data-testid="folder-input"]', folder);
    const midway = await waitForStored(first, 1);
    assert.ok(midway.stored < midway.total, `the run was still going (${midway.stored} of ${midway.total})`);
    await first.close();

    const page = await openApp(context, app.url);
    await page.locator('[data-testid="resume-notice"]').waitFor();
    const before = (await stored(page))[0];
    assert.ok(before.stored >= midway.stored && before.stored < before.total, `${before.stored} of ${before.total} batches stored`);
    // A folder is matched by its files' paths, sizes and dates.
    await page.setInputFiles('[data-testid="folder-input"]', folder);
    assert.equal(await waitForState(page, ["done", "error"]), "done");
    const timing = await page.evaluate(() => window.dropsight.runs.at(-1));
    assert.deepEqual([timing.tasksTotal, timing.tasksRestored], [before.total, before.stored]);
    const doc = await latestResult(page);
    const strip = (r) => ({ ...r, exploration: { ...r.exploration, stages: r.exploration.stages.map((s) => s.stage) } });
    assert.deepEqual(strip(doc.results), strip(want.results));
    assert.deepEqual(doc.inputs.map((i) => [i.records, i.rejected]), want.inputs.map((i) => [i.records, i.rejected]));
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await context.close();
  }
});
