import { describe, expect, it } from "vitest";
import type { Sniff } from "./protocol";
import { planRun } from "./plan";
import { detectEvaluateColumns, evaluateParams, evaluateProblem, kindOf, proposeRecipe } from "./recipes";

function sniff(format: Sniff["format"], columns: string[]): Sniff {
  return {
    name: "t",
    format,
    gzip: false,
    shape: "",
    fields: { date: "", user: "", text: "", mentions: "" },
    keys: columns,
    splittable: true,
    ...(format === "csv" ? { csv: { delimiter: ",", header: true, columns } } : {}),
  };
}

describe("evaluate recipe", () => {
  it("picks label and prediction columns by name, never the same one twice", () => {
    expect(detectEvaluateColumns(["id", "y_true", "y_pred"])).toEqual({ label: "y_true", prediction: "y_pred" });
    expect(detectEvaluateColumns(["Actual", "Predicted Label"])).toEqual({ label: "Actual", prediction: "Predicted Label" });
    expect(detectEvaluateColumns(["label", "score"])).toEqual({ label: "label", prediction: "" });
    expect(detectEvaluateColumns(["prediction"])).toEqual({ label: "", prediction: "prediction" });
  });

  it("proposes Evaluate for a table of labels and predictions, not for labelled tweets", () => {
    const kinds = [kindOf(sniff("csv", ["id", "target", "prediction"]))];
    expect(kinds).toEqual(["predictions"]);
    expect(proposeRecipe(kinds).recipe).toBe("evaluate");
    expect(kindOf(sniff("ndjson", ["text", "sentiment", "prediction"]))).toBe("labelled");
    expect(proposeRecipe([kindOf(sniff("csv", ["a", "b"]))], 1).recipe).toBe("profile");
  });

  it("checks the settings and sends trimmed parameters", () => {
    expect(evaluateProblem({ label: "", prediction: "p", positive: "" })).toMatch(/given labels/);
    expect(evaluateProblem({ label: "a", prediction: "a", positive: "" })).toMatch(/two different/);
    expect(evaluateProblem({ label: "a", prediction: "b", positive: "" })).toBe("");
    expect(evaluateParams({ label: "a", prediction: "b", positive: "  " })).toEqual({ label: "a", prediction: "b" });
    expect(evaluateParams({ label: "a", prediction: "b", positive: " cat " })).toEqual({ label: "a", prediction: "b", positive: "cat" });
  });

  it("plans a CSV with its dialect and JSON records by field path", () => {
    const evaluate = { label: "y_true", prediction: "y_pred", positive: "" };
    const base = { fields: { date: "", user: "", text: "", mentions: "" } };
    const plan = planRun(
      [
        { name: "a.csv", size: 100, sniff: sniff("csv", ["y_true", "y_pred"]), ...base },
        { name: "b.ndjson", size: 100, sniff: sniff("ndjson", ["y_true", "y_pred"]), ...base },
      ],
      { workers: 2, recipe: "evaluate", mentions: "auto", timeZone: "UTC", evaluate },
    );
    expect(plan.skipped).toEqual([]);
    expect(plan.tasks.map((t) => t.task.recipe)).toEqual(["evaluate", "evaluate"]);
    expect(plan.tasks[0]!.task.params).toEqual({ label: "y_true", prediction: "y_pred" });
    expect(plan.tasks[0]!.task.csv?.columns).toEqual(["y_true", "y_pred"]);
    expect(plan.tasks[1]!.task.csv).toBeUndefined();
  });
});
