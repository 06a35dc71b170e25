import { describe, expect, it } from "vitest";
import { MiB } from "./plan";
import { Pool } from "./pool";
import type { FromWorker, ResultDocument, Sniff, ToWorker } from "./protocol";
import { runRecipe, type RunInput } from "./run";

/** A fake engine worker: ready at once, every task done at once, merges answered by `merge`. */
function fakePool(merge: (n: number) => FromWorker | ((id: number) => FromWorker)) {
  const runs: Extract<ToWorker, { type: "run" }>[] = [];
  const merges: Extract<ToWorker, { type: "merge" }>[] = [];
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
            reply({ type: "done", id: msg.id, partial: "{}", stats });
          }
          if (msg.type === "merge") {
            merges.push(msg);
            const answer = merge(merges.length);
            reply(typeof answer === "function" ? answer(msg.id) : { ...answer, id: msg.id } as FromWorker);
          }
        },
      };
      return w as unknown as Worker;
    },
  });
  return { pool, runs, merges };
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
      n === 1 ? ({ type: "error", message: "merge: a quoted field crosses a cut", unsplitInput: 0 } as FromWorker) : ({ type: "merged", document: doc, json: "{}", peakMemory: 5 } as unknown as FromWorker),
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

  it("gives up after reading the input as one range once", async () => {
    const { pool } = fakePool(() => ({ type: "error", message: "merge: still broken", unsplitInput: 0 }) as FromWorker);
    await expect(runRecipe(pool, [input], { recipe: "engagement", mentions: "auto", timeZone: "UTC" }, () => {})).rejects.toThrow(/still broken/);
  });
});
