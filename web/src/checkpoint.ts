// Checkpoints of runs in IndexedDB, so a run survives its tab: each completed
// task's partial state (and the row batches it streamed) is stored as the task
// completes, and a later page can merge the stored partials with those of the
// tasks still missing, or with the partials of files added to a finished run.
// The engine's partials merge in any order, so nothing here knows a recipe.
//
// The pure parts (fingerprints, task ids, file matching, the write queue and its
// size cap) are tested in checkpoint.test.ts; the IndexedDB store runs in the
// browser test build/browser/resume.test.mjs.

import type { PlanInput, PlannedTask } from "./plan";
import type { RecipeName, RowBatch, WorkerStats } from "./protocol";
import type { RunSettings } from "./run";

/** Bytes of partials and row batches one run may store; past it the run is not
 *  checkpointed at all (a notice says so) rather than half-stored. */
export const CHECKPOINT_CAP_BYTES = 256 * 1024 * 1024;
/** Runs kept in the store, newest first; older ones are deleted. */
export const KEEP_RUNS = 3;
/** Completed tasks are written at most this often, in one transaction. */
export const FLUSH_MS = 250;

// ---------- identities and fingerprints ----------

/**
 * A 64-bit digest of text, fed in pieces (two 32-bit multiply-xor lanes). Not
 * cryptographic: it tells runs apart in one browser's store, where a collision
 * is also caught by comparing the stored inputs and task ids. Pure JS, so it
 * works on origins without crypto.subtle (plain http on a LAN address).
 */
export class Digest {
  private a = 0x9e3779b9;
  private b = 0x85ebca6b;
  private length = 0;

  update(text: string): this {
    let a = this.a;
    let b = this.b;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995);
      b ^= b >>> 15;
    }
    this.a = a;
    this.b = b;
    this.length += text.length;
    return this;
  }

  hex(): string {
    // Final avalanche, with the length folded in so that "ab"+"c" and "a"+"bc" fed
    // as pieces still give one answer while different lengths spread apart.
    let a = this.a ^ this.length;
    let b = this.b ^ Math.imul(this.length, 0x27d4eb2d);
    a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
    a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
    a ^= (a >>> 16) ^ b;
    b = Math.imul(b ^ (b >>> 16), 0x7feb352d);
    b = Math.imul(b ^ (b >>> 15), 0x846ca68b);
    b ^= (b >>> 16) ^ a;
    return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
  }
}

/** JSON with object keys sorted, so equal values give equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** What identifies an input file without reading it: the browser forgets File
 *  objects on reload, so these are all a later page can compare. */
export interface InputIdentity {
  name: string;
  size: number;
  lastModified: number;
  /** A folder: how many files, and a digest of their paths, sizes and dates. */
  members?: { count: number; digest: string };
}

export interface IdentitySource {
  name: string;
  file: { size: number; lastModified: number };
  members?: { name: string; file: { size: number; lastModified: number } }[];
  /** Bytes as the run counts them (a folder: the sum of its files, maybe estimated). */
  size: number;
  /** A large folder whose size was estimated from its first files: see inputIdentity. */
  sizeEstimated?: boolean;
}

/** How many of a large folder's first files enter its identity with their size
 *  and date (the files the page already sampled to estimate the folder's size). */
const SAMPLED_MEMBERS = 16;

export function inputIdentity(input: IdentitySource): InputIdentity {
  if (!input.members) return { name: input.name, size: input.file.size, lastModified: input.file.lastModified };
  const digest = new Digest();
  let newest = 0;
  // Asking a picked File its size or date is a blocking round trip to the
  // browser process (~0.15 ms): for a folder of 200,000 files that froze the
  // page for most of a minute. A large folder is identified by every path and
  // the size and date of its first files only, so a file edited in place deep
  // inside it is not noticed on resume (the README says so).
  input.members.forEach((m, i) => {
    if (input.sizeEstimated && i >= SAMPLED_MEMBERS) {
      digest.update(`${m.name}\n`);
      return;
    }
    const { size, lastModified } = m.file;
    digest.update(`${m.name}\u0000${size}\u0000${lastModified}\n`);
    newest = Math.max(newest, lastModified);
  });
  return { name: input.name, size: input.size, lastModified: newest, members: { count: input.members.length, digest: digest.hex() } };
}

export function sameIdentity(x: InputIdentity, y: InputIdentity): boolean {
  return (
    x.name === y.name &&
    x.size === y.size &&
    x.lastModified === y.lastModified &&
    (x.members?.count ?? -1) === (y.members?.count ?? -1) &&
    (x.members?.digest ?? "") === (y.members?.digest ?? "")
  );
}

/** A task's id in the store: its input and range, with the range's bounds (a CSV
 *  read again as one range after a failed split gets a new id, never the old one's). */
export function taskId(t: PlannedTask): string {
  const part = t.files ? `files ${t.files.from}-${t.files.to}` : `bytes ${t.task.range.start}-${t.task.range.end}`;
  return `${t.key} ${part}`;
}

/** The settings a run was planned with, as the page chose them, with the worker
 *  count its ranges were cut for (the pool may differ on resume) and bronze's
 *  processing_time (kept, so resumed tasks stamp the same instant). */
export type RunSpec = RunSettings & { recipe: RecipeName; planWorkers: number; processingTime: string };

/**
 * The fingerprint of a run: its recipe, the parameters of every task, the inputs'
 * identities and the task list. The processing time is left out (it is an
 * instant of the run, not a choice), so two runs of the same files with the same
 * settings have the same fingerprint.
 */
export function runFingerprint(recipe: RecipeName, inputs: InputIdentity[], tasks: PlannedTask[]): string {
  const digest = new Digest();
  digest.update(canonicalJson({ recipe, inputs }));
  for (const t of tasks) {
    const params = { ...(t.task.params as unknown as Record<string, unknown>) };
    delete params.processingTime;
    digest.update(`\n${taskId(t)}\u0000${canonicalJson({ ...t.task, params })}`);
  }
  return digest.hex();
}

// ---------- records ----------

/** An input as stored: its identity and what the plan needs to cut it into the
 *  same tasks again (the file itself is never stored). */
export interface StoredInput {
  identity: InputIdentity;
  plan: PlanInput;
}

export type RunStatus = "running" | "finished";

export interface RunRecord {
  id: string;
  fingerprint: string;
  status: RunStatus;
  createdAt: number;
  updatedAt: number;
  spec: RunSpec;
  inputs: StoredInput[];
  /** The ids of the run's tasks (M ranges). */
  taskIds: string[];
  /** Tasks stored so far (N of M). */
  tasksDone: number;
  /** Bytes of partials and rows stored (against CHECKPOINT_CAP_BYTES). */
  storedBytes: number;
}

/** A completed task as stored: everything the merge and the tables need from it. */
export interface StoredTask {
  run: string;
  id: string;
  partial: string;
  stats: WorkerStats;
  rows: RowBatch[];
}

export function storedTaskBytes(task: { partial: string; rows: RowBatch[] }): number {
  // Partials are mostly ASCII JSON: length approximates their UTF-8 bytes.
  return task.partial.length + task.rows.reduce((n, r) => n + r.data.byteLength, 0);
}

/** The inputs of a record that still have tasks missing (the files a resume needs). */
export function inputsNeeded(record: RunRecord, done: ReadonlySet<string>): StoredInput[] {
  const missing = new Set<number>();
  for (const id of record.taskIds) {
    if (!done.has(id)) missing.add(Number(id.slice(0, id.indexOf(":"))));
  }
  return record.inputs.filter((_, i) => missing.has(i));
}

export interface FileMatch {
  /** For each input of the record: the index of the given file that is it, or -1. */
  given: number[];
  /** Needed inputs that were not given (by name). */
  missing: string[];
  /** Given files that are no input of the record, or differ from it (with why). */
  unknown: string[];
}

/** Matches files a user gave against a record's inputs by name, size and date. */
export function matchFiles(record: RunRecord, needed: StoredInput[], files: InputIdentity[]): FileMatch {
  const given = record.inputs.map((input) => files.findIndex((f) => sameIdentity(f, input.identity)));
  const neededNames = new Set(needed.map((n) => n.identity.name));
  const missing = record.inputs.filter((input, i) => given[i] === -1 && neededNames.has(input.identity.name)).map((i) => i.identity.name);
  const unknown = files
    .filter((_, j) => !given.includes(j))
    .map((f) => {
      const same = record.inputs.find((i) => i.identity.name === f.name);
      return same ? `${f.name} (${differs(same.identity, f)})` : f.name;
    });
  return { given, missing, unknown };
}

function differs(stored: InputIdentity, now: InputIdentity): string {
  if (stored.size !== now.size) return `${stored.size} bytes then, ${now.size} now`;
  if ((stored.members?.digest ?? "") !== (now.members?.digest ?? "")) return "its files changed";
  return `modified ${new Date(stored.lastModified).toISOString()} then, ${new Date(now.lastModified).toISOString()} now`;
}

/**
 * Whether a file can be added to a finished run. A file identical to an input
 * already counted is refused (it would be counted twice); so is a file with the
 * name of a counted input but another size or date: it is most likely that file
 * grown or edited, and adding it as new would count its old records twice, while
 * its old partials cannot be told apart in the merged state. Returns "" or why not.
 */
export function appendProblem(counted: InputIdentity[], file: InputIdentity): string {
  const same = counted.find((c) => c.name === file.name);
  if (!same) return "";
  if (sameIdentity(same, file)) return `${file.name}: already counted in this run`;
  return `${file.name}: a file of this name was already counted, and this one differs (${differs(same, file)}). Adding it would count its old records twice: rename it to add it as a new input, or start a new run to count the changed file.`;
}

/** Records to delete so that only the newest `keep` remain. */
export function staleRecords(records: RunRecord[], keep = KEEP_RUNS): RunRecord[] {
  return [...records].sort((x, y) => y.updatedAt - x.updatedAt).slice(keep);
}

// ---------- the write queue ----------

/** Where the queue writes: one call per flush, all or nothing. */
export interface CheckpointSink {
  write(record: RunRecord, tasks: StoredTask[]): Promise<void>;
  remove(run: string): Promise<void>;
}

export type CheckpointTrouble = { kind: "cap"; bytes: number } | { kind: "error"; message: string };

/**
 * Collects completed tasks of one run and writes them in batches, off the path
 * that hands tasks to workers: at most every FLUSH_MS, each batch with the run
 * record's counts in the same write. A task is either wholly stored or absent.
 * Past the cap (or when a write fails, e.g. the quota) the run's checkpoint is
 * removed and no more is written: a run stored in part under a cap it broke
 * would promise a resume it cannot keep.
 */
export class Checkpointer {
  readonly record: RunRecord;
  private readonly sink: CheckpointSink;
  private readonly onTrouble: (t: CheckpointTrouble) => void;
  private readonly cap: number;
  private queue: StoredTask[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private pendingBytes = 0;
  /** Set when checkpointing stopped (cap or error): nothing more is written. */
  stopped: CheckpointTrouble | null = null;

  constructor(record: RunRecord, sink: CheckpointSink, onTrouble: (t: CheckpointTrouble) => void, cap = CHECKPOINT_CAP_BYTES) {
    this.record = record;
    this.sink = sink;
    this.onTrouble = onTrouble;
    this.cap = cap;
  }

  /** Queues a completed task (the caller moves on at once). */
  add(id: string, task: { partial: string; stats: WorkerStats; rows: RowBatch[] }): void {
    if (this.stopped) return;
    const bytes = storedTaskBytes(task);
    if (this.record.storedBytes + this.pendingBytes + bytes > this.cap) {
      this.stop({ kind: "cap", bytes: this.record.storedBytes + this.pendingBytes + bytes });
      return;
    }
    this.pendingBytes += bytes;
    this.queue.push({ run: this.record.id, id, ...task });
    this.timer ??= setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, FLUSH_MS);
  }

  /** Writes what is queued; resolves when every write so far has landed. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.queue;
    this.queue = [];
    if (batch.length && !this.stopped) {
      const bytes = batch.reduce((n, t) => n + storedTaskBytes(t), 0);
      this.writing = this.writing.then(async () => {
        if (this.stopped) return;
        const next: RunRecord = {
          ...this.record,
          tasksDone: this.record.tasksDone + batch.length,
          storedBytes: this.record.storedBytes + bytes,
          updatedAt: Date.now(),
        };
        try {
          await this.sink.write(next, batch);
          Object.assign(this.record, next);
          this.pendingBytes -= bytes;
        } catch (err) {
          this.stop({ kind: "error", message: err instanceof Error ? err.message : String(err) });
        }
      });
    }
    return this.writing;
  }

  /** Stores the run's new plan (a CSV read again as one range): its settings, task
   *  ids and fingerprint, after the writes queued so far (their tasks stay stored). */
  replan(plan: Pick<RunRecord, "spec" | "taskIds" | "fingerprint">): Promise<void> {
    void this.flush();
    return this.update(plan);
  }

  /** Marks the run finished, after its tasks. */
  async finish(): Promise<void> {
    await this.flush();
    await this.update({ status: "finished" });
  }

  /** Writes the record with changes, in turn with the task writes. */
  private update(changes: Partial<RunRecord>): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (this.stopped) return;
      const next: RunRecord = { ...this.record, ...changes, updatedAt: Date.now() };
      try {
        await this.sink.write(next, []);
        Object.assign(this.record, next);
      } catch (err) {
        this.stop({ kind: "error", message: err instanceof Error ? err.message : String(err) });
      }
    });
    return this.writing;
  }

  private stop(trouble: CheckpointTrouble): void {
    if (this.stopped) return;
    this.stopped = trouble;
    this.queue = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.writing.then(() => this.sink.remove(this.record.id)).catch(() => undefined);
    this.onTrouble(trouble);
  }
}

// ---------- the IndexedDB store ----------

const DB_NAME = "dropsight-checkpoints";
const DB_VERSION = 1;
const RUNS = "runs";
const TASKS = "tasks";

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error("IndexedDB request failed"));
  });
}

function completion(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}

/** Runs and their completed tasks. Tasks are keyed [run, task id], so a run's
 *  tasks are one key range. */
export class CheckpointStore implements CheckpointSink {
  private readonly db: IDBDatabase;

  private constructor(db: IDBDatabase) {
    this.db = db;
  }

  /** Opens the store, or null when this browser gives the page no IndexedDB
   *  (some private modes): runs then work without checkpoints. */
  static async open(): Promise<CheckpointStore | null> {
    if (typeof indexedDB === "undefined") return null;
    try {
      const open = indexedDB.open(DB_NAME, DB_VERSION);
      open.onupgradeneeded = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains(RUNS)) db.createObjectStore(RUNS, { keyPath: "id" });
        if (!db.objectStoreNames.contains(TASKS)) db.createObjectStore(TASKS, { keyPath: ["run", "id"] });
      };
      return new CheckpointStore(await request(open));
    } catch {
      return null;
    }
  }

  async runs(): Promise<RunRecord[]> {
    const tx = this.db.transaction(RUNS, "readonly");
    const all = await request(tx.objectStore(RUNS).getAll() as IDBRequest<RunRecord[]>);
    return all.sort((x, y) => y.updatedAt - x.updatedAt);
  }

  async run(id: string): Promise<RunRecord | null> {
    const tx = this.db.transaction(RUNS, "readonly");
    return ((await request(tx.objectStore(RUNS).get(id))) as RunRecord | undefined) ?? null;
  }

  async tasks(run: string): Promise<StoredTask[]> {
    const tx = this.db.transaction(TASKS, "readonly");
    const range = IDBKeyRange.bound([run, ""], [run, "\uffff"]);
    return (await request(tx.objectStore(TASKS).getAll(range))) as StoredTask[];
  }

  /** The ids of the run's stored tasks (keys only: no partial is read). */
  async taskIds(run: string): Promise<string[]> {
    const tx = this.db.transaction(TASKS, "readonly");
    const range = IDBKeyRange.bound([run, ""], [run, "\uffff"]);
    const keys = (await request(tx.objectStore(TASKS).getAllKeys(range))) as [string, string][];
    return keys.map((k) => k[1]);
  }

  /** The record and a batch of its tasks in one transaction. */
  async write(record: RunRecord, tasks: StoredTask[]): Promise<void> {
    const tx = this.db.transaction([RUNS, TASKS], "readwrite");
    const done = completion(tx);
    const taskStore = tx.objectStore(TASKS);
    for (const t of tasks) taskStore.put(t);
    tx.objectStore(RUNS).put(record);
    await done;
  }

  async remove(run: string): Promise<void> {
    const tx = this.db.transaction([RUNS, TASKS], "readwrite");
    const done = completion(tx);
    tx.objectStore(TASKS).delete(IDBKeyRange.bound([run, ""], [run, "\uffff"]));
    tx.objectStore(RUNS).delete(run);
    await done;
  }

  /** Deletes all but the newest `keep` runs (keep counts the one about to start). */
  async prune(keep = KEEP_RUNS): Promise<void> {
    for (const r of staleRecords(await this.runs(), keep)) await this.remove(r.id);
  }
}

/** A fresh run id: time-ordered, unique within the browser. */
export function newRunId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
