// One Go wasm engine per Web Worker.
//
// This is a classic worker (see vite.config.ts): Go's wasm_exec.js is a classic
// script that installs globalThis.Go, and importScripts() is how a classic worker
// loads it: same origin, no eval, no bundler involvement. Module workers have no
// importScripts, and fetch+eval is blocked by a strict CSP. The file therefore has
// no import statements at all (see below), so it stays a plain script both in
// Vite's dev server and in the production bundle.
//
// The worker never holds a whole file: plain files are read with
// file.slice(a, b).arrayBuffer() in chunks of chunkBytes (1-4 MiB); gzip files go
// through file.stream() -> DecompressionStream and are regrouped into chunkBytes
// buffers. A folder's small files are the exception: the page reads them and
// sends their bytes (see folderfeed.ts for why). Every failure goes back to the
// page as an "error" message that names the file; nothing is left as an
// unhandled rejection.

// Types only, written as import() types: an import statement, even `import type`,
// leaves `export {}` in Vite's dev transform, which a classic worker cannot run.
// (tsconfig's moduleDetection "force" still keeps this file's names out of the
// global scope for the type checker.)
type Engine = import("./protocol").Engine;
type FromWorker = import("./protocol").FromWorker;
type MergeHeader = import("./protocol").MergeHeader;
type ResultDocument = import("./protocol").ResultDocument;
type Sniff = import("./protocol").Sniff;
type FilesPart = import("./protocol").FilesPart;
type RowBatch = import("./protocol").RowBatch;
type Task = import("./protocol").Task;
type ToWorker = import("./protocol").ToWorker;
type WorkerStats = import("./protocol").WorkerStats;

interface GoRuntime {
  importObject: WebAssembly.Imports;
  exited: boolean;
  run(instance: WebAssembly.Instance): Promise<void>;
}

interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  importScripts(...urls: string[]): void;
  Go?: new () => GoRuntime;
  dropsightEngine?: Engine;
  fs?: { writeSync(fd: number, buf: Uint8Array): number };
}

const scope = globalThis as unknown as WorkerScope;

const SNIFF_BYTES = 64 * 1024;
const MIN_CHUNK = 1024 * 1024;
const MAX_CHUNK = 4 * 1024 * 1024;
const ENGINE_WAIT_MS = 15_000;
/** Chunks read ahead of the engine (each up to chunkBytes). */
const READ_AHEAD = 1;

let workerIndex = 0;
let engine: Engine | null = null;
let go: GoRuntime | null = null;
let starting: Promise<Engine> | null = null;
let wasmMemory: WebAssembly.Memory | null = null;
// The tail of what the Go program printed (panics and "fatal error: out of
// memory" go to stderr), so a dying engine can say why.
let goOutput = "";
// The first "panic: ..." or "fatal error: ..." line it printed: the goroutine dump
// that follows a panic would push it out of goOutput.
let goCause = "";

function post(message: FromWorker): void {
  scope.postMessage(message);
}

/** Posts the row-table batches the engine made so far (their buffers move, not copy). */
function postRows(id: number, eng: Engine, handle: number): void {
  const batches = takeBatches(eng, handle);
  if (batches.length) scope.postMessage({ type: "rows", id, batches }, batches.map((b) => b.data.buffer));
}

function takeBatches(eng: Engine, handle: number): RowBatch[] {
  const got: unknown = eng.takeRows(handle);
  if (!Array.isArray(got)) return [];
  return (got as RowBatch[]).map((b) => ({ table: String(b.table), rows: Number(b.rows), data: b.data }));
}

function now(): number {
  return performance.now();
}

function errorText(err: unknown): string {
  // Chromium's own words for it speak of permissions; what happened is almost
  // always that the file changed on disk after it was picked (as folderfeed.ts says).
  if (err instanceof Error && err.name === "NotReadableError") return CHANGED_FILE;
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

const CHANGED_FILE = "NotReadableError: the file changed on disk after it was picked, or can no longer be read; pick it again";

/** Thrown when the Go program has exited: the engine cannot take more work. */
class EngineStopped extends Error {}

function checkAlive(): void {
  if (go && go.exited) throw new EngineStopped(stoppedText());
}

/** Why the Go program exited, as far as its output tells. */
function stoppedText(): string {
  const tail = goCause || goOutput.trim().split("\n").slice(-3).join(" / ");
  return `the engine stopped${tail ? ` (${tail})` : " (out of memory?)"}`;
}

/** Parses an engine answer; the engine reports failures as {"error": "..."}. */
function parseAnswer<T>(json: unknown, what: string): T {
  checkAlive();
  if (typeof json !== "string") throw new Error(`the engine gave no answer to ${what}`);
  const value = JSON.parse(json) as T & { error?: unknown };
  if (value && typeof value === "object" && typeof value.error === "string" && value.error) {
    throw new Error(value.error);
  }
  return value;
}

/** The fields of a partial (JSON of Partial, or an error) other than its state,
 *  which the engine writes last (partialJSON in wasm/engine/main.go): parsing
 *  them alone spares a pass over the state's megabytes at the end of every range.
 *  A quote inside a JSON string is escaped, so the first ',"state":' is the key. */
function partialCounts<T>(partial: unknown): T {
  const at = typeof partial === "string" ? partial.indexOf(',"state":') : -1;
  return parseAnswer<T>(at > 0 ? `${(partial as string).slice(0, at)}}` : partial, "end");
}

async function startEngine(wasmUrl: string): Promise<Engine> {
  const execUrl = new URL("wasm_exec.js", wasmUrl).href;
  try {
    scope.importScripts(execUrl);
  } catch (err) {
    throw new Error(`could not load ${execUrl}: ${errorText(err)}`);
  }
  if (!scope.Go) throw new Error(`${execUrl} did not define Go`);
  // Keep what Go writes to stdout/stderr (wasm_exec.js routes it through fs.writeSync).
  const fs = scope.fs;
  if (fs) {
    const write = fs.writeSync.bind(fs);
    const decoder = new TextDecoder();
    fs.writeSync = (fd: number, buf: Uint8Array) => {
      goOutput = (goOutput + decoder.decode(buf)).slice(-2000);
      // Go prints a panic's words in several writes: wait for the whole line.
      if (!goCause) goCause = /(?:^|\n)((?:panic|fatal error): [^\n]+)\n/.exec(goOutput)?.[1] ?? "";
      return write(fd, buf);
    };
  }
  const runtime = new scope.Go();
  go = runtime;
  const response = await fetch(wasmUrl);
  if (!response.ok) throw new Error(`could not load ${wasmUrl}: HTTP ${response.status}`);
  let instance: WebAssembly.Instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(response, runtime.importObject));
  } catch (err) {
    throw new Error(`could not compile ${wasmUrl}: ${errorText(err)}`);
  }
  wasmMemory = instance.exports.mem as WebAssembly.Memory;
  // The Go main installs the engine and then blocks forever: never await run().
  runtime.run(instance).then(
    () => {
      // The Go main never returns: the program exited (a panic, out of memory). Tell
      // the page at once, busy or idle, so it fails the job and replaces this worker.
      if (engine) post({ type: "error", id: -1, message: stoppedText(), fatal: true });
    },
    (err: unknown) => {
      goOutput += `\n${errorText(err)}`;
    },
  );
  const deadline = now() + ENGINE_WAIT_MS;
  while (!scope.dropsightEngine) {
    checkAlive();
    if (now() > deadline) throw new Error("the engine did not start (no globalThis.dropsightEngine)");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return scope.dropsightEngine;
}

/** Size of the worker's wasm linear memory: what the browser has given the
 *  engine (it never shrinks), the figure the 64 MiB budget is about. */
function linearMemory(): number {
  return wasmMemory ? wasmMemory.buffer.byteLength : 0;
}

function ensureEngine(): Promise<Engine> {
  if (engine) return Promise.resolve(engine);
  if (!starting) throw new Error("the worker was not initialised");
  return starting;
}

// ---------- sniff ----------

async function readHead(file: Blob): Promise<Uint8Array> {
  try {
    return new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  } catch (err) {
    throw new Error(`cannot read the file (${errorText(err)})`);
  }
}

/** Reads up to `limit` decompressed bytes from the start of a gzip file. */
async function readGzipHead(file: Blob, limit: number): Promise<Uint8Array> {
  const reader = file.stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  const out = new Uint8Array(limit);
  let have = 0;
  try {
    while (have < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.byteLength, limit - have);
      out.set(value.subarray(0, take), have);
      have += take;
    }
  } catch (err) {
    // A small truncated file may fail before 64 KiB: sniff what came out, the run reports it.
    if (have === 0) throw err;
  } finally {
    reader.cancel().catch(() => {});
  }
  return out.subarray(0, have);
}

async function sniff(file: Blob, name: string): Promise<Sniff> {
  const eng = await ensureEngine();
  const head = await readHead(file);
  const first = parseAnswer<Sniff>(eng.sniff(head, name), "sniff");
  if (!first.gzip) return first;
  let inner: Uint8Array;
  try {
    inner = await readGzipHead(file, SNIFF_BYTES);
  } catch (err) {
    throw new Error(`cannot decompress (gzip data corrupt or truncated: ${errorText(err)})`);
  }
  const second = parseAnswer<Sniff>(eng.sniff(inner, name, true), "sniff");
  return { ...second, gzip: true };
}

// ---------- run ----------

interface Counters {
  readMs: number;
  engineMs: number;
  peakMemory: number;
  fileBytes: number;
  /** Why the input stopped early (a broken gzip stream), for end(handle, failure). */
  failure: string;
  /** The recipe writes row tables: post them after every feed. */
  tables: boolean;
  /** File bytes of a folder task's earlier files, added to progress. */
  before: number;
}

function clampChunk(bytes: number): number {
  if (!Number.isFinite(bytes) || bytes <= 0) return MAX_CHUNK;
  return Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.floor(bytes)));
}

function recordsSoFar(eng: Engine, handle: number): number {
  if (typeof eng.progress !== "function") return 0;
  const n = eng.progress(handle);
  return typeof n === "number" && Number.isFinite(n) ? n : 0;
}

/** Hands one chunk to the engine; returns whether the task wants more. */
function feed(eng: Engine, handle: number, chunk: Uint8Array, c: Counters): boolean {
  const t = now();
  const more: unknown = eng.feed(handle, chunk);
  c.engineMs += now() - t;
  checkAlive();
  if (typeof more === "string" && more) throw new Error(more);
  const memory = linearMemory();
  if (memory > c.peakMemory) c.peakMemory = memory;
  return more === true;
}

/**
 * Reads [from, end of file) in chunks, READ_AHEAD chunks ahead: the browser
 * reads the next slices while the engine works on this one. readMs counts only
 * the time spent waiting for bytes.
 */
async function readPlain(
  id: number,
  eng: Engine,
  handle: number,
  file: Blob,
  from: number,
  chunkBytes: number,
  c: Counters,
): Promise<void> {
  const size = file.size;
  const ahead: { pos: number; bytes: Promise<ArrayBuffer> }[] = [];
  let nextPos = Math.max(0, from);
  const fill = (): void => {
    while (ahead.length < READ_AHEAD && nextPos < size) {
      const bytes = file.slice(nextPos, Math.min(size, nextPos + chunkBytes)).arrayBuffer();
      // A read-ahead that is never awaited (the task ended) must not be an unhandled rejection.
      bytes.catch(() => {});
      ahead.push({ pos: nextPos, bytes });
      nextPos = Math.min(size, nextPos + chunkBytes);
    }
  };
  fill();
  while (ahead.length > 0) {
    const { pos, bytes } = ahead.shift()!;
    const t = now();
    let chunk: Uint8Array;
    try {
      chunk = new Uint8Array(await bytes);
    } catch (err) {
      throw new Error(`cannot read the file at byte ${pos} (${errorText(err)})`);
    }
    c.readMs += now() - t;
    if (chunk.byteLength === 0) break;
    fill();
    c.fileBytes = pos + chunk.byteLength - from;
    const more = feed(eng, handle, chunk, c);
    if (c.tables) postRows(id, eng, handle);
    post({ type: "progress", id, bytes: c.before + c.fileBytes, records: recordsSoFar(eng, handle) });
    if (!more) break;
  }
}

async function readGzip(
  id: number,
  eng: Engine,
  handle: number,
  file: Blob,
  skip: number,
  chunkBytes: number,
  c: Counters,
): Promise<void> {
  // Count the compressed bytes that enter the decompressor: progress is in file bytes.
  let compressed = 0;
  const counter = new TransformStream<Uint8Array, Uint8Array<ArrayBuffer>>({
    transform(chunk, controller) {
      compressed += chunk.byteLength;
      controller.enqueue(chunk as Uint8Array<ArrayBuffer>);
    },
  });
  const reader = file.stream().pipeThrough(counter).pipeThrough(new DecompressionStream("gzip")).getReader();
  const buffer = new Uint8Array(chunkBytes);
  let have = 0;
  let toSkip = Math.max(0, skip);
  let more = true;
  const flush = (): void => {
    if (have === 0) return;
    more = feed(eng, handle, buffer.subarray(0, have), c);
    have = 0;
    c.fileBytes = compressed;
    if (c.tables) postRows(id, eng, handle);
    post({ type: "progress", id, bytes: c.before + compressed, records: recordsSoFar(eng, handle) });
  };
  try {
    while (more) {
      const t = now();
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await reader.read();
      } catch (err) {
        // As in the native command: the records before the break count, the break
        // becomes a reject that names the file, and the run goes on.
        c.failure = `gzip stream broken (${errorText(err)}): the rest of the file could not be read`;
        break;
      }
      c.readMs += now() - t;
      if (step.done) break;
      let value = step.value;
      if (toSkip > 0) {
        const n = Math.min(toSkip, value.byteLength);
        toSkip -= n;
        value = value.subarray(n);
      }
      while (value.byteLength > 0 && more) {
        const take = Math.min(value.byteLength, chunkBytes - have);
        buffer.set(value.subarray(0, take), have);
        have += take;
        value = value.subarray(take);
        // feed() copies the bytes into Go before it returns, so the buffer is reused.
        if (have === chunkBytes) flush();
      }
    }
    if (more) flush();
    c.fileBytes = compressed;
  } finally {
    reader.cancel().catch(() => {});
  }
}

async function run(id: number, file: Blob, task: Task, gzip: boolean, chunkBytes: number): Promise<void> {
  const eng = await ensureEngine();
  const startMs = performance.timeOrigin + now();
  const c: Counters = { readMs: 0, engineMs: 0, peakMemory: linearMemory(), fileBytes: 0, failure: "", tables: false, before: 0 };
  const size = clampChunk(chunkBytes);
  let t = now();
  const begun = parseAnswer<{ handle: number; readFrom: number; tables?: boolean }>(eng.begin(JSON.stringify(task)), "begin");
  c.engineMs += now() - t;
  const handle = begun.handle;
  c.tables = begun.tables === true;
  let ended = false;
  try {
    if (gzip) await readGzip(id, eng, handle, file, begun.readFrom, size, c);
    else await readPlain(id, eng, handle, file, begun.readFrom, size, c);
    t = now();
    const partial = c.failure ? eng.end(handle, c.failure) : eng.end(handle);
    ended = true;
    c.engineMs += now() - t;
    checkAlive();
    if (typeof partial !== "string") throw new Error("the engine gave no answer to end");
    const counts = partialCounts<{ records?: number; bytes?: number }>(partial);
    // End counts the last record: its rows come after it.
    if (c.tables) postRows(id, eng, handle);
    c.peakMemory = Math.max(c.peakMemory, linearMemory());
    // The profile's bytes are the file bytes the task owns (its range, without the
    // read past its end to finish a record), so the tasks' bytes add up to the
    // file's; a gzip file is one task over all its (compressed) bytes.
    const owned = !gzip && typeof counts.bytes === "number" ? counts.bytes : c.fileBytes;
    post({ type: "done", id, partial, stats: taskStats(task, owned, counts.records, startMs, c) });
  } finally {
    if (!ended && !(go && go.exited)) {
      // Release the task's state; its answer no longer matters.
      try {
        eng.end(handle);
      } catch {
        /* the original error is the one to report */
      }
    }
  }
}

// ---------- a folder's files ----------

function failed(answer: unknown, what: string): void {
  checkAlive();
  if (typeof answer === "string" && answer) throw new Error(`${what}: ${answer}`);
}

async function isGzipFile(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  return head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The parts of running folder tasks, by task id, as they come from the page. */
const folderParts = new Map<number, { parts: FilesPart[]; wake: (() => void) | null }>();

function nextPart(id: number): Promise<FilesPart> {
  const q = folderParts.get(id)!;
  const part = q.parts.shift();
  if (part) return Promise.resolve(part);
  return new Promise((resolve) => {
    q.wake = () => {
      q.wake = null;
      resolve(q.parts.shift()!);
    };
  });
}

/** Hands a part's files to the engine: the runs of files read in one feedFiles
 *  call each; a file the page could not read is a reject that names it. */
function feedPart(eng: Engine, handle: number, part: FilesPart, c: Counters): void {
  const data = new Uint8Array(part.data);
  let from = 0;
  let at = 0;
  const feedRun = (to: number): void => {
    if (to <= from) return;
    let bytes = 0;
    for (let i = from; i < to; i++) bytes += part.sizes[i]!;
    const sizes = new Uint8Array(part.sizes.buffer, part.sizes.byteOffset + from * 4, (to - from) * 4);
    const t0 = now();
    const answer: unknown = eng.feedFiles(handle, data.subarray(at, at + bytes), sizes, part.names.slice(from, to).join("\0"));
    c.engineMs += now() - t0;
    failed(answer, "feedFiles");
    at += bytes;
  };
  for (const u of part.unreadable) {
    feedRun(u.index);
    const name = part.names[u.index] ?? "";
    failed(eng.nextFile(handle, name), name);
    failed(eng.fail(handle, u.reason), name);
    from = u.index + 1;
  }
  feedRun(part.names.length);
  c.peakMemory = Math.max(c.peakMemory, linearMemory());
}

/**
 * One task over many files of a folder, in turn. The page reads the files and
 * sends them in parts (web/src/folderfeed.ts: why the page reads them); each
 * part is handed to the engine, and a big file in it goes through the chunked
 * readers after nextFile. A progress message answers each part.
 */
async function runFiles(id: number, task: Task, chunkBytes: number): Promise<void> {
  const eng = await ensureEngine();
  const startMs = performance.timeOrigin + now();
  const c: Counters = { readMs: 0, engineMs: 0, peakMemory: linearMemory(), fileBytes: 0, failure: "", tables: false, before: 0 };
  const size = clampChunk(chunkBytes);
  let t = now();
  const begun = parseAnswer<{ handle: number; tables?: boolean }>(eng.begin(JSON.stringify(task)), "begin");
  c.engineMs += now() - t;
  const handle = begun.handle;
  c.tables = begun.tables === true;
  let ended = false;
  let done = 0; // file bytes of the files handed over
  let parts = 0;

  try {
    for (;;) {
      // Waiting for the page's reads.
      const t0 = now();
      const part = await nextPart(id);
      c.readMs += now() - t0;
      feedPart(eng, handle, part, c);
      done += part.data.byteLength;
      if (part.big) {
        // A big file: chunk by chunk, as a file of its own.
        const { file, name } = part.big;
        failed(eng.nextFile(handle, name), name);
        c.before = done;
        c.fileBytes = 0;
        c.failure = "";
        if (await isGzipFile(file)) await readGzip(id, eng, handle, file, 0, size, c);
        else await readPlain(id, eng, handle, file, 0, size, c);
        if (c.failure) failed(eng.fail(handle, c.failure), name);
        done += file.size;
      }
      parts++;
      if (c.tables) postRows(id, eng, handle);
      post({ type: "progress", id, bytes: done, records: recordsSoFar(eng, handle), parts });
      if (part.last) break;
    }
    t = now();
    const partial = eng.end(handle);
    ended = true;
    c.engineMs += now() - t;
    checkAlive();
    if (typeof partial !== "string") throw new Error("the engine gave no answer to end");
    const counts = partialCounts<{ records?: number }>(partial);
    if (c.tables) postRows(id, eng, handle);
    c.peakMemory = Math.max(c.peakMemory, linearMemory());
    post({ type: "done", id, partial, stats: taskStats(task, done, counts.records, startMs, c) });
  } finally {
    folderParts.delete(id);
    if (!ended && !(go && go.exited)) {
      try {
        eng.end(handle);
        eng.takeRows(handle);
      } catch {
        /* the original error is the one to report */
      }
    }
  }
}

/** Sniffs a folder's small files from the heads of its first files. */
async function sniffFiles(files: Blob[], name: string, count: number): Promise<Sniff> {
  const eng = await ensureEngine();
  const heads: Uint8Array[] = [];
  for (const f of files) {
    const head = await readHead(f);
    if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
      try {
        heads.push(await readGzipHead(f, SNIFF_BYTES));
      } catch {
        /* a broken member: the run reports it */
      }
    } else {
      heads.push(head);
    }
  }
  return parseAnswer<Sniff>(eng.sniffFiles(name, count, ...heads), "sniff");
}

/** The run-profile entry of a finished task. */
function taskStats(task: Task, bytes: number, records: unknown, startMs: number, c: Counters): WorkerStats {
  return {
    worker: workerIndex,
    input: task.input.index,
    range: task.range.index,
    bytes,
    records: typeof records === "number" ? records : 0,
    startMs,
    endMs: performance.timeOrigin + now(),
    readMs: Math.round(c.readMs * 10) / 10,
    engineMs: Math.round(c.engineMs * 10) / 10,
    peakMemory: c.peakMemory,
  };
}

// ---------- merge ----------

/** What a merge has been sent and not yet taken, by merge id: partials, then the
 *  header that ends it (see MergeHeader). */
interface MergeInbox {
  items: ({ partial: string } | { end: MergeHeader })[];
  wake: (() => void) | null;
}
const mergeInbox = new Map<number, MergeInbox>();

async function merge(id: number, header: MergeHeader, inbox: MergeInbox): Promise<void> {
  const eng = await ensureEngine();
  // The run profile's merge bar: this worker, from now; the engine adds its end.
  const span = { worker: workerIndex, startMs: performance.timeOrigin + now() };
  const withSpan = (h: MergeHeader): string => JSON.stringify({ ...h, metrics: { ...h.metrics, merge: span } });
  const { handle } = parseAnswer<{ handle: number }>(eng.mergeBegin(withSpan(header)), "merge");
  // Each partial is added as its range ends, while other ranges are still read.
  let end: string | undefined;
  while (end === undefined) {
    while (inbox.items.length === 0) await new Promise<void>((wake) => (inbox.wake = wake));
    inbox.wake = null;
    const item = inbox.items.shift()!;
    if ("partial" in item) parseAnswer<object>(eng.mergeAdd(handle, item.partial), "merge");
    else end = withSpan(item.end);
  }
  const json = eng.mergeEnd(handle, end);
  checkAlive();
  // A CSV input whose ranges do not join: the page reads it again as one range.
  const split = typeof json === "string" && json.length < 4096 ? (JSON.parse(json) as { error?: string; unsplitInput?: number }) : null;
  if (split && typeof split.unsplitInput === "number") {
    post({ type: "error", id, message: `merge: ${split.error ?? "ranges do not join"}`, unsplitInput: split.unsplitInput });
    return;
  }
  const document = parseAnswer<ResultDocument>(json, "merge");
  // The merge's own rows (the sentiment pipeline's whole application table).
  const rows = takeBatches(eng, handle);
  // The merging engine's memory: for engagement it holds every event at once.
  scope.postMessage(
    { type: "merged", id, document, peakMemory: linearMemory(), ...(rows.length ? { rows } : {}) },
    rows.map((b) => b.data.buffer),
  );
}

// ---------- dispatch ----------

function fail(id: number, err: unknown, name?: string): void {
  const fatal = err instanceof EngineStopped || Boolean(go && go.exited);
  if (fatal) {
    // The engine is dead: say why in its own words (not the call that found it
    // dead); the pool names the job and replaces the worker.
    try {
      checkAlive();
    } catch (stopped) {
      err = stopped;
    }
    post({ type: "error", id, message: errorText(err), fatal });
    return;
  }
  const text = errorText(err);
  post({ type: "error", id, message: name ? `${name}: ${text}` : text, fatal });
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  switch (msg.type) {
    case "init":
      workerIndex = msg.worker;
      starting = startEngine(msg.wasmUrl);
      starting.then(
        (eng) => {
          engine = eng;
          post({ type: "ready", worker: workerIndex, version: String(eng.version ?? "") });
        },
        (err: unknown) => fail(0, err, `worker ${workerIndex + 1}`),
      );
      break;
    case "sniff":
      sniff(msg.file, msg.name).then(
        (result) => post({ type: "sniffed", id: msg.id, sniff: result }),
        (err: unknown) => fail(msg.id, err, msg.name),
      );
      break;
    case "sniffFiles":
      sniffFiles(msg.files, msg.name, msg.count).then(
        (result) => post({ type: "sniffed", id: msg.id, sniff: result }),
        (err: unknown) => fail(msg.id, err, msg.name),
      );
      break;
    case "run":
      run(msg.id, msg.file, msg.task, msg.gzip, msg.chunkBytes).catch((err: unknown) =>
        fail(msg.id, err, msg.task.input.name),
      );
      break;
    case "runFiles":
      // The queue exists before the first part arrives (messages keep their order).
      folderParts.set(msg.id, { parts: [], wake: null });
      runFiles(msg.id, msg.task, msg.chunkBytes).catch((err: unknown) => {
        folderParts.delete(msg.id);
        fail(msg.id, err, msg.task.input.name);
      });
      break;
    case "files": {
      const q = folderParts.get(msg.id);
      if (q) {
        q.parts.push(msg.part);
        q.wake?.();
      }
      break;
    }
    case "merge": {
      // The inbox exists before the first partial arrives (messages keep their order).
      const inbox: MergeInbox = { items: [], wake: null };
      mergeInbox.set(msg.id, inbox);
      merge(msg.id, msg.request, inbox)
        .catch((err: unknown) => fail(msg.id, err, "merge"))
        .finally(() => mergeInbox.delete(msg.id));
      break;
    }
    case "mergePartial":
    case "mergeEnd": {
      const inbox = mergeInbox.get(msg.id);
      if (inbox) {
        inbox.items.push(msg.type === "mergePartial" ? { partial: msg.partial } : { end: msg.request });
        inbox.wake?.();
      }
      break;
    }
    case "crash":
      // Test hook (Pool.crashWorker). Whatever job runs finds out as a real crash
      // would: the engine's next call fails, or the page's onerror fires.
      if (msg.how === "engine") {
        try {
          engine?.crash?.("crash requested by the page (test hook)");
        } catch {
          /* the Go program has exited: the running job reports it */
        }
      } else {
        setTimeout(() => {
          throw new Error("crash requested by the page (test hook)");
        });
      }
      break;
  }
};
