// The contract between the page, its Web Workers and the Go wasm engine.
// The page knows nothing of analytics beyond these shapes: every number it
// shows comes from a ResultDocument produced by the engine's merge.

/** What the Go engine (wasm/engine) installs on the worker's globalThis. */
// Calls that return JSON answer {"error": "..."} instead when they fail.
export interface Engine {
  version: string;
  /** Detects format, compression and record shape from the first bytes of a file.
   *  For a gzip file it answers gzip=true with format "unknown": call it again with
   *  the decompressed head and gzip=true. */
  sniff(head: Uint8Array, name: string, gzip?: boolean): string; // JSON of Sniff
  /** Starts one range task; returns JSON {"handle": number, "readFrom": number}. */
  begin(task: string): string; // task: JSON of Task
  /** Hands the next bytes of the range (read sequentially from readFrom). Returns
   *  true while the task wants more bytes, false once the range is complete. */
  feed(handle: number, chunk: Uint8Array): boolean;
  /** Ends the task (at end of input, or early) and returns JSON of Partial.
   *  failure, when given, says why the input could not be read to its end (a
   *  truncated gzip stream): it becomes a reject after the last good record. */
  end(handle: number, failure?: string): string;
  /** Merges partial states in one place: mergeBegin takes the MergeRequest
   *  without its partials and returns JSON {"handle": number}; mergeAdd takes one
   *  partial (JSON of Partial) at a time and answers "{}"; mergeEnd returns JSON
   *  of the ResultDocument. One partial at a time keeps the engine's memory,
   *  which never shrinks, small. */
  mergeBegin(request: string): string;
  mergeAdd(handle: number, partial: string): string;
  mergeEnd(handle: number): string;
  /** Optional (added by web/): records counted so far by a running task, for the
   *  progress line. The worker works without it (records then appear per task). */
  progress?(handle: number): number;
}

export type Format = "ndjson" | "json-array" | "unknown";

export interface Sniff {
  name: string;
  format: Format;
  gzip: boolean;
  /** Short human description, e.g. "NDJSON tweets (snscrape shape)". */
  shape: string;
  /** The field mapping detected for the tweets recipe; empty strings where nothing fits. */
  fields: TweetFields;
  /** Field paths seen in the sampled records, offered when the user picks fields. */
  keys: string[];
  /** Whether the file can be split into byte ranges for several workers. */
  splittable: boolean;
  message?: string;
}

/** Field paths: dots go into nested objects; for mentions, "array.field". */
export interface TweetFields {
  date: string;
  user: string;
  text: string;
  mentions: string;
}

export interface TweetParams {
  mentions: "auto" | "field" | "text";
  fields: TweetFields;
  /** IANA zone for timestamps that carry no offset; "UTC" by default. */
  timeZone: string;
}

export interface Task {
  recipe: "tweets";
  params: TweetParams;
  input: { index: number; name: string };
  /** Byte range of the (decompressed) input that this task owns: it processes the
   *  records that start in [start, end). end = -1 means "to the end of input". */
  range: { index: number; start: number; end: number };
  format: Format;
}

export interface Reject {
  input: string;
  line: number;
  reason: string;
  /** The start of the rejected line, cut to a readable length. */
  text?: string;
}

/** A recipe's state over one range; opaque to the page apart from these counts. */
export interface Partial {
  recipe: string;
  input: number;
  range: number;
  bytes: number;
  records: number;
  rejected: number;
  lines: number;
  state: unknown;
  rejects: Reject[];
}

export interface WorkerStats {
  worker: number;
  input: number;
  range: number;
  bytes: number;
  records: number;
  startMs: number;
  endMs: number;
  readMs: number;
  engineMs: number;
  peakMemory: number;
}

export interface MergeRequest {
  recipe: "tweets";
  params: TweetParams;
  inputs: { name: string; bytes: number; format: Format; gzip: boolean }[];
  partials: string[]; // JSON of Partial, in any order
  metrics: RunMetrics;
}

export interface RunMetrics {
  engine: "wasm" | "native";
  workers: number;
  seconds: number;
  bytesPerSecond?: number;
  peakMemoryBytes: number;
  tasks?: WorkerStats[];
}

export interface ResultDocument {
  recipe: "tweets";
  version: string;
  parameters: TweetParams;
  inputs: { name: string; bytes: number; records: number; rejected: number; format: Format; gzip: boolean }[];
  results: TweetResults;
  rejects: Reject[];
  rejectedTotal: number;
  metrics: RunMetrics & { records: number; rejected: number; bytes: number };
}

export interface TweetResults {
  records: number;
  days: number;
  topDates: { date: string; tweets: number; topUser: string; topUserTweets: number }[];
  tweetsPerDay: { date: string; tweets: number }[];
  topEmojis: { emoji: string; count: number }[];
  emojis: { total: number; distinct: number };
  topMentions: { username: string; count: number }[];
  mentions: { total: number; distinct: number; fromField: number; fromText: number };
}

// Messages between the page and a worker (web/src/worker.ts).
export type ToWorker =
  | { type: "init"; worker: number; wasmUrl: string }
  | { type: "sniff"; id: number; file: Blob; name: string }
  | { type: "run"; id: number; file: Blob; task: Task; gzip: boolean; chunkBytes: number }
  | { type: "merge"; id: number; request: MergeRequest };

export type FromWorker =
  | { type: "ready"; worker: number; version: string }
  | { type: "sniffed"; id: number; sniff: Sniff }
  | { type: "progress"; id: number; bytes: number; records: number }
  | { type: "done"; id: number; partial: string; stats: WorkerStats }
  | { type: "merged"; id: number; document: ResultDocument; json: string }
  | { type: "error"; id: number; message: string; fatal?: boolean };
// id 0 answers "init". fatal (added by web/) says the worker's engine cannot take
// more work (the Go program exited, e.g. out of memory): the pool replaces it.
