// Reports in the browser: export the demo run as HTML and read it with
// JavaScript off; publish it to the real share service (`wrangler dev`, which
// also serves the app) and read the link; tweets carrying <script> and SVG
// payloads stay text in the page, the export and the link.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startWrangler } from "../share-dev.mjs";
import { cache, latestResult, launchChromium, openApp, root, tableRows, waitForState } from "./harness.mjs";

const CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
let dev;
let browser;

before(async () => {
  dev = await startWrangler();
  browser = await launchChromium();
}, { timeout: 120_000 });
after(async () => {
  await browser?.close();
  await dev?.close();
});

async function exportReport(page, name) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="export-report"]')]);
  const path = join(cache, name);
  await download.saveAs(path);
  return path;
}

async function publishReport(page) {
  await page.click('[data-testid="publish-report"]');
  await page.waitForSelector('[data-testid="publish-dialog"][open]');
  const text = await page.textContent('[data-testid="publish-dialog"]');
  assert.match(text, /What leaves this machine/);
  assert.match(text, /data files themselves are not uploaded/);
  await page.click('[data-testid="publish-confirm"]');
  await page.waitForSelector('[data-testid="published-link"]', { timeout: 30_000 });
  return page.getAttribute('[data-testid="published-link"]', "href");
}

/** Opens a report with scripts off; returns the page. */
async function openStatic(url) {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const res = await page.goto(url);
  page.response = res;
  return page;
}

function embedded(html) {
  const m = html.match(/<script type="application\/json" id="dropsight-result">([\s\S]*?)<\/script>/);
  assert.ok(m, "the result document is embedded");
  return JSON.parse(m[1]);
}

test("the demo run exports a report that reads with JavaScript off, and publishes to a sandboxed link", async () => {
  const page = await openApp(browser, dev.url + "/");
  page.on("dialog", (d) => d.accept());
  await page.click('[data-testid="demo"]');
  assert.equal(await waitForState(page, ["done", "error"]), "done");
  const doc = await latestResult(page);

  const path = await exportReport(page, "report-demo.html");
  const html = readFileSync(path, "utf8");
  assert.deepEqual(embedded(html), doc);
  const sha = createHash("sha256").update(readFileSync(join(root, "web/public/demo/tweets-demo.jsonl"))).digest("hex");
  assert.ok(html.includes(sha), "the input's SHA-256 is listed");

  const report = await openStatic(pathToFileURL(path).href);
  assert.ok((await report.locator("figure svg").count()) >= 4, "charts are inline SVG");
  const text = await report.textContent("body");
  const top = doc.results.topDates[0];
  assert.ok(text.includes(top.date) && text.includes(top.topUser) && text.includes(top.tweets.toLocaleString("en-US")), "top day is there");
  assert.ok(text.includes(doc.results.topMentions[0].username));
  assert.equal(await report.locator("script:not([type='application/json'])").count(), 0);
  await report.context().close();

  const link = await publishReport(page);
  assert.match(link, new RegExp(`^${dev.url}/r/[A-Za-z0-9_-]{22}$`));
  const res = await fetch(link);
  assert.equal(res.status, 200);
  assert.ok(res.headers.get("content-security-policy").startsWith(CSP));
  assert.equal(res.headers.get("x-content-type-options"), "nosniff");
  assert.equal(res.headers.get("referrer-policy"), "no-referrer");
  assert.deepEqual(embedded(await res.text()), doc, "the link serves the same result document");

  const shared = await openStatic(link);
  assert.equal(shared.response.status(), 200);
  assert.ok((await shared.locator("figure svg").count()) >= 4, "charts render under the CSP");
  assert.ok((await shared.textContent("body")).includes(top.date));
  await shared.context().close();

  // Listed under "My published reports"; deleting it there makes the link a 404.
  assert.equal(await page.getAttribute('[data-testid="my-report-link"]', "href"), link);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("dropsight.publishedReports")));
  assert.equal(stored[0].url, link);
  assert.match(stored[0].deleteToken, /^[A-Za-z0-9_-]{43}$/);
  await page.click('[data-testid="delete-published"]');
  await page.waitForFunction(() => !document.querySelector('[data-testid="my-report-link"]'));
  assert.equal((await fetch(link)).status, 404);
  assert.deepEqual(page.errors, []);
  await page.close();
});

const PAYLOADS = [
  "<script>window.pwned = 1</script>",
  '<svg onload="window.pwned = 2"><circle r="9"/></svg>',
  '<img src=x onerror="window.pwned = 3">',
  "</script><!-- <b>bold</b>",
];

test("tweets with <script> and SVG payloads are text in the page, the export and the link", async () => {
  const lines = [];
  for (let i = 0; i < 40; i++) {
    const p = PAYLOADS[i % PAYLOADS.length];
    lines.push(JSON.stringify({
      date: `2021-02-${String(10 + (i % 3)).padStart(2, "0")}T10:00:00+00:00`,
      user: { username: p },
      content: `${p} @farmer_${i % 2} 🙏`,
    }));
  }
  const path = join(cache, "payload-tweets.jsonl");
  writeFileSync(path, lines.join("\n") + "\n");

  const page = await openApp(browser, dev.url + "/");
  page.on("dialog", (d) => d.accept());
  await page.setInputFiles('[data-testid="file-input"]', path);
  assert.equal(await waitForState(page, ["done", "error"]), "done");
  const doc = await latestResult(page);
  const users = doc.results.topDates.map((d) => d.topUser);
  assert.ok(users.some((u) => PAYLOADS.includes(u)), `payload users are top users: ${users}`);
  const rows = (await tableRows(page, "top-dates-table")).flat().join(" ");
  assert.ok(PAYLOADS.some((p) => rows.includes(p)), "the page shows a payload as text");

  const check = async (p, where) => {
    assert.equal(await p.evaluate(() => window.pwned), undefined, `${where}: no payload ran`);
    assert.equal(await p.locator("[onload], [onerror], img[src='x'], circle[r='9']").count(), 0, `${where}: no payload element exists`);
    const text = await p.textContent("body");
    assert.ok(PAYLOADS.some((x) => text.includes(x)), `${where}: a payload shows as text`);
  };
  await check(page, "page");

  const file = await exportReport(page, "report-payloads.html");
  assert.deepEqual(embedded(readFileSync(file, "utf8")), doc);
  const report = await openStatic(pathToFileURL(file).href);
  await check(report, "export");
  await report.context().close();

  const link = await publishReport(page);
  const shared = await openStatic(link);
  await check(shared, "link");
  await shared.context().close();
  assert.deepEqual(page.errors, []);
  await page.close();
});
