// Writes .br and .gz copies of the large static files so the server can send
// them compressed without compressing on every request.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const root = process.argv[2];
const worth = /\.(wasm|js|css|html|svg|json|jsonl|csv)$/;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (worth.test(name) && statSync(path).size > 1024) {
      const data = readFileSync(path);
      writeFileSync(path + ".br", brotliCompressSync(data, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
      }));
      writeFileSync(path + ".gz", gzipSync(data, { level: 9 }));
    }
  }
}
walk(root);
const [build] = readdirSync(join(root, "engine"));
const wasm = join(root, "engine", build, "engine.wasm");
console.log(`build: engine/${build}/engine.wasm ${(statSync(wasm).size / 1e6).toFixed(1)} MB, brotli ${(statSync(wasm + ".br").size / 1e6).toFixed(1)} MB`);
