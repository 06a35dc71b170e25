import { describe, expect, it } from "vitest";
import { planRun, unrunnableReason, type PlanInput } from "./plan";
import type { ProfileColumn, ProfileDocument, Sniff } from "./protocol";
import { PROFILE_DEFAULTS, proposeRecipe, runLabel } from "./recipes";
import { columnRange, distinctText, PROFILE_SUMMARY_COLUMNS, profileSummaryRows } from "./views/profile";

function input(name: string, size: number, over: Partial<Sniff> = {}): PlanInput {
  const sniff: Sniff = {
    name,
    format: "csv",
    gzip: false,
    shape: "CSV",
    fields: { date: "", user: "", text: "", mentions: "" },
    keys: ["a", "b"],
    splittable: true,
    csv: { delimiter: ";", header: true, columns: ["a", "b"] },
    ...over,
  };
  return { name, size, sniff, fields: { ...sniff.fields } };
}

describe("the profile recipe", () => {
  it("is proposed when no other recipe fits a readable table", () => {
    expect(proposeRecipe(["unknown"], 1).recipe).toBe("profile");
    expect(proposeRecipe(["unknown"], 1).reason).toMatch(/Profile proposed/);
    expect(proposeRecipe(["unknown", "unknown"], 2).reason).toMatch(/the 2 tables/);
    expect(proposeRecipe(["unknown"], 0).recipe).toBe("tweets");
    expect(proposeRecipe(["tweets", "unknown"], 2).recipe).toBe("tweets");
    expect(proposeRecipe(["interactions"], 1).recipe).toBe("engagement");
    expect(runLabel("profile")).toBe("Run profile");
  });

  it("runs any readable table, with the CSV dialect or the JSON keys, and no role", () => {
    expect(unrunnableReason(input("a.csv", 10), "profile")).toBe("");
    expect(unrunnableReason(input("x.bin", 10, { format: "unknown", message: "not a table" }), "profile")).toBe("not a table");
    const csv = planRun([input("a.csv", 100)], { workers: 2, recipe: "profile", mentions: "auto", timeZone: "UTC" });
    expect(csv.tasks).toHaveLength(1);
    const t = csv.tasks[0]!.task;
    expect(t.recipe).toBe("profile");
    expect(t.params).toEqual(PROFILE_DEFAULTS);
    expect(t.csv).toEqual({ delimiter: ";", header: true, columns: ["a", "b"] });
    expect(t.role).toBeUndefined();
    const nd = planRun([input("a.jsonl", 100, { format: "ndjson", csv: undefined, keys: ["a", "b.c"] })], {
      workers: 2,
      recipe: "profile",
      mentions: "auto",
      timeZone: "UTC",
    });
    expect(nd.tasks[0]!.task.columns).toEqual(["a"]);
  });

  it("summarises each column as one CSV row", () => {
    const col: ProfileColumn = {
      name: "n",
      type: "integer",
      present: 3,
      missing: 1,
      nulls: 0,
      empties: 0,
      kinds: { integer: 3, number: 0, boolean: 0, date: 0, string: 0, object: 0, array: 0 },
      distinct: { count: 2, exact: true, stdError: 0 },
      top: { exact: true, maxError: 0, values: [{ value: "1", count: 2 }, { value: "2", count: 1 }] },
      numbers: { min: 1, max: 2, histogram: { exact: true, bins: [] } },
    };
    const doc = { results: { rows: 4, columns: [col], sample: { columns: [], rows: [] } } } as unknown as ProfileDocument;
    const rows = profileSummaryRows(doc);
    expect(rows).toEqual([["n", "integer", 3, 1, 0, 0, 2, true, 0, "1", "2", undefined, undefined, "1", 2, true]]);
    expect(rows[0]).toHaveLength(PROFILE_SUMMARY_COLUMNS.length);
    expect(columnRange(col)).toEqual(["1", "2"]);
    expect(distinctText(col.distinct)).toBe("2 exact");
    expect(distinctText({ count: 48852, exact: false, stdError: 0.008125 })).toBe("≈ 48,852 ±0.81%");
  });
});
