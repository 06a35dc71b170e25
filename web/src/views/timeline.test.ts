import { describe, expect, it } from "vitest";
import type { WorkerStats } from "../protocol";
import { buildReport } from "../report/html";
import { profileSummary, scanSpan, stageRows, summarizeWorkers, timeTicks, timelineBars, timelineSvg, workerTable } from "./timeline";

function task(worker: number, startMs: number, endMs: number, more: Partial<WorkerStats> = {}): WorkerStats {
  return { worker, input: 0, range: 0, bytes: 100, records: 10, startMs, endMs, readMs: 1, engineMs: 2, peakMemory: 0, ...more };
}

describe("summarizeWorkers", () => {
  // Worker 1: 0-40 and 60-100 (busy 80 of 100); worker 2: 10-30 (busy 20); worker 3: none.
  const tasks = [
    task(0, 1000, 1040, { bytes: 400, records: 4, peakMemory: 8 << 20 }),
    task(0, 1060, 1100, { bytes: 600, records: 6, peakMemory: 16 << 20, range: 1 }),
    task(1, 1010, 1030, { bytes: 250, records: 3, peakMemory: 4 << 20, range: 2 }),
  ];
  const summaries = summarizeWorkers(tasks, 3);

  it("has one summary per worker, idle workers included", () => {
    expect(summaries.map((s) => s.worker)).toEqual([0, 1, 2]);
    expect(summaries.map((s) => s.tasks)).toEqual([2, 1, 0]);
  });

  it("adds up bytes and records per worker, and they add up to the tasks'", () => {
    expect(summaries.map((s) => s.bytes)).toEqual([1000, 250, 0]);
    expect(summaries.map((s) => s.records)).toEqual([10, 3, 0]);
    expect(summaries.reduce((n, s) => n + s.bytes, 0)).toBe(tasks.reduce((n, t) => n + t.bytes, 0));
  });

  it("measures busy and idle against the scan, first start to last end", () => {
    expect(scanSpan(tasks)).toEqual({ startMs: 1000, endMs: 1100, spanMs: 100 });
    expect(summaries.map((s) => s.busyMs)).toEqual([80, 20, 0]);
    expect(summaries.map((s) => s.idleMs)).toEqual([20, 80, 100]);
    expect(summaries.map((s) => s.busyShare)).toEqual([0.8, 0.2, 0]);
  });

  it("keeps the largest peak memory of each worker", () => {
    expect(summaries.map((s) => s.peakMemory)).toEqual([16 << 20, 4 << 20, 0]);
  });

  it("counts overlapping tasks of one worker once", () => {
    const [s] = summarizeWorkers([task(0, 0, 50), task(0, 30, 80), task(0, 90, 100)], 1);
    expect(s!.busyMs).toBe(90);
    expect(s!.idleMs).toBe(10);
  });

  it("adds a lane for a worker beyond the count", () => {
    expect(summarizeWorkers([task(3, 0, 1)], 2).map((s) => s.worker)).toEqual([0, 1, 2, 3]);
  });

  it("formats a row per worker", () => {
    const t = workerTable({ engine: "wasm", workers: 3, tasks });
    expect(t.rows).toHaveLength(3);
    expect(t.columns.map((c) => c.label)).toContain("Peak wasm MiB");
    expect(t.rows[0]).toEqual(["1", "2", "1,000", "10", "80", "80%", "20", "2", "4", "16.0"]);
    expect(t.rows[2]![9]).toBe("–");
  });
});

describe("timelineBars", () => {
  it("draws one bar per task up to the limit", () => {
    const tasks = Array.from({ length: 10 }, (_, i) => task(i % 2, i * 10, i * 10 + 9));
    const bars = timelineBars(tasks, 10, 1);
    expect(bars).toHaveLength(10);
    expect(bars.every((b) => b.tasks.length === 1)).toBe(true);
  });

  it("groups neighbouring tasks past the limit, keeping every task and the long gaps", () => {
    // 400 back-to-back tasks on each of 2 workers, with one long idle gap on worker 1.
    const tasks: WorkerStats[] = [];
    for (let w = 0; w < 2; w++) {
      for (let i = 0; i < 400; i++) {
        const start = i * 10 + (w === 0 && i >= 200 ? 2000 : 0);
        tasks.push(task(w, start, start + 9.5));
      }
    }
    const bars = timelineBars(tasks, 120, 6000 / 800);
    expect(bars.length).toBeLessThanOrEqual(120);
    expect(bars.reduce((n, b) => n + b.tasks.length, 0)).toBe(tasks.length);
    const lane0 = bars.filter((b) => b.worker === 0);
    // The 2-second gap is still a gap between two bars of worker 1.
    expect(lane0.some((b, i) => i > 0 && b.startMs - lane0[i - 1]!.endMs >= 2000)).toBe(true);
    for (const b of bars) expect(new Set(b.tasks.map((t) => t.worker))).toEqual(new Set([b.worker]));
  });
});

describe("timeTicks", () => {
  it("gives round steps from 0 past the span", () => {
    expect(timeTicks(1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(timeTicks(0)).toEqual([0]);
  });
});

describe("timelineSvg", () => {
  const tasks = [task(0, 0, 40, { input: 0 }), task(1, 5, 30, { input: 1, range: 1 })];
  const names = ["plain.jsonl", `<script>alert(1)</script>.jsonl`];

  it("has one lane per worker and one focusable bar per task, plus the merge", () => {
    const svg = timelineSvg({ engine: "wasm", workers: 3, tasks, merge: { worker: 1, startMs: 45, endMs: 60 } }, { names });
    expect(svg.match(/class="rp-lane"/g)).toHaveLength(3);
    expect(svg.match(/class="rp-bar"/g)).toHaveLength(2);
    expect(svg.match(/class="rp-bar rp-merge"/g)).toHaveLength(1);
    expect(svg.match(/tabindex="0"/g)).toHaveLength(3);
  });

  it("escapes file names", () => {
    const svg = timelineSvg({ engine: "wasm", workers: 2, tasks }, { names });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&#60;script&#62;alert(1)&#60;/script&#62;.jsonl");
  });

  it("gives the native merge, on no worker, a lane of its own", () => {
    const svg = timelineSvg({ engine: "native", workers: 2, tasks, merge: { worker: -1, startMs: 41, endMs: 50 } }, { names });
    expect(svg).toContain('data-lane="merge"');
    expect(svg.match(/class="rp-lane"/g)).toHaveLength(3);
  });
});

describe("a resumed run", () => {
  it("leaves the restored tasks off the timeline and the workers, and says so", () => {
    const m = {
      engine: "wasm" as const,
      workers: 2,
      tasks: [task(0, 5_000_000, 5_000_040), task(1, 5_000_000, 5_000_030), task(0, 10, 20, { restored: true, bytes: 2_000_000 })],
    };
    const svg = timelineSvg(m, { names: ["a"] });
    expect(svg.match(/class="rp-bar"/g)).toHaveLength(2);
    // The axis spans this attempt only (40 ms), not the hours since the restored task.
    expect(svg).toContain(">40 ms<");
    expect(workerTable(m).rows.map((r) => r[1])).toEqual(["1", "1"]);
    expect(profileSummary(m)).toContain("1 more task (2.00 MB) restored from the checkpoint");
  });
});

describe("stageRows", () => {
  it("lists the stages present, in run order, with shares that add up to 1", () => {
    const rows = stageRows({ readMs: 30, parseAggregateMs: 50, mergeMs: 20 });
    expect(rows.map((r) => r.label)).toEqual(["read", "parse + aggregate", "merge"]);
    expect(rows.map((r) => r.share)).toEqual([0.3, 0.5, 0.2]);
    expect(stageRows({ readMs: 1, parseAggregateMs: 1, mergeMs: 1, renderMs: 1 })).toHaveLength(4);
    expect(stageRows(undefined)).toEqual([]);
  });
});

describe("the report's run profile", () => {
  it("holds the timeline, the workers and the stages, with the data escaped", () => {
    const html = buildReport(
      {
        recipe: "tweets",
        inputs: [{ name: "a.jsonl" }, { name: `<img src=x onerror=alert(1)>` }],
        results: {},
        metrics: {
          engine: "wasm",
          workers: 2,
          tasks: [task(0, 0, 40), task(1, 5, 30, { input: 1 }), { worker: "<b>", startMs: "x" }],
          stages: { readMs: 3, parseAggregateMs: 40, mergeMs: 5, renderMs: 7 },
          merge: { worker: 0, startMs: 41, endMs: 46 },
        },
      },
      { charts: [], inputs: [], generatedAt: new Date(0), appVersion: "test" },
    );
    const section = html.slice(html.indexOf('data-testid="report-run-profile"'));
    expect(section).toContain('class="rp-timeline"');
    expect(section.match(/class="rp-lane"/g)).toHaveLength(2);
    expect(section.match(/class="rp-bar"/g)).toHaveLength(3);
    expect(section).toContain('data-testid="report-workers"');
    expect(section).toContain("parse + aggregate");
    expect(section).toContain("render");
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<b>");
  });
});
