// The benchmark (`npm run bench`): one command that generates its inputs once
// (under .cache/, deterministic: fixed seeds), measures Dropsight natively and
// in headless Chromium beside DuckDB anchors on the same files, prints a table
// and the targets' checks, and writes the figures to .cache/bench/bench-<time>.json.
//
//   startup        time to a usable drop zone, how engine.wasm is served and cached
//   tweets         a 400 MB tweets NDJSON: native; browser 1 worker and all workers;
//                  DuckDB native SQL (build/bench/tweets.sql) paired with the native run
//   engagement     1,000,000-row interaction log + 100,000-row metadata: native and
//                  browser (all workers), paired with DuckDB native and DuckDB-WASM in
//                  the same page running build/bench/engagement.sql over the log
//   sentiment      200,000 labelled tweets as NDJSON and as a folder (folder: one run)
//   consolidation  `dropsight gen folder --scale 40` consolidated natively and in the page
//   profile        the interaction log profiled natively and in the page
//   huge           (only with --huge) a 5 GB tweets file, browser, all workers, one run
//
// Each figure is the median of --runs runs after a warm-up; a ratio to an
// anchor is the median of the ratios of runs taken pair by pair (Dropsight,
// then the anchor, in the same run).
//
//   node build/bench.mjs [--recipes startup,tweets,...] [--runs 3] [--size 400MB]
//                        [--rows 1000000] [--tweets 200000] [--scale 40] [--huge] [--huge-size 5GB]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { cache, dropsight, generated, generatedDir, openApp, root, start } from "./browser/harness.mjs";
import { compareEngagement, compareTweets, nativeThreads, queries, runNative } from "./bench/duckdb.mjs";
import { MiB, duckDBWasmReadsJson, duckDBWasmRun, heapSampler, longTasks, mounts, openDuckDBWasm, pageRun, pickedFilesFloor, registerWithDuckDB, startup } from "./bench/page.mjs";

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const ALL = ["startup", "tweets", "engagement", "sentiment", "consolidation", "profile"];
const size = arg("--size", "400MB");
const runs = Number(arg("--runs", 3));
const recipes = arg("--recipes", ALL.join(",")).split(",");
if (process.argv.includes("--huge") && !recipes.includes("huge")) recipes.push("huge");
const usage = (message) => {
  console.error(`bench: ${message}`);
  process.exit(2);
};
const unknown = recipes.filter((r) => ![...ALL, "huge"].includes(r));
if (unknown.length) usage(`--recipes: unknown ${unknown.join(", ")} (known: ${[...ALL, "huge"].join(", ")})`);
if (!(runs >= 1)) usage("--runs: give a number of runs, at least 1");
const sentimentTweets = Number(arg("--tweets", 200_000));
const activityRows = Number(arg("--rows", 1_000_000));
const folderScale = Number(arg("--scale", 40));
const hugeSize = arg("--huge-size", "5GB");
for (const [name, value] of [["--rows", activityRows], ["--tweets", sentimentTweets], ["--scale", folderScale]]) {
  if (!Number.isInteger(value) || value < 1) usage(`${name}: give a whole number, at least 1`);
}
if (!/^\d+(\.\d+)?\s*[kmg]?b$/i.test(size) || !/^\d+(\.\d+)?\s*[kmg]?b$/i.test(hugeSize)) usage("--size, --huge-size: give a size such as 400MB or 5GB");
const allWorkers = cpus().length;
const wasmPackageVersion = JSON.parse(readFileSync(join(root, "node_modules/@duckdb/duckdb-wasm/package.json"), "utf8")).version;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** The median time of each named query over an anchor's runs. */
const medianSteps = (anchorRuns) => Object.fromEntries(Object.keys(anchorRuns[0].steps).map((k) => [k, median(anchorRuns.map((r) => r.steps[k]))]));
const fixed = (x, digits = 2) => (x == null ? "" : x.toFixed(digits));
const mib = (bytes) => (bytes == null ? null : bytes / MiB);

const rows = [];
const inputs = {};
const notes = [];
const checks = [];
const started = new Date();
const out = { date: started.toISOString(), cores: allWorkers, runs };

/** One row of the table: Dropsight's figure, or an anchor's. */
function record(row) {
  rows.push(row);
  const cells = [
    `${row.recipe.padEnd(13)} ${row.name.padEnd(38)}`,
    `${String(row.workers ?? "").padStart(2)}`,
    `${fixed(row.seconds).padStart(7)} s`,
    `${row.mbPerSecond != null ? row.mbPerSecond.toFixed(row.mbPerSecond < 10 ? 1 : 0) : ""}`.padStart(6) + " MB/s",
    `${row.peakWasmPerWorkerMiB != null ? fixed(row.peakWasmPerWorkerMiB, 1) : ""}`.padStart(7),
    `${row.peakProcessMiB != null ? fixed(row.peakProcessMiB, 0) : ""}`.padStart(7),
    `${row.peakJsHeapMiB != null ? fixed(row.peakJsHeapMiB, 1) : ""}`.padStart(7),
    row.anchor ? `${fixed(row.anchorSeconds).padStart(7)} s ${row.anchor}, ratio ${fixed(row.ratio)}` : "",
    row.detail ?? "",
  ];
  console.log(cells.join("  "));
  return row;
}

function header() {
  console.log(`${"recipe".padEnd(13)} ${"row".padEnd(38)}  wk  seconds    MB/s  wasm/wk  process  JS heap  anchor (seconds, Dropsight/anchor)`);
  console.log(`${"".padEnd(13)} ${"".padEnd(38)}                           MiB      MiB      MiB`);
}

function check(name, ok, detail) {
  checks.push({ name, ok, detail });
}

/** The figures of Dropsight's result documents (one per run) as a row. */
function documentRow(recipe, name, docs, bytes, { secondsOfRuns, ...extra } = {}) {
  const seconds = secondsOfRuns ?? docs.map((d) => d.metrics.seconds);
  const wasm = docs[0].metrics.engine === "wasm";
  const perWorker = docs.map((d) => Math.max(0, ...(d.metrics.tasks ?? []).map((t) => t.peakMemory)));
  return {
    recipe,
    name,
    workers: docs[0].metrics.workers,
    seconds: median(seconds),
    mbPerSecond: bytes / 1e6 / median(seconds),
    peakWasmPerWorkerMiB: wasm ? mib(median(perWorker)) : null,
    peakProcessMiB: wasm ? null : mib(median(docs.map((d) => d.metrics.peakMemoryBytes))),
    runs: seconds,
    ...extra,
  };
}

/** Pairs Dropsight's runs with the anchor's, run by run: the anchor's median
 *  seconds and the median of the per-run ratios (Dropsight / anchor). */
function paired(row, anchor, anchorSeconds) {
  const ratios = row.runs.map((s, i) => s / anchorSeconds[i]);
  return Object.assign(row, { anchor, anchorSeconds: median(anchorSeconds), anchorRuns: anchorSeconds, ratio: median(ratios), ratios });
}

/** `runs` + 1 alternations of Dropsight and an anchor; the first (warm-up) dropped. */
async function alternate(dropsightRun, anchorRun) {
  const ours = [];
  const theirs = [];
  for (let i = 0; i <= runs; i++) {
    const a = await dropsightRun(i);
    const b = anchorRun ? await anchorRun(i) : null;
    if (i > 0) {
      ours.push(a);
      if (anchorRun) theirs.push(b);
    }
  }
  return { ours, theirs };
}

const answersOf = (doc) => JSON.stringify(doc.results);
function same(doc, want, what) {
  if (answersOf(doc) !== want) throw new Error(`${what}: the page's answers differ from the native command's`);
}

/** Dropsight in the page: the drop (warm-up) then presses of Run, each paired
 *  with anchorRun when given. */
async function pageRuns(page, drop, want, anchorRun, answers = answersOf) {
  return alternate(async (i) => {
    const run = await pageRun(page, i === 0 ? drop : () => page.click('[data-testid="run"]'));
    if (answers(run.doc) !== want) throw new Error(`run ${i}: the page's answers differ from the native command's`);
    return run;
  }, anchorRun);
}

function browserRow(recipe, name, done, bytes) {
  const docs = done.map((r) => r.doc);
  // The page's timing: first range handed out to the merged document.
  const total = done.map((r) => r.timing.totalSeconds);
  return documentRow(recipe, name, docs, bytes, {
    secondsOfRuns: total,
    scanSeconds: median(done.map((r) => r.timing.seconds)),
    mergeSeconds: median(done.map((r) => r.timing.mergeSeconds)),
    peakJsHeapMiB: mib(median(done.map((r) => r.heapPeak))),
  });
}

console.log(`${allWorkers} cores; median of ${runs} runs after a warm-up; recipes: ${recipes.join(", ")}`);
const duckInfo = await nativeThreads();
console.log(`DuckDB ${duckInfo.version} native with ${duckInfo.threads} threads (its default)\n`);
const app = await start({ mounts });
try {
  if (recipes.includes("startup")) {
    const loads = 6;
    const s = await startup(app, loads);
    const [cold, ...warm] = s.ready;
    const [first, second] = s.engine;
    const served = first.find((r) => r.status === 200) ?? first[0];
    const sent = (xs) => xs.filter((r) => r.status === 200).reduce((n, r) => n + r.bytes, 0);
    out.startup = { readySeconds: s.ready, coldSeconds: cold, warmMedianSeconds: median(warm), engineWasm: { firstLoad: first, secondLoad: second } };
    console.log(`startup: drop zone ready ${fixed(cold, 3)} s after navigation start with an empty cache, ` +
      `${fixed(median(warm), 3)} s (median of ${warm.length} more loads) with it cached`);
    console.log(`startup: engine.wasm served ${served?.encoding ?? "uncompressed"} (${served?.contentType}), cache-control "${served?.cacheControl}", etag ${served?.etag}; ` +
      `first load: ${first.map((r) => r.status).join(", ")} (${fixed(sent(first) / 1e6, 1)} MB sent); ` +
      `second load: ${second.length ? second.map((r) => r.status).join(", ") : "no request (browser cache)"} (${fixed(sent(second) / 1e6, 1)} MB sent); path ${served?.path}`);
    console.log("startup: the workers compile engine.wasm with WebAssembly.instantiateStreaming (web/src/worker.ts, no fallback): the demo runs above prove it worked\n");
    check("startup: drop zone ready within 1 s of load", median(warm) <= 1 && cold <= 1, `${fixed(cold, 3)} s cold, ${fixed(median(warm), 3)} s cached`);
    check("startup: engine.wasm compressed", ["br", "gzip"].includes(served?.encoding), String(served?.encoding));
    // Its path is named after its content and served immutable: a later load asks nothing.
    check("startup: engine.wasm fetched once, then from the cache with no request", first.length === 1 && sent(first) > 0 && second.length === 0,
      `${first.length} request(s), ${fixed(sent(first) / 1e6, 1)} MB, then ${second.length} request(s)`);
  }

  header();
  if (recipes.includes("tweets")) {
    const file = generated(`tweets-${size.toLowerCase()}.jsonl`, "tweets", "--bytes", size, "--seed", "1");
    const bytes = statSync(file).size;
    inputs.tweets = { file, bytes };
    const list = queries("tweets", { tweets: file });
    let duckLast;
    const { ours, theirs } = await alternate(
      () => JSON.parse(dropsight("analyze", "tweets", "--json", file)),
      async () => (duckLast = await runNative(list)),
    );
    const native = record(paired(documentRow("tweets", "native (dropsight analyze)", ours, bytes), "DuckDB native", theirs.map((r) => r.seconds)));
    record({ recipe: "tweets", name: "  DuckDB native, SQL (anchor)", workers: Number(duckInfo.threads), seconds: native.anchorSeconds, mbPerSecond: bytes / 1e6 / native.anchorSeconds,
      runs: native.anchorRuns, steps: medianSteps(theirs),
      detail: `(load ${fixed(median(theirs.map((r) => r.steps.load)))} s + queries ${fixed(median(theirs.map((r) => r.seconds - r.steps.load)))} s)` });
    for (const line of compareTweets(ours[0].results, duckLast.results)) notes.push(`tweets, DuckDB vs Dropsight: ${line}`);
    const want = answersOf(ours[0]);
    const browser = [];
    for (const workers of [1, allWorkers]) {
      const page = await openApp(app.browser, app.url, { workers });
      const { ours: done } = await pageRuns(page, () => page.setInputFiles('[data-testid="file-input"]', file), want);
      await page.close();
      browser.push(record(browserRow("tweets", `browser, ${workers === 1 ? "1 worker" : "all workers"}`, done, bytes)));
    }
    const [one, all] = browser;
    notes.push(`tweets: all workers ${fixed(one.seconds / all.seconds)}x faster than 1 worker; the page (all workers) takes ${fixed(all.seconds / native.seconds)}x the native time`);
    notes.push("tweets: no DuckDB-WASM anchor: reading JSON needs DuckDB-WASM's json extension, downloaded at run time (the engagement part checks it and prints the error)");
    check("tweets: browser, all workers <= 2.0 s and >= 200 MB/s", all.seconds <= 2 && all.mbPerSecond >= 200, `${fixed(all.seconds)} s, ${all.mbPerSecond.toFixed(0)} MB/s`);
    check("tweets: native <= 1.0 s and faster than DuckDB native (three questions)", native.seconds <= 1 && native.ratio < 1,
      `${fixed(native.seconds)} s vs DuckDB ${fixed(native.anchorSeconds)} s, ratio ${fixed(native.ratio)}`);
    check("tweets: peak wasm memory <= 64 MiB per worker", browser.every((r) => r.peakWasmPerWorkerMiB <= 64), browser.map((r) => `${fixed(r.peakWasmPerWorkerMiB, 1)} MiB`).join(", "));
  }

  if (recipes.includes("engagement")) {
    const tag = activityRows % 1_000_000 === 0 ? `${activityRows / 1_000_000}m` : `${activityRows}`;
    const dir = generatedDir(`activity-${tag}`, ["interactions.csv", "metadata.csv"], "activity", "--rows", String(activityRows), "--seed", "1");
    const log = join(dir, "interactions.csv");
    const metadata = join(dir, "metadata.csv");
    const bytes = statSync(log).size + statSync(metadata).size;
    inputs.engagement = { files: [log, metadata], bytes, rows: activityRows, metadataRows: 100_000 };
    let duckLast;
    const { ours, theirs } = await alternate(
      () => JSON.parse(dropsight("analyze", "engagement", "--json", "--metadata", metadata, log)),
      async () => (duckLast = await runNative(queries("engagement", { interactions: log }))),
    );
    const native = record(paired(documentRow("engagement", "native (dropsight analyze)", ours, bytes), "DuckDB native", theirs.map((r) => r.seconds)));
    for (const line of compareEngagement(ours[0].results, duckLast.results)) notes.push(`engagement, DuckDB native vs Dropsight: ${line}`);

    const page = await openApp(app.browser, app.url, { workers: allWorkers });
    const duck = await openDuckDBWasm(page);
    await registerWithDuckDB(page, log);
    notes.push(`engagement: DuckDB-WASM ${wasmPackageVersion} (DuckDB ${duck.version}), ${duck.threads} thread (the eh bundle: its threaded bundle needs a cross-origin isolated page, which Dropsight's is not)`);
    const wasmList = queries("engagement", { interactions: "interactions.csv" });
    let wasmLast;
    const { ours: done, theirs: duckRuns } = await pageRuns(page, () => page.setInputFiles('[data-testid="file-input"]', [log, metadata]), answersOf(ours[0]),
      async () => (wasmLast = await duckDBWasmRun(page, wasmList)));
    duck.json = await duckDBWasmReadsJson(page);
    out.duckdbWasm = { package: wasmPackageVersion, ...duck };
    notes.push(duck.json === true ? "DuckDB-WASM reads JSON here"
      : `DuckDB-WASM cannot read JSON offline (its json extension is downloaded at run time from extensions.duckdb.org), so it has no tweets or sentiment anchor; json_extract failed with: ${duck.json}`);
    await page.close();
    const all = record(paired(browserRow("engagement", "browser, all workers", done, bytes), "DuckDB-WASM", duckRuns.map((r) => r.seconds)));
    all.detail = `(read ${fixed(all.scanSeconds)} s + merge ${fixed(all.mergeSeconds)} s)`;
    record({ recipe: "engagement", name: "  DuckDB native, SQL (anchor)", workers: Number(duckInfo.threads), seconds: native.anchorSeconds, mbPerSecond: statSync(log).size / 1e6 / native.anchorSeconds,
      runs: native.anchorRuns, steps: medianSteps(theirs) });
    record({ recipe: "engagement", name: "  DuckDB-WASM in the page (anchor)", workers: 1, seconds: all.anchorSeconds, mbPerSecond: statSync(log).size / 1e6 / all.anchorSeconds,
      peakJsHeapMiB: mib(median(duckRuns.map((r) => r.heapPeak))), runs: all.anchorRuns,
      steps: medianSteps(duckRuns) });
    for (const line of compareEngagement(ours[0].results, wasmLast.results)) notes.push(`engagement, DuckDB-WASM vs Dropsight: ${line}`);
    notes.push("engagement: Dropsight reads the log and the metadata table and computes the whole recipe; the anchors read the log only and answer DAU, MAU and sessions");
    check("engagement: browser / DuckDB-WASM <= 1.0", all.ratio <= 1, `ratio ${fixed(all.ratio)} (${fixed(all.seconds)} s vs ${fixed(all.anchorSeconds)} s)`);
  }

  if (recipes.includes("sentiment")) {
    const tag = sentimentTweets % 1000 === 0 ? `${sentimentTweets / 1000}k` : `${sentimentTweets}`;
    const file = generated(`sentiment-${tag}.jsonl`, "sentiment", "--tweets", String(sentimentTweets), "--seed", "1");
    const last = `tweet_${String(sentimentTweets).padStart(6, "0")}.json`;
    const dir = generatedDir(`sentiment-${tag}-files`, ["tweet_000001.json", last], "sentiment", "--tweets", String(sentimentTweets), "--files", "--seed", "1");
    const bytes = statSync(file).size;
    inputs.sentiment = { file, dir, bytes, tweets: sentimentTweets };
    // Stage times are engine time: they differ run to run, everything else must not.
    const sentimentAnswers = (doc) => JSON.stringify({ ...doc.results, exploration: { ...doc.results.exploration, stages: null } });
    const nativeRun = (path) => JSON.parse(dropsight("analyze", "sentiment", "--json", path));
    const { ours: nativeFile } = await alternate(() => nativeRun(file));
    const nativeFileRow = record(documentRow("sentiment", "NDJSON native", nativeFile, bytes));
    const { ours: nativeDir } = await alternate(() => nativeRun(dir));
    const nativeDirRow = record(documentRow("sentiment", "folder native", nativeDir, nativeDir[0].metrics.bytes));
    const want = sentimentAnswers(nativeFile[0]);
    if (sentimentAnswers(nativeDir[0]) !== want) throw new Error("sentiment: the native answers differ between the file and the folder");

    const page = await openApp(app.browser, app.url);
    const { ours: done } = await pageRuns(page, () => page.setInputFiles('[data-testid="file-input"]', file), want, null, sentimentAnswers);
    await page.close();
    const ndjson = record(browserRow("sentiment", "NDJSON browser, all workers", done, bytes));

    // The folder: one run. Handing the files to the page (the folder picker) is
    // not timed; the run is (first batch handed out to the merged document).
    const folderPage = await openApp(app.browser, app.url);
    const watch = await longTasks(folderPage);
    const t0 = Date.now();
    const folder = await pageRun(folderPage, () => folderPage.setInputFiles('[data-testid="folder-input"]', dir, { timeout: 900_000 }));
    const wall = (Date.now() - t0) / 1000;
    const longestTaskMs = await watch.stop();
    if (sentimentAnswers(folder.doc) !== want) throw new Error("sentiment: the page's answers for the folder differ from the native command's");
    await folderPage.close();
    const folderRow = browserRow("sentiment", "folder browser, all workers (1 run)", [folder], folder.doc.metrics.bytes);
    folderRow.detail = `longest page task ${longestTaskMs} ms`;
    Object.assign(record(folderRow), { pickAndRunSeconds: wall, longestTaskMs });
    // The browser's own floor: the same folder picked on a fresh page, its
    // files' bytes only read (nothing sent, nothing parsed), timed the same way.
    const floor = await pickedFilesFloor(app.browser, app.url, dir);
    if (floor.files !== sentimentTweets) throw new Error(`sentiment: the floor read ${floor.files} files, not ${sentimentTweets}`);
    const floorRow = record({
      recipe: "sentiment", name: "Chromium reading the picked files only", workers: 0, seconds: floor.seconds,
      mbPerSecond: floor.bytes / 1e6 / floor.seconds, runs: [floor.seconds], files: floor.files, bytes: floor.bytes,
      microsecondsPerFile: (floor.seconds * 1e6) / floor.files, longestTaskMs: floor.longestTaskMs,
      detail: `${((floor.seconds * 1e6) / floor.files).toFixed(0)} µs per file; our folder run ${fixed(folderRow.seconds / floor.seconds)}x this`,
    });
    notes.push(`sentiment: NDJSON ${fixed(ndjson.seconds / nativeFileRow.seconds, 1)}x native in the page; folder ${fixed(folderRow.seconds / nativeDirRow.seconds, 1)}x native ` +
      `(one run; with the folder picker's hand-over of ${sentimentTweets.toLocaleString("en-US")} files ${wall.toFixed(0)} s in all). ` +
      "The page reads each file of the folder once, on its own thread with many reads in flight, and sends the bytes to the workers; each read is a round trip to Chromium's browser process, " +
      `so the folder's time is the browser's per-file cost, not the engine's: Chromium alone, reading the picked files' bytes and nothing else, took ${fixed(floorRow.seconds, 1)} s ` +
      `(${floorRow.microsecondsPerFile.toFixed(0)} µs per file; the fastest of the ways measured, see README), and the run ${fixed(folderRow.seconds / floorRow.seconds)}x that; longest page task during the run ${longestTaskMs} ms`);
    check("sentiment: NDJSON in the browser < 3 s", ndjson.seconds < 3, `${fixed(ndjson.seconds)} s`);
    check("sentiment: folder in the browser < 10 s", folderRow.seconds < 10, `${fixed(folderRow.seconds, 1)} s`);
  }

  if (recipes.includes("consolidation")) {
    const dir = generatedDir(`combine-folder-x${folderScale}`, ["raw_data"], "folder", "--scale", String(folderScale), "--seed", "1");
    const raw = join(dir, "raw_data");
    const files = readdirSync(raw, { recursive: true }).map((f) => join(raw, f)).filter((f) => statSync(f).isFile());
    const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
    inputs.consolidation = { dir: raw, files: files.length, bytes, scale: folderScale };
    const outDir = mkdtempSync(join(cache, "bench-combine-"));
    try {
      const { ours } = await alternate(() => JSON.parse(dropsight("combine", "--json", "--out", outDir, raw)));
      record(documentRow("consolidation", "native (dropsight combine)", ours, bytes));
      const rowsOut = ours[0].results.outputs.map((o) => o.rowsOut);

      const page = await openApp(app.browser, app.url);
      const combineState = () => page.getAttribute('[data-testid="combine"]', "data-state");
      await page.setInputFiles('[data-testid="folder-input"]', raw);
      await page.waitForFunction(() => ["planned", "error"].includes(document.querySelector('[data-testid="combine"]')?.dataset.state) &&
        document.body.dataset.state !== "running", null, { timeout: 300_000 });
      if ((await combineState()) !== "planned") throw new Error(`consolidation: no plan: ${await page.textContent('[data-testid="combine"]')}`);
      await page.selectOption('[data-testid="combine-save"]', "downloads");
      const { ours: done } = await alternate(async () => {
        const heap = await heapSampler(page);
        const t = performance.now();
        await page.click('[data-testid="combine-run"]');
        await page.waitForFunction(() => ["done", "error"].includes(document.querySelector('[data-testid="combine"]')?.dataset.state), null, { timeout: 600_000 });
        const seconds = (performance.now() - t) / 1000;
        const heapPeak = await heap.stop();
        if ((await combineState()) !== "done") throw new Error(`consolidation: ${await page.textContent('[data-testid="combine-status"]')}`);
        const outcome = await page.evaluate(() => window.dropsight.combine.at(-1));
        if (JSON.stringify(outcome.map((o) => o.target.rowsOut)) !== JSON.stringify(rowsOut) || !outcome.every((o) => o.verification.ok)) {
          throw new Error("consolidation: the page's outputs differ from the native command's or did not verify");
        }
        // The worker's wasm memory after its last output: it never shrinks, so the peak so far.
        return { seconds, heapPeak, wasmPeak: Math.max(...outcome.map((o) => o.peakMemory)) };
      });
      await page.close();
      record({ recipe: "consolidation", name: "browser, combine worker", workers: 1, seconds: median(done.map((r) => r.seconds)),
        mbPerSecond: bytes / 1e6 / median(done.map((r) => r.seconds)), peakWasmPerWorkerMiB: mib(median(done.map((r) => r.wasmPeak))),
        peakJsHeapMiB: mib(median(done.map((r) => r.heapPeak))), runs: done.map((r) => r.seconds),
        detail: "(click to verified, as downloads; wasm: the one combine worker's peak)" });
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  }

  if (recipes.includes("profile")) {
    const tag = activityRows % 1_000_000 === 0 ? `${activityRows / 1_000_000}m` : `${activityRows}`;
    const dir = generatedDir(`activity-${tag}`, ["interactions.csv", "metadata.csv"], "activity", "--rows", String(activityRows), "--seed", "1");
    const log = join(dir, "interactions.csv");
    const bytes = statSync(log).size;
    inputs.profile = { file: log, bytes, rows: activityRows };
    const { ours } = await alternate(() => JSON.parse(dropsight("analyze", "profile", "--json", log)));
    record(documentRow("profile", "native (dropsight analyze)", ours, bytes));
    const page = await openApp(app.browser, app.url, { workers: allWorkers });
    // The log is proposed as engagement and runs by itself: wait, then pick Profile.
    await pageRun(page, () => page.setInputFiles('[data-testid="file-input"]', log));
    await page.selectOption('[data-testid="recipe"]', "profile");
    const { ours: done } = await alternate(async () => {
      const run = await pageRun(page, () => page.click('[data-testid="run"]'));
      if (answersOf(run.doc) !== answersOf(ours[0])) throw new Error("profile: the page's answers differ from the native command's");
      return run;
    });
    await page.close();
    record(browserRow("profile", "browser, all workers", done, bytes));
  }

  if (recipes.includes("huge")) {
    // Made once, under a temporary name renamed when complete: an interrupted
    // generation is never taken for the file.
    const file = join(cache, `tweets-${hugeSize.toLowerCase()}.jsonl`);
    if (!existsSync(file)) {
      const free = Number(execFileSync("df", ["--output=avail", "-B1", cache]).toString().split("\n")[1]);
      const [, number, unit] = /^([\d.]+)\s*([kmg]?)b$/i.exec(hugeSize);
      const wanted = Number(number) * { "": 1, k: 1e3, m: 1e6, g: 1e9 }[unit.toLowerCase()];
      if (free < wanted + 5e9) throw new Error(`--huge: ${cache} has ${(free / 1e9).toFixed(1)} GB free; the ${hugeSize} file needs it and 5 GB to spare`);
      console.log(`huge: generating ${file} once (${hugeSize})`);
      dropsight("gen", "tweets", "--bytes", hugeSize, "--seed", "1", "-o", `${file}.partial`);
      renameSync(`${file}.partial`, file);
    }
    const bytes = statSync(file).size;
    inputs.huge = { file, bytes };
    const page = await openApp(app.browser, app.url, { workers: allWorkers });
    const run = await pageRun(page, () => page.setInputFiles('[data-testid="file-input"]', file), 3_600_000);
    await page.close();
    const row = record(browserRow("huge", `tweets ${hugeSize} browser, all wk, 1 run`, [run], bytes));
    // Wasm memory only grows, so each task's figure (taken at its end) is that
    // worker's peak so far: the series per worker shows whether it stays flat.
    const byWorker = {};
    for (const t of run.doc.metrics.tasks ?? []) (byWorker[t.worker] ??= []).push(t.peakMemory);
    row.wasmPerWorkerOverRun = Object.fromEntries(Object.entries(byWorker).map(([w, xs]) => [w, { tasks: xs.length, firstMiB: mib(xs[0]), lastMiB: mib(xs.at(-1)), peakMiB: mib(Math.max(...xs)) }]));
    for (const [w, s] of Object.entries(row.wasmPerWorkerOverRun)) {
      notes.push(`huge: worker ${w}: ${s.tasks} ranges, wasm memory ${fixed(s.firstMiB, 1)} MiB after its first, ${fixed(s.lastMiB, 1)} MiB after its last (peak ${fixed(s.peakMiB, 1)} MiB)`);
    }
    check("huge: wasm memory per worker flat (last range = first) and <= 64 MiB",
      Object.values(row.wasmPerWorkerOverRun).every((s) => s.lastMiB === s.firstMiB && s.peakMiB <= 64), `${fixed(row.peakWasmPerWorkerMiB, 1)} MiB peak`);
  }
} finally {
  await app.close();
}

console.log("\nwk: workers. wasm/wk: peak wasm memory per worker (the largest of any worker, median over runs); process: the native command's peak;");
console.log("JS heap: the page's main thread, CDP Performance.getMetrics JSHeapUsedSize sampled every 100 ms (workers' heaps not included).");
console.log("Browser seconds: the page's own timing, first range handed out to the merged document (engine start-up not included).");
for (const n of notes) console.log(n);
console.log("\ntargets (figures on a shared machine are noisy):");
for (const c of checks) console.log(`  ${c.ok ? "within" : "OVER  "}  ${c.name}: ${c.detail}`);

Object.assign(out, {
  inputs,
  go: execFileSync("go", ["version"]).toString().trim(),
  // Debian's chromium wrapper script complains on stderr about its own tests: not ours to show.
  chromium: execFileSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", ["--version"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim(),
  duckdb: { native: duckInfo },
  rows,
  checks,
  notes,
  totalSeconds: (Date.now() - started.getTime()) / 1000,
});
const dir = join(cache, "bench");
mkdirSync(dir, { recursive: true });
const path = join(dir, `bench-${started.toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(path, JSON.stringify(out, null, 2) + "\n");
console.log(`\nwrote ${path} (${(out.totalSeconds / 60).toFixed(1)} min in all)`);
