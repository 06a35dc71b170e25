// Which recipe fits the dropped files, what each file is for, and the
// engagement recipe's parameters. Pure functions: no DOM, no workers.
//
// The engine's sniff says what a file is (format, CSV dialect, keys, tweet
// fields, and for CSV the engagement role). Two things it does not say yet are
// mirrored here from core/activity/params.go: the role of an NDJSON file, and
// which column the engine would pick for each field when none is named. The
// page then sends the columns it shows explicitly, so what is shown is what runs.

import type { EngagementColumns, EngagementParams, EvaluateParams, InputRole, MetadataColumns, ProfileParams, RecipeName, SentimentFields, SentimentParams, Sniff } from "./protocol";

export const RECIPES: { name: RecipeName; label: string; run: string }[] = [
  { name: "tweets", label: "Tweet insights (top days, emojis, mentions)", run: "Run tweet insights" },
  { name: "engagement", label: "Engagement (DAU/MAU, sessions, retention)", run: "Run engagement" },
  { name: "sentiment", label: "Sentiment pipeline (bronze → gold tables, classifier evaluation)", run: "Run sentiment pipeline" },
  { name: "profile", label: "Profile (what is in each column of any table)", run: "Run profile" },
  { name: "evaluate", label: "Evaluate predictions (confusion matrix and report of a label and a prediction column)", run: "Run evaluation" },
];

/** The defaults of core/profile.Params. */
export const PROFILE_DEFAULTS: ProfileParams = { top: 10, sample: 20, bins: 20, distinctLimit: 10000 };

/** Whether the profile can read the file: any table (CSV, NDJSON, a JSON array, a folder of JSON files). */
export function profileReadable(sniff: Sniff): boolean {
  return sniff.format !== "unknown";
}

export function recipeLabel(name: RecipeName): string {
  return RECIPES.find((r) => r.name === name)?.label ?? name;
}

export function runLabel(name: RecipeName): string {
  return RECIPES.find((r) => r.name === name)?.run ?? "Run";
}

/** What the page makes of a file: a tweets file, labelled tweets (date, user, text
 *  and a sentiment label), a table of labels and predictions, an interaction log,
 *  a user table, or unknown. */
export type Kind = "tweets" | "labelled" | "predictions" | InputRole | "unknown";

/** A file's role in an engagement run; "none" leaves it out. */
export type RoleChoice = InputRole | "none";

// Candidate names, as in core/activity/params.go, compared without case, '_', '-' and spaces.
const CANDIDATES = {
  user_id: ["user_id", "userid", "user", "uid", "customer_id", "account_id", "member_id", "visitor_id", "client_id"],
  timestamp: ["timestamp", "ts", "time", "event_time", "event_timestamp", "datetime", "date_time", "occurred_at", "created_at", "date"],
  action_type: ["action_type", "action", "event_type", "event", "event_name", "type"],
  page_id: ["page_id", "page", "screen", "screen_id", "url", "path"],
  duration_ms: ["duration_ms", "duration", "dur_ms", "duration_millis", "time_spent_ms", "elapsed_ms"],
  app_version: ["app_version", "version", "client_version", "build"],
  join_date: ["join_date", "joined", "joined_at", "signup_date", "signup", "registration_date", "registered_at", "created_at"],
  device_type: ["device_type", "device", "platform"],
} as const;

export const INTERACTION_FIELDS: (keyof EngagementColumns)[] = ["user_id", "timestamp", "action_type", "page_id", "duration_ms", "app_version"];
export const REQUIRED_INTERACTION_FIELDS: (keyof EngagementColumns)[] = ["user_id", "timestamp", "duration_ms"];
export const METADATA_FIELDS: (keyof MetadataColumns)[] = ["user_id", "join_date", "device_type"];

function squash(s: string): string {
  return s.toLowerCase().replace(/[_\- ]/g, "");
}

/** The first column that matches a candidate (candidates in order), or "". */
export function findColumn(columns: string[], candidates: readonly string[]): string {
  for (const cand of candidates) {
    const want = squash(cand);
    const hit = columns.find((c) => squash(c) === want);
    if (hit !== undefined) return hit;
  }
  return "";
}

/** The columns a recipe can read from a file: a CSV's columns, or the top-level keys of JSON records. */
export function columnsOf(sniff: Sniff): string[] {
  if (sniff.format === "csv") return sniff.csv?.columns ?? sniff.keys;
  return sniff.keys.filter((k) => !k.includes("."));
}

/** As core/activity.GuessRole: a log has a timestamp and a duration; a table with a user column is metadata. */
export function guessRole(sniff: Sniff): InputRole | "" {
  if (sniff.role) return sniff.role;
  if (sniff.format === "unknown") return "";
  const cols = columnsOf(sniff);
  if (findColumn(cols, CANDIDATES.timestamp) && findColumn(cols, CANDIDATES.duration_ms)) return "interactions";
  if (findColumn(cols, CANDIDATES.user_id)) return "metadata";
  return "";
}

/** Whether sniffing chose every tweet field the tweets recipe needs, so a run needs no user choice. */
export function fullyDetected(sniff: Sniff): boolean {
  return sniff.format !== "unknown" && Boolean(sniff.fields.date && sniff.fields.user && sniff.fields.text);
}

/** What a sniffed file is. An interaction log wins over a tweet shape (it has a duration);
 *  labelled tweets (a text and a sentiment label) win over plain tweets; a tweet shape
 *  wins over "metadata" (tweets have a user field too). */
export function kindOf(sniff: Sniff): Kind {
  const role = guessRole(sniff);
  if (role === "interactions") return "interactions";
  if (sniff.format !== "unknown") {
    const f = detectSentimentFields(sniff);
    if (f.text && f.sentiment) return "labelled";
    const e = detectEvaluateColumns(columnsOf(sniff));
    if (e.label && e.prediction) return "predictions";
  }
  if (sniff.format !== "csv" && fullyDetected(sniff)) return "tweets";
  if (role === "metadata") return "metadata";
  return "unknown";
}

export function detectInteractionColumns(sniff: Sniff): EngagementColumns {
  const cols = columnsOf(sniff);
  const out = emptyInteractionColumns();
  for (const f of INTERACTION_FIELDS) out[f] = findColumn(cols, CANDIDATES[f]);
  return out;
}

export function detectMetadataColumns(sniff: Sniff): MetadataColumns {
  const cols = columnsOf(sniff);
  const user = findColumn(cols, CANDIDATES.user_id);
  const other = cols.filter((c) => c !== user);
  return { user_id: user, join_date: findColumn(other, CANDIDATES.join_date), device_type: findColumn(other, CANDIDATES.device_type) };
}

export function emptyInteractionColumns(): EngagementColumns {
  return { user_id: "", timestamp: "", action_type: "", page_id: "", duration_ms: "", app_version: "" };
}

export function emptyMetadataColumns(): MetadataColumns {
  return { user_id: "", join_date: "", device_type: "" };
}

/** The metadata columns that become breakdown dimensions (all but the user column;
 *  the engine turns the join date into join_year). */
export function dimensionsOf(sniff: Sniff, mapping: MetadataColumns): string[] {
  return columnsOf(sniff)
    .filter((c) => c !== mapping.user_id)
    .map((c) => (c === mapping.join_date ? `${c} (as join_year)` : c));
}

export interface Proposal {
  recipe: RecipeName;
  /** One sentence saying why, for the status line. */
  reason: string;
}

/** The recipe the files suggest: any interaction log means engagement; labelled
 *  tweets the sentiment pipeline; a table with a label and a prediction column
 *  the evaluation; tweets; when nothing fits and `readable` inputs
 *  can be read as tables, the profile; else tweets. */
export function proposeRecipe(kinds: Kind[], readable = 0): Proposal {
  const n = (k: Kind) => kinds.filter((x) => x === k).length;
  const logs = n("interactions");
  const tables = n("metadata");
  const tweets = n("tweets");
  const labelled = n("labelled");
  const predictions = n("predictions");
  if (logs > 0) {
    const meta = tables > 0 ? ` and ${tables === 1 ? "a user metadata table" : `${tables} user metadata tables`}` : "";
    return { recipe: "engagement", reason: `Found ${logs === 1 ? "an interaction log" : `${logs} interaction logs`}${meta}: engagement proposed.` };
  }
  if (labelled > 0) {
    return {
      recipe: "sentiment",
      reason: `Found labelled tweets (date, user, text and a sentiment label) in ${labelled === 1 ? "one input" : `${labelled} inputs`}: Sentiment pipeline proposed.`,
    };
  }
  if (predictions > 0) {
    return {
      recipe: "evaluate",
      reason: `Found a label and a prediction column in ${predictions === 1 ? "one table" : `${predictions} tables`}: Evaluate predictions proposed.`,
    };
  }
  if (tweets > 0) return { recipe: "tweets", reason: `Found ${tweets === 1 ? "a tweets file" : `${tweets} tweets files`}: tweet insights proposed.` };
  if (tables > 0) {
    return { recipe: "engagement", reason: "Found a user metadata table but no interaction log: add a log, or mark a file as interactions." };
  }
  if (readable > 0) {
    return { recipe: "profile", reason: `No recipe fits ${readable === 1 ? "the table" : `the ${readable} tables`}: Profile proposed (what is in each column).` };
  }
  return { recipe: "tweets", reason: "No known shape: pick the recipe and the fields below." };
}

/** The role a file gets in an engagement run when the user has not chosen one. */
export function defaultRole(kind: Kind): RoleChoice {
  return kind === "interactions" || kind === "metadata" ? kind : "none";
}

// ---------- parameters ----------

/** The engagement parameters as the page edits them (units shown on the page). */
export interface EngagementSettings {
  gapSeconds: number;
  minActiveSeconds: number;
  maxActiveSeconds: number;
  /** Percent of users (1 = the top 1%). */
  powerPercent: number;
  anomalyThreshold: number;
}

/** The defaults of core/activity.Params. */
export const ENGAGEMENT_DEFAULTS: EngagementSettings = {
  gapSeconds: 600,
  minActiveSeconds: 10,
  maxActiveSeconds: 14400,
  powerPercent: 1,
  anomalyThreshold: 3.5,
};

export const RETENTION_WEEKS = 26;
export const TOP_USERS = 20;
export const SESSION_TABLE = 1000;
/** The engine keeps durations below 2^32 ms. */
const MAX_ACTIVE_LIMIT = Math.floor((2 ** 32 - 1) / 1000);

/** Why the settings cannot run, or "" when they can (the engine checks them again). */
export function settingsProblem(s: EngagementSettings): string {
  const finite = (x: number) => Number.isFinite(x);
  if (!finite(s.gapSeconds) || s.gapSeconds <= 0) return "The session gap must be a positive number of seconds.";
  if (!finite(s.minActiveSeconds) || s.minActiveSeconds < 0) return "The active minimum must be 0 or more seconds.";
  if (!finite(s.maxActiveSeconds) || s.maxActiveSeconds <= s.minActiveSeconds) return "The active maximum must be more than the minimum.";
  if (s.maxActiveSeconds > MAX_ACTIVE_LIMIT) return `The active maximum must be at most ${MAX_ACTIVE_LIMIT} s.`;
  if (!finite(s.powerPercent) || s.powerPercent <= 0 || s.powerPercent > 100) return "The power-user share must be more than 0% and at most 100%.";
  if (!finite(s.anomalyThreshold) || s.anomalyThreshold <= 0) return "The anomaly threshold must be positive.";
  return "";
}

/** core/activity.Params for one input: the run's settings and that input's columns. */
export function engagementParams(
  s: EngagementSettings,
  timeZone: string,
  columns: EngagementColumns,
  metadataColumns: MetadataColumns,
): EngagementParams {
  return {
    timeZone,
    gapSeconds: s.gapSeconds,
    minActiveSeconds: s.minActiveSeconds,
    maxActiveSeconds: s.maxActiveSeconds,
    // 1% -> 0.01 without 0.010000000000000002.
    powerShare: Number((s.powerPercent / 100).toPrecision(12)),
    anomalyThreshold: s.anomalyThreshold,
    retentionWeeks: RETENTION_WEEKS,
    topUsers: TOP_USERS,
    sessionTable: SESSION_TABLE,
    columns: { ...columns },
    metadataColumns: { ...metadataColumns },
  };
}

/** "10 min", "4 h", "1 h 30 min", "45 s": a hint beside a number of seconds. */
export function humanSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "";
  if (seconds < 60) return `${seconds} s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round((seconds % 60) * 1000) / 1000;
  return [h ? `${h} h` : "", m ? `${m} min` : "", s ? `${s} s` : ""].filter(Boolean).join(" ");
}

// ---------- the sentiment pipeline ----------

// Candidate names, most likely first, as in core/pipeline/params.go; matched without case.
const SENTIMENT_CANDIDATES = {
  date: ["date", "created_at", "timestamp", "time", "datetime", "created"],
  user: ["user", "username", "user.username", "user.screen_name", "screen_name", "author", "handle", "user_name"],
  text: ["text", "content", "full_text", "tweet", "body", "message"],
  sentiment: ["sentiment", "label", "target", "polarity", "class", "sentiment_label"],
} as const;

/** Sentiment140's headerless CSV: target, ids, date, flag, user, text. */
const SENTIMENT140 = ["column1", "column2", "column3", "column4", "column5", "column6"];

export const SENTIMENT_FIELDS: (keyof SentimentFields)[] = ["date", "user", "text", "sentiment"];

export function emptySentimentFields(): SentimentFields {
  return { date: "", user: "", text: "", sentiment: "" };
}

/** The fields the sentiment pipeline can read: a CSV's columns, or every JSON key path. */
export function sentimentKeys(sniff: Sniff): string[] {
  return sniff.format === "csv" ? (sniff.csv?.columns ?? sniff.keys) : sniff.keys;
}

/** The date, user, text and sentiment fields, as core/pipeline.DetectFields picks them. */
export function detectSentimentFields(sniff: Sniff): SentimentFields {
  const keys = sentimentKeys(sniff);
  if (keys.length === SENTIMENT140.length && keys.every((k, i) => k === SENTIMENT140[i])) {
    return { date: "column3", user: "column5", text: "column6", sentiment: "column1" };
  }
  const find = (cands: readonly string[]): string => {
    for (const c of cands) {
      const hit = keys.find((k) => k.toLowerCase() === c);
      if (hit !== undefined) return hit;
    }
    return "";
  };
  return {
    date: find(SENTIMENT_CANDIDATES.date),
    user: find(SENTIMENT_CANDIDATES.user),
    text: find(SENTIMENT_CANDIDATES.text),
    sentiment: find(SENTIMENT_CANDIDATES.sentiment),
  };
}

/** The sentiment pipeline's run-wide settings as the page edits them. */
export interface SentimentSettings {
  /** "0=negative, 2=neutral, 4=positive": given label = class. */
  labels: string;
  keepUnmentioned: boolean;
  /** Another model's predictions to evaluate beside the built-in model ("" for none). */
  prediction: string;
}

export const DEFAULT_LABELS = "0=negative, 2=neutral, 4=positive";

export const SENTIMENT_DEFAULTS: SentimentSettings = { labels: DEFAULT_LABELS, keepUnmentioned: false, prediction: "" };

const CLASSES: Record<string, string> = {
  positive: "positive",
  pos: "positive",
  negative: "negative",
  neg: "negative",
  neutral: "neutral",
  neu: "neutral",
};

/** Parses "0=negative, 2=neutral, 4=positive" (commas or line breaks between pairs). */
export function parseLabels(text: string): { labels: Record<string, string>; problem: string } {
  const labels: Record<string, string> = {};
  for (const part of text.split(/[,\n]/)) {
    const pair = part.trim();
    if (!pair) continue;
    const eq = pair.lastIndexOf("=");
    if (eq <= 0) return { labels, problem: `“${pair}” is not label=class (for example 4=positive).` };
    const label = pair.slice(0, eq).trim();
    const cls = CLASSES[pair.slice(eq + 1).trim().toLowerCase()];
    if (!label) return { labels, problem: `“${pair}” has no label before “=”.` };
    if (!cls) return { labels, problem: `“${pair}”: map a label to positive, negative or neutral.` };
    labels[label] = cls;
  }
  return { labels, problem: "" };
}

/** core/pipeline.Params for one input: the run's settings and that input's fields. */
export function sentimentParams(s: SentimentSettings, timeZone: string, fields: SentimentFields, processingTime: string): SentimentParams {
  const f: SentimentFields = { date: fields.date, user: fields.user, text: fields.text, sentiment: fields.sentiment };
  if (s.prediction) f.prediction = s.prediction;
  return { fields: f, labels: parseLabels(s.labels).labels, keepUnmentioned: s.keepUnmentioned, timeZone, processingTime };
}

// ---------- evaluate predictions ----------

// Column names that suggest given labels and predictions, most likely first;
// compared without case, '_', '-' and spaces.
const EVALUATE_CANDIDATES = {
  label: ["label", "y_true", "true_label", "actual", "truth", "ground_truth", "gold", "target", "sentiment", "class", "expected", "y"],
  prediction: ["prediction", "predicted", "y_pred", "pred", "predicted_label", "prediction_label", "predicted_class", "predicted_sentiment", "output", "y_hat", "yhat"],
} as const;

/** The label and prediction columns the page picks by default ("" when none fits;
 *  never the same column twice). */
export function detectEvaluateColumns(columns: string[]): { label: string; prediction: string } {
  const prediction = findColumn(columns, EVALUATE_CANDIDATES.prediction);
  const label = findColumn(
    columns.filter((c) => c !== prediction),
    EVALUATE_CANDIDATES.label,
  );
  return { label, prediction };
}

/** The evaluate recipe's settings as the page edits them (core/evaluation.Params). */
export interface EvaluateSettings {
  label: string;
  prediction: string;
  /** The binary view's class 1 ("" for none). */
  positive: string;
}

/** Why the settings cannot run, or "" when they can (the engine checks them again). */
export function evaluateProblem(s: EvaluateSettings): string {
  if (!s.label) return "Pick the column of the given labels.";
  if (!s.prediction) return "Pick the column of the predictions.";
  if (s.label === s.prediction) return "Pick two different columns for the labels and the predictions.";
  return "";
}

/** core/evaluation.Params for the run. */
export function evaluateParams(s: EvaluateSettings): EvaluateParams {
  const positive = s.positive.trim();
  return { label: s.label, prediction: s.prediction, ...(positive ? { positive } : {}) };
}
