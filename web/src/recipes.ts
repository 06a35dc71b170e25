// Which recipe fits the dropped files, what each file is for, and the
// engagement recipe's parameters. Pure functions: no DOM, no workers.
//
// The engine's sniff says what a file is (format, CSV dialect, keys, tweet
// fields, and for CSV the engagement role). Two things it does not say yet are
// mirrored here from core/activity/params.go: the role of an NDJSON file, and
// which column the engine would pick for each field when none is named. The
// page then sends the columns it shows explicitly, so what is shown is what runs.

import type { EngagementColumns, EngagementParams, InputRole, MetadataColumns, RecipeName, Sniff } from "./protocol";

export const RECIPES: { name: RecipeName; label: string; run: string }[] = [
  { name: "tweets", label: "Tweet insights (top days, emojis, mentions)", run: "Run tweet insights" },
  { name: "engagement", label: "Engagement (DAU/MAU, sessions, retention)", run: "Run engagement" },
];

export function recipeLabel(name: RecipeName): string {
  return RECIPES.find((r) => r.name === name)?.label ?? name;
}

export function runLabel(name: RecipeName): string {
  return RECIPES.find((r) => r.name === name)?.run ?? "Run";
}

/** What the page makes of a file: a tweets file, an interaction log, a user table, or unknown. */
export type Kind = "tweets" | InputRole | "unknown";

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
 *  a tweet shape wins over "metadata" (tweets have a user field too). */
export function kindOf(sniff: Sniff): Kind {
  const role = guessRole(sniff);
  if (role === "interactions") return "interactions";
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

/** The recipe the files suggest: any interaction log means engagement; else tweets. */
export function proposeRecipe(kinds: Kind[]): Proposal {
  const n = (k: Kind) => kinds.filter((x) => x === k).length;
  const logs = n("interactions");
  const tables = n("metadata");
  const tweets = n("tweets");
  if (logs > 0) {
    const meta = tables > 0 ? ` and ${tables === 1 ? "a user metadata table" : `${tables} user metadata tables`}` : "";
    return { recipe: "engagement", reason: `Found ${logs === 1 ? "an interaction log" : `${logs} interaction logs`}${meta}: engagement proposed.` };
  }
  if (tweets > 0) return { recipe: "tweets", reason: `Found ${tweets === 1 ? "a tweets file" : `${tweets} tweets files`}: tweet insights proposed.` };
  if (tables > 0) {
    return { recipe: "engagement", reason: "Found a user metadata table but no interaction log: add a log, or mark a file as interactions." };
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
