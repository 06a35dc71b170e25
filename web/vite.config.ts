// Vite builds the page from web/ into web/dist; vitest reads the `test` section.
//
// The engine worker (src/worker.ts) is a *classic* worker: Go's wasm_exec.js is a
// classic script that defines globalThis.Go, and a classic worker loads it with
// importScripts() from public/, with no bundler step, eval or dynamic import.
// worker.ts has no import statements (types come in as import() types), so the
// "es" bundle Vite emits for it is a plain script, and so is what the dev server
// serves; a classic worker runs both.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

const root = decodeURIComponent(new URL(".", import.meta.url).pathname);

/** engine.wasm's path in the app: build/build.sh puts it and wasm_exec.js in
 *  public/engine/<hash of both>/, so their URL changes with their content and
 *  they can be cached as immutable (public/_headers). */
function engineWasmPath(mode: string): string {
  const dir = join(root, "public/engine");
  const builds = existsSync(dir) ? readdirSync(dir) : [];
  if (builds.length === 1) return `engine/${builds[0]}/engine.wasm`;
  // Unit tests never load the engine.
  if (mode === "test") return "engine/unbuilt/engine.wasm";
  throw new Error(`web/public/engine/ should hold one engine build, it holds ${builds.length}: run bash build/build.sh`);
}

export default defineConfig(({ command, mode }) => ({
  root,
  // Built: relative asset URLs, so the app works from any path it is served under.
  // Dev server: "/", because Vite injects importScripts(base + "@vite/env") into
  // classic workers and that must resolve from the worker's own URL.
  base: command === "build" ? "./" : "/",
  publicDir: "public",
  define: { ENGINE_WASM_PATH: JSON.stringify(engineWasmPath(mode)) },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // The Go wasm engine is served as a separate file from public/, never inlined.
    assetsInlineLimit: 0,
  },
  worker: {
    format: "es",
  },
  server: { port: 5173 },
  preview: { port: 5173 },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
}));
