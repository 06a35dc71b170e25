// Load test of the share service as deployed locally: the Go Worker under
// `wrangler dev` (workerd, local R2), driven over loopback by autocannon.
// Publishes distinct generated reports, then reads them back many times over
// and checks every read is byte for byte the report published under that id.
// Fails (exit 1) on any error, timeout, non-2xx answer, wrong body or report
// never read back; prints latency percentiles and throughput of each phase.
//
//   node build/share-load.mjs [--reports 2000] [--reads 20000] [--connections 20]
//   npm run loadtest:share
import autocannon from "autocannon";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { config, root, startWrangler } from "./share-dev.mjs";

const KB = 1024;
// Report sizes, drawn uniformly from this range.
const MIN_REPORT_BYTES = 20 * KB;
const MAX_REPORT_BYTES = 200 * KB;

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

/** xorshift32: a small deterministic generator, so that report i is the same
 *  bytes on every run. */
function generator(seed) {
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x;
  };
}

const WORDS = ["tweets", "retweets", "likes", "replies", "quotes", "users", "hashtags", "mentions",
  "positive", "negative", "neutral", "median", "total", "rejected", "records", "session"];

/** Report number i: an HTML page shaped like an exported report (styles, an
 *  inline SVG chart, a table, escaped payload-looking text), of a size in
 *  [MIN_REPORT_BYTES, MAX_REPORT_BYTES]. ASCII only, with non-ASCII text as
 *  character references: autocannon joins response chunks as strings, which
 *  would mangle a multi-byte character split across two chunks, and the
 *  check below compares exact bytes. */
export function reportBody(i) {
  const next = generator(i + 1);
  const size = MIN_REPORT_BYTES + (next() % (MAX_REPORT_BYTES - MIN_REPORT_BYTES + 1));
  const parts = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Report ${i}</title>`,
    "<style>body{font:14px system-ui}table{border-collapse:collapse}td{padding:2px 6px}</style></head><body>",
    `<h1>Run ${i} &#8212; caf&#233; &#128202;</h1>`,
    // What a hostile data file could put in a cell, escaped as the exporter does.
    "<p>&lt;script&gt;alert(document.cookie)&lt;/script&gt;</p><svg width=\"600\" height=\"120\">",
  ];
  let length = parts.reduce((n, p) => n + p.length, 0);
  for (let x = 0; x < 600; x += 6) {
    const part = `<rect x="${x}" y="${next() % 100}" width="5" height="${next() % 100 + 1}" fill="#4a7"/>`;
    parts.push(part);
    length += part.length;
  }
  parts.push("</svg><table>");
  const tail = "</table></body></html>\n";
  length += "</svg><table>".length + tail.length;
  for (let row = 0; ; row++) {
    const part = `<tr><td>${row}</td><td>${WORDS[next() % WORDS.length]}</td><td>${next() % 1_000_000}</td>` +
      `<td>${(next() % 10_000) / 100}</td></tr>`;
    if (length + part.length > size) break;
    parts.push(part);
    length += part.length;
  }
  // Pad to the size drawn with a comment (when there is room for one).
  const pad = size - length;
  if (pad >= 7) parts.push(`<!--${" ".repeat(pad - 7)}-->`);
  parts.push(tail);
  return Buffer.from(parts.join(""), "latin1");
}

// A request unanswered this long counts as a timeout (autocannon then
// reconnects and moves on).
const REQUEST_TIMEOUT_S = 30;
// A phase with no answer at all for this long is stopped: autocannon can wait
// forever once timeouts have used up a connection's share of the requests.
const STALL_MS = 60_000;

/** Runs autocannon; resolves to { result, stalled }. */
function cannon(opts) {
  return new Promise((ok, fail) => {
    let lastAnswer = Date.now();
    let stalled = false;
    const watch = setInterval(() => {
      if (Date.now() - lastAnswer > STALL_MS) {
        stalled = true;
        instance.stop();
      }
    }, 1000);
    const instance = autocannon({
      ...opts, timeout: REQUEST_TIMEOUT_S, renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false,
    }, (err, result) => {
      clearInterval(watch);
      err ? fail(err) : ok({ result, stalled });
    });
    instance.on("response", () => { lastAnswer = Date.now(); });
  });
}

/** Latency percentiles (ms) and throughput of one autocannon phase that
 *  moved `bytes` of reports (up for publishes, down for reads). */
function figures(result, bytes) {
  const l = result.latency;
  const total = result["1xx"] + result["2xx"] + result["3xx"] + result["4xx"] + result["5xx"];
  return {
    requests: total,
    seconds: result.duration,
    perSecond: total / result.duration,
    megabytesPerSecond: bytes / result.duration / 1e6,
    p50: l.p50, p90: l.p90, p99: l.p99, max: l.max,
    errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx,
  };
}

/** Publishes `reports` reports then makes `reads` reads against url. Returns
 *  { publish, read, problems }: the figures of each phase and every failed
 *  check (an empty list when all held). */
export async function runLoad({ url, reports, reads, connections }) {
  const problems = [];
  const note = (message) => { if (problems.length < 20) problems.push(message); else problems.length++; };

  // Publish phase: each request draws the next report number; the answer's
  // id is tied back to it through the connection's context (one request in
  // flight per connection).
  const published = new Array(reports);
  let nextReport = 0;
  const publishResult = await cannon({
    url, connections: Math.min(connections, reports), amount: reports,
    requests: [{
      setupRequest(req, context) {
        const i = nextReport++;
        context.report = i;
        const body = reportBody(i);
        published[i] = { sha256: sha256(body), bytes: body.length, id: null, reads: 0 };
        return { ...req, method: "POST", path: "/api/reports", headers: { "content-type": "text/html; charset=utf-8" }, body };
      },
      onResponse(status, body, context) {
        if (status !== 201) return note(`publish of report ${context.report}: ${status} ${body.slice(0, 200)}`);
        const id = JSON.parse(body).id;
        published[context.report].id = id;
      },
    }],
  });
  const megabytes = published.reduce((n, p) => n + (p?.bytes ?? 0), 0) / 1e6;
  const publish = figures(publishResult.result, megabytes * 1e6);
  if (publishResult.stalled) note(`publish: no answer for ${STALL_MS / 1000} s, stopped`);

  const ids = new Map();
  for (const [i, p] of published.entries()) {
    if (!p?.id) note(`report ${i} got no id`);
    else if (ids.has(p.id)) note(`id ${p.id} given to reports ${ids.get(p.id)} and ${i}`);
    else ids.set(p.id, i);
  }

  // Read phase: read k goes to report (k * stride) mod n, a stride prime to
  // n, so reads of one report are spread over the whole phase rather than
  // bunched, and every report is read reads/n times.
  let stride = Math.floor(reports * 0.618) | 1;
  while (gcd(stride, reports) !== 1) stride += 2;
  let nextRead = 0;
  let readBytes = 0;
  const readResult = await cannon({
    url, connections: Math.min(connections, reads), amount: reads,
    requests: [{
      setupRequest(req, context) {
        const i = (nextRead++ * stride) % reports;
        context.report = i;
        return { ...req, method: "GET", path: "/r/" + (published[i]?.id ?? "missing"), body: undefined, headers: {} };
      },
      onResponse(status, body, context, headers) {
        const p = published[context.report];
        if (status !== 200) return note(`read of report ${context.report} (${p.id}): ${status}`);
        // The body is a string joined from chunks; ASCII reports make it the bytes.
        const got = Buffer.from(body, "latin1");
        if (got.length !== p.bytes || sha256(got) !== p.sha256) {
          return note(`read of report ${context.report} (${p.id}): ${got.length} bytes, not the ${p.bytes} published`);
        }
        // Header names come as sent; HTTP makes them case-insensitive.
        const csp = Object.entries(headers).find(([k]) => k.toLowerCase() === "content-security-policy")?.[1];
        if (!String(csp).startsWith("sandbox")) note(`read of ${p.id}: no sandbox CSP (${csp})`);
        p.reads++;
        readBytes += got.length;
      },
    }],
  });
  const read = figures(readResult.result, readBytes);
  if (readResult.stalled) note(`read: no answer for ${STALL_MS / 1000} s, stopped`);

  const neverRead = published.filter((p) => p && p.reads === 0).length;
  if (neverRead) note(`${neverRead} published reports never read back intact`);
  const readsOK = published.reduce((n, p) => n + (p?.reads ?? 0), 0);
  if (readsOK !== reads) note(`${readsOK} of ${reads} reads returned the published bytes`);
  for (const [name, f] of [["publish", publish], ["read", read]]) {
    if (f.errors || f.timeouts || f.non2xx) note(`${name}: ${f.errors} errors, ${f.timeouts} timeouts, ${f.non2xx} non-2xx`);
  }
  return { publish, read, megabytes, problems };
}

function gcd(a, b) { return b === 0 ? a : gcd(b, a % b); }

function line(name, f) {
  const ms = (v) => `${v} ms`.padStart(8);
  return `${name.padEnd(8)} ${String(f.requests).padStart(6)} in ${f.seconds.toFixed(1).padStart(5)} s ` +
    `${f.perSecond.toFixed(0).padStart(5)} req/s ${f.megabytesPerSecond.toFixed(1).padStart(6)} MB/s  ` +
    `p50 ${ms(f.p50)} p90 ${ms(f.p90)} p99 ${ms(f.p99)} max ${ms(f.max)}`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      reports: { type: "string", default: "2000" },
      reads: { type: "string", default: "20000" },
      connections: { type: "string", default: "20" },
    },
  });
  const [reports, reads, connections] = [values.reports, values.reads, values.connections].map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`share-load: ${v} is not a positive whole number`);
    return n;
  });
  // A private copy of the Worker's build and config, and no app: wrangler
  // restarts the Worker, failing requests in flight, when the build or the
  // assets it serves change, as a build running meanwhile would make them.
  mkdirSync(join(root, ".cache"), { recursive: true });
  const work = mkdtempSync(join(root, ".cache", "share-load-"));
  cpSync(join(root, "wasm/share/build"), join(work, "build"), { recursive: true });
  cpSync(config, join(work, "wrangler.jsonc"));
  const assets = join(work, "assets");
  mkdirSync(assets);
  writeFileSync(join(assets, "index.html"), "<!doctype html><title>share load test</title>\n");
  const dev = await startWrangler({ wranglerConfig: join(work, "wrangler.jsonc"), assets });
  const stop = async (signal) => {
    await dev.close();
    rmSync(work, { recursive: true, force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    console.log(`share load: wrangler dev at ${dev.url} (up in ${Math.round(dev.startMs)} ms); ` +
      `${reports} publishes, ${reads} reads, ${connections} connections`);
    const r = await runLoad({ url: dev.url, reports, reads, connections });
    console.log(`share load: ${r.megabytes.toFixed(0)} MB of reports (${MIN_REPORT_BYTES / KB}-${MAX_REPORT_BYTES / KB} KB each)`);
    console.log(line("publish", r.publish));
    console.log(line("read", r.read));
    if (r.problems.length) {
      console.error(`share load: FAILED\n  ${r.problems.filter(Boolean).join("\n  ")}` +
        (r.problems.length > 20 ? `\n  ... ${r.problems.length - 20} more` : ""));
      console.error(`share load: the end of wrangler's output:\n${dev.log().split("\n").slice(-30).join("\n")}`);
      process.exitCode = 1;
    } else {
      console.log("share load: ok: every publish answered 201 with a distinct id, every read returned the published bytes");
    }
  } finally {
    await dev.close();
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
