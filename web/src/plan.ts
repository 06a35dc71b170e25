// Turns the dropped files and their sniff results into range tasks for the pool.
// Pure functions: no DOM, no workers.

import type { EngagementColumns, Format, MetadataColumns, RecipeName, SentimentFields, Sniff, Task, TweetFields, TweetParams } from "./protocol";
import {
  ENGAGEMENT_DEFAULTS,
  PROFILE_DEFAULTS,
  SENTIMENT_DEFAULTS,
  sentimentParams,
  type SentimentSettings,
  REQUIRED_INTERACTION_FIELDS,
  columnsOf,
  emptyInteractionColumns,
  emptyMetadataColumns,
  engagementParams,
  evaluateParams,
  type EngagementSettings,
  type EvaluateSettings,
  type RoleChoice,
} from "./recipes";

export const MiB = 1024 * 1024;
/** About one range per this many bytes of a splittable file. */
export const RANGE_BYTES = 32 * MiB;
/** Files above this size get at least 2 ranges per worker, so workers share a file. */
export const SHARE_ABOVE = 8 * MiB;
/** A folder's files are read in tasks of about this many bytes, or FOLDER_TASK_FILES
 *  files, whichever comes first: few partial states to merge (a task costs a
 *  partial, and its start a short wait for its first files), yet several tasks per
 *  worker, so that a skewed folder balances. Progress comes per part of a task
 *  (see folderfeed.ts), not per task. */
export const FOLDER_TASK_BYTES = 16 * MiB;
export const FOLDER_TASK_FILES = 5000;
/** A file of a folder is grouped with the folder's other small files up to this size. */
export const SMALL_FILE = MiB;

export interface PlanInput {
  name: string;
  size: number;
  sniff: Sniff;
  /** The field mapping to use (the sniffed one, or the user's pick). */
  fields: TweetFields;
  /** Engagement: the input's role, and its columns for that role. */
  role?: RoleChoice;
  columns?: EngagementColumns;
  metaColumns?: MetadataColumns;
  /** The sentiment pipeline's fields for this input. */
  sentimentFields?: SentimentFields;
  /** A folder of small files read whole (format "object"): the sizes of its files,
   *  in order; size is their sum. */
  memberSizes?: number[];
}

export interface PlanOptions {
  workers: number;
  /** "tweets" when absent. */
  recipe?: RecipeName;
  mentions: TweetParams["mentions"];
  timeZone: string;
  /** The engagement recipe's settings (its defaults when absent). */
  engagement?: EngagementSettings;
  /** The sentiment pipeline's settings (its defaults when absent), and the run's
   *  processing time (bronze's processing_time: one instant for every task). */
  sentiment?: SentimentSettings;
  processingTime?: string;
  /** The evaluate recipe's columns and positive class. */
  evaluate?: EvaluateSettings;
  /** Indexes of inputs to read as one range (a CSV whose ranges did not join). */
  unsplit?: ReadonlySet<number>;
}

export interface PlannedTask {
  /** Stable key "input:range". */
  key: string;
  task: Task;
  gzip: boolean;
  /** File bytes this task accounts for in the progress bar (its share of the file). */
  bytes: number;
  /** A folder task: the files [from, to) of the input's members. */
  files?: { from: number; to: number };
}

export interface Plan {
  tasks: PlannedTask[];
  /** File bytes over all runnable inputs (the progress bar's total). */
  totalBytes: number;
  /** Indexes (into the inputs given) of inputs that cannot run, with why. */
  skipped: { index: number; reason: string }[];
}

/** Why an input cannot be run with the recipe, or "" when it can. */
export function unrunnableReason(input: PlanInput, recipe: RecipeName = "tweets"): string {
  if (input.sniff.format === "unknown") {
    return input.sniff.message || (recipe === "tweets" ? "not NDJSON or a JSON array" : "not CSV, NDJSON or a JSON array");
  }
  if (recipe === "sentiment") {
    return input.sentimentFields?.text ? "" : "no text field chosen";
  }
  // The profile reads every column of any table; the evaluation the run's two columns of any table.
  if (recipe === "profile" || recipe === "evaluate") return "";
  if (recipe === "engagement") {
    if (input.memberSizes) return "a folder of small JSON files: engagement reads CSV or NDJSON logs";
    const role = input.role ?? "none";
    if (role === "none") return "not used: its role is “not used”";
    if (role === "metadata") return input.metaColumns?.user_id ? "" : "no user_id column chosen";
    const missing = REQUIRED_INTERACTION_FIELDS.filter((f) => !input.columns?.[f]);
    return missing.length ? `no ${missing.join(", ")} column chosen` : "";
  }
  if (input.sniff.format === "csv") return "a CSV file: tweet insights read NDJSON or JSON arrays";
  if (!input.fields.date) return "no date field chosen";
  return "";
}

/** Whether sniffing chose every tweet field, so a run needs no user choice. */
export { fullyDetected } from "./recipes";

/**
 * Cuts [0, size) into about one range per RANGE_BYTES, and into at least
 * 2*workers ranges when the file is over SHARE_ABOVE, so that every worker gets
 * a share and a skewed tail balances. Boundaries are plain byte offsets: the
 * engine aligns them to record starts. The last range ends at -1 ("to the end").
 */
export function splitRanges(size: number, workers: number): { start: number; end: number }[] {
  const w = Math.max(1, Math.floor(workers));
  let n = Math.ceil(size / RANGE_BYTES);
  if (size > SHARE_ABOVE) n = Math.max(n, 2 * w);
  n = Math.max(1, n);
  const ranges: { start: number; end: number }[] = [];
  for (let i = 0; i < n; i++) {
    const start = Math.floor((size * i) / n);
    const end = i === n - 1 ? -1 : Math.floor((size * (i + 1)) / n);
    ranges.push({ start, end });
  }
  return ranges;
}

/**
 * Cuts a folder's files into tasks of consecutive files: about FOLDER_TASK_BYTES
 * or FOLDER_TASK_FILES each, and at least 2 per worker (when there are enough
 * files) so that the workers share the folder. Returns [from, to) pairs.
 */
export function batchFiles(sizes: number[], workers: number): { from: number; to: number }[] {
  const n = sizes.length;
  if (n === 0) return [];
  const total = sizes.reduce((a, b) => a + b, 0);
  const w = Math.max(1, Math.floor(workers));
  const tasks = Math.min(n, Math.max(2 * w, Math.ceil(total / FOLDER_TASK_BYTES), Math.ceil(n / FOLDER_TASK_FILES)));
  // Each file weighs half by its bytes, half by being a file; cut at equal weights.
  const weight = (i: number): number => (total > 0 ? sizes[i]! / total / 2 : 0) + (total > 0 ? 1 / n / 2 : 1 / n);
  const out: { from: number; to: number }[] = [];
  let from = 0;
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += weight(i);
    const cut = (out.length + 1) / tasks;
    if (acc >= cut - 1e-12 && out.length < tasks - 1) {
      out.push({ from, to: i + 1 });
      from = i + 1;
    }
  }
  if (from < n) out.push({ from, to: n });
  return out;
}

/** The task of one range, without its range. */
type TaskOf = (range: Task["range"]) => Task;

function taskMaker(input: PlanInput, index: number, options: PlanOptions): TaskOf {
  const format: Format = input.sniff.format;
  const base = { input: { index, name: input.name }, format };
  if (options.recipe === "sentiment") {
    const params = sentimentParams(
      options.sentiment ?? SENTIMENT_DEFAULTS,
      options.timeZone,
      input.sentimentFields ?? { date: "", user: "", text: "", sentiment: "" },
      options.processingTime ?? new Date().toISOString(),
    );
    const described = format === "csv" && input.sniff.csv ? { csv: { ...input.sniff.csv, columns: [...input.sniff.csv.columns] } } : {};
    return (range) => ({ recipe: "sentiment", params, ...base, ...described, range });
  }
  if (options.recipe === "profile") {
    const params = { ...PROFILE_DEFAULTS };
    // As the native command: a CSV's dialect (later ranges never see its header), or the records' top-level keys.
    const described =
      format === "csv" && input.sniff.csv ? { csv: { ...input.sniff.csv, columns: [...input.sniff.csv.columns] } } : { columns: columnsOf(input.sniff) };
    return (range) => ({ recipe: "profile", params, ...base, ...described, range });
  }
  if (options.recipe === "evaluate") {
    const params = evaluateParams(options.evaluate ?? { label: "", prediction: "", positive: "" });
    // A CSV's dialect (later ranges never see its header); JSON records are read by field path.
    const described = format === "csv" && input.sniff.csv ? { csv: { ...input.sniff.csv, columns: [...input.sniff.csv.columns] } } : {};
    return (range) => ({ recipe: "evaluate", params, ...base, ...described, range });
  }
  if (options.recipe === "engagement") {
    const role = input.role === "metadata" ? "metadata" : "interactions";
    const params = engagementParams(
      options.engagement ?? ENGAGEMENT_DEFAULTS,
      options.timeZone,
      input.columns ?? emptyInteractionColumns(),
      input.metaColumns ?? emptyMetadataColumns(),
    );
    // Ranges after the first never see a CSV header: every task carries the dialect.
    const described =
      format === "csv" && input.sniff.csv ? { csv: { ...input.sniff.csv, columns: [...input.sniff.csv.columns] } } : { columns: columnsOf(input.sniff) };
    return (range) => ({ recipe: "engagement", params, role, ...base, ...described, range });
  }
  const params: TweetParams = { mentions: options.mentions, fields: { ...input.fields }, timeZone: options.timeZone };
  return (range) => ({ recipe: "tweets", params, ...base, range });
}

export function planRun(inputs: PlanInput[], options: PlanOptions): Plan {
  const recipe = options.recipe ?? "tweets";
  const tasks: PlannedTask[] = [];
  const skipped: Plan["skipped"] = [];
  let totalBytes = 0;
  inputs.forEach((input, index) => {
    const reason = unrunnableReason(input, recipe);
    if (reason) {
      skipped.push({ index, reason });
      return;
    }
    totalBytes += input.size;
    const format: Format = input.sniff.format;
    if (input.memberSizes) {
      const make = taskMaker(input, index, { ...options, recipe });
      batchFiles(input.memberSizes, options.workers).forEach((b, batch) => {
        let bytes = 0;
        for (let i = b.from; i < b.to; i++) bytes += input.memberSizes![i]!;
        tasks.push({ key: `${index}:${batch}`, gzip: false, bytes, files: b, task: make({ index: batch, start: 0, end: -1 }) });
      });
      return;
    }
    const splittable =
      (format === "ndjson" || format === "csv") && input.sniff.splittable && !input.sniff.gzip && !options.unsplit?.has(index);
    const ranges = splittable ? splitRanges(input.size, options.workers) : [{ start: 0, end: -1 }];
    const make = taskMaker(input, index, { ...options, recipe });
    ranges.forEach((r, rangeIndex) => {
      const end = r.end < 0 ? input.size : r.end;
      tasks.push({
        key: `${index}:${rangeIndex}`,
        gzip: input.sniff.gzip,
        bytes: end - r.start,
        task: make({ index: rangeIndex, start: r.start, end: r.end }),
      });
    });
  });
  return { tasks: scheduleOrder(tasks), totalBytes, skipped };
}

/**
 * Largest first, so long unsplittable tasks (gzip, JSON arrays) start early and
 * the small ranges fill in around them; ties keep input and range order.
 */
export function scheduleOrder(tasks: PlannedTask[]): PlannedTask[] {
  return tasks
    .map((t, i) => ({ t, i }))
    .sort((a, b) => b.t.bytes - a.t.bytes || a.i - b.i)
    .map((x) => x.t);
}

const DATA_EXTENSIONS = [".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".gz", ".txt"];

/** Whether a file found while walking a folder is taken as input (by its extension). */
export function takeFromFolder(name: string): boolean {
  const base = name.slice(name.lastIndexOf("/") + 1).toLowerCase();
  if (base.startsWith(".")) return false;
  return DATA_EXTENSIONS.some((ext) => base.endsWith(ext));
}
