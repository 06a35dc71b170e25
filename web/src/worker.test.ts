import { describe, expect, it } from "vitest";
import source from "./worker.ts?raw";

// worker.ts runs as a classic worker (it loads Go's wasm_exec.js with
// importScripts). Any import or export statement would make Vite's dev server
// serve it with module syntax that a classic worker cannot parse.
describe("worker.ts", () => {
  it("has no import or export statements", () => {
    expect(source).not.toMatch(/^\s*(import|export)\b[^(]/m);
  });

  it("never reads a whole file", () => {
    expect(source).not.toMatch(/\.text\(\)/);
    expect(source).not.toMatch(/\bfile\.arrayBuffer\(\)/);
  });
});
