// Shared set-up for the browser tests: the built app served on a free port,
// Debian's Chromium driven by playwright-core, the native command for
// reference answers, and generated inputs cached under .cache/.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { serve } from "../serve.mjs";

export const root = resolve(import.meta.dirname, "../..");
export const cache = join(root, ".cache");

export const chromiumArgs = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** Launches Debian's Chromium (CHROMIUM_PATH overrides) with the tests' flags;
 *  playwright gives every launch a fresh, empty profile directory. */
export function launchChromium() {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: chromiumArgs });
}

/** Starts the server and a browser; returns { url, browser, server, close }.
 *  mounts: more folders to serve (see build/serve.mjs). */
export async function start({ mounts } = {}) {
  const server = await serve({ root: join(root, "web/dist"), port: 0, mounts });
  const url = `http://127.0.0.1:${server.address().port}/`;
  let browser;
  try {
    browser = await launchChromium();
  } catch (err) {
    server.close();
    throw err;
  }
  return {
    url,
    browser,
    server,
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** engine.wasm's path in the built app, "engine/<hash>/engine.wasm": its folder
 *  is named after a hash of the engine and its wasm_exec.js (build/build.sh). */
export function engineWasmPath() {
  const builds = readdirSync(join(root, "web/dist/engine"));
  if (builds.length !== 1) throw new Error(`web/dist/engine should hold one engine build, it holds ${builds.join(", ") || "none"}`);
  return `engine/${builds[0]}/engine.wasm`;
}

/** Records the server's responses to paths ending with suffix, as the server
 *  writes them (its writeHead wrapped before its handler runs):
 *  { seen: [{ path, status, headers }], stop() }. */
export function recordResponses(server, suffix) {
  const seen = [];
  const listen = (req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (!path.endsWith(suffix)) return;
    const writeHead = res.writeHead;
    res.writeHead = function (status, headers) {
      seen.push({ path, status, headers: { ...headers } });
      return writeHead.apply(this, arguments);
    };
  };
  server.prependListener("request", listen);
  return { seen, stop: () => server.off("request", listen) };
}

let binary;
/** The native command, built once. */
export function dropsight(...args) {
  if (!binary) {
    binary = join(cache, "dropsight");
    mkdirSync(cache, { recursive: true });
    execFileSync("go", ["build", "-o", binary, "./core/cmd/dropsight"], { cwd: root, stdio: "inherit" });
  }
  return execFileSync(binary, args, { cwd: root, maxBuffer: 256 << 20 }).toString();
}

/** A generated file under .cache, made once per name. */
export function generated(name, ...genArgs) {
  const path = join(cache, name);
  if (!existsSync(path)) dropsight("gen", ...genArgs, "-o", path);
  return path;
}

/** A generated folder under .cache (e.g. `gen activity -o DIR`), made once: when
 *  any of the files it must hold is missing, the generator runs again. */
export function generatedDir(name, files, ...genArgs) {
  const dir = join(cache, name);
  if (!files.every((f) => existsSync(join(dir, f)))) dropsight("gen", ...genArgs, "-o", dir);
  return dir;
}

/** Opens the app and waits until the drop zone is ready. */
export async function openApp(browser, url, { workers } = {}) {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('[data-testid="file-input"]', { state: "attached" });
  if (workers) await page.selectOption('[data-testid="workers"]', String(workers));
  page.errors = errors;
  return page;
}

/** Waits for the page's run state to become one of states. */
export async function waitForState(page, states, timeout = 120_000) {
  await page.waitForFunction((s) => s.includes(document.body.dataset.state), states, { timeout });
  return page.evaluate(() => document.body.dataset.state);
}

/** The latest result document of the session. */
export function latestResult(page) {
  return page.evaluate(() => window.dropsight.results.at(-1));
}

/** Rows of a table by data-testid, as arrays of cell texts (header row skipped). */
export function tableRows(page, testid) {
  return page.$$eval(`[data-testid="${testid}"] tbody tr`, (rows) =>
    rows.map((r) => [...r.querySelectorAll("td,th")].map((c) => c.textContent.trim())));
}
