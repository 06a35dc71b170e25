// A small static server for web/dist: precompressed files when the browser
// accepts them, the right types (application/wasm enables streaming
// compilation), and the caching web/public/_headers asks for (the file
// Cloudflare's asset server reads under `npm start`): immutable for the paths
// named after their content, revalidated (no-cache, ETag) for the rest.
//
//   node build/serve.mjs [--port 8787] [--root web/dist]
import { createServer } from "node:http";
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { createHash } from "node:crypto";

const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8", ".wasm": "application/wasm", ".json": "application/json",
  ".jsonl": "application/x-ndjson", ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon",
  ".gz": "application/gzip", ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
};

/** The rules of root/_headers, in the format of Cloudflare's asset server: a
 *  path (a trailing "*" matches any rest) on its own line, then its headers
 *  indented, "Name: value"; "#" starts a comment. */
export function headerRules(root) {
  const file = join(root, "_headers");
  if (!existsSync(file)) return [];
  const rules = [];
  for (const [i, line] of readFileSync(file, "utf8").split(/\r?\n/).entries()) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (!/^\s/.test(line)) {
      rules.push({ path: line.trim(), headers: {} });
      continue;
    }
    const header = /^\s+([^:\s]+):\s*(.*)$/.exec(line);
    if (!header || rules.length === 0) throw new Error(`${file}:${i + 1}: expected an indented "Name: value" under a path, got ${JSON.stringify(line)}`);
    rules.at(-1).headers[header[1].toLowerCase()] = header[2].trim();
  }
  return rules;
}

function ruleMatches(rule, path) {
  return rule.path.endsWith("*") ? path.startsWith(rule.path.slice(0, -1)) : path === rule.path;
}

/** mounts: more folders served under a path prefix, e.g. the bench serves
 *  DuckDB-WASM's files from node_modules under "/bench-only/duckdb/". */
export function serve({ root = "web/dist", port = 8787, host = "127.0.0.1", mounts = {} } = {}) {
  root = resolve(root);
  const folders = Object.entries(mounts).map(([prefix, dir]) => [prefix, resolve(dir)]);
  // Read once: a rebuild while the server runs keeps its rules (restart to change them).
  const rules = headerRules(root);
  const etags = new Map();
  const etag = (path) => {
    const st = statSync(path);
    const key = `${path}:${st.mtimeMs}:${st.size}`;
    if (!etags.has(key)) etags.set(key, '"' + createHash("sha1").update(readFileSync(path)).digest("hex").slice(0, 16) + '"');
    return etags.get(key);
  };
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const [prefix, base] = folders.find(([p]) => path.startsWith(p)) ?? ["/", root];
    const file = normalize(join(base, path.slice(prefix.length - 1)));
    // _headers is read, not served, as by Cloudflare's asset server.
    if (!file.startsWith(base + "/") || !existsSync(file) || !statSync(file).isFile() || file === join(root, "_headers")) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const headers = {
      "content-type": types[extname(file)] ?? "application/octet-stream",
      "x-content-type-options": "nosniff",
      "cache-control": "no-cache",
      vary: "accept-encoding",
    };
    for (const rule of rules) if (ruleMatches(rule, path)) Object.assign(headers, rule.headers);
    let body = file;
    const accept = req.headers["accept-encoding"] ?? "";
    for (const [enc, ext] of [["br", ".br"], ["gzip", ".gz"]]) {
      if (accept.includes(enc) && existsSync(file + ext) && extname(file) !== ".gz") {
        body = file + ext;
        headers["content-encoding"] = enc;
        break;
      }
    }
    headers.etag = etag(body);
    if (req.headers["if-none-match"] === headers.etag) {
      res.writeHead(304, headers).end();
      return;
    }
    headers["content-length"] = statSync(body).size;
    res.writeHead(200, headers);
    if (req.method === "HEAD") res.end();
    else createReadStream(body).pipe(res);
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : def;
  };
  const port = Number(arg("--port", process.env.PORT ?? 8787));
  const server = await serve({ root: arg("--root", "web/dist"), port });
  console.log(`Dropsight is at http://localhost:${server.address().port}/  (Ctrl-C stops it)`);
}
