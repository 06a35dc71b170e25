// Browser test of start-up: engine.wasm is served compressed, typed for
// streaming compilation and cacheable; the page reaches its ready state; the
// engine starts in the workers (compiled by WebAssembly.instantiateStreaming)
// with engine.wasm's body sent once, a later load revalidating it from the
// cache. Timings are the bench's business (build/bench.mjs, startup), not this test's.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { latestResult, openApp, recordResponses, start, waitForState } from "./harness.mjs";

let app;
before(async () => { app = await start(); });
after(async () => { await app?.close(); });

/** A GET of path from the app's server with the given request headers: { status, headers, bytes }. */
function get(path, headers) {
  return new Promise((ok, fail) => {
    request(new URL(path, app.url), { headers }, (res) => {
      let bytes = 0;
      res.on("data", (chunk) => { bytes += chunk.length; });
      res.on("end", () => ok({ status: res.statusCode, headers: res.headers, bytes }));
    }).on("error", fail).end();
  });
}

test("engine.wasm is served compressed, as application/wasm, with a validator for the cache", async () => {
  const br = await get("engine.wasm", { "accept-encoding": "gzip, deflate, br" });
  assert.equal(br.status, 200);
  assert.equal(br.headers["content-encoding"], "br");
  assert.equal(br.headers["content-type"], "application/wasm", "streaming compilation needs application/wasm");
  assert.ok(br.headers.etag, "an etag lets the browser revalidate instead of fetching again");
  assert.doesNotMatch(br.headers["cache-control"] ?? "", /no-store/);
  assert.equal(Number(br.headers["content-length"]), br.bytes);

  const plain = await get("engine.wasm", {});
  assert.equal(plain.headers["content-encoding"], undefined, "a client that accepts no encoding gets the plain file");
  assert.ok(br.bytes < plain.bytes / 2, `brotli ${br.bytes} bytes vs ${plain.bytes}`);
  const gzip = await get("engine.wasm", { "accept-encoding": "gzip" });
  assert.equal(gzip.headers["content-encoding"], "gzip");
  assert.ok(gzip.bytes < plain.bytes / 2, `gzip ${gzip.bytes} bytes vs ${plain.bytes}`);

  const again = await get("engine.wasm", { "accept-encoding": "br", "if-none-match": br.headers.etag });
  assert.equal(again.status, 304);
  assert.equal(again.bytes, 0);
});

test("the page gets ready, the workers compile engine.wasm by streaming, and a reload takes it from the cache", async () => {
  const responses = recordResponses(app.server, "/engine.wasm");
  const seen = responses.seen;
  const context = await app.browser.newContext();
  try {
    const page = await openApp(context, app.url);
    const workers = [];
    page.on("worker", (w) => workers.push(w.url()));
    assert.equal(await page.evaluate(() => document.body.dataset.state), "idle");
    assert.ok(await page.evaluate(() => Array.isArray(window.dropsight?.results)), "the page's module has run");
    assert.ok(await page.isEnabled('[data-testid="demo"]'));

    // The engine starts at the first run.
    await page.click('[data-testid="demo"]');
    assert.equal(await waitForState(page, ["done", "error"]), "done", await page.textContent('[data-testid="status"]'));
    assert.equal((await latestResult(page)).metrics.engine, "wasm");
    const first = seen.splice(0);
    assert.ok(first.length >= 1, "engine.wasm was requested");
    assert.deepEqual(first.filter((r) => r.status === 200).map((r) => r.headers["content-encoding"]), ["br"], `sent once, brotli: ${JSON.stringify(first)}`);
    assert.ok(first.every((r) => r.status === 200 || r.status === 304), JSON.stringify(first));

    // The workers the pool started compile with instantiateStreaming (there is
    // no fallback: a run that ends "done" compiled that way).
    const scripts = await Promise.all([...new Set(workers)].map((u) => page.evaluate((x) => fetch(x).then((r) => r.text()), u)));
    assert.ok(scripts.some((s) => s.includes("instantiateStreaming")), `worker scripts: ${workers}`);

    await page.reload();
    await page.waitForSelector('[data-testid="file-input"]', { state: "attached" });
    await page.click('[data-testid="demo"]');
    assert.equal(await waitForState(page, ["done", "error"]), "done");
    assert.ok(seen.length >= 1);
    assert.deepEqual(seen.filter((r) => r.status !== 304), [], `after a reload engine.wasm comes from the cache: ${JSON.stringify(seen)}`);
    assert.deepEqual(page.errors, []);
  } finally {
    responses.stop();
    await context.close();
  }
});
