// One run of the tweets recipe: plan the ranges, let the pool's workers scan them,
// and have the engine merge the partial states into the result document.
// The page computes no analytics here; it only adds up bytes for the progress bar
// and times the run for the metrics the engine writes into the document.

import { planRun, type Plan, type PlanInput } from "./plan";
import type { Pool } from "./pool";
import type { MergeRequest, ResultDocument, TweetParams, WorkerStats } from "./protocol";

export const DEFAULT_CHUNK_BYTES = 4 * 1024 * 1024;

export interface RunInput extends PlanInput {
  file: Blob;
}

export interface RunSettings {
  mentions: TweetParams["mentions"];
  timeZone: string;
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
}

function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Runs the tweets recipe over inputs that can run (see plan.unrunnableReason).
 * Rejects with CancelledError when the pool is cancelled, or with the first
 * task's error (which names the file).
 */
export async function runTweets(
  pool: Pool,
  inputs: RunInput[],
  settings: RunSettings,
  onProgress: (p: RunProgress) => void,
): Promise<RunOutcome> {
  const workers = pool.size;
  const plan = planRun(inputs, { workers, mentions: settings.mentions, timeZone: settings.timeZone });
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
  const report = (): void => {
    onProgress({
      doneBytes: done.reduce((a, b) => a + b, 0),
      totalBytes: plan.totalBytes,
      records: records.reduce((a, b) => a + b, 0),
      tasksDone,
      tasksTotal: plan.tasks.length,
      elapsedMs: epochNow() - startedAt,
    });
  };
  report();

  const results = await pool.runTasks(
    plan.tasks.map((t) => ({ file: inputs[t.task.input.index]!.file, task: t.task, gzip: t.gzip })),
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
  );

  const seconds = (epochNow() - startedAt) / 1000;
  const stats = results.map((r) => r.stats);
  const peak = stats.reduce((m, s) => Math.max(m, s.peakMemory), 0);
  const first = plan.tasks.find((t) => t.task.input.index === 0) ?? plan.tasks[0]!;
  const request: MergeRequest = {
    recipe: "tweets",
    params: first.task.params,
    inputs: inputs.map((input) => ({
      name: input.name,
      bytes: input.size,
      format: input.sniff.format,
      gzip: input.sniff.gzip,
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
  return { document: merged.document, json: merged.json, plan, stats, startedAt, workers };
}
