// The sentiment pipeline's page side: detection, proposal, parameters, the
// folder grouping and batching, and the row tables kept as Blob parts.
import { describe, expect, it } from "vitest";
import { groupFolders, SIZE_CHECK_MAX } from "./drop";
import { FOLDER_TASK_FILES, batchFiles, planRun, type PlanInput } from "./plan";
import type { Sniff } from "./protocol";
import { DEFAULT_LABELS, SENTIMENT_DEFAULTS, detectSentimentFields, kindOf, parseLabels, proposeRecipe, sentimentParams } from "./recipes";
import { RowTables, csvCell } from "./tables";

function sniff(over: Partial<Sniff>): Sniff {
  return { name: "x", format: "ndjson", gzip: false, shape: "", fields: { date: "", user: "", text: "", mentions: "" }, keys: [], splittable: true, ...over };
}

describe("recipe detection", () => {
  it("finds labelled tweets and proposes the sentiment pipeline", () => {
    const s = sniff({ format: "object", keys: ["date", "user", "text", "sentiment"], fields: { date: "date", user: "user", text: "text", mentions: "" } });
    expect(detectSentimentFields(s)).toEqual({ date: "date", user: "user", text: "text", sentiment: "sentiment" });
    expect(kindOf(s)).toBe("labelled");
    expect(proposeRecipe(["labelled"]).recipe).toBe("sentiment");
    expect(proposeRecipe(["labelled"]).reason).toMatch(/Sentiment pipeline proposed/);
  });

  it("matches fields without case, and recognises Sentiment140's headerless CSV", () => {
    expect(detectSentimentFields(sniff({ keys: ["Created_At", "Screen_Name", "Tweet", "Label"] }))).toEqual({
      date: "Created_At",
      user: "Screen_Name",
      text: "Tweet",
      sentiment: "Label",
    });
    const cols = ["column1", "column2", "column3", "column4", "column5", "column6"];
    const csv = sniff({ format: "csv", keys: cols, csv: { delimiter: ",", header: false, columns: cols } });
    expect(detectSentimentFields(csv)).toEqual({ date: "column3", user: "column5", text: "column6", sentiment: "column1" });
    expect(kindOf(csv)).toBe("labelled");
  });

  it("keeps plain tweets and interaction logs as they were", () => {
    const tweets = sniff({ keys: ["date", "user.username", "content"], fields: { date: "date", user: "user.username", text: "content", mentions: "" } });
    expect(kindOf(tweets)).toBe("tweets");
    expect(proposeRecipe(["tweets"]).recipe).toBe("tweets");
    expect(proposeRecipe(["interactions", "labelled"]).recipe).toBe("engagement");
  });
});

describe("label mapping", () => {
  it("parses label=class pairs, and says what is wrong", () => {
    expect(parseLabels(DEFAULT_LABELS)).toEqual({ labels: { "0": "negative", "2": "neutral", "4": "positive" }, problem: "" });
    expect(parseLabels("happy = POS\nsad=neg").labels).toEqual({ happy: "positive", sad: "negative" });
    expect(parseLabels("").labels).toEqual({});
    expect(parseLabels("4=great").problem).toMatch(/positive, negative or neutral/);
    expect(parseLabels("positive").problem).toMatch(/label=class/);
  });

  it("builds core/pipeline.Params with one processing time", () => {
    const p = sentimentParams({ ...SENTIMENT_DEFAULTS, prediction: "other" }, "Asia/Kolkata", { date: "d", user: "u", text: "t", sentiment: "s" }, "2024-01-01T00:00:00.000Z");
    expect(p).toEqual({
      fields: { date: "d", user: "u", text: "t", sentiment: "s", prediction: "other" },
      labels: { "0": "negative", "2": "neutral", "4": "positive" },
      keepUnmentioned: false,
      timeZone: "Asia/Kolkata",
      processingTime: "2024-01-01T00:00:00.000Z",
    });
    expect("prediction" in sentimentParams(SENTIMENT_DEFAULTS, "UTC", { date: "", user: "", text: "t", sentiment: "" }, "x").fields).toBe(false);
  });
});

describe("folders of small files", () => {
  const file = (size: number) => ({ size }) as File;
  it("groups a folder's small files into one input; CSV and big files stay files of their own", () => {
    const picked = [
      { file: file(100), name: "tweets/a.json" },
      { file: file(100), name: "tweets/sub/b.json" },
      { file: file(100), name: "tweets/c.csv" },
      { file: file(5 << 20), name: "tweets/big.jsonl" },
      { file: file(100), name: "lonely/only.json" },
      { file: file(100), name: "top.json" },
    ];
    const { singles, groups } = groupFolders(picked);
    expect(groups.map((g) => [g.name, g.members.map((m) => m.name), g.sized])).toEqual([["tweets/", ["tweets/a.json", "tweets/sub/b.json"], true]]);
    expect(singles.map((s) => s.name)).toEqual(["lonely/only.json", "top.json", "tweets/big.jsonl", "tweets/c.csv"]);
  });

  it("does not ask a big folder's files for their sizes", () => {
    const picked = Array.from({ length: SIZE_CHECK_MAX + 1 }, (_, i) => ({
      file: Object.defineProperty({}, "size", { get: () => { throw new Error("size asked"); } }) as File,
      name: `f/${String(i).padStart(5, "0")}.json`,
    }));
    const { groups } = groupFolders(picked);
    expect(groups[0]!.members.length).toBe(SIZE_CHECK_MAX + 1);
    expect(groups[0]!.sized).toBe(false);
  });

  it("cuts the files into consecutive batches, at least two per worker, at most FOLDER_TASK_FILES each", () => {
    const tile = (b: { from: number; to: number }[], n: number) => {
      expect(b[0]!.from).toBe(0);
      expect(b.at(-1)!.to).toBe(n);
      for (let i = 1; i < b.length; i++) expect(b[i]!.from).toBe(b[i - 1]!.to);
    };
    const small = batchFiles(Array(2000).fill(150), 2);
    tile(small, 2000);
    expect(small.length).toBe(4);
    const many = batchFiles(Array(200_000).fill(150), 2);
    tile(many, 200_000);
    expect(many.length).toBe(200_000 / FOLDER_TASK_FILES);
    expect(Math.max(...many.map((b) => b.to - b.from))).toBeLessThanOrEqual(FOLDER_TASK_FILES);
    expect(batchFiles([10], 4)).toEqual([{ from: 0, to: 1 }]);
    expect(batchFiles([], 4)).toEqual([]);
  });

  it("plans a folder as sentiment tasks over batches of its files, with one processing time", () => {
    const s = sniff({ format: "object", keys: ["date", "user", "text", "sentiment"] });
    const input: PlanInput = {
      name: "tweets/",
      size: 2000 * 150,
      sniff: s,
      fields: s.fields,
      sentimentFields: detectSentimentFields(s),
      memberSizes: Array(2000).fill(150),
    };
    const plan = planRun([input], { workers: 2, recipe: "sentiment", mentions: "auto", timeZone: "UTC", processingTime: "2024-01-01T00:00:00.000Z" });
    expect(plan.tasks.length).toBe(4);
    expect(plan.totalBytes).toBe(300_000);
    for (const t of plan.tasks) {
      expect(t.task.recipe).toBe("sentiment");
      expect(t.task.format).toBe("object");
      expect(t.task.range).toMatchObject({ start: 0, end: -1 });
      expect(t.task.params).toMatchObject({ processingTime: "2024-01-01T00:00:00.000Z", fields: { text: "text", sentiment: "sentiment" } });
    }
    expect(plan.tasks.map((t) => t.files!.to - t.files!.from).reduce((a, b) => a + b, 0)).toBe(2000);
    // Without a text field it cannot run.
    const none = planRun([{ ...input, sentimentFields: { date: "", user: "", text: "", sentiment: "" } }], { workers: 2, recipe: "sentiment", mentions: "auto", timeZone: "UTC" });
    expect(none.skipped[0]!.reason).toBe("no text field chosen");
  });
});

describe("row tables", () => {
  const enc = (rows: object[]) => new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join("\n") + "\n") as Uint8Array<ArrayBuffer>;
  const rows = Array.from({ length: 120 }, (_, i) => ({ n: i, text: i === 7 ? 'a "quoted", text\nline' : `t${i}`, v: i % 3 ? null : i }));
  const make = () => {
    const t = new RowTables();
    // Batches of 50, 1, 69 rows, as a worker's takeRows would give them.
    t.add([{ table: "bronze", rows: 50, data: enc(rows.slice(0, 50)) }]);
    t.add([{ table: "bronze", rows: 1, data: enc(rows.slice(50, 51)) }, { table: "silver", rows: 1, data: enc([{ x: 1 }]) }]);
    t.add([{ table: "bronze", rows: 69, data: enc(rows.slice(51)) }]);
    return t;
  };

  it("counts rows per table and pages across batches", async () => {
    const t = make();
    expect(t.names()).toEqual(["bronze", "silver"]);
    const b = t.table("bronze");
    expect(b.rows).toBe(120);
    expect(b.parts.length).toBe(3);
    expect(await b.slice(0, 50)).toEqual(rows.slice(0, 50));
    expect(await b.slice(45, 10)).toEqual(rows.slice(45, 55));
    expect(await b.slice(100, 50)).toEqual(rows.slice(100));
    expect(await b.slice(120, 50)).toEqual([]);
  });

  it("downloads gzip NDJSON that unzips to the rows, and CSV with a header", async () => {
    const b = make().table("bronze");
    const gz = await b.ndjsonGzip();
    const text = await new Response(gz.stream().pipeThrough(new DecompressionStream("gzip"))).text();
    const lines = text.trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual(rows);
    const csv = await (await b.csv()).text();
    const first = csv.split("\r\n").slice(0, 3);
    expect(first).toEqual(["n,text,v", "0,t0,0", "1,t1,"]);
    expect(csv).toContain('7,"a ""quoted"", text\nline",');
    expect(csvCell(" x")).toBe('" x"');
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });
});
