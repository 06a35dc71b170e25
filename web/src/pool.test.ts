import { describe, expect, it } from "vitest";
import { CancelledError, Pool } from "./pool";
import type { FromWorker, Task, ToWorker } from "./protocol";

/** What a fake engine worker does with each message; reply() answers asynchronously. */
type Behaviour = (msg: ToWorker, worker: FakeWorker) => void;

class FakeWorker {
  onmessage: ((event: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  received: ToWorker[] = [];

  constructor(
    readonly index: number,
    private readonly behaviour: Behaviour,
  ) {}

  postMessage(msg: ToWorker): void {
    this.received.push(msg);
    this.behaviour(msg, this);
  }

  terminate(): void {
    this.terminated = true;
  }

  reply(msg: FromWorker, delayMs = 0): void {
    setTimeout(() => {
      if (!this.terminated) this.onmessage?.({ data: msg } as MessageEvent<FromWorker>);
    }, delayMs);
  }

  crash(message: string): void {
    setTimeout(() => {
      if (!this.terminated) this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
    }, 0);
  }
}

function makePool(size: number, behaviour: Behaviour) {
  const workers: FakeWorker[] = [];
  const pool = new Pool({
    wasmUrl: "http://localhost/engine.wasm",
    size,
    createWorker: (index) => {
      const w = new FakeWorker(index, behaviour);
      workers.push(w);
      return w as unknown as Worker;
    },
  });
  return { pool, workers };
}

function task(name: string, range: number): Task {
  return {
    recipe: "tweets",
    params: { mentions: "auto", timeZone: "UTC", fields: { date: "date", user: "u", text: "t", mentions: "" } },
    input: { index: 0, name },
    range: { index: range, start: range * 10, end: range * 10 + 10 },
    format: "ndjson",
  };
}

const blob = new Blob(["x"]);

function stats(worker: number, range: number) {
  return { worker, input: 0, range, bytes: 10, records: 1, startMs: 0, endMs: 1, readMs: 0, engineMs: 0, peakMemory: 1 };
}

/** A healthy engine: ready at once, each run takes delay(worker) ms. */
function healthy(delay: (w: FakeWorker) => number = () => 1): Behaviour {
  return (msg, w) => {
    switch (msg.type) {
      case "init":
        w.reply({ type: "ready", worker: msg.worker, version: "test" });
        break;
      case "sniff":
        w.reply({
          type: "sniffed",
          id: msg.id,
          sniff: {
            name: msg.name,
            format: "ndjson",
            gzip: false,
            shape: "s",
            fields: { date: "", user: "", text: "", mentions: "" },
            keys: [],
            splittable: true,
          },
        });
        break;
      case "run":
        w.reply({ type: "progress", id: msg.id, bytes: 5, records: 0 });
        w.reply({ type: "done", id: msg.id, partial: `p${msg.task.range.index}`, stats: stats(w.index, msg.task.range.index) }, delay(w));
        break;
      case "mergeEnd":
        w.reply({ type: "merged", id: msg.id, document: { partials: w.received.filter((m) => m.type === "mergePartial").map((m) => m.partial) } as never });
        break;
    }
  };
}

describe("Pool", () => {
  it("starts workers lazily and answers a sniff", async () => {
    const { pool, workers } = makePool(2, healthy());
    expect(workers).toHaveLength(0);
    const s = await pool.sniff(blob, "a.jsonl");
    expect(s.name).toBe("a.jsonl");
    expect(workers).toHaveLength(2);
    expect(workers[0]!.received[0]).toEqual({ type: "init", worker: 0, wasmUrl: "http://localhost/engine.wasm" });
    expect(pool.version).toBe("test");
  });

  it("lets a fast worker pull more tasks and keeps results in task order", async () => {
    const { pool } = makePool(2, healthy((w) => (w.index === 0 ? 40 : 2)));
    const tasks = [0, 1, 2, 3, 4, 5].map((i) => ({ file: blob, task: task("a.jsonl", i), gzip: false }));
    const progress: number[] = [];
    const done: number[] = [];
    const results = await pool.runTasks(tasks, 1 << 20, (i) => progress.push(i), (i) => done.push(i));
    expect(results.map((r) => r.partial)).toEqual(["p0", "p1", "p2", "p3", "p4", "p5"]);
    const byWorker = results.map((r) => r.stats.worker);
    expect(byWorker.filter((w) => w === 1).length).toBeGreaterThan(byWorker.filter((w) => w === 0).length);
    expect(new Set(progress)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    expect(done.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("cancel() rejects the run at once, stops the workers, and the pool works again", async () => {
    const { pool, workers } = makePool(2, healthy(() => 10_000));
    const run = pool.runTasks([{ file: blob, task: task("a.jsonl", 0), gzip: false }], 1 << 20, () => {});
    await pool.warm();
    pool.cancel();
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(workers.every((w) => w.terminated)).toBe(true);
    const s = await pool.sniff(blob, "b.jsonl");
    expect(s.name).toBe("b.jsonl");
    expect(workers).toHaveLength(4);
  });

  it("turns a worker crash into a failed run with a message", async () => {
    const base = healthy();
    const { pool, workers } = makePool(2, (msg, w) => {
      if (msg.type === "run" && msg.task.range.index === 1) w.crash("RuntimeError: unreachable");
      else if (msg.type === "run") w.reply({ type: "progress", id: msg.id, bytes: 1, records: 0 }, 5000);
      else base(msg, w);
    });
    const tasks = [0, 1].map((i) => ({ file: blob, task: task("a.jsonl", i), gzip: false }));
    await expect(pool.runTasks(tasks, 1 << 20, () => {})).rejects.toThrow(
      /Worker \d stopped while reading a\.jsonl \(range 2\): RuntimeError: unreachable/,
    );
    // The other worker is stopped too: the run is over.
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it("fails a run with the task's error and stops the other tasks", async () => {
    const base = healthy(() => 5000);
    const { pool, workers } = makePool(2, (msg, w) => {
      if (msg.type === "run" && msg.task.range.index === 0) w.reply({ type: "error", id: msg.id, message: "a.jsonl: cannot read the file" });
      else base(msg, w);
    });
    const tasks = [0, 1, 2].map((i) => ({ file: blob, task: task("a.jsonl", i), gzip: false }));
    await expect(pool.runTasks(tasks, 1 << 20, () => {})).rejects.toThrow("a.jsonl: cannot read the file");
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it("reports an engine that cannot start", async () => {
    const { pool } = makePool(2, (msg, w) => {
      if (msg.type === "init") w.reply({ type: "error", id: 0, message: "worker 1: could not load engine.wasm: HTTP 404" });
    });
    await expect(pool.sniff(blob, "a.jsonl")).rejects.toThrow(/could not start: worker 1: could not load engine.wasm: HTTP 404/);
    await expect(pool.warm()).rejects.toThrow(/could not start/);
  });

  it("reports a worker script that fails to load", async () => {
    const { pool } = makePool(1, (msg, w) => {
      if (msg.type === "init") w.crash("Failed to load worker script");
    });
    await expect(pool.sniff(blob, "a.jsonl")).rejects.toThrow(/could not start: Worker 1: Failed to load worker script/);
  });

  it("replaces a worker whose engine died (fatal error) and goes on", async () => {
    const base = healthy();
    let first = true;
    const { pool, workers } = makePool(1, (msg, w) => {
      if (msg.type === "sniff" && first) {
        first = false;
        w.reply({ type: "error", id: msg.id, message: "a.jsonl: the engine stopped (out of memory)", fatal: true });
      } else base(msg, w);
    });
    await expect(pool.sniff(blob, "a.jsonl")).rejects.toThrow("out of memory");
    await expect(pool.sniff(blob, "b.jsonl")).resolves.toMatchObject({ name: "b.jsonl" });
    expect(workers).toHaveLength(2);
    expect(workers[0]!.terminated).toBe(true);
  });

  it("names the job of a worker whose engine died mid-run, and the next run has the full pool", async () => {
    const base = healthy();
    let crashed = false;
    const { pool, workers } = makePool(2, (msg, w) => {
      if (msg.type === "run" && msg.task.range.index === 2 && !crashed) {
        crashed = true;
        w.reply({ type: "error", id: msg.id, message: "the engine stopped (panic: boom)", fatal: true });
      } else base(msg, w);
    });
    const tasks = [0, 1, 2, 3].map((i) => ({ file: blob, task: task("a.jsonl", i), gzip: false }));
    await expect(pool.runTasks(tasks, 1 << 20, () => {})).rejects.toThrow(
      /^Worker \d stopped while reading a\.jsonl \(range 3\): the engine stopped \(panic: boom\)$/,
    );
    const results = await pool.runTasks(tasks, 1 << 20, () => {});
    expect(results.map((r) => r.partial)).toEqual(["p0", "p1", "p2", "p3"]);
    expect(pool.readyWorkers).toBe(2);
    expect(workers.filter((w) => !w.terminated)).toHaveLength(2);
  });

  it("replaces an idle worker whose engine died at once", async () => {
    const { pool, workers } = makePool(2, healthy());
    await pool.warm();
    // The worker tells the page as soon as its Go program exits (id -1: no job).
    workers[1]!.reply({ type: "error", id: -1, message: "the engine stopped (fatal error: out of memory)", fatal: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(workers).toHaveLength(3);
    expect(workers[1]!.terminated).toBe(true);
    expect(workers[2]!.index).toBe(1);
    expect(pool.readyWorkers).toBe(2);
    await expect(pool.sniff(blob, "b.jsonl")).resolves.toMatchObject({ name: "b.jsonl" });
  });

  it("crashWorker() asks a worker to die (test hook)", async () => {
    const { pool, workers } = makePool(2, healthy());
    expect(pool.crashWorker(0, "engine")).toBe(false);
    await pool.warm();
    expect(pool.crashWorker(1, "script")).toBe(true);
    expect(workers[1]!.received.at(-1)).toEqual({ type: "crash", how: "script" });
  });

  it("resize() changes how many workers take work", async () => {
    const { pool, workers } = makePool(3, healthy());
    await pool.warm();
    expect(workers).toHaveLength(3);
    pool.resize(1);
    expect(pool.size).toBe(1);
    expect(workers.filter((w) => !w.terminated)).toHaveLength(1);
    const tasks = [0, 1, 2].map((i) => ({ file: blob, task: task("a.jsonl", i), gzip: false }));
    const results = await pool.runTasks(tasks, 1 << 20, () => {});
    expect(new Set(results.map((r) => r.stats.worker))).toEqual(new Set([0]));
    pool.resize(2);
    await pool.warm();
    expect(workers.filter((w) => !w.terminated)).toHaveLength(2);
  });

  it("merges in a worker, taking the partials given before and after it starts", async () => {
    const { pool } = makePool(1, healthy());
    const merging = pool.startMerge({} as never);
    merging.add("p0");
    await pool.warm();
    merging.add("p1");
    const merged = await merging.end({} as never);
    expect(merged.document).toEqual({ partials: ["p0", "p1"] });
  });
});
