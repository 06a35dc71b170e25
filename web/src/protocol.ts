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
  /** Starts one range task; returns JSON {"handle": number, "readFrom": number,
   *  "tables": boolean}: tables says the recipe writes row tables (the sentiment
   *  pipeline's bronze, silver, gold), to be taken with takeRows. */
  begin(task: string): string; // task: JSON of Task
  /** Hands the next bytes of the range (read sequentially from readFrom). Returns
   *  true while the task wants more bytes, false once the range is complete. */
  feed(handle: number, chunk: Uint8Array): boolean;
  /** Ends the task (at end of input, or early) and returns JSON of Partial, its
   *  state the last field (so its counts can be read without parsing the state).
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
  /** JSON of the ResultDocument, or {"error", "unsplitInput": i} when the ranges of
   *  CSV input i do not join (a quoted line break crossed a cut): run it again as
   *  one range. request (JSON of the MergeRequest without partials), when given,
   *  replaces the run's inputs and metrics given to mergeBegin: a merge that began
   *  while ranges were still being read learns them only at its end. */
  mergeEnd(handle: number, request?: string): string;
  /** Optional (added by web/): records counted so far by a running task, for the
   *  progress line. The worker works without it (records then appear per task). */
  progress?(handle: number): number;

  // A folder's small files (format "object": each file is read whole, one JSON
  // value, or the NDJSON or array it holds). One task reads many files in turn.

  /** JSON of Sniff (format "object") for a folder of `files` files, from the heads
   *  (first bytes) of its first few files. */
  sniffFiles(name: string, files: number, ...heads: Uint8Array[]): string;
  /** Starts the next file of a folder task: the file before it ends (its record is
   *  counted now); name (the file's path in the dropped folder) names the records
   *  that follow in rejects and in bronze's source_file. Feed the file's bytes after
   *  it (any number of feed calls). Returns "" or an error message. */
  nextFile(handle: number, name: string): string;
  /** Many small files in one call: `data` holds them one after another, `sizes`
   *  their byte lengths as little-endian uint32s (a Uint32Array's bytes), `names`
   *  their paths joined by "\0". Same as nextFile + feed per file, with one
   *  crossing into Go instead of two per file. A file that starts with the gzip
   *  magic is decompressed. Returns "" or an error message. */
  feedFiles(handle: number, data: Uint8Array, sizes: Uint8Array, names: string): string;
  /** The current file could not be read to its end: a reject for it; the task goes on. */
  fail(handle: number, reason: string): string;
  /** The row batches made since the last call, as NDJSON bytes with their row
   *  count, or null when there are none. The engine hands a table's rows on in
   *  batches of about 1 MiB as they fill: call this after each feed (or feedFiles)
   *  so that batches do not pile up. After end (the last rows of every table) and
   *  after mergeEnd (the whole application table) it hands over the rest once.
   *  Bytes, not strings: the page keeps them as Blob parts without decoding them. */
  takeRows(handle: number): RowBatch[] | null;
  /** Test hook: the Go program panics outside any guard and exits, as a bug or Go's
   *  fatal "out of memory" would end it. Nothing answers: the worker is dead. */
  crash?(reason: string): void;
}

/** One table's rows from one takeRows call: NDJSON, one JSON object per line. */
export interface RowBatch {
  table: string;
  rows: number;
  data: Uint8Array<ArrayBuffer>;
}

/** "object": a folder's small files, each read whole (see Engine.sniffFiles). */
export type Format = "ndjson" | "json-array" | "csv" | "object" | "unknown";

/** The recipes the page runs. */
export type RecipeName = "tweets" | "engagement" | "sentiment" | "profile" | "evaluate";

/** What an input holds for a recipe that reads several kinds (engagement). */
export type InputRole = "interactions" | "metadata";

/** How a CSV file is written (core/delimited.Dialect). Later ranges never see
 *  the header row, so every task of the file carries it. */
export interface CsvDialect {
  /** One of "," ";" "\t" "|". */
  delimiter: string;
  header: boolean;
  /** The header's names, or column1, column2, ... without a header row. */
  columns: string[];
}

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
  /** The dialect of a CSV input (keys are then its columns). */
  csv?: CsvDialect;
  /** The role the engagement recipe would give the input by its columns
   *  (set for CSV inputs by the engine; see recipes.ts for NDJSON). */
  role?: InputRole;
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

/** Column names of an interaction log (core/activity.Columns): CSV header
 *  names or top-level JSON keys. An empty name lets the engine detect it. */
export interface EngagementColumns {
  user_id: string;
  timestamp: string;
  action_type: string;
  page_id: string;
  duration_ms: string;
  app_version: string;
}

/** Column names of a user metadata table (core/activity.MetadataColumns);
 *  every other column is a breakdown dimension. */
export interface MetadataColumns {
  user_id: string;
  join_date: string;
  device_type: string;
}

/** core/activity.Params, with the same JSON names and units. */
export interface EngagementParams {
  /** IANA zone: reads timestamps without an offset, and cuts days, ISO weeks, months. */
  timeZone: string;
  /** A new session starts after a gap between event starts of more than this. */
  gapSeconds: number;
  /** An event is active when minActiveSeconds < duration < maxActiveSeconds. */
  minActiveSeconds: number;
  maxActiveSeconds: number;
  /** Share of users that are power users (0.01 = the top 1%). */
  powerShare: number;
  /** Robust z-score beyond which a day is an anomaly. */
  anomalyThreshold: number;
  retentionWeeks: number;
  topUsers: number;
  sessionTable: number;
  columns: EngagementColumns;
  metadataColumns: MetadataColumns;
}

/** core/pipeline.Fields: JSON field paths or CSV column names. Only text is
 *  required; prediction is another model's predictions, evaluated beside the
 *  built-in model (omitted when none). */
export interface SentimentFields {
  date: string;
  user: string;
  text: string;
  sentiment: string;
  prediction?: string;
}

/** core/pipeline.Params. */
export interface SentimentParams {
  fields: SentimentFields;
  /** Given label -> positive | negative | neutral (Sentiment140's 0/2/4 by default). */
  labels: Record<string, string>;
  /** Keep tweets without a mention in silver and gold, with an empty mention. */
  keepUnmentioned: boolean;
  timeZone: string;
  /** Bronze's processing_time: one instant for the whole run (RFC 3339, UTC). */
  processingTime: string;
}

/** core/profile.Params. */
export interface ProfileParams {
  /** Most frequent values listed per column (10). */
  top: number;
  /** Rows in the sample (20). */
  sample: number;
  /** Histogram bins (20). */
  bins: number;
  /** Distinct values counted exactly per column, past it a HyperLogLog estimate (10,000). */
  distinctLimit: number;
}
/** core/evaluation.Params: the columns of the given labels and of the predictions
 *  (CSV header names or JSON field paths), and the binary view's positive value. */
export interface EvaluateParams {
  label: string;
  prediction: string;
  positive?: string;
}
export type RecipeParams = TweetParams | EngagementParams | SentimentParams | ProfileParams | EvaluateParams;

interface TaskBase {
  input: { index: number; name: string };
  /** Byte range of the (decompressed) input that this task owns: it processes the
   *  records that start in [start, end). end = -1 means "to the end of input". */
  range: { index: number; start: number; end: number };
  format: Format;
  /** The dialect of a CSV input. */
  csv?: CsvDialect;
  /** Top-level keys of JSON records, for recipes that read columns by name. */
  columns?: string[];
  /** The input's role (engagement: "interactions" when absent, or "metadata"). */
  role?: InputRole;
  /** Bytes the range's recipe state may hold (core/budget); the engine's default
   *  (1 GiB per worker) when absent. A state that outgrows it fails the task with
   *  "memory budget exceeded: ...". */
  memoryLimit?: number;
}

export type Task =
  | (TaskBase & { recipe: "tweets"; params: TweetParams })
  | (TaskBase & { recipe: "engagement"; params: EngagementParams })
  | (TaskBase & { recipe: "sentiment"; params: SentimentParams })
  | (TaskBase & { recipe: "profile"; params: ProfileParams })
  | (TaskBase & { recipe: "evaluate"; params: EvaluateParams });

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
  /** Done by an earlier attempt of a resumed run: its times are that attempt's. */
  restored?: boolean;
}

export interface MergeInput {
  name: string;
  bytes: number;
  /** A folder's number of files (as the native command's document). */
  files?: number;
  format: Format;
  gzip: boolean;
  role?: InputRole;
}

export interface MergeRequest {
  recipe: RecipeName;
  params: RecipeParams;
  inputs: MergeInput[];
  partials: string[]; // JSON of Partial, in any order
  metrics: RunMetrics;
  /** Bytes the merged recipe state may hold (as Task.memoryLimit). */
  memoryLimit?: number;
}

/** A merge as the page asks a worker for it: it begins before its ranges are read,
 *  each partial comes in a "mergePartial" message as its range ends, and "mergeEnd"
 *  brings the run's final inputs and metrics (see Pool.startMerge). */
export type MergeHeader = Omit<MergeRequest, "partials">;

export interface RunMetrics {
  engine: "wasm" | "native";
  workers: number;
  seconds: number;
  bytesPerSecond?: number;
  peakMemoryBytes: number;
  tasks?: WorkerStats[];
  /** Where the run's time went (set by the engine's merge; renderMs by the page). */
  stages?: RunStages;
  /** Where and when the merge ran: the merging worker sets worker and startMs
   *  (epoch ms, the clock of WorkerStats.startMs), the merge sets endMs.
   *  worker -1: not a worker (the native command merges on its own thread). */
  merge?: { worker: number; startMs: number; endMs?: number };
}

/** core/result.Stages, in milliseconds. readMs and parseAggregateMs add up the
 *  tasks' readMs and engineMs (time summed over workers). */
export interface RunStages {
  readMs: number;
  parseAggregateMs: number;
  mergeMs: number;
  /** The page drawing the document's views; added by the page after drawing. */
  renderMs?: number;
}

export interface DocumentInput {
  name: string;
  bytes: number;
  records: number;
  rejected: number;
  lines?: number;
  format: Format;
  gzip: boolean;
  role?: InputRole;
}

interface DocumentBase {
  version: string;
  inputs: DocumentInput[];
  rejects: Reject[];
  rejectedTotal: number;
  metrics: RunMetrics & { records: number; rejected: number; bytes: number };
}

export interface TweetsDocument extends DocumentBase {
  recipe: "tweets";
  parameters: TweetParams;
  results: TweetResults;
}

export interface EngagementDocument extends DocumentBase {
  recipe: "engagement";
  parameters: EngagementParams;
  results: EngagementResults;
}

export interface SentimentDocument extends DocumentBase {
  recipe: "sentiment";
  parameters: SentimentParams;
  results: SentimentResults;
}

/** The result document: the same JSON the native command prints. */
export type ResultDocument = TweetsDocument | EngagementDocument | SentimentDocument | ProfileDocument | EvaluateDocument;
export interface EvaluateDocument extends DocumentBase {
  recipe: "evaluate";
  parameters: EvaluateParams;
  results: EvaluateResults;
}
/** The evaluate recipe's results (core/evaluation.Results): the report's names are
 *  those of the sentiment pipeline's Evaluation. */
export interface EvaluateResults extends Report {
  /** Records read, and those scored. */
  records: number;
  evaluated: number;
  /** Records not scored: missing either value; noLabel and noPrediction may both count one. */
  skipped: { records: number; noLabel: number; noPrediction: number };
  binary?: BinaryReport;
  error?: string;
}
export interface ProfileDocument extends DocumentBase {
  recipe: "profile";
  parameters: ProfileParams;
  results: ProfileResults;
}
// The profile's results (core/profile.Results).
export interface ProfileResults {
  rows: number;
  /** Fields past the first 1,000 columns, counted but not profiled. */
  droppedFields?: number;
  columns: ProfileColumn[];
  /** The first rows, each a JSON object. */
  sample: { columns: string[]; rows: Record<string, unknown>[] };
}
export interface ProfileBin {
  from: number;
  to: number;
  count: number;
}
export interface ProfileColumn {
  name: string;
  /** integer, number, boolean, date, string, object, array, mixed or empty. */
  type: string;
  present: number;
  missing: number;
  nulls: number;
  empties: number;
  kinds: { integer: number; number: number; boolean: number; date: number; string: number; object: number; array: number };
  distinct: { count: number; exact: boolean; stdError: number };
  top: { exact: boolean; maxError: number; values: { value: string; count: number }[] };
  numbers?: { min: number; max: number; histogram: { exact: boolean; bins: ProfileBin[] } };
  lengths?: { min: number; max: number; bins: ProfileBin[] };
  text?: { min: string; max: string };
  dates?: { min: string; max: string; bins: { from: string; to: string; count: number }[] };
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

// The sentiment pipeline's results (core/pipeline.Results, core/evaluate).

export interface Confusion {
  /** Row and column labels: rows = given, columns = predicted. */
  labels: string[];
  matrix: number[][];
  /** Row-normalised shares (0 for an empty row). */
  shares: number[][];
}

export interface ClassReport {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Average {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface BinaryReport {
  /** The labels counted as 1 (POS). */
  positive: string[];
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
  accuracy: number;
  confusion: Confusion;
}

/** scikit-learn's confusion_matrix and classification_report (core/evaluate.Report). */
export interface Report {
  confusion: Confusion;
  classes: ClassReport[];
  accuracy: number;
  macro: Average;
  weighted: Average;
}

export interface Evaluation extends Report {
  /** "model" (the built-in model) or the prediction field. */
  predictor: string;
  records: number;
  unlabelled: number;
  unpredicted?: number;
  binary: BinaryReport | null;
  error?: string;
}

export interface MentionRow {
  mention: string;
  negative: number;
  neutral: number;
  positive: number;
  total: number;
  min_timestamp: string | null;
  max_timestamp: string | null;
}

export interface SentimentDay {
  date: string;
  tweets: number;
  positive: number;
  negative: number;
  neutral: number;
  otherLabel: number;
  noLabel: number;
  predictedPOS: number;
  predictedNEG: number;
  predictedNEU: number;
}

export interface SentimentResults {
  records: number;
  tables: { bronze: number; silver: number; gold: number; application: number };
  evaluation: Evaluation;
  predictionEvaluation?: Evaluation;
  /** The application table's first 100 rows. */
  application: MentionRow[];
  exploration: {
    tweets: number;
    columns: { column: string; field: string; null: number; empty: number }[];
    invalidDates: number;
    givenLabels: { label: string; tweets: number }[];
    predictedLabels: { label: string; tweets: number }[];
    users: number;
    topUsers: { user: string; tweets: number }[];
    mentions: { withMention: number; withoutMention: number; rows: number; distinct: number };
    topPositiveMentions: { mention: string; count: number }[];
    topNegativeMentions: { mention: string; count: number }[];
    perDay: SentimentDay[];
    stages: { stage: string; seconds: number }[];
  };
}

// The engagement recipe's results (core/activity.Results): names and units as
// the engine writes them. Durations of sessions are in seconds, of events in ms.

export interface EngagementResults {
  events: number;
  activeEvents: number;
  /** Events with duration <= the active minimum. */
  shortEvents: number;
  /** Events with duration >= the active maximum. */
  longEvents: number;
  /** Distinct users with any event; activeUsers: with an active event. */
  users: number;
  activeUsers: number;
  firstDay: string;
  lastDay: string;
  days: number;
  timeZone: string;
  /** Which column each field was read from, per input. */
  columns: { input: number; role: InputRole; columns: Record<string, string> }[];
  dau: { day: string; users: number }[];
  wau: { week: string; start: string; users: number }[];
  mau: { month: string; users: number }[];
  stickiness: { mean: number; months: { month: string; avgDau: number; mau: number; stickiness: number }[] };
  eventsPerDay: { day: string; events: number; activeEvents: number }[];
  actions: { action: string; events: number; activeEvents: number }[];
  sessions: Sessions;
  powerUsers: PowerUsers;
  retention: { weeks: number; cohorts: Cohort[] };
  performance: Performance;
  anomalies: Anomalies;
  /** null without a metadata table. */
  metadata: MetadataSummary | null;
  breakdowns: Breakdown[];
  skew: Skew;
}

export interface UserSessions {
  user_id: string;
  total_sessions: number;
  /** Seconds. */
  avg_session_duration: number;
  actions: number;
  actions_per_session: number;
  active_events: number;
  interaction_seconds: number;
}

export interface HistogramBin {
  label: string;
  from: number;
  /** null for the last, open bin. */
  to: number | null;
  count: number;
}

export interface Distribution {
  count: number;
  mean: number;
  median: number;
  p90: number;
  max: number;
  histogram: HistogramBin[];
}

export interface Summary {
  mean: number;
  median: number;
  p90: number;
}

export interface Sessions {
  total: number;
  /** The topUsers users with the most sessions (ties: user_id order). */
  users: UserSessions[];
  /** Session durations in seconds. */
  duration: Distribution;
  /** Events per session. */
  actions: Distribution;
  perDay: { day: string; sessions: number }[];
  /** Sessions per user per active week. */
  frequency: Summary;
  /** The per-user session table: the first `limit` users by sessions; `users` counts all. */
  table: { limit: number; users: number; rows: UserSessions[] };
}

export interface PowerUser {
  user_id: string;
  interaction_seconds: number;
  events: number;
  active_events: number;
  capped_events: number;
  sessions: number;
}

export interface PowerUsers {
  share: number;
  count: number;
  minSeconds: number;
  timeShare: number;
  capSeconds: number;
  cappedEvents: number;
  cappedEventsOfPowerUsers: number;
  /** users lists at most this many. */
  limit: number;
  users: PowerUser[];
}

export interface Cohort {
  week: string;
  start: string;
  users: number;
  /** retained[k] users of the cohort are active k weeks later (retained[0] = users). */
  retained: number[];
  shares: number[];
}

export interface Quantiles {
  app_version?: string;
  device_type?: string;
  events: number;
  meanMs: number;
  p50: number;
  p95: number;
  p99: number;
}

export interface Performance {
  /** How the quantiles are computed, and their error. */
  method: string;
  byVersion: Quantiles[];
  byDevice: Quantiles[];
  deviceEffect: { measure: string; etaSquared: number; events: number; explanation: string } | null;
}

export interface Anomalies {
  threshold: number;
  method: string;
  events: { median: number; mad: number };
  dau: { median: number; mad: number };
  days: { day: string; metric: "events" | "dau"; value: number; z: number }[];
}

export interface MetadataSummary {
  rows: number;
  users: number;
  duplicateRows: number;
  conflictingRows: number;
  duplicatedUsers: number;
  matchedUsers: number;
  usersWithoutMetadata: number;
  matchedEvents: number;
  unmatchedEvents: number;
  unmatchedEventShare: number;
  dimensions: string[];
}

export interface BreakdownValue {
  value: string;
  metadataUsers: number;
  activeUsers: number;
  events: number;
  avgDau: number;
  dau: { day: string; users: number }[];
  mau: { month: string; users: number }[];
}

export interface Breakdown {
  dimension: string;
  column: string;
  values: BreakdownValue[];
}

export interface Skew {
  gini: number;
  topUsers: { user_id: string; events: number; share: number }[];
  top1PercentShare: number;
  top10PercentShare: number;
  eventsPerUser: Summary;
  maxEvents: number;
}

/**
 * A run of a folder task's files, read by the page (web/src/folderfeed.ts), in
 * the folder's order: data holds the files read, one after another, sizes
 * their lengths, names their paths in the folder. A file that could not be read
 * has its reason in unreadable (and no bytes). big, when set, is the file that
 * follows them, too big to read whole: the worker reads it in chunks. The
 * worker answers each part with a "progress" message; last ends the task.
 */
export interface FilesPart {
  data: ArrayBuffer;
  sizes: Uint32Array;
  names: string[];
  unreadable: { index: number; reason: string }[];
  big?: { file: Blob; name: string };
  last: boolean;
}

// Messages between the page and a worker (web/src/worker.ts).
export type ToWorker =
  | { type: "init"; worker: number; wasmUrl: string }
  | { type: "sniff"; id: number; file: Blob; name: string }
  | { type: "sniffFiles"; id: number; files: Blob[]; name: string; count: number }
  | { type: "run"; id: number; file: Blob; task: Task; gzip: boolean; chunkBytes: number }
  /** A folder task: the page reads its files and sends them in "files" parts. */
  | { type: "runFiles"; id: number; task: Task; chunkBytes: number }
  | { type: "files"; id: number; part: FilesPart }
  | { type: "merge"; id: number; request: MergeHeader }
  /** The merge's partials, one message each, then its end (see MergeHeader). */
  | { type: "mergePartial"; id: number; partial: string }
  | { type: "mergeEnd"; id: number; request: MergeHeader }
  /** Test hook (Pool.crashWorker): die as a bug would, in the engine or the script. */
  | { type: "crash"; how: "engine" | "script" };

export type FromWorker =
  | { type: "ready"; worker: number; version: string }
  | { type: "sniffed"; id: number; sniff: Sniff }
  /** parts: a folder task's parts taken so far (see FilesPart). */
  | { type: "progress"; id: number; bytes: number; records: number; parts?: number }
  /** Row-table batches of a running task (their data buffers are transferred). */
  | { type: "rows"; id: number; batches: RowBatch[] }
  | { type: "done"; id: number; partial: string; stats: WorkerStats }
  /** rows: the tables the merge makes (the sentiment pipeline's whole application table). */
  | { type: "merged"; id: number; document: ResultDocument; peakMemory?: number; rows?: RowBatch[] }
  | { type: "error"; id: number; message: string; fatal?: boolean; unsplitInput?: number };
// id 0 answers "init". fatal (added by web/) says the worker's engine cannot take
// more work (the Go program exited, e.g. out of memory): the pool replaces it.
// unsplitInput (a merge): the ranges of that CSV input do not join, because a
// quoted field with a line break crossed a cut; run it again as one range.
