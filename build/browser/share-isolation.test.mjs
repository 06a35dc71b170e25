// A hostile report, opened in Chromium from the real share service (`wrangler
// dev`): its scripts, handlers, meta refresh, frames and forms do nothing, it
// cannot reach the share origin's storage (where the page keeps delete
// tokens) and it sends no request. The headers that make this so are checked
// one by one in build/share-attack.test.mjs; this checks a browser obeys them.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startWrangler } from "../share-dev.mjs";
import { launchChromium } from "./harness.mjs";

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

async function publish(html) {
  const res = await fetch(dev.url + "/api/reports", { method: "POST", headers: { "content-type": "text/html" }, body: html });
  assert.equal(res.status, 201);
  return res.json();
}

test("a hostile report runs nothing, reaches nothing and sends nothing", async () => {
  const victim = await publish("<p>another report</p>");
  const secret = JSON.stringify([{ id: victim.id, deleteToken: victim.deleteToken }]);
  const steal = `fetch('/api/reports/${victim.id}', {method: 'DELETE', headers: {authorization: 'Bearer ' + ` +
    `JSON.parse(localStorage.getItem('dropsight.publishedReports'))[0].deleteToken}})`;
  const hostile = await publish([
    "<!doctype html><html><head><title>untouched</title>",
    `<meta http-equiv="Content-Security-Policy" content="script-src * 'unsafe-inline'">`,
    `<meta http-equiv="refresh" content="1; url=/r/${victim.id}">`,
    `<base href="${dev.url}/api/">`,
    `<link rel="stylesheet" href="/r/${victim.id}">`,
    `<script>document.title = 'script ran'; ${steal}</script>`,
    `<script src="/r/${victim.id}"></script>`,
    "</head><body>",
    `<img src="/r/${victim.id}" onerror="document.title = 'handler ran'">`,
    `<svg onload="document.title = 'svg ran'"></svg>`,
    `<iframe src="/r/${victim.id}"></iframe>`,
    `<form id="f" action="/api/reports" method="post"><input name="x" value="y"></form>`,
    `<a id="a" href="javascript:document.title='link ran'">go</a>`,
    "</body></html>",
  ].join("\n"));

  // The share origin's storage holds a delete token, as the app keeps them.
  const context = await browser.newContext({
    storageState: { cookies: [], origins: [{ origin: dev.url, localStorage: [{ name: "dropsight.publishedReports", value: secret }] }] },
  });
  const page = await context.newPage();
  // Chromium reports a request the policy blocks as a request that failed
  // with "csp"; only answered requests left the browser.
  const answered = [];
  const blocked = [];
  page.on("response", (r) => answered.push(r.url()));
  page.on("requestfailed", (r) => blocked.push(`${r.resourceType()} ${r.url()}: ${r.failure()?.errorText}`));
  const res = await page.goto(`${dev.url}/r/${hostile.id}`);
  assert.equal(res.status(), 200);
  // Let a refresh, handlers and frames have their chance; then poke the form
  // and the javascript: link as a visitor would.
  await page.waitForTimeout(2000);
  await page.click("#a");
  await page.evaluate(() => document.getElementById("f").requestSubmit()).catch(() => {});
  await page.waitForTimeout(500);

  assert.equal(await page.title(), "untouched");
  assert.equal(page.url(), `${dev.url}/r/${hostile.id}`, "navigated away");
  assert.deepEqual(answered, [`${dev.url}/r/${hostile.id}`], "requests left the report");
  for (const b of blocked) assert.match(b, /: csp$/);
  // The stylesheet and the image were tried, and refused by the policy.
  assert.ok(blocked.some((b) => b.startsWith("stylesheet ")) && blocked.some((b) => b.startsWith("image ")), blocked.join("\n"));
  // The page runs in an opaque origin: the share origin's storage is out of
  // reach even to code the browser itself injects.
  const storage = await page.evaluate(() => {
    try { return localStorage.getItem("dropsight.publishedReports"); } catch (e) { return e.name; }
  });
  assert.equal(storage, "SecurityError");
  assert.equal(await page.evaluate(() => window.origin), "null");
  // The other report is untouched.
  assert.equal((await fetch(`${dev.url}/r/${victim.id}`)).status, 200);
  await context.close();
});

test("a report cannot be framed, by another site or by the app's own origin", async () => {
  const p = await publish("<p>framed?</p>");
  const page = await browser.newPage();
  /** Frames src in the current page; resolves to the frame's text, or the
   *  error page's when the browser refused to show it. */
  const frameText = async (src) => {
    await page.evaluate((s) => {
      const frame = document.createElement("iframe");
      frame.src = s;
      document.body.append(frame);
      return new Promise((ok) => { frame.onload = ok; setTimeout(ok, 3000); });
    }, src);
    const frame = page.frames().find((f) => f !== page.mainFrame() && f.url() !== "about:blank");
    return frame ? frame.content() : "no frame";
  };
  for (const parent of ["about:blank", `${dev.url}/`]) {
    await page.goto(parent);
    // Control: the same method sees a page that allows framing.
    assert.match(await frameText("data:text/html,<p>framable</p>"), /framable/, parent);
    await page.goto(parent);
    assert.doesNotMatch(await frameText(`${dev.url}/r/${p.id}`), /framed\?/, `framed in ${parent}`);
  }
  await page.close();
});
