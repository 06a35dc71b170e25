// Browser test of start-up: engine.wasm is served compressed, typed for
// streaming compilation, from a path named after its content and cacheable as
// immutable; the page reaches its ready state; the engine starts in the workers
// (compiled by WebAssembly.instantiateStreaming) with engine.wasm fetched once,
// a later load asking the server nothing for it. Timings are the bench's
// business (build/bench.mjs, startup), not this test's.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { engineWasmPath, latestResult, openApp, recordResponses, start, waitForState } from "./harness.mjs";

const IMMUTABLE = "public, max-age=31536000, immutable";

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

test("engine.wasm is served compressed, as application/wasm, from a hashed path cached as immutable", async () => {
  const wasm = engineWasmPath();
  assert.match(wasm, /^engine\/[0-9a-f]{16}\/engine\.wasm$/);
  const br = await get(wasm, { "accept-encoding": "gzip, deflate, br" });
  assert.equal(br.status, 200);
  assert.equal(br.headers["content-encoding"], "br");
  assert.equal(br.headers["content-type"], "application/wasm", "streaming compilation needs application/wasm");
  assert.equal(br.headers["cache-control"], IMMUTABLE, "its path changes with its content: the browser may keep it");
  assert.equal(Number(br.headers["content-length"]), br.bytes);
  // wasm_exec.js, which the workers load from beside it, is hashed along with it.
  const exec = await get(wasm.replace(/engine\.wasm$/, "wasm_exec.js"), { "accept-encoding": "br" });
  assert.equal(exec.status, 200);
  assert.equal(exec.headers["cache-control"], IMMUTABLE);
  // The page itself, which names the engine's path, is revalidated; the rules file is not served.
  assert.equal((await get("", {})).headers["cache-control"], "no-cache");
  assert.equal((await get("_headers", {})).status, 404);
  assert.equal((await get("engine.wasm", {})).status, 404, "no unhashed copy to be fetched by mistake");

  const plain = await get(wasm, {});
  assert.equal(plain.headers["content-encoding"], undefined, "a client that accepts no encoding gets the plain file");
  assert.ok(br.bytes < plain.bytes / 2, `brotli ${br.bytes} bytes vs ${plain.bytes}`);
  const gzip = await get(wasm, { "accept-encoding": "gzip" });
  assert.equal(gzip.headers["content-encoding"], "gzip");
  assert.ok(gzip.bytes < plain.bytes / 2, `gzip ${gzip.bytes} bytes vs ${plain.bytes}`);
});

test("the page gets ready, the workers compile engine.wasm by streaming, and later loads take it from the cache unasked", async () => {
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
    assert.deepEqual(first.map((r) => [r.path, r.status, r.headers["content-encoding"]]), [[`/${engineWasmPath()}`, 200, "br"]],
      `requested once, at its hashed path, sent brotli: ${JSON.stringify(first)}`);

    // The workers the pool started compile with instantiateStreaming (there is
    // no fallback: a run that ends "done" compiled that way).
    const scripts = await Promise.all([...new Set(workers)].map((u) => page.evaluate((x) => fetch(x).then((r) => r.text()), u)));
    assert.ok(scripts.some((s) => s.includes("instantiateStreaming")), `worker scripts: ${workers}`);

    // Fresh and immutable in the HTTP cache: neither a reload nor a new visit asks the server for it.
    for (const load of [() => page.reload(), () => page.goto(app.url)]) {
      await load();
      await page.waitForSelector('[data-testid="file-input"]', { state: "attached" });
      await page.click('[data-testid="demo"]');
      assert.equal(await waitForState(page, ["done", "error"]), "done");
      assert.equal((await latestResult(page)).metrics.engine, "wasm");
      assert.deepEqual(seen.splice(0), [], "engine.wasm comes from the browser's cache, with no request");
    }
    assert.deepEqual(page.errors, []);
  } finally {
    responses.stop();
    await context.close();
  }
});
