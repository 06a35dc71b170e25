import { describe, expect, it } from "vitest";
import type { Sniff } from "./protocol";
import {
  MiB,
  RANGE_BYTES,
  fullyDetected,
  planRun,
  scheduleOrder,
  splitRanges,
  takeFromFolder,
  type PlanInput,
} from "./plan";

const fields = { date: "date", user: "user.username", text: "content", mentions: "mentionedUsers.username" };

function sniff(over: Partial<Sniff> = {}): Sniff {
  return {
    name: "t.jsonl",
    format: "ndjson",
    gzip: false,
    shape: "NDJSON tweets",
    fields,
    keys: ["date", "content"],
    splittable: true,
    ...over,
  };
}

function input(name: string, size: number, over: Partial<Sniff> = {}): PlanInput {
  const s = sniff({ name, ...over });
  return { name, size, sniff: s, fields: { ...s.fields } };
}

const options = { workers: 2, mentions: "auto" as const, timeZone: "UTC" };

/** Checks that ranges tile [0, size) with no gap or overlap. */
function expectTiling(ranges: { start: number; end: number }[], size: number): void {
  expect(ranges[0]!.start).toBe(0);
  expect(ranges[ranges.length - 1]!.end).toBe(-1);
  for (let i = 1; i < ranges.length; i++) {
    expect(ranges[i]!.start).toBe(ranges[i - 1]!.end);
    expect(ranges[i]!.start).toBeGreaterThan(ranges[i - 1]!.start);
  }
  expect(ranges[ranges.length - 1]!.start).toBeLessThan(Math.max(1, size));
}

describe("splitRanges", () => {
  it("keeps small files whole", () => {
    expect(splitRanges(0, 4)).toEqual([{ start: 0, end: -1 }]);
    expect(splitRanges(5 * MiB, 4)).toEqual([{ start: 0, end: -1 }]);
    expect(splitRanges(8 * MiB, 4)).toEqual([{ start: 0, end: -1 }]);
  });

  it("gives each worker two ranges of a file over 8 MiB", () => {
    const r = splitRanges(8 * MiB + 1, 2);
    expect(r).toHaveLength(4);
    expectTiling(r, 8 * MiB + 1);
    expect(splitRanges(10 * MiB, 1)).toHaveLength(2);
    expect(splitRanges(10 * MiB, 8)).toHaveLength(16);
  });

  it("cuts about one range per 32 MiB of a large file", () => {
    const size = 407_720_271;
    const r = splitRanges(size, 2);
    expect(r).toHaveLength(Math.ceil(size / RANGE_BYTES));
    expectTiling(r, size);
    for (let i = 0; i < r.length - 1; i++) {
      expect(r[i]!.end - r[i]!.start).toBeLessThanOrEqual(RANGE_BYTES);
    }
  });

  it("treats a bad worker count as one", () => {
    expect(splitRanges(10 * MiB, 0)).toHaveLength(2);
  });
});

describe("planRun", () => {
  it("splits splittable NDJSON and keeps gzip and JSON arrays whole", () => {
    const plan = planRun(
      [
        input("big.jsonl", 100 * MiB),
        input("a.jsonl.gz", 50 * MiB, { gzip: true, splittable: false }),
        input("arr.json", 20 * MiB, { format: "json-array", splittable: false }),
      ],
      options,
    );
    const byInput = (i: number) => plan.tasks.filter((t) => t.task.input.index === i);
    expect(byInput(0)).toHaveLength(4);
    expect(byInput(1)).toHaveLength(1);
    expect(byInput(1)[0]!.task.range).toEqual({ index: 0, start: 0, end: -1 });
    expect(byInput(1)[0]!.gzip).toBe(true);
    expect(byInput(2)).toHaveLength(1);
    expect(byInput(2)[0]!.task.format).toBe("json-array");
    expect(plan.totalBytes).toBe(170 * MiB);
    const sum = plan.tasks.reduce((s, t) => s + t.bytes, 0);
    expect(sum).toBe(plan.totalBytes);
  });

  it("never splits a gzip file even if the sniff calls it splittable", () => {
    const plan = planRun([input("x.gz", 100 * MiB, { gzip: true, splittable: true })], options);
    expect(plan.tasks).toHaveLength(1);
  });

  it("carries the parameters and the per-file field mapping", () => {
    const a = input("a.jsonl", 10);
    const b = input("b.jsonl", 10);
    b.fields = { date: "created_at", user: "user", text: "text", mentions: "" };
    const plan = planRun([a, b], { workers: 1, mentions: "text", timeZone: "Europe/Paris" });
    const tb = plan.tasks.find((t) => t.task.input.index === 1)!;
    expect(tb.task.params).toEqual({ mentions: "text", timeZone: "Europe/Paris", fields: b.fields });
    expect(tb.task.input.name).toBe("b.jsonl");
    expect(tb.key).toBe("1:0");
  });

  it("skips inputs that cannot run and says why", () => {
    const unknown = input("notes.txt", 100, { format: "unknown", message: "not JSON" });
    const noDate = input("c.jsonl", 100);
    noDate.fields = { ...noDate.fields, date: "" };
    const plan = planRun([unknown, input("ok.jsonl", 100), noDate], options);
    expect(plan.skipped).toEqual([
      { index: 0, reason: "not JSON" },
      { index: 2, reason: "no date field chosen" },
    ]);
    expect(plan.tasks.map((t) => t.task.input.index)).toEqual([1]);
    expect(plan.totalBytes).toBe(100);
  });

  it("puts the largest tasks first", () => {
    const plan = planRun([input("small.jsonl", 1000), input("z.gz", 5 * MiB, { gzip: true })], options);
    expect(plan.tasks[0]!.task.input.name).toBe("z.gz");
  });
});

describe("scheduleOrder", () => {
  it("is stable for equal sizes", () => {
    const t = (key: string, bytes: number) => ({ key, bytes, gzip: false, task: {} as never });
    const out = scheduleOrder([t("a", 1), t("b", 3), t("c", 1), t("d", 3)]);
    expect(out.map((x) => x.key)).toEqual(["b", "d", "a", "c"]);
  });
});

describe("fullyDetected", () => {
  it("needs date, user and text", () => {
    expect(fullyDetected(sniff())).toBe(true);
    expect(fullyDetected(sniff({ fields: { ...fields, mentions: "" } }))).toBe(true);
    expect(fullyDetected(sniff({ fields: { ...fields, user: "" } }))).toBe(false);
    expect(fullyDetected(sniff({ format: "unknown" }))).toBe(false);
  });
});

describe("takeFromFolder", () => {
  it.each([
    ["tweets.jsonl", true],
    ["a/b/tweets.JSON", true],
    ["x.ndjson", true],
    ["x.jsonl.gz", true],
    ["notes.txt", true],
    ["image.png", false],
    ["data.csv", true],
    ["logs/events.TSV", true],
    ["data.parquet", false],
    [".hidden.json", false],
    ["dir/.DS_Store", false],
  ])("%s -> %s", (name, want) => {
    expect(takeFromFolder(name)).toBe(want);
  });
});

describe("planRun for engagement", () => {
  const csvSniff = (name: string, columns: string[], over: Partial<Sniff> = {}): Sniff => ({
    name,
    format: "csv",
    gzip: false,
    shape: "CSV",
    fields: { date: "", user: "", text: "", mentions: "" },
    keys: columns,
    splittable: true,
    csv: { delimiter: ",", header: true, columns },
    ...over,
  });
  const logColumns = ["user_id", "timestamp", "action_type", "page_id", "duration_ms", "app_version"];
  const columns = { user_id: "user_id", timestamp: "timestamp", action_type: "action_type", page_id: "page_id", duration_ms: "duration_ms", app_version: "app_version" };
  const metaColumns = { user_id: "user_id", join_date: "join_date", device_type: "device_type" };
  const log: PlanInput = { name: "interactions.csv", size: 40 * MiB, sniff: csvSniff("interactions.csv", logColumns), fields: sniff().fields, role: "interactions", columns, metaColumns: { user_id: "", join_date: "", device_type: "" } };
  const meta: PlanInput = {
    name: "metadata.csv",
    size: 4 * MiB,
    sniff: csvSniff("metadata.csv", ["user_id", "join_date", "country", "device_type"]),
    fields: sniff().fields,
    role: "metadata",
    columns: { ...columns, user_id: "" },
    metaColumns,
  };
  const opts = { workers: 2, recipe: "engagement" as const, mentions: "auto" as const, timeZone: "Europe/Paris" };

  it("splits a CSV log, carries the dialect, the role and the params in core/activity's names", () => {
    const plan = planRun([log, meta], opts);
    expect(plan.skipped).toEqual([]);
    const logTasks = plan.tasks.filter((t) => t.task.input.index === 0);
    expect(logTasks.length).toBe(4);
    for (const t of plan.tasks) {
      expect(t.task.recipe).toBe("engagement");
      expect(t.task.format).toBe("csv");
      expect(t.task.csv?.header).toBe(true);
    }
    const t = logTasks[0]!.task;
    expect(t.role).toBe("interactions");
    expect(t.params).toEqual({
      timeZone: "Europe/Paris",
      gapSeconds: 600,
      minActiveSeconds: 10,
      maxActiveSeconds: 14400,
      powerShare: 0.01,
      anomalyThreshold: 3.5,
      retentionWeeks: 26,
      topUsers: 20,
      sessionTable: 1000,
      columns,
      metadataColumns: { user_id: "", join_date: "", device_type: "" },
    });
    const m = plan.tasks.find((x) => x.task.input.index === 1)!.task;
    expect(m.role).toBe("metadata");
    expect(m.params).toMatchObject({ metadataColumns: metaColumns });
    expect(m.range).toEqual({ index: 0, start: 0, end: -1 });
  });

  it("reads an input as one range when asked, and gzip always", () => {
    expect(planRun([log], { ...opts, unsplit: new Set([0]) }).tasks).toHaveLength(1);
    expect(planRun([{ ...log, sniff: { ...log.sniff, gzip: true, splittable: false } }], opts).tasks).toHaveLength(1);
  });

  it("gives NDJSON tasks the top-level keys as columns", () => {
    const nd: PlanInput = { ...log, name: "log.ndjson", sniff: sniff({ keys: ["user_id", "ts", "duration_ms", "meta", "meta.x"] }) };
    const t = planRun([nd], opts).tasks[0]!.task;
    expect(t.columns).toEqual(["user_id", "ts", "duration_ms", "meta"]);
    expect(t.csv).toBeUndefined();
  });

  it("says why an input cannot run", () => {
    const plan = planRun(
      [
        { ...log, columns: { ...columns, timestamp: "" } },
        { ...meta, metaColumns: { ...metaColumns, user_id: "" } },
        { ...meta, role: "none" },
      ],
      opts,
    );
    expect(plan.skipped.map((s) => s.reason)).toEqual(["no timestamp column chosen", "no user_id column chosen", "not used: its role is “not used”"]);
  });

  it("keeps CSV out of tweet insights", () => {
    expect(planRun([log], options).skipped[0]!.reason).toMatch(/CSV/);
  });
});
