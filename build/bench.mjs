// The benchmark: the tweets recipe over a generated 400 MB file, natively and
// in headless Chromium with 1 worker and with all workers. Prints medians of
// RUNS runs after a warm-up and writes bench-results.json.
//
//   node build/bench.mjs [--size 400MB] [--runs 3]
import { execFileSync } from "node:child_process";
import { statSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { cache, dropsight, generated, latestResult, openApp, root, start, waitForState } from "./browser/harness.mjs";

const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const size = arg("--size", "400MB");
const runs = Number(arg("--runs", 3));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const MiB = 1 << 20;

const file = generated(`tweets-${size.toLowerCase()}.jsonl`, "tweets", "--bytes", size, "--seed", "1");
const bytes = statSync(file).size;
console.log(`input: ${file} (${(bytes / 1e6).toFixed(0)} MB), ${cpus().length} cores, median of ${runs} runs after a warm-up\n`);

const rows = [];
function record(name, docs) {
  const secs = docs.map((d) => d.metrics.seconds);
  const perWorker = docs.map((d) => Math.max(0, ...(d.metrics.tasks ?? []).map((t) => t.peakMemory)));
  const row = {
    name,
    workers: docs[0].metrics.workers,
    seconds: median(secs),
    mbPerSecond: bytes / 1e6 / median(secs),
    peakMemoryMiB: median(docs.map((d) => d.metrics.peakMemoryBytes)) / MiB,
    peakMemoryPerWorkerMiB: docs[0].metrics.engine === "wasm" ? median(perWorker) / MiB : null,
    runs: secs,
  };
  rows.push(row);
  console.log(`${name.padEnd(28)} ${String(row.workers).padStart(2)} workers  ${row.seconds.toFixed(2).padStart(6)} s  ` +
    `${row.mbPerSecond.toFixed(0).padStart(5)} MB/s  peak ${row.peakMemoryMiB.toFixed(1)} MiB` +
    (row.peakMemoryPerWorkerMiB != null ? ` (${row.peakMemoryPerWorkerMiB.toFixed(1)} MiB per worker)` : ""));
  return row;
}

// Native: the command on both cores.
const nativeRun = () => JSON.parse(dropsight("analyze", "tweets", "--json", file));
nativeRun();
const nativeDocs = Array.from({ length: runs }, nativeRun);
const nativeRow = record("native (dropsight analyze)", nativeDocs);
const answers = JSON.stringify(nativeDocs[0].results);

// Browser: the page, 1 worker and all workers.
const app = await start();
const browserRows = [];
try {
  for (const workers of [1, cpus().length]) {
    const page = await openApp(app.browser, app.url, { workers });
    const docs = [];
    for (let i = 0; i <= runs; i++) {
      const before = await page.evaluate(() => window.dropsight.results.length);
      if (i === 0) await page.setInputFiles('[data-testid="file-input"]', file);
      else await page.click('[data-testid="run"]');
      await page.waitForFunction((n) => window.dropsight.results.length > n && document.body.dataset.state === "done", before, { timeout: 600_000 });
      const doc = await latestResult(page);
      if (JSON.stringify(doc.results) !== answers) throw new Error("the page's answers differ from the native command's");
      if (i > 0) docs.push(doc);
    }
    browserRows.push(record(`browser, ${workers === 1 ? "1 worker" : "all workers"}`, docs));
    await page.close();
  }
} finally {
  await app.close();
}

const [one, all] = browserRows;
console.log(`\nall workers vs 1 worker: ${(one.seconds / all.seconds).toFixed(2)}x faster; ` +
  `native vs browser (all workers): ${(all.seconds / nativeRow.seconds).toFixed(2)}x`);
const out = {
  date: new Date().toISOString(), input: { file, bytes }, cores: cpus().length, runs,
  go: execFileSync("go", ["version"]).toString().trim(),
  chromium: execFileSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", ["--version"]).toString().trim(),
  rows,
};
writeFileSync(join(root, "bench-results.json"), JSON.stringify(out, null, 2) + "\n");
console.log(`wrote bench-results.json`);
void cache;
