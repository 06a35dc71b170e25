// A pool of engine workers with one shared queue. Idle workers pull the next job,
// so a worker that drew short ranges takes more of them and skew balances out.
// cancel() terminates every worker at once; new ones are started lazily on the
// next job, so the page stays usable. A worker that dies (onerror, or its Go
// program exits) fails the job it held with a message naming the job instead of
// leaving it hanging, and a fresh worker takes its place at once.

import { FolderFeed } from "./folderfeed";
import type { FromWorker, MergeHeader, ResultDocument, RowBatch, Sniff, Task, ToWorker, WorkerStats } from "./protocol";

/** The error every pending job gets when the pool is cancelled. */
export class CancelledError extends Error {
  constructor() {
    super("Cancelled");
    this.name = "CancelledError";
  }
}

/** The engine could not start in a worker (engine.wasm missing or broken, worker script failed). */
export class EngineStartError extends Error {
  constructor(message: string) {
    super(`The analysis engine could not start: ${message}`);
    this.name = "EngineStartError";
  }
}

/** A merge found that the ranges of a CSV input do not join (a quoted field with a
 *  line break crossed a cut): that input must be read again as one range. */
export class UnsplitInputError extends Error {
  readonly input: number;
  constructor(message: string, input: number) {
    super(message);
    this.name = "UnsplitInputError";
    this.input = input;
  }
}

export interface PoolOptions {
  /** Absolute URL of engine.wasm; wasm_exec.js is loaded from the same folder. */
  wasmUrl: string;
  size: number;
  /** Starts one worker; the default is src/worker.ts through Vite's worker bundling. */
  createWorker?: (index: number) => Worker;
}

export interface TaskDone {
  partial: string;
  stats: WorkerStats;
}

/** A merge's answer: peakMemory is the merging worker's wasm memory after it; rows
 *  are the tables the merge makes (the sentiment pipeline's application table). */
export interface Merged {
  document: ResultDocument;
  peakMemory: number;
  rows: RowBatch[];
}

/** A merge that takes the partials as their ranges end (see Pool.startMerge). */
export interface MergeStream {
  add(partial: string): void;
  /** No more partials: the run's final inputs and metrics; resolves with the merge. */
  end(request: MergeHeader): Promise<Merged>;
}

/** A job of runTasks: one range of one file, or (files) a batch of a folder's small
 *  files, which the page reads and sends to the worker (see folderfeed.ts). */
export type RunJob = { file: Blob; task: Task; gzip: boolean } | { files: Blob[]; names: string[]; task: Task };

type Outgoing =
  | { type: "sniff"; file: Blob; name: string }
  | { type: "sniffFiles"; files: Blob[]; name: string; count: number }
  | { type: "run"; file: Blob; task: Task; gzip: boolean; chunkBytes: number }
  | { type: "runFiles"; files: Blob[]; names: string[]; task: Task; chunkBytes: number }
  | { type: "merge"; request: MergeHeader };

interface Job {
  id: number;
  message: Outgoing;
  /** For messages: "reading tweets.jsonl (range 3)". */
  describe: string;
  onProgress?: (bytes: number, records: number) => void;
  onRows?: (batches: RowBatch[]) => void;
  /** A folder task's reading of its files, while it runs. */
  feed?: FolderFeed;
  /** The worker the job was handed to. */
  slot?: Slot;
  /** Messages for the job sent before it started (a streamed merge's partials). */
  followUps?: ToWorker[];
  resolve: (message: FromWorker) => void;
  reject: (err: Error) => void;
}

interface Slot {
  index: number;
  worker: Worker;
  ready: boolean;
  job: Job | null;
}

function defaultWorker(): Worker {
  // A classic worker: see the note at the top of worker.ts.
  return new Worker(new URL("./worker.ts", import.meta.url), { type: "classic", name: "dropsight-engine" });
}

export function defaultPoolSize(): number {
  const n = typeof navigator !== "undefined" ? navigator.hardwareConcurrency : 1;
  return Math.max(1, Math.floor(n || 1));
}

export class Pool {
  private readonly wasmUrl: string;
  private readonly createWorker: (index: number) => Worker;
  private slots: (Slot | null)[] = [];
  private queue: Job[] = [];
  private nextId = 1;
  private wanted: number;
  private waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  /** The engine's version string, once a worker is ready. */
  version = "";

  constructor(options: PoolOptions) {
    this.wasmUrl = options.wasmUrl;
    this.wanted = Math.max(1, Math.floor(options.size));
    this.createWorker = options.createWorker ?? defaultWorker;
  }

  get size(): number {
    return this.wanted;
  }

  /** Changes the number of workers; surplus idle workers stop now, busy ones after their job. */
  resize(size: number): void {
    this.wanted = Math.max(1, Math.floor(size));
    for (let i = this.wanted; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (slot && !slot.job) this.retire(slot);
    }
    this.checkWaiters();
    this.pump();
  }

  /** Starts every worker (if not started) and resolves when all engines are ready. */
  warm(): Promise<void> {
    const p = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.fill();
    this.checkWaiters();
    return p;
  }

  /** Stops all work at once: running and queued jobs reject with CancelledError. */
  cancel(): void {
    this.failAll(new CancelledError());
  }

  async sniff(file: Blob, name: string): Promise<Sniff> {
    const answer = await this.submit({ type: "sniff", file, name }, `detecting the format of ${name}`);
    if (answer.type !== "sniffed") throw new Error(`${name}: unexpected answer ${answer.type}`);
    return answer.sniff;
  }

  /** Detects a folder's small files (read whole) from its first files. */
  async sniffFiles(files: Blob[], name: string, count: number): Promise<Sniff> {
    const answer = await this.submit({ type: "sniffFiles", files, name, count }, `detecting the format of ${name}`);
    if (answer.type !== "sniffed") throw new Error(`${name}: unexpected answer ${answer.type}`);
    return answer.sniff;
  }

  /**
   * Begins a merge, in one worker, before the ranges are read: it queues behind the tasks queued
   * so far, so it starts on the first worker left without a task and adds each
   * partial given to add() while the other workers still read. The merge's
   * single-threaded part that is left after the last range is then the last
   * partials and the results. request's inputs and metrics are replaced by end()'s.
   */
  startMerge(request: MergeHeader): MergeStream {
    let job: Job | undefined;
    const answer = this.submit(
      { type: "merge", request },
      "merging the partial results",
      undefined,
      undefined,
      (j) => (job = j),
    );
    // Failures (of the merge, or of the run, which fails every job) come out of end().
    answer.catch(() => {});
    const send = (message: ToWorker): void => {
      if (!job) return;
      if (!job.slot) (job.followUps ??= []).push(message);
      else if (job.slot.job === job) job.slot.worker.postMessage(message);
      // else the job has ended (it failed): its answer says why.
    };
    return {
      add: (partial) => send({ type: "mergePartial", id: job!.id, partial }),
      end: async (final) => {
        send({ type: "mergeEnd", id: job!.id, request: final });
        const merged = await answer;
        if (merged.type !== "merged") throw new Error(`merge: unexpected answer ${merged.type}`);
        return { document: merged.document, peakMemory: merged.peakMemory ?? 0, rows: merged.rows ?? [] };
      },
    };
  }

  /**
   * Queues every task at once and resolves with their results in the order given.
   * The first failure stops all workers (the other tasks are pointless then) and
   * rejects with that failure.
   */
  async runTasks(
    tasks: RunJob[],
    chunkBytes: number,
    onProgress: (index: number, bytes: number, records: number) => void,
    onTaskDone?: (index: number, done: TaskDone) => void,
    onRows?: (index: number, batches: RowBatch[]) => void,
  ): Promise<TaskDone[]> {
    const pending = tasks.map((t, i) => {
      const files = "files" in t;
      const label = files
        ? `reading ${t.files.length} files of ${t.task.input.name} (batch ${t.task.range.index + 1})`
        : `reading ${t.task.input.name}${t.task.range.end === -1 && t.task.range.index === 0 ? "" : ` (range ${t.task.range.index + 1})`}`;
      const message: Outgoing = files
        ? { type: "runFiles", files: t.files, names: t.names, task: t.task, chunkBytes }
        : { type: "run", file: t.file, task: t.task, gzip: t.gzip, chunkBytes };
      return this.submit(
        message,
        label,
        (bytes, records) => onProgress(i, bytes, records),
        onRows ? (batches) => onRows(i, batches) : undefined,
      ).then((answer): TaskDone => {
        if (answer.type !== "done") throw new Error(`${t.task.input.name}: unexpected answer ${answer.type}`);
        const result: TaskDone = { partial: answer.partial, stats: answer.stats };
        onTaskDone?.(i, result);
        return result;
      });
    });
    try {
      return await Promise.all(pending);
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      if (!(e instanceof CancelledError)) this.failAll(e);
      throw e;
    }
  }

  private submit(
    message: Outgoing,
    describe: string,
    onProgress?: Job["onProgress"],
    onRows?: Job["onRows"],
    onJob?: (job: Job) => void,
  ): Promise<FromWorker> {
    return new Promise<FromWorker>((resolve, reject) => {
      // However the job ends, its folder reading (if any) stops.
      const job: Job = {
        id: this.nextId++,
        message,
        describe,
        resolve: (m) => {
          job.feed?.stop();
          resolve(m);
        },
        reject: (err) => {
          job.feed?.stop();
          reject(err);
        },
      };
      if (onProgress) job.onProgress = onProgress;
      if (onRows) job.onRows = onRows;
      onJob?.(job);
      this.queue.push(job);
      this.pump();
    });
  }

  /** Makes sure the wanted number of workers exists. */
  private fill(): void {
    for (let i = 0; i < this.wanted; i++) {
      if (!this.slots[i]) this.start(i);
    }
  }

  private pump(): void {
    if (this.queue.length === 0) return;
    this.fill();
    for (let i = 0; i < this.wanted && this.queue.length > 0; i++) {
      const slot = this.slots[i];
      if (!slot || !slot.ready || slot.job) continue;
      const job = this.queue.shift()!;
      slot.job = job;
      job.slot = slot;
      const m = job.message;
      if (m.type === "runFiles") this.startFolderTask(slot, job, m);
      else slot.worker.postMessage({ ...m, id: job.id } as ToWorker);
      for (const message of job.followUps ?? []) slot.worker.postMessage(message);
      job.followUps = undefined;
    }
  }

  /** Starts a folder task in the worker, and the page's reading of its files. */
  private startFolderTask(slot: Slot, job: Job, m: Extract<Outgoing, { type: "runFiles" }>): void {
    const worker = slot.worker;
    worker.postMessage({ type: "runFiles", id: job.id, task: m.task, chunkBytes: m.chunkBytes } satisfies ToWorker);
    const feed = new FolderFeed(m.files, m.names, (part, transfer) =>
      worker.postMessage({ type: "files", id: job.id, part } satisfies ToWorker, transfer),
    );
    job.feed = feed;
    feed.start().catch((err: unknown) => {
      // The worker would wait for files that never come.
      if (slot.job === job) this.onCrash(slot, `the page could not read the folder's files (${err instanceof Error ? err.message : String(err)})`);
    });
  }

  private start(index: number): void {
    let worker: Worker;
    try {
      worker = this.createWorker(index);
    } catch (err) {
      this.failAll(new EngineStartError(`could not create a worker: ${err instanceof Error ? err.message : String(err)}`));
      return;
    }
    const slot: Slot = { index, worker, ready: false, job: null };
    this.slots[index] = slot;
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.onMessage(slot, event.data);
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      this.onCrash(slot, event.message || "the worker script failed");
    };
    worker.onmessageerror = () => this.onCrash(slot, "a message could not be decoded");
    worker.postMessage({ type: "init", worker: index, wasmUrl: this.wasmUrl } satisfies ToWorker);
  }

  private live(slot: Slot): boolean {
    return this.slots[slot.index] === slot;
  }

  private onMessage(slot: Slot, msg: FromWorker): void {
    if (!this.live(slot)) return;
    switch (msg.type) {
      case "ready":
        slot.ready = true;
        if (!this.version) this.version = msg.version;
        this.checkWaiters();
        this.pump();
        return;
      case "progress":
        if (slot.job && slot.job.id === msg.id) {
          slot.job.onProgress?.(msg.bytes, msg.records);
          if (msg.parts !== undefined) slot.job.feed?.taken(msg.parts);
        }
        return;
      case "rows":
        if (slot.job && slot.job.id === msg.id) slot.job.onRows?.(msg.batches);
        return;
      case "error":
        if (msg.id === 0 && !slot.ready) {
          // The engine cannot start (missing or broken engine.wasm): no worker will do better.
          this.failAll(new EngineStartError(msg.message));
          return;
        }
        if (msg.fatal) {
          // The worker's Go program exited (a panic, out of memory): it is dead.
          this.onCrash(slot, msg.message);
          return;
        }
        if (slot.job && slot.job.id === msg.id) {
          const job = slot.job;
          slot.job = null;
          job.reject(typeof msg.unsplitInput === "number" ? new UnsplitInputError(msg.message, msg.unsplitInput) : new Error(msg.message));
        }
        this.afterJob(slot);
        return;
      default:
        if (slot.job && slot.job.id === msg.id) {
          const job = slot.job;
          slot.job = null;
          job.resolve(msg);
        }
        this.afterJob(slot);
    }
  }

  private afterJob(slot: Slot): void {
    if (this.live(slot) && slot.index >= this.wanted) this.retire(slot);
    this.pump();
  }

  private onCrash(slot: Slot, text: string): void {
    if (!this.live(slot)) return;
    const job = slot.job;
    const wasReady = slot.ready;
    this.retire(slot);
    const who = `Worker ${slot.index + 1}`;
    if (!wasReady && !job) {
      this.failAll(new EngineStartError(`${who}: ${text}`));
      return;
    }
    // A fresh worker takes the dead one's place at once, so the pool keeps its size
    // (one that never started is not retried: the next one would fail alike).
    if (wasReady && slot.index < this.wanted) this.start(slot.index);
    job?.reject(new Error(`${who} stopped while ${job.describe}: ${text}`));
    this.pump();
  }

  /** Workers whose engine is started and ready. */
  get readyWorkers(): number {
    return this.slots.filter((s) => s?.ready).length;
  }

  /**
   * Test hook (window.dropsight.debug.crashWorker): makes worker `index` die as a
   * bug would, "engine": its Go program panics and exits; "script": the worker
   * script throws an uncaught error. False when there is no such worker.
   */
  crashWorker(index: number, how: "engine" | "script"): boolean {
    const slot = this.slots[index];
    if (!slot) return false;
    slot.worker.postMessage({ type: "crash", how } satisfies ToWorker);
    return true;
  }

  private retire(slot: Slot): void {
    slot.worker.terminate();
    if (this.live(slot)) this.slots[slot.index] = null;
    // Trailing empty slots carry no meaning.
    while (this.slots.length > 0 && !this.slots[this.slots.length - 1]) this.slots.pop();
  }

  private checkWaiters(): void {
    if (this.waiters.length === 0) return;
    for (let i = 0; i < this.wanted; i++) {
      const slot = this.slots[i];
      if (!slot) {
        this.start(i);
        return;
      }
      if (!slot.ready) return;
    }
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.resolve();
  }

  private failAll(err: Error): void {
    const jobs: Job[] = [...this.queue];
    this.queue = [];
    for (const slot of this.slots) {
      if (!slot) continue;
      if (slot.job) jobs.push(slot.job);
      slot.job = null;
      slot.worker.terminate();
    }
    this.slots = [];
    const waiters = this.waiters;
    this.waiters = [];
    for (const job of jobs) job.reject(err);
    for (const w of waiters) w.reject(err);
  }
}
