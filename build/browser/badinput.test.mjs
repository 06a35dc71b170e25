// The bad-input matrix in the page: one folder holding every case (made by
// `dropsight gen badinput`, the files core/engine/badinput_test.go reads) is
// dropped at once through the folder picker. The page must stay usable, say
// what is wrong with each bad file, count the same rejects as the native
// command, and put the original text in the rejects download.
//
// The folder holds 10,000 empty files, not the matrix's 100,000: picking
// 100,000 files through the folder input takes minutes of the browser's own
// time before the page sees them. The Go test runs the 100,000.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dropsight, generatedDir, latestResult, openApp, start, tableRows, waitForState } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

const EMPTY_FILES = 10000;
const NAME = "badinput-10000";
const folder = generatedDir(NAME, ["csv/mixed-line-endings.csv", `json/empty-files/${String(EMPTY_FILES - 1).padStart(6, "0")}.json`],
  "badinput", "--empty-files", String(EMPTY_FILES));
const text = async (page, testid) => (await page.textContent(`[data-testid="${testid}"]`)).trim();
const base = (name) => name.slice(name.lastIndexOf("/") + 1);

/** The native command's document, or its message when it refuses the input. */
function native(recipe, path) {
  try {
    return JSON.parse(dropsight("analyze", recipe, "--json", path));
  } catch (err) {
    return { error: String(err.stderr ?? err.message).trim() };
  }
}

/** Rejects as comparable strings: file (its name), line, reason, text. */
const keyOf = (r) => JSON.stringify([base(r.input), r.line, r.reason, r.text ?? ""]);

async function downloadRejects(page) {
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="download-rejects"]')]);
  return readFileSync(await dl.path(), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
}

async function run(page, recipe) {
  await page.selectOption('[data-testid="recipe"]', recipe);
  await page.click('[data-testid="run"]');
  assert.equal(await waitForState(page, ["done", "error"], 300_000), "done", await text(page, "status"));
  return latestResult(page);
}

test(`dropping the bad-input folder (every case, ${EMPTY_FILES.toLocaleString("en-US")} empty files) at once`, async () => {
  const page = await openApp(app.browser, app.url);
  const changing = join(folder, "json", "changing.jsonl");
  const original = readFileSync(changing);
  try {
    await page.setInputFiles('[data-testid="folder-input"]', folder);
    // Not every file is recognised, so the page waits for a choice.
    assert.equal(await waitForState(page, ["idle", "done", "error"], 300_000), "idle", await text(page, "status"));

    // Each CSV is a file of its own; the one that cannot be read says why, by name.
    const list = await text(page, "file-list");
    assert.match(list, new RegExp(`${NAME}/csv/empty\\.csv[^]*the file is empty`));
    assert.match(list, new RegExp(`${NAME}/csv/header-only\\.csv`));

    // A file that changes after it was picked: Chromium refuses to read it
    // (NotReadableError), and the page makes that a reject of that file.
    appendFileSync(changing, '{"date":"2021-03-01T00:00:00Z","user":"late","text":"appended"}\n');

    // Tweet insights over the JSON files: every count as the native command's,
    // but the changed file, which the native run read before it changed.
    const tweets = await run(page, "tweets");
    writeFileSync(changing, original);
    const want = native("tweets", join(folder, "json"));
    assert.ok(!want.error, want.error);
    const changed = tweets.rejects.filter((r) => base(r.input) === "changing.jsonl");
    assert.equal(changed.length, 1, JSON.stringify(changed));
    assert.equal(changed[0].reason,
      "cannot read the file (NotReadableError: the file changed on disk after it was picked, or can no longer be read; pick it again)");
    const sum = (doc, field) => doc.inputs.reduce((n, i) => n + i[field], 0);
    assert.equal(sum(tweets, "records"), sum(want, "records") - 1000);
    assert.equal(tweets.rejectedTotal, want.rejectedTotal + 1);
    // The listed rejects: every one but the empty files' (at most 100 of those
    // are listed, whichever the workers met first) is the native one.
    const listed = (doc) => doc.rejects.filter((r) => r.reason !== "empty file" && base(r.input) !== "changing.jsonl").map(keyOf).sort();
    assert.deepEqual(listed(tweets), listed(want));
    assert.equal(tweets.rejects.filter((r) => r.reason === "empty file").length, 100);
    for (const file of ["truncated.jsonl.gz", "garbage.jsonl.gz", "binary-dropped-by-mistake.json", "invalid-utf8.jsonl",
      "utf16-bom.jsonl", "long-line.jsonl", "deep-nesting.jsonl", "duplicate-keys.jsonl", "numbers-out-of-range.jsonl",
      "mixed-line-endings.jsonl", "nul-bytes.jsonl", "dates.jsonl"]) {
      // (empty.jsonl is one of the 10,001 "empty file" rejects: counted, listed if among the first 100)
      assert.ok(tweets.rejects.some((r) => base(r.input) === file), `${file} has a reject in the list`);
    }
    // On screen, and in the download with the original text.
    assert.equal(await text(page, "rejects-count"), tweets.rejectedTotal.toLocaleString("en-US"));
    const shown = (await tableRows(page, "rejects-table")).map((r) => r.join(" "));
    assert.ok(shown.some((r) => r.includes("dates.jsonl") && r.includes('unparsable date "yesterday"')), "the dates reject is shown");
    const downloaded = await downloadRejects(page);
    assert.deepEqual(downloaded.map(keyOf), tweets.rejects.map(keyOf));
    assert.ok(downloaded.some((r) => r.text === '{"date":"yesterday","user":"d","text":"words"}'));
    const long = downloaded.find((r) => base(r.input) === "long-line.jsonl");
    assert.equal(long.text.length, 1024, "a 50 MB line keeps its first 1,024 bytes");

    // Engagement over the CSV files: each file's counts as the native command's.
    const engagement = await run(page, "engagement");
    const rows = [];
    for (const input of engagement.inputs) {
      const n = native("engagement", join(folder, "csv", base(input.name)));
      assert.ok(!n.error, `${input.name}: ${n.error}`);
      assert.equal(input.records, n.inputs[0].records, `${input.name} records`);
      assert.equal(input.rejected, n.inputs[0].rejected, `${input.name} rejected`);
      rows.push(...n.rejects);
    }
    assert.deepEqual(engagement.inputs.map((i) => base(i.name)).sort(),
      ["dates.csv", "header-only.csv", "mixed-line-endings.csv", "numbers-out-of-range.csv", "ragged-columns.csv", "unbalanced-quotes.csv"]);
    assert.deepEqual(engagement.rejects.map(keyOf).sort(), rows.map(keyOf).sort());
    // The empty CSV is left out with the native command's message.
    assert.match(native("engagement", join(folder, "csv", "empty.csv")).error, /csv\/empty\.csv: the file is empty/);
    const csvRejects = await downloadRejects(page);
    assert.ok(csvRejects.some((r) => r.text === "u9,2021-02-11 10:00:00,click,p1,100,1.0,extra" && r.line === 4));

    // Still usable: the picker takes a new folder.
    assert.equal(await page.isEnabled('[data-testid="run"]'), true);
    assert.deepEqual(page.errors, []);
  } finally {
    writeFileSync(changing, original);
    await page.close();
  }
});
