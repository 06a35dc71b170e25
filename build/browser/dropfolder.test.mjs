// Browser tests of dropping a folder on the drop zone (not the folder picker):
// the drop is Chromium's own, made through CDP Input.dispatchDragEvent with the
// folder's path, so the page gets real entries and handles. The page lists the
// folder through its handle (DataTransferItem.getAsFileSystemHandle) and falls
// back to the entries (webkitGetAsEntry) where there is no handle; both must
// give the native command's answers, nested folders and skipped files included.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cache, dropsight, generatedDir, latestResult, openApp, start, waitForState } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

const native = (dir) => JSON.parse(dropsight("analyze", "sentiment", "--json", dir));
const text = async (page, testid) => (await page.textContent(`[data-testid="${testid}"]`)).trim();

const TWEETS = 2000;
const folder = generatedDir("sentiment-2000-files", ["tweet_000001.json", `tweet_00${TWEETS}.json`],
  "sentiment", "--tweets", String(TWEETS), "--files", "--seed", "1");

/** Drops the folder at path on the page's drop zone, as a user's drag from the file manager. */
async function dropFolder(page, path) {
  const box = await page.locator("#dropzone").boundingBox();
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const cdp = await page.context().newCDPSession(page);
  const data = { items: [], files: [path], dragOperationsMask: 1 };
  for (const type of ["dragEnter", "dragOver", "drop"]) await cdp.send("Input.dispatchDragEvent", { type, ...at, data });
  await cdp.detach();
}

/** The answers, without the stage times (engine time, they vary). */
const answers = (doc) => ({ ...doc.results, exploration: { ...doc.results.exploration, stages: null } });

/** A page that has no getAsFileSystemHandle, as in browsers without the File System Access API. */
async function withoutHandles(page) {
  await page.addInitScript(() => { delete DataTransferItem.prototype.getAsFileSystemHandle; });
  await page.reload();
  await page.waitForSelector('[data-testid="file-input"]', { state: "attached" });
}

for (const way of ["handles", "entries"]) {
  test(`a dropped folder of ${TWEETS} one-tweet files, listed through its ${way}, gives the native answers`, async () => {
    const want = native(folder);
    const page = await openApp(app.browser, app.url);
    if (way === "entries") await withoutHandles(page);
    assert.equal(await page.evaluate(() => typeof DataTransferItem.prototype.getAsFileSystemHandle), way === "handles" ? "function" : "undefined");
    await dropFolder(page, folder);
    assert.equal(await waitForState(page, ["done", "error"]), "done", await text(page, "status"));
    assert.equal(await text(page, "files-0"), `${TWEETS.toLocaleString("en-US")} files`);
    const doc = await latestResult(page);
    assert.equal(doc.inputs.length, 1);
    assert.equal(doc.inputs[0].files, TWEETS);
    assert.equal(doc.inputs[0].records, TWEETS);
    assert.deepEqual(answers(doc), answers(want));
    assert.deepEqual(page.errors, []);
    await page.close();
  });
}

test("a dropped folder with subfolders takes their data files in path order and lists the rest as skipped", async () => {
  // 300 of the tweets in two subfolders (the first 150 in a/, the others in b/c/),
  // and files that are not data, one of them hidden.
  const dir = join(cache, "drop-nested");
  rmSync(dir, { recursive: true, force: true });
  const names = readdirSync(folder).sort().slice(0, 300);
  for (const [i, name] of names.entries()) {
    const sub = join(dir, i < 150 ? "a" : join("b", "c"));
    mkdirSync(sub, { recursive: true });
    copyFileSync(join(folder, name), join(sub, name));
  }
  writeFileSync(join(dir, "a", "notes.md"), "not data\n");
  writeFileSync(join(dir, ".hidden.json"), "{}\n");
  const want = native(dir);
  for (const way of ["handles", "entries"]) {
    const page = await openApp(app.browser, app.url);
    if (way === "entries") await withoutHandles(page);
    await dropFolder(page, dir);
    assert.equal(await waitForState(page, ["done", "error"]), "done", `${way}: ${await text(page, "status")}`);
    const doc = await latestResult(page);
    assert.equal(doc.inputs[0].files, 300, way);
    assert.deepEqual(answers(doc), answers(want), way);
    assert.match(await text(page, "skipped-files"), /^2 files in the folder skipped/, way);
    const skipped = await page.locator('[data-testid="skipped-files"] li').allTextContents();
    assert.deepEqual(skipped, ["drop-nested/.hidden.json", "drop-nested/a/notes.md"], way);
    await page.close();
  }
});
