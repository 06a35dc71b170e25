// Browser test of detection: one file of labelled records and a folder of the
// same records, one per file, are described alike (core/engine's one rule for
// both) and get the same recipe proposal.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openApp, start, waitForState } from "./harness.mjs";

let app;
let dir;
before(async () => {
  app = await start();
  dir = mkdtempSync(join(tmpdir(), "dropsight-sniff-"));
});
after(async () => {
  await app?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// Reviews with a label: labelled text the sentiment pipeline reads, but no
// tweet date or user, so the tweets recipe's detection alone finds nothing.
const reviews = [
  { body: "so good, I love it", label: "positive" },
  { body: "awful, broke in a day", label: "negative" },
  { body: "it is a chair", label: "neutral" },
];

async function dropAndDescribe(selector, path) {
  const page = await openApp(app.browser, app.url);
  await page.setInputFiles(selector, path);
  await waitForState(page, ["done", "error", "idle"]);
  await page.waitForSelector('[data-testid="file-0"] .shape');
  const shape = (await page.textContent('[data-testid="file-0"] .shape')).trim();
  const recipe = await page.inputValue('[data-testid="recipe"]');
  const proposal = (await page.textContent('[data-testid="proposal"]')).trim();
  assert.deepEqual(page.errors, []);
  await page.close();
  return { shape, recipe, proposal };
}

test("one labelled file and a folder of them: the same shape and the same proposal", async () => {
  const file = join(dir, "reviews.jsonl");
  writeFileSync(file, reviews.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const folder = join(dir, "reviews");
  mkdirSync(folder);
  reviews.forEach((r, i) => writeFileSync(join(folder, `review_${i}.json`), JSON.stringify(r, null, 2)));

  const one = await dropAndDescribe('[data-testid="file-input"]', file);
  assert.equal(one.shape, "NDJSON of labelled tweets {body, label}");
  const many = await dropAndDescribe('[data-testid="folder-input"]', folder);
  assert.equal(many.shape, `folder of ${reviews.length} JSON files of labelled tweets {body, label}`);
  for (const d of [one, many]) {
    assert.equal(d.recipe, "sentiment");
    assert.match(d.proposal, /Found labelled tweets .* in one input: Sentiment pipeline proposed\./);
  }
});
