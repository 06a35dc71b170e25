// The combine worker: one Go wasm engine that consolidates one output at a
// time (web/src/combine/view.ts). A classic worker with no import statements,
// for the same reasons as web/src/worker.ts (Go's wasm_exec.js is loaded with
// importScripts). Files are streamed (file.stream(), through
// DecompressionStream when gzip); the NDJSON the engine writes goes through
// CompressionStream and back to the page in chunks, so neither the inputs nor
// the output are ever held whole here.

type CombineEngine = import("./protocol").CombineEngine;
type ToCombineWorker = import("./protocol").ToCombineWorker;
type FromCombineWorker = import("./protocol").FromCombineWorker;

interface CombineGoRuntime {
  importObject: WebAssembly.Imports;
  run(instance: WebAssembly.Instance): Promise<void>;
}

interface CombineScope {
  postMessage(message: FromCombineWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToCombineWorker>) => void) | null;
  importScripts(...urls: string[]): void;
  Go?: new () => CombineGoRuntime;
  dropsightCombine?: CombineEngine;
}

const combineScope = globalThis as unknown as CombineScope;
let combineStarting: Promise<CombineEngine> | null = null;
let combineMemory: WebAssembly.Memory | null = null;

/** The engine's wasm linear memory: it never shrinks, so its size now is the
 *  worker's peak so far (as the analysis workers report it). */
function combinePeakMemory(): number {
  return combineMemory ? combineMemory.buffer.byteLength : 0;
}

function combineErrorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function startCombineEngine(wasmUrl: string): Promise<CombineEngine> {
  combineScope.importScripts(new URL("wasm_exec.js", wasmUrl).href);
  if (!combineScope.Go) throw new Error("wasm_exec.js did not define Go");
  const runtime = new combineScope.Go();
  const { instance } = await WebAssembly.instantiateStreaming(fetch(wasmUrl), runtime.importObject);
  combineMemory = instance.exports.mem as WebAssembly.Memory;
  void runtime.run(instance).catch(() => undefined);
  const deadline = Date.now() + 15_000;
  while (!combineScope.dropsightCombine) {
    if (Date.now() > deadline) throw new Error("the engine did not start (no globalThis.dropsightCombine)");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return combineScope.dropsightCombine;
}

function parsed<T>(json: string): T {
  const v = JSON.parse(json) as T & { error?: string };
  if (v && typeof v === "object" && typeof v.error === "string") throw new Error(v.error);
  return v;
}

async function isGzip(blob: Blob): Promise<boolean> {
  const b = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  return b.length === 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/** Reads a stream to its end, handing each chunk on; a broken stream rejects. */
async function eachChunk(stream: ReadableStream<Uint8Array>, take: (chunk: Uint8Array) => void): Promise<void> {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    if (value && value.byteLength) take(value);
  }
}

async function writeOutput(engine: CombineEngine, id: number, target: string, params: string, files: Blob[]): Promise<void> {
  const { handle } = parsed<{ handle: number }>(engine.combineBegin(target, params));
  const gzip = new CompressionStream("gzip");
  const writer = gzip.writable.getWriter();
  let bytesOut = 0;
  const drained = eachChunk(gzip.readable, (chunk) => {
    bytesOut += chunk.byteLength;
    const data = new Uint8Array(chunk);
    combineScope.postMessage({ type: "chunk", id, data }, [data.buffer]);
  });
  const put = async (ndjson: Uint8Array | null | string): Promise<void> => {
    if (typeof ndjson === "string") throw new Error(ndjson);
    // Awaiting the write holds the reading back while the compressor is behind.
    if (ndjson && ndjson.byteLength) await writer.write(ndjson as Uint8Array<ArrayBuffer>);
  };
  let read = 0;
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const problem = engine.combineFile(handle, i);
    if (problem) throw new Error(problem);
    const gz = await isGzip(file);
    const stream = gz ? file.stream().pipeThrough(new DecompressionStream("gzip")) : file.stream();
    const reader = stream.getReader();
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch (err) {
        const fail = engine.combineFail(handle, `gzip stream broken (${combineErrorText(err)}): the rest of the file could not be read`);
        if (fail) throw new Error(fail);
        break;
      }
      if (next.done) break;
      if (next.value?.byteLength) await put(engine.combineFeed(handle, next.value));
    }
    await put(engine.combineEndFile(handle));
    read += file.size;
    combineScope.postMessage({ type: "progress", id, bytes: read });
  }
  const closed = engine.combineClose(handle);
  if (typeof closed === "string") {
    parsed<object>(closed); // {"error": ...}
    throw new Error(closed);
  }
  parsed<object>(closed.json);
  await put(closed.tail);
  await writer.close();
  await drained;
  combineScope.postMessage({ type: "written", id, json: closed.json, bytesOut });
}

async function verifyOutput(engine: CombineEngine, id: number, blob: Blob, rows: number): Promise<void> {
  const { handle } = parsed<{ handle: number }>(engine.verifyBegin());
  try {
    await eachChunk(blob.stream().pipeThrough(new DecompressionStream("gzip")), (chunk) => {
      const problem = engine.verifyFeed(handle, chunk);
      if (problem) throw new Error(problem);
    });
  } catch (err) {
    engine.verifyCheck(handle, rows);
    const json = JSON.stringify({ ok: false, rows: 0, message: `the output could not be read back: ${combineErrorText(err)}` });
    combineScope.postMessage({ type: "verified", id, json, peakMemory: combinePeakMemory() });
    return;
  }
  combineScope.postMessage({ type: "verified", id, json: engine.verifyCheck(handle, rows), peakMemory: combinePeakMemory() });
}

combineScope.onmessage = (event: MessageEvent<ToCombineWorker>) => {
  const msg = event.data;
  if (msg.type === "init") {
    combineStarting = startCombineEngine(msg.wasmUrl);
    combineStarting.catch(() => undefined);
    return;
  }
  const id = msg.id;
  const work = async (): Promise<void> => {
    if (!combineStarting) throw new Error("the combine worker was not initialised");
    const engine = await combineStarting;
    if (msg.type === "plan") {
      const json = engine.combinePlan(msg.request);
      parsed<object>(json);
      combineScope.postMessage({ type: "plan", id, json });
    } else if (msg.type === "write") {
      await writeOutput(engine, id, msg.target, msg.params, msg.files);
    } else if (msg.type === "verify") {
      await verifyOutput(engine, id, msg.blob, msg.rows);
    }
  };
  work().catch((err: unknown) => combineScope.postMessage({ type: "error", id, message: combineErrorText(err) }));
};
