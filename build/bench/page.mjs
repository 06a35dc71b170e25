// The bench's browser side: runs in the Dropsight page with the main thread's
// JS heap sampled, DuckDB-WASM brought into the page's origin, and the
// start-up figures (time to a usable drop zone, how engine.wasm is served).
import { existsSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { build } from "vite";
import { cache, latestResult, recordResponses, root } from "../browser/harness.mjs";

/** The folders the bench's server adds to web/dist, on the page's own origin. */
export const mounts = {
  "/bench-only/duckdb/": join(root, "node_modules/@duckdb/duckdb-wasm/dist"),
  "/bench-only/page/": join(cache, "bench/page"),
};

export const MiB = 1 << 20;

/** Samples the page's main-thread JS heap (CDP Performance.getMetrics,
 *  JSHeapUsedSize) every 100 ms until stop(), which returns the peak in bytes.
 *  The workers' heaps are separate isolates and not included. */
export async function heapSampler(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  let peak = 0;
  let pending = Promise.resolve();
  const sample = () => {
    pending = cdp.send("Performance.getMetrics").then(({ metrics }) => {
      const used = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
      peak = Math.max(peak, used);
    }, () => {});
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    async stop() {
      clearInterval(timer);
      sample();
      await pending;
      await cdp.detach().catch(() => {});
      return peak;
    },
  };
}

/** Waits for the page's next result document after start() (a drop or a press
 *  of Run), the main thread's heap sampled meanwhile: { doc, timing, heapPeak }. */
export async function pageRun(page, startRun, timeout = 900_000) {
  const before = await page.evaluate(() => window.dropsight.results.length);
  const heap = await heapSampler(page);
  await startRun();
  await page.waitForFunction((n) => (window.dropsight.results.length > n && document.body.dataset.state !== "running") ||
    ["error", "cancelled"].includes(document.body.dataset.state), before, { timeout });
  const heapPeak = await heap.stop();
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== "done") throw new Error(`the page's run ended in state ${state}: ${await page.textContent('[data-testid="status"]')}`);
  const doc = await latestResult(page);
  const timing = await page.evaluate(() => window.dropsight.runs.at(-1));
  return { doc, timing, heapPeak };
}

/** Watches the page's thread for long tasks (PerformanceObserver "longtask":
 *  any task over 50 ms) until stop(), which returns the longest in ms (0 when
 *  there was none): how responsive the page stayed. Counted from the first
 *  input "change" event on: Chromium makes a picked folder's 200,000 File
 *  objects in one task of its own (and Playwright's setInputFiles as well),
 *  and dispatches "change" at its end; that task counts only from the event. */
export async function longTasks(page) {
  await page.evaluate(() => {
    const watch = (window.benchLongTasks = { changeAt: null, tasks: [] });
    addEventListener("change", () => { watch.changeAt ??= performance.now(); }, true);
    watch.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) watch.tasks.push([e.startTime, e.startTime + e.duration]);
    });
    watch.observer.observe({ type: "longtask" });
  });
  return {
    async stop() {
      // Entries are delivered after their task: let the last ones arrive.
      return page.evaluate(() => new Promise((ok) => setTimeout(() => {
        const { changeAt, tasks, observer } = window.benchLongTasks;
        observer.disconnect();
        const from = changeAt ?? 0;
        ok(Math.round(tasks.reduce((longest, [start, end]) => Math.max(longest, end - Math.max(start, from)), 0)));
      }, 200)));
    },
  };
}

/** How many reads the floor keeps in flight (64 to 512 measured alike). */
const FLOOR_READS_IN_FLIGHT = 256;

/**
 * Chromium's own floor for a picked folder: the folder picked in a folder
 * input of the bench's own on a fresh page of the app's origin (the picking
 * is not timed, as for the app), then only the reading of every file's bytes:
 * file.arrayBuffer() on the page's thread with many reads in flight, nothing
 * else. Of the ways measured this is the fastest (reads in workers, FileReader,
 * Response, streams, composite Blobs and the dropped folder's entries and
 * handles all cost more per file). Returns { seconds, files, bytes, longestTaskMs }.
 */
export async function pickedFilesFloor(browser, url, dir) {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    await page.evaluate(() => {
      const input = Object.assign(document.createElement("input"), { type: "file", id: "bench-floor-folder", hidden: true, multiple: true });
      input.webkitdirectory = true;
      document.body.append(input);
    });
    const tasks = await longTasks(page);
    await page.setInputFiles("#bench-floor-folder", dir, { timeout: 900_000 });
    const read = await page.evaluate(async (inFlight) => {
      const files = document.getElementById("bench-floor-folder").files;
      let next = 0;
      let bytes = 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: Math.min(inFlight, files.length) }, async () => {
        while (next < files.length) {
          const got = await files[next++].arrayBuffer();
          bytes += got.byteLength;
        }
      }));
      return { seconds: (performance.now() - t0) / 1000, files: files.length, bytes };
    }, FLOOR_READS_IN_FLIGHT);
    return { ...read, longestTaskMs: await tasks.stop() };
  } finally {
    await page.close();
  }
}

/** Bundles build/bench/duckdb-page.mjs once with Vite (duckdb-wasm imports
 *  apache-arrow by bare name, which a page cannot resolve) into .cache/bench/page. */
async function bundleDuckDBPage() {
  const outDir = mounts["/bench-only/page/"];
  const source = join(import.meta.dirname, "duckdb-page.mjs");
  const out = join(outDir, "duckdb-page.js");
  if (existsSync(out) && statSync(out).mtimeMs > statSync(source).mtimeMs) return;
  mkdirSync(outDir, { recursive: true });
  await build({
    configFile: false,
    root: import.meta.dirname,
    logLevel: "warn",
    build: {
      outDir,
      emptyOutDir: true,
      minify: false,
      lib: { entry: source, formats: ["es"], fileName: () => "duckdb-page.js" },
    },
  });
}

/** Brings DuckDB-WASM into the page: { version, threads }. */
export async function openDuckDBWasm(page) {
  await bundleDuckDBPage();
  await page.addScriptTag({ url: "/bench-only/page/duckdb-page.js", type: "module" });
  await page.waitForFunction(() => window.benchDuckDB, null, { timeout: 60_000 });
  const info = await page.evaluate(() => window.benchDuckDB.open(new URL("/bench-only/duckdb/", location.href).href));
  // A file input of the bench's own, so DuckDB-WASM gets the same kind of File
  // objects the page's drop zone gets.
  await page.evaluate(() => {
    const input = Object.assign(document.createElement("input"), { type: "file", id: "bench-duckdb-file", hidden: true });
    document.body.append(input);
  });
  return info;
}

/** Whether DuckDB-WASM can read JSON in this page: true, or why not. Its json
 *  extension is fetched at run time from extensions.duckdb.org; after 30 s
 *  without an answer it counts as out of reach. Asked after the timed runs, as
 *  a failed extension load may leave the database unusable. */
export async function duckDBWasmReadsJson(page) {
  const asked = [];
  const offOrigin = (req) => { if (!new URL(req.url()).host.startsWith("127.0.0.1")) asked.push(req.url()); };
  page.context().on("request", offOrigin);
  try {
    const answer = await page.evaluate(() => Promise.race([
      window.benchDuckDB.json(),
      new Promise((ok) => setTimeout(() => ok("no answer in 30 s"), 30_000)),
    ]));
    return answer === true ? true : `${answer}${asked.length ? `; it asked for ${asked.join(", ")}` : ""}`;
  } finally {
    page.context().off("request", offOrigin);
  }
}

/** Hands path to DuckDB-WASM as a browser File, registered under its name. */
export async function registerWithDuckDB(page, path) {
  await page.setInputFiles("#bench-duckdb-file", path);
  await page.evaluate(() => window.benchDuckDB.register(document.getElementById("bench-duckdb-file").files[0]));
}

/** One DuckDB-WASM run of the queries in the page, heap sampled:
 *  { seconds, steps, results, heapPeak }. */
export async function duckDBWasmRun(page, list) {
  const heap = await heapSampler(page);
  const run = await page.evaluate((l) => window.benchDuckDB.run(l), list);
  return { ...run, heapPeak: await heap.stop() };
}

/** Start-up: loads of the page in one browser context (the first with an empty
 *  cache), each timed from navigation start to the drop zone being ready
 *  (DOMContentLoaded done: the page's module script, deferred, has run and
 *  attached the drop zone's handlers; checked by window.dropsight and the file
 *  input), and how engine.wasm reaches the workers: its path, response headers
 *  and status per load as the server saw them, after a demo run starts the
 *  engine (none on a load that took it from the browser's cache). */
export async function startup(app, loads) {
  const responses = recordResponses(app.server, "/engine.wasm");
  const seen = responses.seen;
  const context = await app.browser.newContext();
  const page = await context.newPage();
  const ready = [];
  const engine = [];
  try {
    for (let i = 0; i < loads; i++) {
      await page.goto(app.url);
      await page.waitForFunction(() => window.dropsight && document.querySelector('[data-testid="file-input"]') &&
        performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd > 0);
      ready.push(await page.evaluate(() => performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd / 1000));
      // The engine starts at the first run: the demo tweets start it.
      if (i < 2) {
        const from = seen.length;
        await pageRun(page, () => page.click('[data-testid="demo"]'), 120_000);
        engine.push(seen.slice(from));
      }
    }
  } finally {
    responses.stop();
    await context.close();
  }
  const summary = (r) => ({
    path: r.path,
    status: r.status,
    encoding: r.headers["content-encoding"] ?? null,
    cacheControl: r.headers["cache-control"] ?? null,
    etag: r.headers.etag ?? null,
    bytes: r.status === 200 ? Number(r.headers["content-length"] ?? 0) : 0,
    contentType: r.headers["content-type"] ?? null,
  });
  return { ready, engine: engine.map((load) => load.map(summary)) };
}
