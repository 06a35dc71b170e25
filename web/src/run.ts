// One run of a recipe: plan the ranges, let the pool's workers scan them, and
// have the engine merge the partial states into the result document.
// The page computes no analytics here; it only adds up bytes for the progress bar
// and times the run for the metrics the engine writes into the document.

import { planRun, type Plan, type PlanInput } from "./plan";
import { UnsplitInputError, type Pool, type RunJob } from "./pool";
import type { MergeRequest, RecipeName, ResultDocument, TweetParams, WorkerStats } from "./protocol";
import type { EngagementSettings, SentimentSettings } from "./recipes";
import { RowTables } from "./tables";

export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

export interface RunInput extends PlanInput {
  file: Blob;
  /** A folder of small files (see PlanInput.memberSizes): the files and their
   *  paths in the dropped folder, which name their rows and rejects. */
  members?: { file: Blob; name: string }[];
}

export interface RunSettings {
  /** "tweets" when absent. */
  recipe?: RecipeName;
  mentions: TweetParams["mentions"];
  timeZone: string;
  /** The engagement recipe's settings (its defaults when absent). */
  engagement?: EngagementSettings;
  /** The sentiment pipeline's settings (its defaults when absent). */
  sentiment?: SentimentSettings;
  chunkBytes?: number;
}

export interface RunProgress {
  /** File bytes done (compressed bytes for gzip), summed over tasks. */
  doneBytes: number;
  totalBytes: number;
  /** Records counted so far (per task as the engine reports them). */
  records: number;
  tasksDone: number;
  tasksTotal: number;
  /** Milliseconds since the first task was handed out. */
  elapsedMs: number;
  /** Set once every range is read and the engine is merging. */
  merging?: boolean;
}

export interface RunOutcome {
  document: ResultDocument;
  /** The document exactly as the engine serialised it (what "Download result" saves). */
  json: string;
  plan: Plan;
  /** The task profile, in the order the tasks were planned. */
  stats: WorkerStats[];
  /** Epoch milliseconds when the first task was handed out (for the profile). */
  startedAt: number;
  workers: number;
  /** Seconds the merge took (partials in, document out), measured by the page. The
   *  document's metrics.seconds ends when the last partial arrives, before the merge. */
  mergeSeconds: number;
  /** Seconds from the first range handed out to the document, merge included. */
  totalSeconds: number;
  /** Wasm memory of the worker that merged, after the merge (bytes). */
  mergePeakMemory: number;
  /** The row tables the run wrote (the sentiment pipeline's), as NDJSON batches. */
  tables: RowTables;
}

function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Runs a recipe over inputs that can run (see plan.unrunnableReason). For the
 * engagement recipe, give the interaction logs first and the metadata tables
 * after them, as the native command reads them. Rejects with CancelledError when
 * the pool is cancelled, or with the first task's error (which names the file).
 */
export async function runRecipe(
  pool: Pool,
  inputs: RunInput[],
  settings: RunSettings,
  onProgress: (p: RunProgress) => void,
): Promise<RunOutcome> {
  const unsplit = new Set<number>();
  for (;;) {
    try {
      return await runOnce(pool, inputs, settings, unsplit, onProgress);
    } catch (err) {
      // A CSV whose quoted line break crossed a cut: read that file again as one range.
      if (err instanceof UnsplitInputError && !unsplit.has(err.input) && err.input < inputs.length) {
        unsplit.add(err.input);
        continue;
      }
      throw err;
    }
  }
}

/** The tweets recipe (kept for callers of the first release). */
export function runTweets(pool: Pool, inputs: RunInput[], settings: RunSettings, onProgress: (p: RunProgress) => void): Promise<RunOutcome> {
  return runRecipe(pool, inputs, { ...settings, recipe: "tweets" }, onProgress);
}

async function runOnce(
  pool: Pool,
  inputs: RunInput[],
  settings: RunSettings,
  unsplit: ReadonlySet<number>,
  onProgress: (p: RunProgress) => void,
): Promise<RunOutcome> {
  const recipe = settings.recipe ?? "tweets";
  const workers = pool.size;
  const plan = planRun(inputs, {
    workers,
    recipe,
    mentions: settings.mentions,
    timeZone: settings.timeZone,
    ...(settings.engagement ? { engagement: settings.engagement } : {}),
    ...(settings.sentiment ? { sentiment: settings.sentiment } : {}),
    // One instant for every task of the run: bronze's processing_time.
    processingTime: new Date().toISOString(),
    unsplit,
  });
  if (plan.skipped.length > 0) {
    const s = plan.skipped[0]!;
    throw new Error(`${inputs[s.index]!.name}: ${s.reason}`);
  }
  if (plan.tasks.length === 0) throw new Error("There is no file to analyse.");

  // Engine start-up (download and compile of engine.wasm) is not part of the timing.
  await pool.warm();

  const done = plan.tasks.map(() => 0);
  const records = plan.tasks.map(() => 0);
  let tasksDone = 0;
  const startedAt = epochNow();
  const report = (merging = false): void => {
    onProgress({
      doneBytes: done.reduce((a, b) => a + b, 0),
      totalBytes: plan.totalBytes,
      records: records.reduce((a, b) => a + b, 0),
      tasksDone,
      tasksTotal: plan.tasks.length,
      elapsedMs: epochNow() - startedAt,
      merging,
    });
  };
  report();

  const tables = new RowTables();
  const jobs = plan.tasks.map((t): RunJob => {
    const input = inputs[t.task.input.index]!;
    if (t.files && input.members) {
      const members = input.members.slice(t.files.from, t.files.to);
      return { files: members.map((m) => m.file), names: members.map((m) => m.name), task: t.task };
    }
    return { file: input.file, task: t.task, gzip: t.gzip };
  });
  const results = await pool.runTasks(
    jobs,
    settings.chunkBytes ?? DEFAULT_CHUNK_BYTES,
    (i, bytes, recs) => {
      const share = plan.tasks[i]!.bytes;
      // A range reads a little past its end to finish its last record: clamp to its share.
      done[i] = Math.min(share, Math.max(done[i]!, bytes));
      if (recs > records[i]!) records[i] = recs;
      report();
    },
    (i, result) => {
      done[i] = plan.tasks[i]!.bytes;
      records[i] = result.stats.records;
      tasksDone++;
      report();
    },
    (_i, batches) => tables.add(batches),
  );

  const scanned = epochNow();
  const seconds = (scanned - startedAt) / 1000;
  report(true);
  const stats = results.map((r) => r.stats);
  const peak = stats.reduce((m, s) => Math.max(m, s.peakMemory), 0);
  // The run's parameters are those of its first input (for engagement, the first
  // interaction log: the columns differ per input, the rest is the run's).
  const first = plan.tasks.find((t) => t.task.input.index === 0) ?? plan.tasks[0]!;
  const request: MergeRequest = {
    recipe,
    params: first.task.params,
    inputs: inputs.map((input, index) => ({
      name: input.name,
      // A folder's bytes as its tasks read them (its size may be an estimate).
      bytes: input.members ? stats.filter((st) => st.input === index).reduce((n, st) => n + st.bytes, 0) : input.size,
      format: input.sniff.format,
      gzip: input.sniff.gzip,
      // As the native command: only metadata inputs carry a role.
      ...(recipe === "engagement" && input.role === "metadata" ? { role: "metadata" as const } : {}),
    })),
    partials: results.map((r) => r.partial),
    metrics: {
      engine: "wasm",
      workers,
      seconds,
      bytesPerSecond: seconds > 0 ? plan.totalBytes / seconds : 0,
      peakMemoryBytes: peak,
      tasks: stats,
    },
  };
  const merged = await pool.merge(request);
  tables.add(merged.rows);
  const end = epochNow();
  return {
    document: merged.document,
    json: merged.json,
    plan,
    stats,
    startedAt,
    workers,
    mergeSeconds: (end - scanned) / 1000,
    totalSeconds: (end - startedAt) / 1000,
    mergePeakMemory: merged.peakMemory,
    tables,
  };
}
