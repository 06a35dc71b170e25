import { describe, expect, it } from "vitest";
import {
  Checkpointer,
  Digest,
  appendProblem,
  canonicalJson,
  inputIdentity,
  inputsNeeded,
  matchFiles,
  runFingerprint,
  staleRecords,
  taskId,
  type CheckpointSink,
  type CheckpointTrouble,
  type RunRecord,
  type StoredTask,
} from "./checkpoint";
import { MiB, planRun, type PlanInput } from "./plan";
import type { Sniff, WorkerStats } from "./protocol";

const sniff: Sniff = {
  name: "t.jsonl",
  format: "ndjson",
  gzip: false,
  shape: "NDJSON",
  fields: { date: "date", user: "user.username", text: "content", mentions: "" },
  keys: ["date", "user", "content"],
  splittable: true,
} as Sniff;

function planInput(name: string, size: number): PlanInput {
  return { name, size, sniff: { ...sniff, name }, fields: { ...sniff.fields } };
}

function tweetsPlan(inputs: PlanInput[], processingTime = "2026-01-01T00:00:00Z", workers = 2) {
  return planRun(inputs, { workers, mentions: "auto", timeZone: "UTC", processingTime });
}

const file = (name: string, size: number, lastModified = 1000) => ({ name, size, file: { size, lastModified } });

describe("Digest", () => {
  it("gives the same answer fed whole or in pieces, and another for other text", () => {
    const whole = new Digest().update("hello, world").hex();
    expect(new Digest().update("hello, ").update("world").hex()).toBe(whole);
    expect(whole).toMatch(/^[0-9a-f]{16}$/);
    expect(new Digest().update("hello, world!").hex()).not.toBe(whole);
    expect(new Digest().update("").hex()).not.toBe(new Digest().update("\u0000").hex());
  });
});

describe("canonicalJson", () => {
  it("sorts keys at every depth and leaves out undefined", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[2,{"y":2,"z":1}]},"b":1}');
  });
});

describe("inputIdentity", () => {
  it("is name, size and date of a file", () => {
    expect(inputIdentity(file("a.jsonl", 10, 5))).toEqual({ name: "a.jsonl", size: 10, lastModified: 5 });
  });

  it("digests a folder's member list, so a changed member changes it", () => {
    const members = [
      { name: "d/1.json", file: { size: 3, lastModified: 7 } },
      { name: "d/2.json", file: { size: 4, lastModified: 9 } },
    ];
    const a = inputIdentity({ name: "d", size: 7, file: members[0]!.file, members });
    expect(a.members?.count).toBe(2);
    expect(a.lastModified).toBe(9);
    const changed = [members[0]!, { name: "d/2.json", file: { size: 4, lastModified: 10 } }];
    expect(inputIdentity({ name: "d", size: 7, file: members[0]!.file, members: changed }).members?.digest).not.toBe(a.members?.digest);
  });

  it("asks a large folder only its first files' sizes and dates, but digests every path", () => {
    let asked = 0;
    const member = (i: number) => ({
      name: `d/${i}.json`,
      file: {
        get size() { asked++; return 10; },
        get lastModified() { asked++; return 5; },
      },
    });
    const members = Array.from({ length: 5000 }, (_, i) => member(i));
    const a = inputIdentity({ name: "d", size: 50000, file: members[0]!.file, members, sizeEstimated: true });
    expect(asked).toBe(2 * 16);
    expect(a.members?.count).toBe(5000);
    const renamed = [...members.slice(0, 4999), { ...member(4999), name: "d/other.json" }];
    expect(inputIdentity({ name: "d", size: 50000, file: members[0]!.file, members: renamed, sizeEstimated: true }).members?.digest)
      .not.toBe(a.members?.digest);
  });
});

describe("runFingerprint and taskId", () => {
  const inputs = [planInput("a.jsonl", 100 * MiB)];
  const ids = [inputIdentity(file("a.jsonl", 100 * MiB))];

  it("ignores the processing time but not the settings, inputs or ranges", () => {
    const base = runFingerprint("tweets", ids, tweetsPlan(inputs).tasks);
    expect(runFingerprint("tweets", ids, tweetsPlan(inputs, "2030-05-05T00:00:00Z").tasks)).toBe(base);
    const otherZone = planRun(inputs, { workers: 2, mentions: "auto", timeZone: "Asia/Tokyo" }).tasks;
    expect(runFingerprint("tweets", ids, otherZone)).not.toBe(base);
    expect(runFingerprint("tweets", [inputIdentity(file("a.jsonl", 100 * MiB, 2000))], tweetsPlan(inputs).tasks)).not.toBe(base);
    // 8 workers cut a 100 MiB file into 16 ranges instead of 4.
    expect(runFingerprint("tweets", ids, tweetsPlan(inputs, undefined, 8).tasks)).not.toBe(base);
  });

  it("names a range by its bounds, so a file read again as one range gets a new id", () => {
    const split = tweetsPlan(inputs).tasks.map(taskId);
    expect(split).toHaveLength(4);
    expect(new Set(split).size).toBe(4);
    const whole = planRun(inputs, { workers: 2, mentions: "auto", timeZone: "UTC", unsplit: new Set([0]) }).tasks.map(taskId);
    expect(whole).toEqual([`0:0 bytes 0--1`]);
    expect(split).not.toContain(whole[0]);
  });
});

function record(inputs: PlanInput[], identities = inputs.map((i) => inputIdentity(file(i.name, i.size)))): RunRecord {
  const plan = tweetsPlan(inputs);
  return {
    id: "r1",
    fingerprint: runFingerprint("tweets", identities, plan.tasks),
    status: "running",
    createdAt: 1,
    updatedAt: 1,
    spec: { recipe: "tweets", mentions: "auto", timeZone: "UTC", planWorkers: 2, processingTime: "2026-01-01T00:00:00Z" },
    inputs: inputs.map((p, i) => ({ identity: identities[i]!, plan: p })),
    taskIds: plan.tasks.map(taskId),
    tasksDone: 0,
    storedBytes: 0,
  };
}

describe("matching files to a stored run", () => {
  const rec = record([planInput("a.jsonl", 100 * MiB), planInput("b.jsonl", MiB)]);
  const aIds = rec.taskIds.filter((id) => id.startsWith("0:"));

  it("needs only the inputs with tasks missing", () => {
    expect(inputsNeeded(rec, new Set()).map((i) => i.identity.name)).toEqual(["a.jsonl", "b.jsonl"]);
    const bDone = new Set(rec.taskIds.filter((id) => id.startsWith("1:")));
    expect(inputsNeeded(rec, bDone).map((i) => i.identity.name)).toEqual(["a.jsonl"]);
    expect(inputsNeeded(rec, new Set(rec.taskIds))).toEqual([]);
  });

  it("matches by name, size and date, and names what is missing or changed", () => {
    const needed = inputsNeeded(rec, new Set(aIds));
    const ok = matchFiles(rec, needed, [inputIdentity(file("b.jsonl", MiB))]);
    expect(ok).toEqual({ given: [-1, 0], missing: [], unknown: [] });
    const grown = matchFiles(rec, needed, [inputIdentity(file("b.jsonl", 2 * MiB))]);
    expect(grown.missing).toEqual(["b.jsonl"]);
    expect(grown.unknown[0]).toContain(`${MiB} bytes then, ${2 * MiB} now`);
    const other = matchFiles(rec, needed, [inputIdentity(file("c.jsonl", 5))]);
    expect(other.given).toEqual([-1, -1]);
    expect(other.unknown).toEqual(["c.jsonl"]);
  });

  it("refuses to add a counted file, or a changed file of a counted name", () => {
    const counted = rec.inputs.map((i) => i.identity);
    expect(appendProblem(counted, inputIdentity(file("c.jsonl", 5)))).toBe("");
    expect(appendProblem(counted, inputIdentity(file("a.jsonl", 100 * MiB)))).toMatch(/already counted/);
    expect(appendProblem(counted, inputIdentity(file("a.jsonl", 100 * MiB, 9999)))).toMatch(/differs \(modified .* then, .* now\)/);
  });
});

describe("staleRecords", () => {
  it("keeps the newest runs", () => {
    const runs = [5, 1, 4, 2, 3].map((t) => ({ ...record([planInput("a.jsonl", 1)]), id: `r${t}`, updatedAt: t }));
    expect(staleRecords(runs, 3).map((r) => r.id)).toEqual(["r2", "r1"]);
  });
});

/** A sink in memory, with the contract of CheckpointStore: each write whole. */
class MemorySink implements CheckpointSink {
  writes: { record: RunRecord; tasks: StoredTask[] }[] = [];
  removed: string[] = [];
  failWith = "";

  async write(record: RunRecord, tasks: StoredTask[]): Promise<void> {
    await Promise.resolve();
    if (this.failWith) throw new Error(this.failWith);
    this.writes.push({ record: structuredClone(record), tasks });
  }

  async remove(run: string): Promise<void> {
    this.removed.push(run);
  }
}

const stats = (range: number): WorkerStats => ({ worker: 0, input: 0, range, bytes: 1, records: 1, startMs: 0, endMs: 1, readMs: 0, engineMs: 0, peakMemory: 1 });

describe("Checkpointer", () => {
  it("writes completed tasks in one batch with the record's counts, and the finished status last", async () => {
    const sink = new MemorySink();
    const cp = new Checkpointer(record([planInput("a.jsonl", 100 * MiB)]), sink, () => {});
    cp.add("t1", { partial: "{}", stats: stats(0), rows: [] });
    cp.add("t2", { partial: "{\"x\":1}", stats: stats(1), rows: [{ table: "bronze", rows: 2, data: new Uint8Array(10) }] });
    expect(sink.writes).toHaveLength(0); // off the hot path: nothing written yet
    await cp.flush();
    expect(sink.writes).toHaveLength(1);
    expect(sink.writes[0]!.tasks.map((t) => t.id)).toEqual(["t1", "t2"]);
    expect(sink.writes[0]!.record).toMatchObject({ tasksDone: 2, storedBytes: 2 + 7 + 10, status: "running" });
    await cp.finish();
    expect(sink.writes.at(-1)!.record).toMatchObject({ status: "finished", tasksDone: 2 });
    expect(sink.writes.at(-1)!.record).not.toHaveProperty("document");
    expect(cp.record.status).toBe("finished");
  });

  it("stores a new plan after the tasks queued before it, and keeps it through later writes", async () => {
    const sink = new MemorySink();
    const start = record([planInput("a.csv", 100 * MiB)]);
    const firstIds = [...start.taskIds];
    const cp = new Checkpointer(start, sink, () => {});
    cp.add("t1", { partial: "{}", stats: stats(0), rows: [] });
    const spec = { ...start.spec, unsplit: [0] };
    const replanned = cp.replan({ spec, taskIds: ["0:whole"], fingerprint: "f2" });
    cp.add("t2", { partial: "{}", stats: stats(1), rows: [] });
    await replanned;
    await cp.finish();
    expect(sink.writes.map((w) => [w.tasks.map((t) => t.id), w.record.taskIds, w.record.status])).toEqual([
      [["t1"], firstIds, "running"],
      [[], ["0:whole"], "running"],
      [["t2"], ["0:whole"], "running"],
      [[], ["0:whole"], "finished"],
    ]);
    expect(cp.record).toMatchObject({ spec, taskIds: ["0:whole"], fingerprint: "f2", tasksDone: 2 });
  });

  it("flushes by itself after a short while", async () => {
    const sink = new MemorySink();
    const cp = new Checkpointer(record([planInput("a.jsonl", 1)]), sink, () => {});
    cp.add("t1", { partial: "{}", stats: stats(0), rows: [] });
    await new Promise((r) => setTimeout(r, 400));
    expect(sink.writes).toHaveLength(1);
  });

  it("stops and removes the run past the cap, rather than store part of it", async () => {
    const sink = new MemorySink();
    const troubles: CheckpointTrouble[] = [];
    const cp = new Checkpointer(record([planInput("a.jsonl", 1)]), sink, (t) => troubles.push(t), 100);
    cp.add("t1", { partial: "x".repeat(60), stats: stats(0), rows: [] });
    await cp.flush();
    cp.add("t2", { partial: "x".repeat(60), stats: stats(1), rows: [] });
    await cp.flush();
    expect(troubles).toEqual([{ kind: "cap", bytes: 120 }]);
    expect(sink.removed).toEqual(["r1"]);
    await cp.finish();
    expect(sink.writes.map((w) => w.record.status)).toEqual(["running"]);
  });

  it("stops when a write fails, and never marks the run finished", async () => {
    const sink = new MemorySink();
    sink.failWith = "QuotaExceededError";
    const troubles: CheckpointTrouble[] = [];
    const cp = new Checkpointer(record([planInput("a.jsonl", 1)]), sink, (t) => troubles.push(t));
    cp.add("t1", { partial: "{}", stats: stats(0), rows: [] });
    await cp.finish();
    expect(troubles).toEqual([{ kind: "error", message: "QuotaExceededError" }]);
    expect(cp.record.status).toBe("running");
    expect(sink.removed).toEqual(["r1"]);
  });
});
