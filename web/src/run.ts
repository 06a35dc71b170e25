// One run of a recipe: plan the ranges, let the pool's workers scan them, and
// have the engine merge the partial states into the result document.
// The page computes no analytics here; it only adds up bytes for the progress bar
// and times the run for the metrics the engine writes into the document.

import { taskId } from "./checkpoint";
import { planRun, type Plan, type PlanInput, type PlannedTask } from "./plan";
import { UnsplitInputError, type Pool, type RunJob } from "./pool";
import type { MergeHeader, RecipeName, ResultDocument, RowBatch, RunMetrics, Task, TweetParams, WorkerStats } from "./protocol";
import type { EngagementSettings, EvaluateSettings, SentimentSettings } from "./recipes";
import { RowTables } from "./tables";

export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

export interface RunInput extends PlanInput {
  file: Blob;
  /** A folder of small files (see PlanInput.memberSizes): the files and their
   *  paths in the dropped folder, which name their rows and rejects. */
  members?: { file: Blob; name: string }[];
  /** Read by an earlier attempt of the run: every task of it is in the checkpoint,
   *  so file is never read (after a reload it is an empty Blob). */
  counted?: boolean;
}

/** A task completed by an earlier attempt of the run (see checkpoint.ts). */
export interface CompletedTask {
  partial: string;
  stats: WorkerStats;
  /** The row batches the task streamed (the sentiment pipeline's tables). */
  rows: RowBatch[];
}

/** Resumption: the tasks already done, and where each newly done task goes. */
export interface RunCheckpoint {
  /** By checkpoint.taskId. */
  completed: ReadonlyMap<string, CompletedTask>;
  /** Called as each task completes; must return at once (it queues the write). */
  onTaskDone(id: string, task: CompletedTask): void;
  /** Called when a CSV is to be read again as one range: the run's inputs read
   *  whole from now on (RunSettings.unsplit) and the tasks of its new plan, so the
   *  stored run plans as it does. */
  onUnsplit?(unsplit: number[], tasks: PlannedTask[]): void;
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
  /** The evaluate recipe's columns and positive class. */
  evaluate?: EvaluateSettings;
  chunkBytes?: number;
  /** Cut ranges as for this many workers (a resumed run keeps its first run's
   *  ranges); the pool's size when absent. */
  planWorkers?: number;
  /** Inputs read as one range each (indices): CSVs whose quoted line break crossed
   *  a cut in an earlier attempt (a resumed run keeps its first run's). */
  unsplit?: number[];
  /** Bronze's processing_time (a resumed run keeps its first run's); now when absent. */
  processingTime?: string;
  /** Bytes each recipe state may hold, a range's in its worker and the merged one
   *  (see core/budget); the engine's default (1 GiB) when absent. */
  memoryLimit?: number;
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
  /** Tasks taken from the checkpoint rather than run (counted in tasksDone). */
  tasksRestored: number;
  /** The restored tasks' bytes and records (counted in doneBytes and records, but
   *  not read in elapsedMs: leave them out of rates and estimates). */
  restoredBytes: number;
  restoredRecords: number;
}

export interface RunOutcome {
  document: ResultDocument;
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

/** A folder member's name for the engine (rejects, bronze's source_file): its
 *  path inside the dropped folder, as the native command names it relative to
 *  the folder given. folder is the input's name ("tweets/"); a picked or dropped
 *  file's name starts with it. */
export function pathInFolder(folder: string, name: string): string {
  return name.startsWith(folder) ? name.slice(folder.length) : name;
}

function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Runs a recipe over inputs that can run (see plan.unrunnableReason). For the
 * engagement recipe, give the interaction logs first and the metadata tables
 * after them, as the native command reads them. Rejects with CancelledError when
 * the pool is cancelled, or with the first task's error (which names the file).
 * With a checkpoint, tasks it holds are not run: their partials (and rows) join
 * those of the tasks that run, and every task that completes is handed to it.
 * plan: planRecipe(inputs, settings, pool.size), when the caller has made it
 * (the page does, for the checkpoint), so a run is planned once.
 */
export async function runRecipe(
  pool: Pool,
  inputs: RunInput[],
  settings: RunSettings,
  onProgress: (p: RunProgress) => void,
  checkpoint?: RunCheckpoint,
  plan?: Plan,
): Promise<RunOutcome> {
  const unsplit = new Set<number>(settings.unsplit);
  let planned = plan ?? planRecipe(inputs, settings, pool.size, unsplit);
  // Tasks completed by a failed attempt are kept for the next one, as the checkpoint keeps them.
  const completed = new Map(checkpoint?.completed);
  const attempts: RunCheckpoint | undefined = checkpoint && {
    completed,
    onTaskDone(id, task) {
      completed.set(id, task);
      checkpoint.onTaskDone(id, task);
    },
  };
  for (;;) {
    try {
      return await runOnce(pool, inputs, settings, planned, onProgress, attempts);
    } catch (err) {
      // A CSV whose quoted line break crossed a cut: read that file again as one range.
      if (err instanceof UnsplitInputError && !unsplit.has(err.input) && err.input < inputs.length) {
        unsplit.add(err.input);
        planned = planRecipe(inputs, settings, pool.size, unsplit);
        checkpoint?.onUnsplit?.([...unsplit].sort((a, b) => a - b), planned.tasks);
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

/** The plan runRecipe follows (before any further CSV is read again whole): for
 *  the checkpoint's fingerprint. */
export function planRecipe(inputs: PlanInput[], settings: RunSettings, workers: number, unsplit: ReadonlySet<number> = new Set(settings.unsplit)): Plan {
  return planRun(inputs, {
    workers: settings.planWorkers ?? workers,
    recipe: settings.recipe ?? "tweets",
    mentions: settings.mentions,
    timeZone: settings.timeZone,
    ...(settings.engagement ? { engagement: settings.engagement } : {}),
    ...(settings.sentiment ? { sentiment: settings.sentiment } : {}),
    ...(settings.evaluate ? { evaluate: settings.evaluate } : {}),
    // One instant for every task of the run: bronze's processing_time.
    processingTime: settings.processingTime ?? new Date().toISOString(),
    unsplit,
  });
}

async function runOnce(
  pool: Pool,
  inputs: RunInput[],
  settings: RunSettings,
  plan: Plan,
  onProgress: (p: RunProgress) => void,
  checkpoint: RunCheckpoint | undefined,
): Promise<RunOutcome> {
  const recipe = settings.recipe ?? "tweets";
  const workers = pool.size;
  if (plan.skipped.length > 0) {
    const s = plan.skipped[0]!;
    throw new Error(`${inputs[s.index]!.name}: ${s.reason}`);
  }
  if (plan.tasks.length === 0) throw new Error("There is no file to analyse.");
  const ids = plan.tasks.map(taskId);
  const restored = ids.map((id) => checkpoint?.completed.get(id));
  for (const [i, t] of plan.tasks.entries()) {
    if (!restored[i] && inputs[t.task.input.index]!.counted) {
      throw new Error(`${t.task.input.name}: counted by an earlier run, but its range ${t.task.range.index + 1} is not in the checkpoint; start a new run with this file.`);
    }
  }

  // Engine start-up (download and compile of engine.wasm) is not part of the timing.
  await pool.warm();

  const done = plan.tasks.map((t, i) => (restored[i] ? t.bytes : 0));
  const records = plan.tasks.map((_, i) => restored[i]?.stats.records ?? 0);
  const tasksRestored = restored.filter(Boolean).length;
  const restoredBytes = done.reduce((a, b) => a + b, 0);
  const restoredRecords = records.reduce((a, b) => a + b, 0);
  let tasksDone = tasksRestored;
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
      tasksRestored,
      restoredBytes,
      restoredRecords,
    });
  };
  report();

  const tables = new RowTables();
  for (const r of restored) if (r) tables.add(r.rows);
  // Only the tasks the checkpoint lacks run; toRun[j] is the plan index of job j.
  const toRun = plan.tasks.flatMap((_, i) => (restored[i] ? [] : [i]));
  const taskRows = new Map<number, RowBatch[]>();
  // The memory limit is not part of the plan: a checkpoint's tasks stay valid under another.
  const limited = (task: Task): Task => (settings.memoryLimit ? { ...task, memoryLimit: settings.memoryLimit } : task);
  const jobs = toRun.map((i): RunJob => {
    const t = plan.tasks[i]!;
    const input = inputs[t.task.input.index]!;
    if (t.files && input.members) {
      const members = input.members.slice(t.files.from, t.files.to);
      return { files: members.map((m) => m.file), names: members.map((m) => pathInFolder(input.name, m.name)), task: limited(t.task) };
    }
    return { file: input.file, task: limited(t.task), gzip: t.gzip };
  });
  // The run's parameters are those of its first input (for engagement, the first
  // interaction log: the columns differ per input, the rest is the run's).
  const first = plan.tasks.find((t) => t.task.input.index === 0) ?? plan.tasks[0]!;
  const mergeRequest = (stats: WorkerStats[], metrics: RunMetrics): MergeHeader => ({
    ...(settings.memoryLimit ? { memoryLimit: settings.memoryLimit } : {}),
    recipe,
    params: first.task.params,
    inputs: inputs.map((input, index) => ({
      name: input.name,
      // A folder's bytes as its tasks read them (its size may be an estimate).
      bytes: input.members ? stats.filter((st) => st.input === index).reduce((n, st) => n + st.bytes, 0) : input.size,
      ...(input.members ? { files: input.members.length } : {}),
      format: input.sniff.format,
      gzip: input.sniff.gzip,
      // As the native command: only metadata inputs carry a role.
      ...(recipe === "engagement" && input.role === "metadata" ? { role: "metadata" as const } : {}),
    })),
    metrics,
  });
  const running = pool.runTasks(
    jobs,
    settings.chunkBytes ?? DEFAULT_CHUNK_BYTES,
    (j, bytes, recs) => {
      const i = toRun[j]!;
      const share = plan.tasks[i]!.bytes;
      // A range reads a little past its end to finish its last record: clamp to its share.
      done[i] = Math.min(share, Math.max(done[i]!, bytes));
      if (recs > records[i]!) records[i] = recs;
      report();
    },
    (j, result) => {
      const i = toRun[j]!;
      done[i] = plan.tasks[i]!.bytes;
      records[i] = result.stats.records;
      tasksDone++;
      merging.add(result.partial);
      checkpoint?.onTaskDone(ids[i]!, { ...result, rows: taskRows.get(j) ?? [] });
      taskRows.delete(j);
      report();
    },
    (j, batches) => {
      tables.add(batches);
      // Kept per task for the checkpoint only (a task's rows come before its end).
      if (!checkpoint) return;
      const rows = taskRows.get(j);
      if (rows) rows.push(...batches);
      else taskRows.set(j, [...batches]);
    },
  );
  // The merge begins now, queued behind the tasks: the first worker left without a
  // task merges each partial as its range ends, while the other workers still read.
  // The inputs and metrics it starts with are replaced at its end.
  const merging = pool.startMerge(mergeRequest([], { engine: "wasm", workers, seconds: 0, peakMemoryBytes: 0 }));
  for (const r of restored) if (r) merging.add(r.partial);
  const ran = await running;
  let next = 0;
  // A restored task's times are its own attempt's: the run profile leaves it off this one's timeline.
  const results = plan.tasks.map((_, i) => {
    const r = restored[i];
    return r ? { ...r, stats: { ...r.stats, restored: true } } : ran[next++]!;
  });
  // The rate is of the bytes this attempt read (restored tasks took no time here).
  const readBytes = toRun.reduce((n, i) => n + plan.tasks[i]!.bytes, 0);

  const scanned = epochNow();
  const seconds = (scanned - startedAt) / 1000;
  report(true);
  const stats = results.map((r) => r.stats);
  const peak = stats.reduce((m, s) => Math.max(m, s.peakMemory), 0);
  const merged = await merging.end(
    mergeRequest(stats, {
      engine: "wasm",
      workers,
      seconds,
      bytesPerSecond: seconds > 0 ? readBytes / seconds : 0,
      peakMemoryBytes: peak,
      tasks: stats,
    }),
  );
  tables.add(merged.rows);
  const end = epochNow();
  return {
    document: merged.document,
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
