// The evaluate recipe's settings: the label column, the prediction column
// (chosen among the columns detected in the files, with defaults picked by
// name) and the optional positive class of the binary view.

import { detectEvaluateColumns, evaluateProblem, type EvaluateSettings } from "../recipes";
import { el, replace } from "./dom";

export class EvaluateSettingsPanel {
  readonly root: HTMLFieldSetElement;
  private readonly label = el("select", { id: "evaluate-label", testid: "evaluate-label", attrs: { "aria-describedby": "evaluate-label-hint" } });
  private readonly prediction = el("select", { id: "evaluate-prediction", testid: "evaluate-prediction", attrs: { "aria-describedby": "evaluate-prediction-hint" } });
  private readonly positive = el("input", {
    id: "evaluate-positive",
    testid: "evaluate-positive",
    attrs: { type: "text", spellcheck: "false", placeholder: "(none)", "aria-describedby": "evaluate-positive-hint" },
  });
  private readonly problemLine = el("p", { class: "problem", testid: "evaluate-problem", attrs: { hidden: true, role: "status" } });
  /** The columns offered last, to keep the user's picks while they stay offered. */
  private columns: string[] = [];
  /** Whether the user picked a column (defaults then stop replacing it). */
  private picked = { label: false, prediction: false };

  constructor(onChange: () => void) {
    const param = (id: string, text: string, control: HTMLElement, hint: string): HTMLElement =>
      el("div", { class: "param" }, el("label", { attrs: { for: id } }, text), control, el("span", { id: `${id}-hint`, class: "hint" }, hint));
    this.root = el(
      "fieldset",
      { class: "setting full params", id: "evaluate-settings", testid: "evaluate-settings", attrs: { hidden: true } },
      el("legend", null, "Evaluate predictions"),
      el(
        "div",
        { class: "param-grid" },
        param("evaluate-label", "Label column (given)", this.label, "The true class of each record: the rows of the confusion matrix."),
        param("evaluate-prediction", "Prediction column", this.prediction, "The classifier's class: the columns of the matrix."),
        param("evaluate-positive", "Positive class (optional)", this.positive, "A label value: adds the binary view, that value against every other."),
      ),
      this.problemLine,
    );
    const changed = (which: "label" | "prediction") => (): void => {
      this.picked[which] = true;
      this.check();
      onChange();
    };
    this.label.addEventListener("change", changed("label"));
    this.prediction.addEventListener("change", changed("prediction"));
    this.positive.addEventListener("input", () => onChange());
  }

  /** Offers the columns of the files (their union, in order of first appearance);
   *  a column the user picked stays while it is offered, else the default by name. */
  setColumns(columns: string[]): void {
    const same = columns.length === this.columns.length && columns.every((c, i) => c === this.columns[i]);
    if (same) return;
    const keep = { label: this.picked.label && columns.includes(this.label.value), prediction: this.picked.prediction && columns.includes(this.prediction.value) };
    const guess = detectEvaluateColumns(columns);
    const label = keep.label ? this.label.value : guess.label;
    const prediction = keep.prediction ? this.prediction.value : guess.prediction;
    this.columns = [...columns];
    for (const [select, value] of [
      [this.label, label],
      [this.prediction, prediction],
    ] as const) {
      replace(select, el("option", { attrs: { value: "" } }, "(pick a column)"), ...columns.map((c) => el("option", { attrs: { value: c } }, c)));
      select.value = value;
    }
    this.picked = keep;
    this.check();
  }

  /** Puts back a stored run's settings: its columns count as picked, offered even
   *  before files that have them are given (a resume shows what runs). */
  apply(settings: EvaluateSettings): void {
    for (const [select, value] of [
      [this.label, settings.label],
      [this.prediction, settings.prediction],
    ] as const) {
      if (value && ![...select.options].some((o) => o.value === value)) select.append(el("option", { attrs: { value } }, value));
      select.value = value;
    }
    this.positive.value = settings.positive;
    this.picked = { label: Boolean(settings.label), prediction: Boolean(settings.prediction) };
    this.check();
  }

  settings(): EvaluateSettings {
    return { label: this.label.value, prediction: this.prediction.value, positive: this.positive.value };
  }

  /** Why the settings cannot run, or "". */
  problem(): string {
    return evaluateProblem(this.settings());
  }

  private check(): void {
    const problem = this.columns.length ? this.problem() : "";
    this.problemLine.hidden = !problem;
    this.problemLine.textContent = problem;
  }

  set disabled(v: boolean) {
    this.label.disabled = v;
    this.prediction.disabled = v;
    this.positive.disabled = v;
  }
}
