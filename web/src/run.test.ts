import { describe, expect, it } from "vitest";
import { MiB } from "./plan";
import { Pool } from "./pool";
import type { FromWorker, MergeRequest, ResultDocument, Sniff, Task, ToWorker } from "./protocol";
import { taskId } from "./checkpoint";
import { planRecipe, runRecipe, type RunInput } from "./run";

/** A fake engine worker: ready at once, every task done at once, merges answered by
 *  `merge`. merges records each merge as a whole: the partials sent to it and the
 *  header that ended it. */
function fakePool(merge: (n: number) => FromWorker | ((id: number) => FromWorker)) {
  const runs: Extract<ToWorker, { type: "run" }>[] = [];
  const merges: { id: number; request: MergeRequest }[] = [];
  const streams = new Map<number, { partials: string[] }>();
  // The order in which the workers saw merges begin and tasks end.
  const log: ("done" | "merge")[] = [];
  const folderTasks = new Map<number, { task: Task; names: string[]; parts: number; bytes: number }>();
  const pool = new Pool({
    wasmUrl: "http://localhost/engine.wasm",
    size: 2,
    createWorker: (index) => {
      const w = {
        onmessage: null as ((e: MessageEvent<FromWorker>) => void) | null,
        onerror: null,
        onmessageerror: null,
        terminate() {},
        postMessage(msg: ToWorker) {
          const reply = (m: FromWorker) => setTimeout(() => w.onmessage?.({ data: m } as MessageEvent<FromWorker>), 0);
          if (msg.type === "init") reply({ type: "ready", worker: index, version: "test" });
          if (msg.type === "run") {
            runs.push(msg);
            const stats = { worker: index, input: msg.task.input.index, range: msg.task.range.index, bytes: 1, records: 1, startMs: 0, endMs: 1, readMs: 0, engineMs: 0, peakMemory: 1 };
            setTimeout(() => log.push("done"), 0); // as the answer arrives
            reply({ type: "done", id: msg.id, partial: `{"range":${msg.task.range.index}}`, stats });
          }
          if (msg.type === "runFiles") folderTasks.set(msg.id, { task: msg.task, names: [], parts: 0, bytes: 0 });
          if (msg.type === "files") {
            // As worker.ts: each part answered by a progress message, the last by done.
            const t = folderTasks.get(msg.id)!;
            t.names.push(...msg.part.names);
            t.parts++;
            t.bytes += msg.part.data.byteLength;
            reply({ type: "progress", id: msg.id, bytes: t.bytes, records: t.names.length, parts: t.parts });
            if (msg.part.last) {
              const stats = { worker: index, input: t.task.input.index, range: t.task.range.index, bytes: t.bytes, records: t.names.length, startMs: 0, endMs: 1, readMs: 0, engineMs: 0, peakMemory: 1 };
              reply({ type: "done", id: msg.id, partial: "{}", stats });
            }
          }
          if (msg.type === "merge") {
            log.push("merge");
            streams.set(msg.id, { partials: [] });
          }
          if (msg.type === "mergePartial") streams.get(msg.id)!.partials.push(msg.partial);
          if (msg.type === "mergeEnd") {
            const { partials } = streams.get(msg.id)!;
            merges.push({ id: msg.id, request: { ...msg.request, partials } });
            const answer = merge(merges.length);
            reply(typeof answer === "function" ? answer(msg.id) : { ...answer, id: msg.id } as FromWorker);
          }
        },
      };
      return w as unknown as Worker;
    },
  });
  return { pool, runs, merges, folderTasks, log };
}

const columns = ["user_id", "timestamp", "duration_ms"];
const sniff: Sniff = {
  name: "log.csv",
  format: "csv",
  gzip: false,
  shape: "CSV",
  fields: { date: "", user: "", text: "", mentions: "" },
  keys: columns,
  splittable: true,
  csv: { delimiter: ",", header: true, columns },
};
const input: RunInput = {
  file: new Blob(["x"]),
  name: "log.csv",
  size: 40 * MiB,
  sniff,
  fields: sniff.fields,
  role: "interactions",
  columns: { user_id: "user_id", timestamp: "timestamp", action_type: "", page_id: "", duration_ms: "duration_ms", app_version: "" },
  metaColumns: { user_id: "", join_date: "", device_type: "" },
};
const doc = { recipe: "engagement" } as unknown as ResultDocument;

describe("runRecipe", () => {
  it("reads a CSV again as one range when the merge says its ranges do not join", async () => {
    const { pool, runs, merges } = fakePool((n) =>
      n === 1 ? ({ type: "error", message: "merge: a quoted field crosses a cut", unsplitInput: 0 } as FromWorker) : ({ type: "merged", document: doc, peakMemory: 5 } as unknown as FromWorker),
    );
    const out = await runRecipe(pool, [input], { recipe: "engagement", mentions: "auto", timeZone: "UTC" }, () => {});
    expect(merges).toHaveLength(2);
    const first = runs.filter((r) => r.id < merges[0]!.id);
    const second = runs.filter((r) => r.id > merges[0]!.id);
    expect(first.length).toBe(4);
    expect(second.map((r) => r.task.range)).toEqual([{ index: 0, start: 0, end: -1 }]);
    expect(out.document).toBe(doc);
    expect(out.mergePeakMemory).toBe(5);
    expect(out.totalSeconds).toBeGreaterThanOrEqual(out.mergeSeconds);
    // The merge request carries the engagement params of the first input, and no role for a log.
    expect(merges[1]!.request.recipe).toBe("engagement");
    expect(merges[1]!.request.inputs).toEqual([{ name: "log.csv", bytes: 40 * MiB, format: "csv", gzip: false }]);
  });

  it("begins the merge on the first worker left without a range, and streams every partial to it", async () => {
    const { pool, merges, log } = fakePool(() => ({ type: "merged", document: doc, peakMemory: 5 }) as unknown as FromWorker);
    await runRecipe(pool, [input], { recipe: "engagement", mentions: "auto", timeZone: "UTC" }, () => {});
    // 40 MiB on 2 workers: 4 ranges. The merge begins before the last of them ends.
    expect(log.filter((e) => e === "done")).toHaveLength(4);
    expect(log.indexOf("merge")).toBeLessThan(log.lastIndexOf("done"));
    expect(merges).toHaveLength(1);
    expect(merges[0]!.request.partials.sort()).toEqual([0, 1, 2, 3].map((r) => `{"range":${r}}`));
    // The inputs and metrics come with the merge's end, once every range is read.
    expect(merges[0]!.request.metrics.tasks).toHaveLength(4);
  });

  it("runs only the tasks a checkpoint lacks, and merges the stored partials with the new", async () => {
    const { pool, runs, merges } = fakePool(() => ({ type: "merged", document: doc, peakMemory: 5 }) as unknown as FromWorker);
    const settings = { recipe: "engagement" as const, mentions: "auto" as const, timeZone: "UTC" };
    const planned = planRecipe([input], settings, pool.size).tasks;
    const ids = planned.map(taskId);
    expect(ids).toHaveLength(4);
    const stored = (range: number) => ({
      partial: `{"stored":${range}}`,
      stats: { worker: 0, input: 0, range, bytes: 1, records: 7, startMs: 0, endMs: 1, readMs: 0, engineMs: 0, peakMemory: 1 },
      rows: [],
    });
    const completed = new Map([ids[0]!, ids[2]!].map((id, k) => [id, stored(k)]));
    const handed: string[] = [];
    const progress: number[] = [];
    const restoredShares: [number, number][] = [];
    await runRecipe(
      pool,
      [input],
      settings,
      (p) => {
        progress.push(p.tasksRestored);
        restoredShares.push([p.restoredBytes, p.restoredRecords]);
      },
      { completed, onTaskDone: (id) => handed.push(id) },
    );
    // The restored ranges' bytes and records, for rates of this attempt alone.
    expect(new Set(restoredShares.map((r) => r.join()))).toEqual(new Set([[planned[0]!.bytes + planned[2]!.bytes, 14].join()]));
    expect(runs).toHaveLength(2);
    expect(handed.sort()).toEqual([ids[1]!, ids[3]!].sort());
    expect(progress.every((n) => n === 2)).toBe(true);
    const partials = merges[0]!.request.partials;
    expect(partials).toHaveLength(4);
    expect(partials.filter((p) => p.startsWith('{"stored"'))).toHaveLength(2);
  });

  it("keeps a failed attempt's tasks when a CSV is read again as one range, and tells the checkpoint the final plan", async () => {
    const { pool, runs, merges } = fakePool((n) =>
      n === 1 ? ({ type: "error", message: "merge: a quoted field crosses a cut", unsplitInput: 0 } as FromWorker) : ({ type: "merged", document: doc, peakMemory: 5 } as unknown as FromWorker),
    );
    const settings = { recipe: "engagement" as const, mentions: "auto" as const, timeZone: "UTC" };
    const inputs = [input, { ...input, name: "log2.csv" }];
    const handed: string[] = [];
    const unsplitSeen: number[][] = [];
    const replanned: string[][] = [];
    const tasksDone: number[] = [];
    await runRecipe(pool, inputs, settings, (p) => tasksDone.push(p.tasksDone), {
      completed: new Map(),
      onTaskDone: (id) => handed.push(id),
      onUnsplit: (unsplit, tasks) => {
        unsplitSeen.push(unsplit);
        replanned.push(tasks.map(taskId));
      },
    });
    expect(merges).toHaveLength(2);
    // The second attempt reads only the first file, whole; the second file's ranges come from the first attempt.
    const second = runs.filter((r) => r.id > merges[0]!.id);
    expect(second.map((r) => [r.task.input.index, r.task.range])).toEqual([[0, { index: 0, start: 0, end: -1 }]]);
    expect(merges[1]!.request.partials).toHaveLength(5);
    expect(unsplitSeen).toEqual([[0]]);
    // Each task is handed to the checkpoint once, and the stored run's plan (with the
    // unsplit input in its settings) lists exactly the tasks of the final attempt.
    expect(new Set(handed).size).toBe(handed.length);
    const finalIds = planRecipe(inputs, { ...settings, unsplit: [0] }, pool.size).tasks.map(taskId);
    expect(finalIds).toHaveLength(5);
    expect(replanned).toEqual([finalIds]);
    expect(finalIds.every((id) => handed.includes(id))).toBe(true);
    expect(tasksDone.at(-1)).toBe(5);
  });

  it("follows the plan it is given rather than planning the run again", async () => {
    const { pool, runs, merges } = fakePool(() => ({ type: "merged", document: doc, peakMemory: 5 }) as unknown as FromWorker);
    const settings = { recipe: "engagement" as const, mentions: "auto" as const, timeZone: "UTC" };
    // Cut for 3 workers, where the pool of 2 would cut 4 ranges: the ranges run are the given plan's.
    const given = planRecipe([input], settings, 3);
    expect(given.tasks.length).not.toBe(planRecipe([input], settings, pool.size).tasks.length);
    const out = await runRecipe(pool, [input], settings, () => {}, undefined, given);
    expect(out.plan).toBe(given);
    const byIndex = (a: { index: number }, b: { index: number }): number => a.index - b.index;
    expect(runs.map((r) => r.task.range).sort(byIndex)).toEqual(given.tasks.map((t) => t.task.range).sort(byIndex));
    expect(merges[0]!.request.metrics.tasks).toHaveLength(given.tasks.length);
  });

  it("refuses to read again an input counted by an earlier run", async () => {
    const { pool } = fakePool(() => ({ type: "merged", document: doc, peakMemory: 5 }) as unknown as FromWorker);
    const run = runRecipe(pool, [{ ...input, counted: true }], { recipe: "engagement", mentions: "auto", timeZone: "UTC" }, () => {}, { completed: new Map(), onTaskDone: () => {} });
    await expect(run).rejects.toThrow(/log\.csv: counted by an earlier run/);
  });

  it("gives up after reading the input as one range once", async () => {
    const { pool } = fakePool(() => ({ type: "error", message: "merge: still broken", unsplitInput: 0 }) as FromWorker);
    await expect(runRecipe(pool, [input], { recipe: "engagement", mentions: "auto", timeZone: "UTC" }, () => {})).rejects.toThrow(/still broken/);
  });

  it("has the page read a folder's files and send them to the workers, named by their path in the folder", async () => {
    const { pool, merges, folderTasks } = fakePool(() => ({ type: "merged", document: doc, peakMemory: 5 }) as unknown as FromWorker);
    const n = 1200;
    const members = Array.from({ length: n }, (_, i) => ({ file: new Blob([`{"i":${i}}`]), name: `tweets/day ${i % 3}/t${String(i).padStart(4, "0")}.json` }));
    const folderSniff: Sniff = { name: "tweets/", format: "object", gzip: false, shape: "", fields: sniff.fields, keys: ["i"], splittable: false };
    const folder: RunInput = {
      file: members[0]!.file,
      name: "tweets/",
      size: members.reduce((b, m) => b + m.file.size, 0),
      sniff: folderSniff,
      fields: folderSniff.fields,
      members,
      memberSizes: members.map((m) => m.file.size),
    };
    await runRecipe(pool, [folder], { recipe: "profile", mentions: "auto", timeZone: "UTC" }, () => {});
    const tasks = [...folderTasks.values()].sort((a, b) => a.task.range.index - b.task.range.index);
    expect(tasks.length).toBeGreaterThanOrEqual(4);
    expect(tasks.flatMap((t) => t.names)).toEqual(members.map((m) => m.name.slice("tweets/".length)));
    expect(merges[0]!.request.inputs).toEqual([{ name: "tweets/", bytes: folder.size, files: n, format: "object", gzip: false }]);
  });
});
