// Browser tests of the tweet insights recipe: what a person does (drop a
// file, wait, read the screen), checked against the native command.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cache, dropsight, generated, latestResult, openApp, start, tableRows, waitForState } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

const native = (path) => JSON.parse(dropsight("analyze", "tweets", "--json", path));

for (const name of ["tweets-20mb.jsonl", "tweets-20mb.jsonl.gz"]) {
  test(`dropping ${name} shows the native command's answers`, async () => {
    const path = generated(name, "tweets", "--bytes", "20MB", "--seed", "2");
    const want = native(path);
    const page = await openApp(app.browser, app.url);
    const progress = [];
    await page.exposeFunction("recordProgress", (v) => progress.push(v));
    await page.evaluate(() => {
      const bar = document.querySelector('[data-testid="progress"]');
      new MutationObserver(() => window.recordProgress(Number(bar.value))).observe(bar, { attributes: true });
    });
    await page.setInputFiles('[data-testid="file-input"]', path);
    assert.equal(await waitForState(page, ["done", "error"]), "done");

    const doc = await latestResult(page);
    assert.deepEqual(doc.results, want.results);
    assert.deepEqual(doc.inputs.map((i) => [i.records, i.rejected]), want.inputs.map((i) => [i.records, i.rejected]));
    assert.equal(doc.metrics.engine, "wasm");
    assert.ok(progress.some((v) => v > 0), "the progress bar moved");

    // The screen shows the same answers as the document.
    const days = await tableRows(page, "top-dates-table");
    assert.equal(days.length, want.results.topDates.length);
    for (const [i, d] of want.results.topDates.entries()) {
      assert.ok(days[i].join(" ").includes(d.date) && days[i].join(" ").includes(d.topUser), `day row ${i}: ${days[i]}`);
    }
    const emojis = await tableRows(page, "top-emojis-table");
    assert.ok(emojis[0].join(" ").includes(want.results.topEmojis[0].emoji));
    const mentions = await tableRows(page, "top-mentions-table");
    assert.ok(mentions[0].join(" ").includes(want.results.topMentions[0].username));
    assert.ok(await page.locator("svg").count() >= 4, "charts are drawn");
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test("a malformed line is a reject with its line number, and the good records count", async () => {
  const good = dropsight("gen", "tweets", "--lines", "50", "--seed", "3", "-o", join(cache, "tmp-50.jsonl"));
  void good;
  const { readFileSync } = await import("node:fs");
  const lines = readFileSync(join(cache, "tmp-50.jsonl"), "utf8").trimEnd().split("\n");
  lines.splice(9, 0, '{"date": "2021-02-13T00:00:00+00:00", "content": "cut off');
  lines.splice(20, 0, "");
  const path = join(cache, "malformed.jsonl");
  writeFileSync(path, lines.join("\n") + "\n");

  const page = await openApp(app.browser, app.url);
  await page.setInputFiles('[data-testid="file-input"]', path);
  assert.equal(await waitForState(page, ["done", "error"]), "done");
  const doc = await latestResult(page);
  assert.equal(doc.inputs[0].records, 50);
  assert.equal(doc.rejectedTotal, 1);
  assert.equal(doc.rejects[0].line, 10);
  assert.equal((await page.textContent('[data-testid="rejects-count"]')).match(/\d+/)[0], "1");
  const rows = await tableRows(page, "rejects-table");
  assert.ok(rows[0].includes("10"), `reject row shows line 10: ${rows[0]}`);
  await page.close();
});

test("Cancel stops a run and leaves the page usable", async () => {
  const path = generated("tweets-200mb.jsonl", "tweets", "--bytes", "200MB", "--seed", "4");
  const page = await openApp(app.browser, app.url);
  await page.setInputFiles('[data-testid="file-input"]', path);
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]').value) > 0);
  await page.click('[data-testid="cancel"]');
  assert.equal(await waitForState(page, ["cancelled", "done", "error"]), "cancelled");
  assert.equal(await page.evaluate(() => window.dropsight.results.length), 0);

  // A new run works after the cancel.
  const small = generated("tweets-2mb.jsonl", "tweets", "--bytes", "2MB", "--seed", "5");
  await page.setInputFiles('[data-testid="file-input"]', small);
  assert.equal(await waitForState(page, ["done", "error"]), "done");
  assert.deepEqual((await latestResult(page)).results, native(small).results);
  await page.close();
});
