// Starts the real share service Worker with `wrangler dev` (wrangler 4.86.0
// from node_modules, workerd from npm; offline) for tests: on free ports, with
// its local R2 bucket in a directory of its own, killed as a process group.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dirname, "..");
export const config = join(root, "wasm/share/wrangler.jsonc");

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Starts `wrangler dev`; resolves to { url, state, log, startMs, close }
 *  once GET / answers (state: the directory of its local R2 bucket), or
 *  rejects after timeoutMs with wrangler's output. wranglerConfig: another
 *  config than wasm/share/wrangler.jsonc; assets: a directory to serve
 *  instead of its assets (wrangler restarts the Worker, failing requests in
 *  flight, whenever the Worker's build or its assets change). */
export async function startWrangler({ timeoutMs = 90_000, persistTo, wranglerConfig = config, assets } = {}) {
  const [port, inspector] = [await freePort(), await freePort()];
  // A fresh clone has no .cache yet.
  mkdirSync(join(root, ".cache"), { recursive: true });
  const state = persistTo ?? mkdtempSync(join(root, ".cache", "wrangler-test-"));
  const started = performance.now();
  const child = spawn(process.execPath, [
    join(root, "node_modules/wrangler/bin/wrangler.js"), "dev",
    "--config", wranglerConfig, "--ip", "127.0.0.1", "--port", String(port),
    "--inspector-port", String(inspector), "--persist-to", state,
    "--show-interactive-dev-session=false", "--log-level", "warn",
    ...(assets ? ["--assets", assets] : []),
  ], {
    cwd: root,
    // Its own process group, so close() ends workerd with it.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CI: "1", NO_COLOR: "1" },
  });
  let log = "";
  child.stdout.on("data", (d) => { log += d; });
  child.stderr.on("data", (d) => { log += d; });
  let exited = null;
  child.on("exit", (code, signal) => { exited = { code, signal }; });

  const close = async () => {
    if (exited === null) {
      try { process.kill(-child.pid, "SIGTERM"); } catch { /* gone */ }
      const end = Date.now() + 5000;
      while (exited === null && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      if (exited === null) try { process.kill(-child.pid, "SIGKILL"); } catch { /* gone */ }
    }
    if (!persistTo) rmSync(state, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) {
      await close();
      throw new Error(`wrangler dev exited (${JSON.stringify(exited)}):\n${log}`);
    }
    if (Date.now() > deadline) {
      await close();
      throw new Error(`wrangler dev did not answer within ${timeoutMs} ms:\n${log}`);
    }
    try {
      const res = await fetch(url + "/", { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, state, startMs: performance.now() - started, log: () => log, close };
}
