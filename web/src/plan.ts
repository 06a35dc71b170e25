// Turns the dropped files and their sniff results into range tasks for the pool.
// Pure functions: no DOM, no workers.

import type { EngagementColumns, Format, MetadataColumns, RecipeName, Sniff, Task, TweetFields, TweetParams } from "./protocol";
import {
  ENGAGEMENT_DEFAULTS,
  REQUIRED_INTERACTION_FIELDS,
  columnsOf,
  emptyInteractionColumns,
  emptyMetadataColumns,
  engagementParams,
  type EngagementSettings,
  type RoleChoice,
} from "./recipes";

export const MiB = 1024 * 1024;
/** About one range per this many bytes of a splittable file. */
export const RANGE_BYTES = 32 * MiB;
/** Files above this size get at least 2 ranges per worker, so workers share a file. */
export const SHARE_ABOVE = 8 * MiB;

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
}

export interface PlanOptions {
  workers: number;
  /** "tweets" when absent. */
  recipe?: RecipeName;
  mentions: TweetParams["mentions"];
  timeZone: string;
  /** The engagement recipe's settings (its defaults when absent). */
  engagement?: EngagementSettings;
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
  if (recipe === "engagement") {
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

/** The task of one range, without its range. */
type TaskOf = (range: Task["range"]) => Task;

function taskMaker(input: PlanInput, index: number, options: PlanOptions): TaskOf {
  const format: Format = input.sniff.format;
  const base = { input: { index, name: input.name }, format };
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
