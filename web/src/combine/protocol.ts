// Consolidation in the page: the contract between the page, its combine
// worker (web/src/combine/worker.ts) and the Go engine's combine calls
// (wasm/engine/combine.go, core/combine).

/** What wasm/engine/combine.go installs on the worker's globalThis. Calls that
 *  return JSON answer {"error": "..."} when they fail; calls that return text
 *  answer "" or an error message. */
export interface CombineEngine {
  /** JSON of a CombinePlanRequest in, JSON of CombinePlan out. */
  combinePlan(request: string): string;
  /** One output: JSON of its CombineTarget and of CombineParams; JSON {"handle"}. */
  combineBegin(target: string, params: string): string;
  /** Starts file i of the output: "" or an error message. */
  combineFile(handle: number, i: number): string;
  /** The current file's next bytes (decompressed); the NDJSON they made, or null. */
  combineFeed(handle: number, chunk: Uint8Array): Uint8Array | null;
  /** The current file's stream broke: a reject after its last good record. */
  combineFail(handle: number, reason: string): string;
  /** Ends the current file: the NDJSON it made, null, or an error message. */
  combineEndFile(handle: number): Uint8Array | null | string;
  /** Ends the output: its summary (JSON of CombineWritten) and the last NDJSON bytes. */
  combineClose(handle: number): { json: string; tail: Uint8Array | null } | string;
  verifyBegin(): string;
  verifyFeed(handle: number, chunk: Uint8Array): string;
  /** JSON of CombineVerification. */
  verifyCheck(handle: number, rows: number): string;
}

/** core/combine.Params. */
export interface CombineParams {
  /** Column -> string | integer | number | boolean; a column name, or "output/column". */
  types: Record<string, string>;
  nulls: string[];
  emptyAsNull: boolean;
}

export interface CombineHead {
  path: string;
  bytes: number;
  gzip: boolean;
  /** Base64 of the file's first 64 KiB, decompressed. */
  data: string;
  atEOF: boolean;
}

export interface CombinePlanRequest {
  root: string;
  heads: CombineHead[];
  skipped: { path: string; reason: string }[];
  params: CombineParams;
}

export interface CombineSource {
  path: string;
  bytes: number;
  format: string;
  gzip: boolean;
  csv?: { delimiter: string; header: boolean; columns: string[] };
  message?: string;
  records: number;
  rows: number;
  empty: number;
  blankLines: number;
  rejected: number;
}

export interface CombineColumn {
  name: string;
  type: string;
  detected: string;
  override?: boolean;
  reason: string;
  csvFiles: number;
  jsonFiles: number;
  keptAsText: number;
}

export interface CombineVerification {
  ok: boolean;
  rows: number;
  message?: string;
}

export interface CombineTarget {
  name: string;
  file: string;
  files: CombineSource[];
  columns: CombineColumn[];
  rowsIn: number;
  rowsOut: number;
  empty: number;
  blankLines: number;
  rejected: number;
  bytesIn: number;
  ndjsonBytes: number;
  bytesOut: number;
  verification?: CombineVerification;
}

export interface CombinePlan {
  root: string;
  outputs: CombineTarget[];
  skipped: { path: string; reason: string }[];
}

export interface CombineReject {
  input: string;
  line: number;
  reason: string;
  text?: string;
}

/** What writing one output gave. */
export interface CombineWritten {
  target: CombineTarget;
  rejects: CombineReject[];
  rejectedTotal: number;
}

export type ToCombineWorker =
  | { type: "init"; wasmUrl: string }
  | { type: "plan"; id: number; request: string }
  /** Writes one output: its files in order; answers "chunk"s of gzip output, then "written". */
  | { type: "write"; id: number; target: string; params: string; files: Blob[] }
  /** Reads an output back (gzip) and counts its rows. */
  | { type: "verify"; id: number; blob: Blob; rows: number };

export type FromCombineWorker =
  | { type: "plan"; id: number; json: string }
  | { type: "chunk"; id: number; data: Uint8Array<ArrayBuffer> }
  | { type: "progress"; id: number; bytes: number }
  | { type: "written"; id: number; json: string; bytesOut: number }
  /** peakMemory: the worker's wasm memory after the output was written and read
   *  back, bytes (the memory never shrinks: its peak so far). */
  | { type: "verified"; id: number; json: string; peakMemory: number }
  | { type: "error"; id: number; message: string };
