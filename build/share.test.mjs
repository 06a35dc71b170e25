// The share service as deployed: the Go Worker under `wrangler dev` (workerd,
// local R2), driven over HTTP. Handler details are in wasm/share/service's Go
// tests; this checks the same API end to end through R2 and the wasm build.
// Refused input, odd ids, tokens and headers: build/share-attack.test.mjs.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startWrangler } from "./share-dev.mjs";
import { engineWasmPath } from "./browser/harness.mjs";

const CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const REPORT = "<!doctype html><title>t</title><p>tweets: 1,500</p>";
let dev;

before(async () => {
  dev = await startWrangler();
  console.log(`# wrangler dev answered after ${Math.round(dev.startMs)} ms`);
}, { timeout: 120_000 });
after(async () => { await dev?.close(); });

async function publish(body = REPORT, type = "text/html; charset=utf-8") {
  return fetch(dev.url + "/api/reports", { method: "POST", headers: { "content-type": type }, body });
}

test("publish, fetch with isolating headers, delete", async () => {
  const t0 = performance.now();
  const res = await publish();
  assert.equal(res.status, 201);
  const p = await res.json();
  assert.match(p.id, /^[A-Za-z0-9_-]{22}$/);
  assert.equal(p.url, `${dev.url}/r/${p.id}`);
  assert.match(p.deleteToken, /^[A-Za-z0-9_-]{43}$/);

  const got = await fetch(p.url);
  assert.equal(got.status, 200);
  assert.equal(await got.text(), REPORT);
  assert.ok(got.headers.get("content-security-policy").startsWith(CSP), got.headers.get("content-security-policy"));
  assert.equal(got.headers.get("x-content-type-options"), "nosniff");
  assert.equal(got.headers.get("referrer-policy"), "no-referrer");
  assert.equal(got.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.match(got.headers.get("content-type"), /^text\/html/);

  const del = (auth) => fetch(`${dev.url}/api/reports/${p.id}`, { method: "DELETE", headers: auth ? { authorization: auth } : {} });
  assert.equal((await del()).status, 401);
  assert.equal((await del("Bearer " + "A".repeat(43))).status, 403);
  assert.equal((await fetch(p.url)).status, 200, "still there after refused deletes");
  assert.equal((await del("Bearer " + p.deleteToken)).status, 204);
  const gone = await fetch(p.url);
  assert.equal(gone.status, 404);
  assert.match(await gone.text(), /Report not found/);
  console.log(`# publish, fetch, 3 deletes, fetch: ${Math.round(performance.now() - t0)} ms`);
});

test("concurrent publishes get distinct ids and keep their bodies", async () => {
  const t0 = performance.now();
  const made = await Promise.all(Array.from({ length: 8 }, async (_, i) => {
    const res = await publish(`<p>report ${i}</p>`);
    assert.equal(res.status, 201);
    return res.json();
  }));
  console.log(`# 8 concurrent publishes: ${Math.round(performance.now() - t0)} ms`);
  assert.equal(new Set(made.map((p) => p.id)).size, 8);
  for (const [i, p] of made.entries()) assert.equal(await (await fetch(p.url)).text(), `<p>report ${i}</p>`);
});

test("the static app is served as Worker assets", async () => {
  const res = await fetch(dev.url + "/");
  assert.equal(res.status, 200);
  assert.match(await res.text(), /Dropsight/);
  assert.doesNotMatch(res.headers.get("cache-control") ?? "", /immutable/, "the page, which names the engine's path, is revalidated");
  // The engine's path is named after its content (build/build.sh), so web/public/_headers has it kept as immutable.
  const wasm = await fetch(`${dev.url}/${engineWasmPath()}`);
  assert.equal(wasm.status, 200);
  assert.equal(wasm.headers.get("content-type"), "application/wasm");
  assert.equal(wasm.headers.get("cache-control"), "public, max-age=31536000, immutable");
  assert.equal((await fetch(dev.url + "/_headers")).status, 404, "the rules file is read, not served");
});
