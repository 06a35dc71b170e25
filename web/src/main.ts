// The page: choose files, detect them, propose the recipe that fits (tweet
// insights, or engagement with each file's role), run it in the worker pool,
// show the result document.
//
// For automation the page exposes
//   window.dropsight.results: ResultDocument[]  the result document of every
//       completed run of this session, latest last (the same JSON as
//       "Download result (JSON)", parsed);
//   window.dropsight.runs: RunTiming[]  per completed run, the page's own timing:
//       seconds (the scan, as metrics.seconds), mergeSeconds and totalSeconds;
//   document.body.dataset.state: "idle" | "running" | "done" | "cancelled" | "error"
//       ("running" covers detection and the run itself).

import "./style.css";
import { filesFromDrop, filesFromInput, groupFolders, type Picked } from "./drop";
import { estimateRemainingMs, formatBytes, formatCount, formatEta, formatPercent, formatPerSecond, formatRate, formatSeconds } from "./format";
import { CancelledError, EngineStartError, Pool, defaultPoolSize } from "./pool";
import type { Plan, PlanInput, PlannedTask } from "./plan";
import type { RecipeName, ResultDocument, Sniff, TweetParams } from "./protocol";
import {
  DEFAULT_LABELS,
  ENGAGEMENT_DEFAULTS,
  RECIPES,
  SENTIMENT_FIELDS,
  columnsOf,
  defaultRole,
  detectSentimentFields,
  emptySentimentFields,
  parseLabels,
  sentimentKeys,
  detectInteractionColumns,
  detectMetadataColumns,
  emptyInteractionColumns,
  emptyMetadataColumns,
  fullyDetected,
  humanSeconds,
  kindOf,
  proposeRecipe,
  recipeLabel,
  runLabel,
  settingsProblem,
  type EngagementSettings,
  type SentimentSettings,
} from "./recipes";
import { planRecipe, runRecipe, type RunInput, type RunProgress } from "./run";
import {
  CHECKPOINT_CAP_BYTES,
  CheckpointStore,
  Checkpointer,
  appendProblem,
  inputIdentity,
  inputsNeeded,
  matchFiles,
  newRunId,
  runFingerprint,
  storedTaskBytes,
  taskId,
  type CheckpointTrouble,
  type InputIdentity,
  type RunRecord as StoredRun,
  type RunSpec,
  type StoredTask,
} from "./checkpoint";
import { CheckpointPanel, type StoredInputRow } from "./views/checkpoint";
import { el, replace } from "./views/dom";
import { entryProblem, renderFiles, withName, type FileChange, type FileEntry } from "./views/files";
import { renderMetrics, type RunRecord } from "./views/metrics";
import { ResultsView, renderRejects } from "./views/results";
import { EvaluateSettingsPanel } from "./views/evaluate-settings";
import { mountSql, routeSqlFiles } from "./sql/view";
import { CombinePanel } from "./combine/view";
import { ReportPanel } from "./report/panel";

export interface RunTiming {
  run: number;
  recipe: RecipeName;
  workers: number;
  /** The scan: first range handed out to last partial (the document's metrics.seconds). */
  seconds: number;
  /** The merge in the engine, partials in to document out. */
  mergeSeconds: number;
  /** Both: first range handed out to the document. */
  totalSeconds: number;
  /** Wasm memory (bytes) of the worker that merged, after the merge. */
  mergePeakMemory: number;
  /** Ranges of the run, and how many of them came from the checkpoint (a resumed
   *  run, or files added to a finished one) rather than being read. */
  tasksTotal: number;
  tasksRestored: number;
}

declare global {
  interface Window {
    dropsight: {
      results: ResultDocument[];
      runs: RunTiming[];
      /** Test hooks (build/browser/crash.test.mjs): crashWorker(i, how) makes worker i
       *  die as a bug would (see Pool.crashWorker); readyWorkers() counts live engines. */
      debug?: { crashWorker(index: number, how?: "engine" | "script"): boolean; readyWorkers(): number };
    };
  }
}

type PageState = "idle" | "running" | "done" | "cancelled" | "error";

function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing #${id}`);
  return node as T;
}

const ui = {
  dropzone: byId<HTMLDivElement>("dropzone"),
  fileInput: byId<HTMLInputElement>("file-input"),
  folderInput: byId<HTMLInputElement>("folder-input"),
  pickFiles: byId<HTMLButtonElement>("pick-files"),
  pickFolder: byId<HTMLButtonElement>("pick-folder"),
  demo: byId<HTMLButtonElement>("demo"),
  demoEngagement: byId<HTMLButtonElement>("demo-engagement"),
  settings: byId<HTMLFormElement>("settings"),
  recipe: byId<HTMLSelectElement>("recipe"),
  proposal: byId<HTMLParagraphElement>("proposal"),
  tweetSettings: byId<HTMLDivElement>("tweet-settings"),
  engagementSettings: byId<HTMLFieldSetElement>("engagement-settings"),
  paramGrid: byId<HTMLDivElement>("param-grid"),
  paramProblem: byId<HTMLParagraphElement>("param-problem"),
  sentimentSettings: byId<HTMLFieldSetElement>("sentiment-settings"),
  labels: byId<HTMLInputElement>("labels"),
  prediction: byId<HTMLSelectElement>("prediction"),
  keepUnmentioned: byId<HTMLInputElement>("keep-unmentioned"),
  sentimentProblem: byId<HTMLParagraphElement>("sentiment-problem"),
  mentions: byId<HTMLSelectElement>("mentions"),
  timezone: byId<HTMLSelectElement>("timezone"),
  timezoneLabel: byId<HTMLLabelElement>("timezone-label"),
  timezoneOther: byId<HTMLInputElement>("timezone-other"),
  timezoneProblem: byId<HTMLParagraphElement>("timezone-problem"),
  workers: byId<HTMLSelectElement>("workers"),
  memory: byId<HTMLInputElement>("memory"),
  memoryProblem: byId<HTMLParagraphElement>("memory-problem"),
  run: byId<HTMLButtonElement>("run"),
  cancel: byId<HTMLButtonElement>("cancel"),
  status: byId<HTMLParagraphElement>("status"),
  progress: byId<HTMLProgressElement>("progress"),
  progressDetail: byId<HTMLParagraphElement>("progress-detail"),
  error: byId<HTMLDivElement>("error"),
  files: byId<HTMLElement>("files"),
  results: byId<HTMLElement>("results"),
  rejects: byId<HTMLElement>("rejects"),
  metrics: byId<HTMLElement>("metrics"),
};

window.dropsight = { results: [], runs: [] };

const MIB = 1024 * 1024;
const DEFAULT_MEMORY_MIB = 1024;
const MAX_MEMORY_MIB = 3072;

const cores = defaultPoolSize();
const pool = new Pool({ wasmUrl: new URL(ENGINE_WASM_PATH, document.baseURI).href, size: cores });
window.dropsight.debug = {
  crashWorker: (index, how = "engine") => pool.crashWorker(index, how),
  readyWorkers: () => pool.readyWorkers,
};
const resultsView = new ResultsView(ui.results);
const reportPanel = new ReportPanel(ui.results);
// The evaluate recipe's columns, after the sentiment pipeline's settings.
const evaluatePanel = new EvaluateSettingsPanel(() => {
  checkParams();
  if (entries.length && state !== "running") setStatus(nextStepText());
});
ui.sentimentSettings.after(evaluatePanel.root);

let entries: FileEntry[] = [];
let skipped: string[] = [];
let state: PageState = "idle";
/** The recipe of the next run: proposed from the files, or the user's pick. */
let recipe: RecipeName = "tweets";
/** Bumped by every new file set and every run, so late answers of old ones are dropped. */
let generation = 0;
const runs: RunRecord[] = [];

// ---------- settings ----------

const COMMON_ZONES = [
  "UTC",
  "America/Los_Angeles",
  "America/Denver",
  "America/Chicago",
  "America/New_York",
  "America/Sao_Paulo",
  "Europe/London",
  "Europe/Paris",
  "Europe/Berlin",
  "Europe/Moscow",
  "Africa/Lagos",
  "Asia/Dubai",
  "Asia/Kolkata",
  "Asia/Shanghai",
  "Asia/Tokyo",
  "Australia/Sydney",
];
const OTHER_ZONE = "__other__";

interface ParamSpec {
  key: keyof EngagementSettings;
  label: string;
  unit: string;
  min: number;
  step: string;
  /** A readable form of the value, beside the input. */
  hint: (v: number) => string;
}

const PARAMS: ParamSpec[] = [
  { key: "gapSeconds", label: "Session gap", unit: "s", min: 0, step: "any", hint: (v) => `a gap of more than ${humanSeconds(v)} starts a new session` },
  { key: "minActiveSeconds", label: "Active minimum", unit: "s", min: 0, step: "any", hint: (v) => `active: duration > ${humanSeconds(v)}` },
  { key: "maxActiveSeconds", label: "Active maximum", unit: "s", min: 0, step: "any", hint: (v) => `and < ${humanSeconds(v)}; also the cap for power users` },
  { key: "powerPercent", label: "Power users", unit: "% of users", min: 0, step: "any", hint: (v) => `the top ${v}% by interaction time` },
  { key: "anomalyThreshold", label: "Anomaly threshold", unit: "robust z", min: 0, step: "any", hint: (v) => `|z| > ${v} marks a day` },
];

const paramInputs = new Map<keyof EngagementSettings, HTMLInputElement>();

function setupParams(): void {
  for (const p of PARAMS) {
    const id = `param-${p.key}`;
    const input = el("input", {
      id,
      testid: id,
      attrs: { type: "number", min: p.min, step: p.step, value: ENGAGEMENT_DEFAULTS[p.key], inputmode: "decimal", "aria-describedby": `${id}-hint` },
    });
    const hint = el("span", { id: `${id}-hint`, class: "hint" });
    const update = (): void => {
      const v = Number(input.value);
      const d = ENGAGEMENT_DEFAULTS[p.key];
      hint.textContent = `${input.value.trim() !== "" && Number.isFinite(v) ? p.hint(v) : "enter a number"}${v === d ? " (default)" : ` · default ${d}`}`;
    };
    input.addEventListener("input", () => {
      update();
      checkParams();
    });
    update();
    paramInputs.set(p.key, input);
    ui.paramGrid.appendChild(
      el("div", { class: "param" }, el("label", { attrs: { for: id } }, `${p.label} (${p.unit})`), input, hint),
    );
  }
  const reset = el("button", { class: "small", testid: "param-reset", attrs: { type: "button" } }, "Reset to defaults");
  reset.addEventListener("click", () => {
    for (const p of PARAMS) {
      const input = paramInputs.get(p.key)!;
      input.value = String(ENGAGEMENT_DEFAULTS[p.key]);
      input.dispatchEvent(new Event("input"));
    }
  });
  ui.paramGrid.appendChild(el("div", { class: "param param-reset" }, reset));
}

function engagementSettings(): EngagementSettings {
  const out = { ...ENGAGEMENT_DEFAULTS };
  for (const p of PARAMS) {
    const raw = paramInputs.get(p.key)!.value.trim();
    out[p.key] = raw === "" ? Number.NaN : Number(raw);
  }
  return out;
}

function sentimentSettings(): SentimentSettings {
  return { labels: ui.labels.value, keepUnmentioned: ui.keepUnmentioned.checked, prediction: ui.prediction.value };
}

function setupSentiment(): void {
  ui.labels.value = DEFAULT_LABELS;
  ui.labels.addEventListener("input", checkParams);
  refreshPredictionOptions();
}

/** The predictions column: any field of the runnable inputs that is not one of
 *  their date, user, text or label fields. */
function refreshPredictionOptions(): void {
  const current = ui.prediction.value;
  const used = new Set<string>();
  const keys = new Set<string>();
  for (const e of entries) {
    if (!e.sniff || e.status !== "ready") continue;
    for (const f of SENTIMENT_FIELDS) if (e.sentimentFields[f]) used.add(e.sentimentFields[f]!);
    for (const k of sentimentKeys(e.sniff)) keys.add(k);
  }
  const options = [...keys].filter((k) => !used.has(k)).sort();
  replace(
    ui.prediction,
    el("option", { attrs: { value: "" } }, "(none: the built-in model only)"),
    ...options.map((k) => el("option", { attrs: { value: k } }, k)),
  );
  ui.prediction.value = options.includes(current) ? current : "";
}

function checkParams(): boolean {
  const problem = recipe === "engagement" ? settingsProblem(engagementSettings()) : "";
  ui.paramProblem.hidden = !problem;
  ui.paramProblem.textContent = problem;
  const labelProblem = recipe === "sentiment" ? parseLabels(ui.labels.value).problem : "";
  ui.sentimentProblem.hidden = !labelProblem;
  ui.sentimentProblem.textContent = labelProblem;
  updateButtons();
  return !problem && !labelProblem;
}

function setupRecipes(): void {
  for (const r of RECIPES) ui.recipe.appendChild(el("option", { attrs: { value: r.name } }, r.label));
  ui.recipe.value = recipe;
  ui.recipe.addEventListener("change", () => {
    setRecipe(ui.recipe.value as RecipeName);
    ui.proposal.textContent = "Chosen by you.";
    renderFileList();
    if (entries.length && state !== "running") setStatus(nextStepText());
  });
}

function setRecipe(next: RecipeName): void {
  recipe = next;
  ui.recipe.value = next;
  ui.tweetSettings.hidden = next !== "tweets";
  ui.engagementSettings.hidden = next !== "engagement";
  ui.sentimentSettings.hidden = next !== "sentiment";
  evaluatePanel.root.hidden = next !== "evaluate";
  ui.run.textContent = runLabel(next);
  ui.timezoneLabel.textContent =
    next === "engagement"
      ? "Time zone: for timestamps without an offset, and for days, weeks, months"
      : next === "sentiment"
        ? "Time zone: for dates without an offset, and for the days of the charts"
        : "Time zone for timestamps without an offset";
  checkParams();
}

function setupSettings(): void {
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const zone of COMMON_ZONES) {
    ui.timezone.appendChild(el("option", { attrs: { value: zone } }, zone === local ? `${zone} (this computer)` : zone));
  }
  if (local && !COMMON_ZONES.includes(local)) {
    ui.timezone.appendChild(el("option", { attrs: { value: local } }, `${local} (this computer)`));
  }
  ui.timezone.appendChild(el("option", { attrs: { value: OTHER_ZONE } }, "Other…"));
  ui.timezone.value = "UTC";
  ui.timezone.addEventListener("change", () => {
    ui.timezoneOther.hidden = ui.timezone.value !== OTHER_ZONE;
    if (!ui.timezoneOther.hidden) ui.timezoneOther.focus();
    checkZone();
  });
  ui.timezoneOther.addEventListener("input", checkZone);

  for (let n = 1; n <= cores; n++) {
    const label = n === 1 ? "1 (least memory)" : n === cores ? `${n} (all cores)` : String(n);
    ui.workers.appendChild(el("option", { attrs: { value: n } }, label));
  }
  ui.workers.value = String(cores);
  ui.workers.addEventListener("change", () => pool.resize(Number(ui.workers.value)));
}

function validZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function selectedZone(): string {
  return ui.timezone.value === OTHER_ZONE ? ui.timezoneOther.value.trim() : ui.timezone.value;
}

function checkZone(): boolean {
  const zone = selectedZone();
  const ok = validZone(zone);
  ui.timezoneProblem.hidden = ok;
  ui.timezoneProblem.textContent = ok ? "" : zone ? `“${zone}” is not a time zone this browser knows (use an IANA name such as Asia/Kolkata).` : "Type an IANA time zone name.";
  updateButtons();
  return ok;
}

// ---------- state and status ----------

function setState(next: PageState): void {
  state = next;
  document.body.dataset.state = next;
  updateButtons();
}

function setStatus(text: string): void {
  ui.status.textContent = text;
}

function showError(text: string | null): void {
  ui.error.hidden = !text;
  ui.error.textContent = text ?? "";
}

function runnableEntries(): FileEntry[] {
  return entries.filter((e) => !entryProblem(e, recipe));
}

/** Why the chosen files cannot run as a whole, or "". */
function runProblem(): string {
  const chosen = runnableEntries();
  if (chosen.length === 0) return "no file can run";
  if (recipe === "engagement") {
    if (!chosen.some((e) => e.role === "interactions")) return "an engagement run needs an interaction log";
    if (settingsProblem(engagementSettings())) return "a parameter is not valid";
  }
  if (recipe === "sentiment" && parseLabels(ui.labels.value).problem) return "the label mapping is not valid";
  if (recipe === "evaluate" && evaluatePanel.problem()) return "the label and prediction columns are not picked";
  return "";
}

function updateButtons(): void {
  const running = state === "running";
  ui.cancel.disabled = !running;
  ui.run.disabled = running || Boolean(runProblem()) || !validZone(selectedZone()) || memoryMiB() === null;
  ui.workers.disabled = running;
  ui.memory.disabled = running;
  ui.recipe.disabled = running;
  evaluatePanel.disabled = running;
}

function applyChange(change: FileChange): void {
  const entry = entries[change.index];
  if (!entry) return;
  switch (change.kind) {
    case "field":
      entry.fields = { ...entry.fields, [change.field]: change.value };
      break;
    case "role":
      entry.role = change.role;
      break;
    case "column":
      entry.columns = { ...entry.columns, [change.field]: change.value };
      break;
    case "metaColumn":
      entry.metaColumns = { ...entry.metaColumns, [change.field]: change.value };
      break;
    case "sentimentField":
      entry.sentimentFields = { ...entry.sentimentFields, [change.field]: change.value };
      break;
  }
  renderFileList();
  updateButtons();
}

function renderFileList(): void {
  renderFiles(ui.files, entries, skipped, state === "running", recipe, applyChange);
  refreshPredictionOptions();
  evaluatePanel.setColumns([...new Set(entries.flatMap((e) => (e.sniff && e.status === "ready" ? columnsOf(e.sniff) : [])))]);
}

/** What the user should do next, for the status line. */
function nextStepText(): string {
  const problem = runProblem();
  const label = runLabel(recipe);
  if (!problem && recipe === "profile") return `Press “${label}” to profile every column.`;
  if (recipe === "evaluate") return problem ? `Pick the label and prediction columns in the settings, then press “${label}”.` : `Check the columns picked, then press “${label}”.`;
  if (!problem) return `Check the ${recipe === "engagement" ? "roles, columns and parameters" : recipe === "sentiment" ? "fields and parameters" : "field mapping"} below, then press “${label}”.`;
  if (recipe === "engagement") {
    if (problem === "an engagement run needs an interaction log") return "Mark a file as the interaction log (its role, below), or add one.";
    return `Pick the roles and the user_id, timestamp and duration_ms columns below, then press “${label}”.`;
  }
  if (recipe === "sentiment") {
    if (problem === "the label mapping is not valid") return "Correct the label mapping, then press “Run sentiment pipeline”.";
    return `Pick the text field (and the date, user and label fields) below, then press “${label}”.`;
  }
  return `Pick the date, user and text fields below, then press “${label}”.`;
}

// ---------- progress ----------

let pendingProgress: RunProgress | null = null;
let progressFrame = 0;

function showProgress(p: RunProgress): void {
  pendingProgress = p;
  if (progressFrame) return;
  progressFrame = requestAnimationFrame(() => {
    progressFrame = 0;
    const q = pendingProgress;
    if (!q) return;
    ui.progress.max = Math.max(1, q.totalBytes);
    ui.progress.value = Math.min(q.doneBytes, q.totalBytes);
    const seconds = q.elapsedMs / 1000;
    // Rates and the estimate are of this attempt: restored ranges took no time in it.
    const readBytes = q.doneBytes - q.restoredBytes;
    const readRecords = q.records - q.restoredRecords;
    const parts = [
      `${formatBytes(q.doneBytes)} of ${formatBytes(q.totalBytes)} (${formatPercent(q.doneBytes, q.totalBytes)})`,
      seconds > 0 ? formatRate(readBytes / seconds) : "",
      // Without the engine's progress(handle), records are known as ranges finish.
      q.records > 0 ? `${formatCount(q.records)} records` : "",
      seconds > 0 && readRecords > 0 ? formatPerSecond(readRecords / seconds) : "",
      `${q.tasksDone} of ${q.tasksTotal} range${q.tasksTotal === 1 ? "" : "s"} done`,
      q.doneBytes < q.totalBytes ? formatEta(estimateRemainingMs(readBytes, q.totalBytes - q.restoredBytes, q.elapsedMs)) : "",
    ];
    ui.progressDetail.textContent = parts.filter(Boolean).join(" · ");
  });
}

function resetProgress(): void {
  pendingProgress = null;
  ui.progress.max = 1;
  ui.progress.value = 0;
  ui.progressDetail.textContent = "";
}

// ---------- files ----------

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A chosen file before detection. */
function freshEntry(file: File, name: string, size: number): FileEntry {
  return {
    file,
    name,
    status: "detecting",
    sniff: null,
    error: "",
    fields: { date: "", user: "", text: "", mentions: "" },
    kind: "unknown",
    role: "none",
    columns: emptyInteractionColumns(),
    metaColumns: emptyMetadataColumns(),
    sentimentFields: emptySentimentFields(),
    size,
  };
}

/** What detection found, as the entry's kind, role and mappings. */
function applySniff(entry: FileEntry, sniff: Sniff): void {
  entry.status = "ready";
  entry.sniff = sniff;
  entry.fields = { ...sniff.fields };
  entry.kind = kindOf(sniff);
  entry.role = defaultRole(entry.kind);
  entry.columns = detectInteractionColumns(sniff);
  entry.metaColumns = detectMetadataColumns(sniff);
  entry.sentimentFields = detectSentimentFields(sniff);
}

async function takeFiles(picked: Picked): Promise<void> {
  // SQLite databases go to the SQL view (web/src/sql); the rest to the recipes.
  const rest = await routeSqlFiles(picked.files);
  if (rest.length === 0 && picked.files.length > 0) return;
  picked = { ...picked, files: rest };
  // A folder also gets the consolidation plan (web/src/combine).
  void combinePanel.show(picked);
  if (state === "running") pool.cancel();
  const gen = ++generation;
  showError(null);
  skipped = picked.skipped;
  // A folder's small files are one input, read in batches (200,000 one-tweet files
  // are one entry, sniffed from their first files).
  const { singles, groups } = groupFolders(picked.files);
  entries = [
    ...groups.map((g): FileEntry => {
      if (g.sized) return { ...freshEntry(g.members[0]!.file, g.name, g.members.reduce((n, m) => n + m.file.size, 0)), members: g.members };
      // A big folder: its size estimated from its first files (see drop.SIZE_CHECK_MAX).
      const sample = g.members.slice(0, 16).map((m) => m.file.size);
      const mean = sample.reduce((a, b) => a + b, 0) / Math.max(1, sample.length);
      return { ...freshEntry(g.members[0]!.file, g.name, Math.round(mean * g.members.length)), members: g.members, sizeEstimated: true };
    }),
    ...singles.map((p) => freshEntry(p.file, p.name, p.file.size)),
  ];
  if (entries.length === 0) {
    setState("idle");
    renderFileList();
    setStatus(skipped.length ? "No data files found in the folder (see the skipped files)." : "No files were chosen.");
    return;
  }
  // The files of the unfinished run on offer resume it (their detection is stored).
  const resumption = await resumeFromFiles();
  if (gen !== generation || resumption === "resumed") return;
  setState("running");
  resetProgress();
  renderFileList();
  setStatus(`Detecting ${entries.length} input${entries.length === 1 ? "" : "s"}…`);

  const answers = await Promise.allSettled(
    entries.map((e) =>
      e.members
        ? pool.sniffFiles(
            e.members.slice(0, 16).map((m) => m.file),
            e.name,
            e.members.length,
          )
        : pool.sniff(e.file, e.name),
    ),
  );
  if (gen !== generation) return;
  let cancelled = false;
  let engineDown: EngineStartError | null = null;
  answers.forEach((answer, i) => {
    const entry = entries[i]!;
    if (answer.status === "fulfilled") {
      applySniff(entry, answer.value);
    } else {
      entry.status = "error";
      if (answer.reason instanceof CancelledError) cancelled = true;
      if (answer.reason instanceof EngineStartError) engineDown = answer.reason;
      entry.error =
        answer.reason instanceof CancelledError
          ? "detection cancelled"
          : answer.reason instanceof EngineStartError
            ? "not read: the analysis engine could not start"
            : errorMessage(answer.reason);
    }
  });
  if (cancelled) {
    setState("cancelled");
    renderFileList();
    setStatus("Cancelled.");
    return;
  }
  if (engineDown) {
    setState("error");
    renderFileList();
    setStatus("Error: the analysis engine could not start.");
    showError((engineDown as EngineStartError).message);
    return;
  }
  const failed = entries.filter((e) => e.status === "error");
  const proposal = proposeRecipe(
    entries.filter((e) => e.status === "ready").map((e) => e.kind),
    entries.filter((e) => e.status === "ready" && e.sniff && e.sniff.format !== "unknown").length,
  );
  setRecipe(proposal.recipe);
  ui.proposal.textContent = proposal.reason;
  setState(failed.length === entries.length ? "error" : "idle");
  renderFileList();
  if (failed.length > 0) {
    showError(failed.map((e) => withName(e.name, e.error)).join("\n"));
  }
  // Files that only partly match the run on offer wait for the user (see the panel).
  if (unambiguous() && resumption !== "partial") {
    void startRun();
    return;
  }
  if (failed.length === entries.length) {
    setStatus(`Error: ${failed.length === 1 ? "the file" : "no file"} could not be read (see below).`);
  } else {
    setStatus(nextStepText());
  }
}

/**
 * Whether a run can start by itself: every file was recognised for the proposed
 * recipe (tweets: every field detected; engagement: each file an interaction log
 * or a metadata table with its columns found) and nothing needs a choice.
 */
function unambiguous(): boolean {
  if (entries.length === 0 || runProblem()) return false;
  if (recipe === "tweets") return entries.every((e) => e.sniff && e.kind === "tweets" && fullyDetected(e.sniff));
  if (recipe === "sentiment") return entries.every((e) => e.sniff && e.kind === "labelled" && !entryProblem(e, recipe));
  if (recipe === "profile") return entries.every((e) => e.sniff && !entryProblem(e, recipe));
  if (recipe === "evaluate") return entries.every((e) => e.sniff && e.kind === "predictions");
  return entries.every((e) => (e.kind === "interactions" || e.kind === "metadata") && !entryProblem(e, recipe));
}

/** Demo files shipped with the app (built by build/build.sh into public/demo/). */
const DEMOS = {
  tweets: [{ path: "demo/tweets-demo.jsonl", type: "application/x-ndjson" }],
  engagement: [
    { path: "demo/interactions-demo.csv", type: "text/csv" },
    { path: "demo/metadata-demo.csv", type: "text/csv" },
  ],
};

async function loadDemo(which: keyof typeof DEMOS): Promise<void> {
  if (state === "running") pool.cancel();
  const gen = ++generation;
  showError(null);
  setState("running");
  setStatus("Loading the demo data…");
  let current = "";
  try {
    const files: { file: File; name: string }[] = [];
    for (const demo of DEMOS[which]) {
      current = demo.path.slice(demo.path.lastIndexOf("/") + 1);
      const response = await fetch(new URL(demo.path, document.baseURI));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      files.push({ file: new File([blob], current, { type: demo.type }), name: current });
    }
    if (gen !== generation) return;
    await takeFiles({ files, skipped: [] });
  } catch (err) {
    if (gen !== generation) return;
    setState("error");
    setStatus("Error: the demo data could not be loaded.");
    showError(`${current}: could not be loaded (${errorMessage(err)}).`);
  }
}

// ---------- run ----------

async function startRun(): Promise<void> {
  if (state === "running") return;
  const chosen = runnableEntries();
  if (chosen.length === 0) {
    setStatus("There is no file that can be run: see the problems listed with the files.");
    return;
  }
  if (!checkZone()) return;
  const problem = runProblem();
  if (problem) {
    setStatus(nextStepText());
    return;
  }
  const runRecipeName = recipe;
  const excluded = entries.length - chosen.length;
  // Engagement reads the interaction logs first, then the metadata tables, as the
  // native command does (`--metadata` files come after the logs): the first row of
  // a duplicated user_id wins, so the order is part of the answer.
  const ordered =
    runRecipeName === "engagement"
      ? [...chosen.filter((e) => e.role === "interactions"), ...chosen.filter((e) => e.role === "metadata")]
      : chosen;
  const inputs = ordered.map(runInputOf);
  const settings: RunSpec = {
    recipe: runRecipeName,
    mentions: ui.mentions.value as TweetParams["mentions"],
    timeZone: selectedZone(),
    engagement: engagementSettings(),
    sentiment: sentimentSettings(),
    evaluate: evaluatePanel.settings(),
    planWorkers: pool.size,
    processingTime: new Date().toISOString(),
  };
  await executeRun({
    inputs,
    settings,
    identities: ordered.map(inputIdentity),
    sources: ordered,
    completed: new Map(),
    record: null,
    excluded,
  });
}

/** The Memory per worker setting in MiB, or null when the field holds no whole
 *  number in 1..3072 (a worker's wasm memory ends at 4 GiB). An empty or "0"
 *  field is shown as a problem, not silently replaced. */
function memoryMiB(): number | null {
  const text = ui.memory.value.trim();
  const mib = Number(text);
  return text !== "" && Number.isInteger(mib) && mib >= 1 && mib <= MAX_MEMORY_MIB ? mib : null;
}

function checkMemory(): boolean {
  const ok = memoryMiB() !== null;
  ui.memoryProblem.hidden = ok;
  ui.memoryProblem.textContent = ok ? "" : `Memory per worker takes a whole number of MiB from 1 to ${MAX_MEMORY_MIB}.`;
  if (ok) ui.memory.removeAttribute("aria-invalid");
  else ui.memory.setAttribute("aria-invalid", "true");
  updateButtons();
  return ok;
}

/** The Memory per worker setting in bytes: core/budget's limit of each recipe state
 *  (executeRun has checked the field, so the default is only a fallback). */
function memoryLimit(): number {
  return (memoryMiB() ?? DEFAULT_MEMORY_MIB) * MIB;
}

function runInputOf(e: FileEntry): RunInput {
  return {
    file: e.file,
    name: e.name,
    size: e.size,
    sniff: e.sniff!,
    fields: { ...e.fields },
    role: e.role,
    columns: { ...e.columns },
    metaColumns: { ...e.metaColumns },
    sentimentFields: { ...e.sentimentFields },
    ...(e.members
      ? {
          members: e.members,
          // Estimated sizes (each file the mean) when checking them would cost too much.
          memberSizes: e.sizeEstimated ? e.members.map(() => e.size / e.members!.length) : e.members.map((m) => m.file.size),
        }
      : {}),
  };
}

/** A run to start: a new one, a resumed one, or a finished one with files added. */
interface RunOrder {
  inputs: RunInput[];
  settings: RunSpec;
  identities: InputIdentity[];
  /** Per input, where its file is in this page (null: not here, counted earlier). */
  sources: (FileSource | null)[];
  /** Tasks done by earlier attempts, by task id. */
  completed: Map<string, StoredTask>;
  /** The stored run to continue (resume), or null to store a new one. */
  record: StoredRun | null;
  /** Chosen files left out of the run (for the status line). */
  excluded: number;
  /** A line for the stored-run panel (files refused when adding). */
  note?: string;
  /** The finished run files were added to: deleted once this run is stored
   *  finished (it holds all of that run's tasks). */
  supersedes?: string;
  /** The run's plan when the caller made it already (a resume checks it against
   *  the stored run's): each run is planned once, here or in executeRun. */
  plan?: Plan;
}

async function executeRun(order: RunOrder): Promise<void> {
  // Every run, new or resumed, takes its memory limit from the field.
  if (!checkMemory()) {
    setStatus("Correct the Memory per worker setting, then run.");
    return;
  }
  const { inputs, settings, excluded } = order;
  const gen = ++generation;
  const serial = ++runSerial;
  showError(null);
  setState("running");
  renderFileList();
  resetProgress();
  const workers = pool.size;
  setStatus(`Running on ${workers} worker${workers === 1 ? "" : "s"}: starting the engine…`);
  const plan = order.plan ?? planRecipe(order.inputs, order.settings, pool.size);
  const checkpoint = await openCheckpoint(order, plan);
  if (gen !== generation) {
    // Cancelled while the checkpoint was being set up: nothing ran.
    if (checkpoint) await stoppedRun(checkpoint, order, serial);
    return;
  }
  offered = null;
  appendBase = null;
  // Other tabs see that this run is under way (and do not offer to resume it).
  let releaseLock = checkpoint ? holdRunLock(checkpoint.record.id) : () => {};
  if (checkpoint) showStoredInputs(checkpoint.record, order, null);
  else checkpointPanel.hide();
  for (const trouble of checkpointTroubles) checkpointPanel.say(trouble);
  let announced = false;
  let merging = false;
  let restoredTasks = 0;
  try {
    const outcome = await runRecipe(pool, inputs, { ...settings, memoryLimit: memoryLimit() }, (p) => {
      restoredTasks = p.tasksRestored;
      if (gen !== generation) return;
      if (!announced) {
        announced = true;
        setStatus(
          `Running on ${workers} worker${workers === 1 ? "" : "s"}: ${p.tasksTotal} range${p.tasksTotal === 1 ? "" : "s"} of ${inputs.length} file${inputs.length === 1 ? "" : "s"}` +
            (p.tasksRestored ? ` (${p.tasksRestored} done earlier, kept in this browser)…` : "…"),
        );
      }
      if (p.merging && !merging) {
        merging = true;
        setStatus(`Merging the partial results of ${p.tasksTotal} range${p.tasksTotal === 1 ? "" : "s"}…`);
      }
      showProgress(p);
    }, checkpoint?.run, plan);
    // The checkpoint is marked finished after the results are drawn (it holds the lock till then).
    const finishStored = (): void => {
      if (!checkpoint) return;
      finishCheckpoint(checkpoint, order, serial, releaseLock);
      releaseLock = () => {};
    };
    if (gen !== generation) {
      finishStored();
      return;
    }
    const doc = outcome.document;
    const record: RunRecord = {
      number: runs.length + 1,
      document: doc,
      tasks: outcome.plan.tasks,
      startedAt: outcome.startedAt,
      mergeSeconds: outcome.mergeSeconds,
      totalSeconds: outcome.totalSeconds,
      mergePeakMemory: outcome.mergePeakMemory,
    };
    runs.push(record);
    window.dropsight.results.push(doc);
    window.dropsight.runs.push({
      run: record.number,
      recipe: doc.recipe,
      workers: doc.metrics.workers,
      seconds: doc.metrics.seconds,
      mergeSeconds: outcome.mergeSeconds,
      totalSeconds: outcome.totalSeconds,
      mergePeakMemory: outcome.mergePeakMemory,
      tasksTotal: outcome.plan.tasks.length,
      tasksRestored: restoredTasks,
    });
    const drawStart = performance.now();
    resultsView.show(doc, record.number, outcome.tables);
    // The report hashes the inputs whose files this page holds.
    reportPanel.setRun(doc, inputs.flatMap((input, i) => (order.sources[i] ? [{ ...input, ...order.sources[i] }] : [])));
    renderRejects(ui.rejects, doc, record.number);
    // How long drawing the result took, for profiling (performance.getEntriesByName),
    // and the run profile's render stage (the page's own drawing; layout and paint
    // come after). The download buttons serialise this copy when clicked, so they have it.
    const drawn = performance.measure("dropsight:render", { start: drawStart });
    if (doc.metrics.stages) doc.metrics.stages.renderMs = Math.round(drawn.duration * 10) / 10;
    renderMetrics(ui.metrics, runs);
    const m = doc.metrics;
    if (checkpoint && !checkpoint.writer.stopped) {
      active = { record: checkpoint.record, sources: order.sources };
      appendBase = checkpoint.record;
      showStoredInputs(checkpoint.record, order, order.note ?? "");
    } else if (checkpoint) {
      // Checkpointing stopped during the run: the list would promise what is not kept.
      checkpointPanel.hide();
      for (const trouble of checkpointTroubles) checkpointPanel.say(trouble);
    }
    finishStored();
    setState("done");
    renderFileList();
    setStatus(
      `Done: ${formatCount(m.records)} records, ${formatCount(doc.rejectedTotal)} rejected, in ${formatSeconds(outcome.totalSeconds)} s (reading ${formatSeconds(m.seconds)} s at ${formatRate(m.bytesPerSecond ?? 0)}, merge ${formatSeconds(outcome.mergeSeconds)} s) on ${m.workers} worker${m.workers === 1 ? "" : "s"}.` +
        (excluded > 0 ? ` ${excluded} file${excluded === 1 ? " was" : "s were"} not run (see the file list).` : ""),
    );
    ui.progress.max = 1;
    ui.progress.value = 1;
    // Bring the new results up when they landed below the fold; leave a reader elsewhere alone.
    const top = ui.results.getBoundingClientRect().top;
    if (top > window.innerHeight * 0.6) ui.results.scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (err) {
    // Whatever stopped the run, what completed is stored and offered for resuming.
    if (checkpoint) await stoppedRun(checkpoint, order, serial, err instanceof CancelledError);
    if (gen !== generation) return;
    if (err instanceof CancelledError) {
      setState("cancelled");
      renderFileList();
      setStatus("Cancelled. The page is ready for a new run.");
      return;
    }
    setState("error");
    renderFileList();
    const text = errorMessage(err);
    setStatus("Error: the run stopped.");
    showError(text);
  } finally {
    releaseLock();
  }
}

function cancel(): void {
  if (state !== "running") return;
  generation++;
  pool.cancel();
  setState("cancelled");
  entries.forEach((e) => {
    if (e.status === "detecting") {
      e.status = "error";
      e.error = "detection cancelled";
    }
  });
  renderFileList();
  setStatus("Cancelled. The page is ready for a new run.");
}


// ---------- checkpoints: resume and append ----------
//
// Every run is stored in IndexedDB as its tasks complete (checkpoint.ts). A run
// that stopped (Cancel, an error, a closed tab) is offered for resuming: the
// files it still needs are matched by name, size and date, only the missing
// ranges are read, and their partials merge with the stored ones. A finished
// run takes more files: only they are read, merged with the stored partials.

/** Where an input's file is in this page. */
interface FileSource {
  file: Blob;
  members?: { file: Blob; name: string }[];
}

/** The checkpoint of the run under way. */
interface OpenCheckpoint {
  record: StoredRun;
  writer: Checkpointer;
  run: { completed: ReadonlyMap<string, StoredTask>; onTaskDone: (id: string, task: Omit<StoredTask, "run" | "id">) => void; onUnsplit: (unsplit: number[], tasks: PlannedTask[]) => void };
}

const checkpointSection = el("section", { id: "checkpoint", class: "panel checkpoint", testid: "checkpoint", attrs: { "aria-label": "Stored run" } });
ui.files.before(checkpointSection);
const checkpointPanel = new CheckpointPanel(checkpointSection);
// The panel's live region stays in the page while the panel is hidden, so its first line is heard.
checkpointSection.before(checkpointPanel.statusLine);

/** Moves focus held by a control of the checkpoint panel, which is about to be
 *  replaced or hidden, to target, rather than letting it fall to the page body. */
function focusFromPanel(target: HTMLElement): void {
  if (checkpointSection.contains(document.activeElement)) target.focus();
}
let store: CheckpointStore | null = null;
const storeReady = CheckpointStore.open().then((s) => {
  store = s;
});
/** The unfinished run the page offers to resume. */
let offered: StoredRun | null = null;
/** The finished run that "Add files…" adds to. */
let appendBase: StoredRun | null = null;
/** The last checkpointed run of this page, with the files it was given. */
let active: { record: StoredRun; sources: (FileSource | null)[] } | null = null;
/** Bumped by each run, so a late offer of an old run does not cover a newer one. */
let runSerial = 0;
/** Why the current run is not checkpointed, for the panel. */
let checkpointTroubles: string[] = [];

function troubleText(t: CheckpointTrouble): string {
  return t.kind === "cap"
    ? `This run is not kept for resuming: its partial results (over ${formatBytes(t.bytes)}) pass the ${formatBytes(CHECKPOINT_CAP_BYTES)} the page keeps per run.`
    : `This run is not kept for resuming: the browser would not store it (${t.message}).`;
}

function planInputOf(input: RunInput): PlanInput {
  const { file: _file, members: _members, counted: _counted, ...plan } = input;
  return plan;
}

/** Stores a new run (or wraps the run being resumed) before its first task. A
 *  store that fails leaves the run unstored, with a line in the panel. */
async function openCheckpoint(order: RunOrder, plan: Plan): Promise<OpenCheckpoint | null> {
  checkpointTroubles = [];
  await storeReady;
  const db = store;
  if (!db) return null;
  // A run that cannot plan fails with its own message; nothing to store.
  if (plan.skipped.length || plan.tasks.length === 0) return null;
  const note = (t: CheckpointTrouble): void => {
    checkpointTroubles.push(troubleText(t));
    checkpointPanel.say(troubleText(t));
  };
  let record = order.record;
  try {
    if (!record) {
      // A new run; with files added to a finished run, its tasks come along (copied:
      // the finished run stays as it was until it is pruned).
      const copied = [...order.completed.values()];
      const bytes = copied.reduce((n, t) => n + storedTaskBytes(t), 0);
      if (bytes > CHECKPOINT_CAP_BYTES) {
        note({ kind: "cap", bytes });
        return null;
      }
      const now = Date.now();
      const fresh: StoredRun = {
        id: newRunId(),
        fingerprint: runFingerprint(order.settings.recipe, order.identities, plan.tasks),
        status: "running",
        createdAt: now,
        updatedAt: now,
        spec: order.settings,
        inputs: order.inputs.map((input, i) => ({ identity: order.identities[i]!, plan: planInputOf(input) })),
        taskIds: plan.tasks.map(taskId),
        tasksDone: copied.length,
        storedBytes: bytes,
      };
      await db.write(fresh, copied.map((t) => ({ ...t, run: fresh.id })));
      await db.prune();
      if (offered && !(await db.run(offered.id))) offered = null;
      record = fresh;
    }
  } catch (err) {
    note({ kind: "error", message: errorMessage(err) });
    return null;
  }
  const writer = new Checkpointer(record, db, note);
  // A CSV read again as one range: the stored run plans as the run now does, so a
  // resume or "Add files…" repeats it (the failed attempt's tasks stay stored).
  const onUnsplit = (unsplit: number[], tasks: PlannedTask[]): void => {
    const spec: RunSpec = { ...writer.record.spec, unsplit };
    void writer.replan({ spec, taskIds: tasks.map(taskId), fingerprint: runFingerprint(spec.recipe, order.identities, tasks) });
  };
  return { record, writer, run: { completed: order.completed, onTaskDone: (id, task) => writer.add(id, task), onUnsplit } };
}

/** The checkpoint writes of the last completed run, awaited before its stored tasks are read. */
let finishing: Promise<void> = Promise.resolve();

/** Marks a completed run finished in the store, off the path that draws its
 *  results, then lets go of its lock. A write that fails takes back the stored
 *  run (the panel says why, as for a run whose checkpointing stopped midway). */
function finishCheckpoint(checkpoint: OpenCheckpoint, order: RunOrder, serial: number, releaseLock: () => void): void {
  finishing = checkpoint.writer
    .finish()
    .then(async () => {
      if (!checkpoint.writer.stopped) {
        // The finished run files were added to: this one holds all its tasks.
        if (order.supersedes) await store?.remove(order.supersedes).catch(() => undefined);
        return;
      }
      if (appendBase === checkpoint.record) appendBase = null;
      if (active?.record === checkpoint.record) active = null;
      if (serial !== runSerial) return;
      checkpointPanel.hide();
      for (const trouble of checkpointTroubles) checkpointPanel.say(trouble);
    })
    .finally(releaseLock);
}

/** After a run stopped: store what completed, and offer to resume it. */
async function stoppedRun(checkpoint: OpenCheckpoint, order: RunOrder, serial: number, cancelled = false): Promise<void> {
  await checkpoint.writer.flush();
  if (checkpoint.writer.stopped) return;
  // A new run stopped before its first range: nothing worth offering.
  if (!order.record && checkpoint.record.tasksDone === 0) {
    await store?.remove(checkpoint.record.id).catch(() => undefined);
    return;
  }
  active = { record: checkpoint.record, sources: order.sources };
  // A newer run has the panel by now.
  if (serial !== runSerial) return;
  await offerResume(checkpoint.record, cancelled, serial);
}

function runLockName(id: string): string {
  return `dropsight-run-${id}`;
}

/** Holds a Web Lock named after the run until the returned function is called
 *  (or the tab closes, when the browser lets it go). */
function holdRunLock(id: string): () => void {
  let release = (): void => {};
  if (!navigator.locks) return release;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  void navigator.locks.request(runLockName(id), () => held).catch(() => undefined);
  return release;
}

/** Whether another tab of this browser is running the stored run now. */
async function runningElsewhere(id: string): Promise<boolean> {
  if (!navigator.locks) return false;
  const { held } = await navigator.locks.query();
  return Boolean(held?.some((lock) => lock.name === runLockName(id)));
}

function rowsOf(record: StoredRun, done: ReadonlySet<string>, order: RunOrder | null): StoredInputRow[] {
  const needed = new Set(inputsNeeded(record, done));
  return record.inputs.map((input, i) => ({
    name: input.identity.name,
    size: input.identity.size,
    status: order ? orderStatus(record, order, i) : needed.has(input) ? "needed" : "counted",
  }));
}

function orderStatus(record: StoredRun, order: RunOrder, input: number): StoredInputRow["status"] {
  if (order.inputs[input]?.counted) return "counted";
  const prefix = `${input}:`;
  return record.taskIds.some((id) => id.startsWith(prefix) && order.completed.has(id)) ? "resumed" : "new";
}

function appendRefusal(record: StoredRun): string | true {
  return record.spec.recipe === "engagement"
    ? "Files cannot be added to an engagement run: it reads its interaction logs before its metadata tables, so an added log would change the order of the inputs. Run again with all files."
    : true;
}

/** The panel's list of the run's inputs (during and after a checkpointed run). */
function showStoredInputs(record: StoredRun, order: RunOrder, note: string | null): void {
  const finished = note !== null;
  checkpointPanel.showRun(
    recipeLabel(record.spec.recipe),
    rowsOf(record, new Set(), order),
    finished ? appendRefusal(record) : null,
    () => checkpointPanel.appendInput.click(),
    note ?? "",
  );
}

async function offerResume(record: StoredRun, cancelled: boolean, serial = runSerial): Promise<void> {
  const db = store;
  if (!db) return;
  const done = new Set(await db.taskIds(record.id));
  if (serial !== runSerial) return;
  offered = record;
  appendBase = null;
  const atHand = active?.record.id === record.id;
  checkpointPanel.offerResume(
    {
      recipe: recipeLabel(record.spec.recipe),
      files: record.inputs.map((i) => i.identity.name),
      tasksDone: record.taskIds.filter((id) => done.has(id)).length,
      tasksTotal: record.taskIds.length,
      needed: rowsOf(record, done, null).filter((r) => r.status === "needed"),
      filesAtHand: atHand,
      cancelled,
    },
    () => {
      if (state === "running") return;
      if (active?.record.id === record.id) void continueRecord(record, active.sources, []);
      else ui.fileInput.click();
    },
    () => void discard(record),
  );
}

async function discard(record: StoredRun): Promise<void> {
  await store?.remove(record.id);
  if (offered?.id === record.id) offered = null;
  if (active?.record.id === record.id) active = null;
  // Back to where a new run starts.
  focusFromPanel(ui.dropzone);
  checkpointPanel.hide();
  setStatus("The unfinished run was discarded.");
}

/** Puts the stored run's settings back on the page, so what it shows is what runs. */
function applySpec(spec: RunSpec): void {
  setRecipe(spec.recipe);
  ui.proposal.textContent = "As in the stored run.";
  ui.mentions.value = spec.mentions;
  const listed = [...ui.timezone.options].some((o) => o.value === spec.timeZone);
  ui.timezone.value = listed ? spec.timeZone : OTHER_ZONE;
  ui.timezoneOther.hidden = listed;
  if (!listed) ui.timezoneOther.value = spec.timeZone;
  if (spec.engagement) {
    for (const p of PARAMS) paramInputs.get(p.key)!.value = String(spec.engagement[p.key]);
    for (const input of paramInputs.values()) input.dispatchEvent(new Event("input"));
  }
  if (spec.sentiment) {
    ui.labels.value = spec.sentiment.labels;
    ui.keepUnmentioned.checked = spec.sentiment.keepUnmentioned;
    refreshPredictionOptions();
    if (![...ui.prediction.options].some((o) => o.value === spec.sentiment!.prediction)) {
      ui.prediction.appendChild(el("option", { attrs: { value: spec.sentiment.prediction } }, spec.sentiment.prediction));
    }
    ui.prediction.value = spec.sentiment.prediction;
  }
  if (spec.evaluate) evaluatePanel.apply(spec.evaluate);
  checkZone();
  checkParams();
}

/** An entry takes the stored run's detection and mappings of its file. */
function restoreEntry(entry: FileEntry, plan: PlanInput): void {
  applySniff(entry, plan.sniff);
  entry.fields = { ...plan.fields };
  if (plan.role) entry.role = plan.role;
  if (plan.columns) entry.columns = { ...plan.columns };
  if (plan.metaColumns) entry.metaColumns = { ...plan.metaColumns };
  if (plan.sentimentFields) entry.sentimentFields = { ...plan.sentimentFields };
}

/**
 * Continues a stored run: resumes it (added empty: only its missing tasks run),
 * or adds files to it (a new stored run: its tasks, and the added files' ones).
 * sources holds, per stored input, its file in this page or null.
 */
async function continueRecord(record: StoredRun, sources: (FileSource | null)[], added: FileEntry[], note?: string): Promise<void> {
  const db = store;
  if (!db) return;
  // Resume or "Add files…" from the panel: focus follows the run, on its status line.
  focusFromPanel(ui.status);
  // The run just finished here may still be writing its last tasks.
  await finishing;
  const tasks = await db.tasks(record.id);
  const completed = new Map(tasks.map((t) => [t.id, t]));
  const needed = new Set(inputsNeeded(record, new Set(completed.keys())));
  const missing: string[] = [];
  const inputs: RunInput[] = record.inputs.map((stored, i) => {
    const source = sources[i] ?? null;
    const counted = !needed.has(stored);
    if (!source && !counted) missing.push(stored.identity.name);
    // A counted input's file is never read: after a reload there is none (an empty Blob).
    return { ...stored.plan, file: source?.file ?? new Blob([]), ...(source?.members ? { members: source.members } : {}), ...(counted ? { counted: true } : {}) };
  });
  if (missing.length) {
    showError(`To resume, give these files too: ${missing.join(", ")}.`);
    return;
  }
  applySpec(record.spec);
  const all = [...inputs, ...added.map(runInputOf)];
  const identities = [...record.inputs.map((i) => i.identity), ...added.map(inputIdentity)];
  const plan = planRecipe(all, record.spec, pool.size);
  if (added.length === 0) {
    // The files match by name, size and date; the plan must be the stored one too
    // (the same detection, settings and ranges), or the partials would not fit.
    if (runFingerprint(record.spec.recipe, identities, plan.tasks) !== record.fingerprint) {
      showError("These files match the unfinished run by name, size and date, but the run they make differs from the stored one. Discard it and run again.");
      return;
    }
  }
  await executeRun({
    inputs: all,
    settings: record.spec,
    identities,
    sources: [...sources.slice(0, record.inputs.length).map((s) => s ?? null), ...added],
    completed,
    record: added.length ? null : record,
    excluded: 0,
    ...(note ? { note } : {}),
    ...(added.length ? { supersedes: record.id } : {}),
    plan,
  });
}

/** Files given while a run is on offer: "resumed" when they are its files,
 *  "partial" when some are (the panel says what is missing), else "none". */
async function resumeFromFiles(): Promise<"resumed" | "partial" | "none"> {
  const record = offered;
  await storeReady;
  if (!record || !store) return "none";
  const done = new Set(await store.taskIds(record.id));
  const match = matchFiles(record, inputsNeeded(record, done), entries.map(inputIdentity));
  if (!match.given.some((g) => g >= 0)) return "none";
  if (match.missing.length || match.unknown.length) {
    checkpointPanel.say(
      `To resume, give ${match.missing.length ? `also ${match.missing.join(", ")}` : "only the run's files"}` +
        `${match.unknown.length ? ` (not part of the run, or changed since: ${match.unknown.join(", ")})` : ""}. Or run these files as a new run.`,
    );
    return "partial";
  }
  record.inputs.forEach((stored, i) => {
    const j = match.given[i]!;
    if (j >= 0) restoreEntry(entries[j]!, stored.plan);
  });
  renderFileList();
  await continueRecord(
    record,
    record.inputs.map((_, i) => entries[match.given[i]!] ?? null),
    [],
  );
  return "resumed";
}

/** "Add files…": detect the files, refuse those already counted (or changed
 *  versions of them) and those the recipe cannot read, run the rest alone. */
async function addFiles(files: File[]): Promise<void> {
  const base = appendBase;
  if (!base || state === "running" || files.length === 0) return;
  const refusal = appendRefusal(base);
  if (refusal !== true) {
    showError(refusal);
    return;
  }
  const known = base.inputs.map((i) => i.identity);
  const refused: string[] = [];
  const candidates: FileEntry[] = [];
  for (const file of files) {
    const entry = freshEntry(file, file.name, file.size);
    const problem = appendProblem(known, inputIdentity(entry));
    if (problem) {
      refused.push(problem);
      continue;
    }
    known.push(inputIdentity(entry));
    candidates.push(entry);
  }
  if (candidates.length === 0) {
    showError(refused.join("\n"));
    setStatus("No file was added.");
    return;
  }
  const gen = ++generation;
  showError(null);
  setState("running");
  setStatus(`Detecting ${candidates.length} added file${candidates.length === 1 ? "" : "s"}…`);
  const answers = await Promise.allSettled(candidates.map((e) => pool.sniff(e.file, e.name)));
  if (gen !== generation) return;
  const accepted: FileEntry[] = [];
  answers.forEach((answer, i) => {
    const entry = candidates[i]!;
    if (answer.status === "rejected") {
      refused.push(withName(entry.name, errorMessage(answer.reason)));
      return;
    }
    applySniff(entry, answer.value);
    const problem = entryProblem(entry, base.spec.recipe);
    if (problem) refused.push(withName(entry.name, `cannot be added to this ${recipeLabel(base.spec.recipe)} run: ${problem}`));
    else accepted.push(entry);
  });
  const note = refused.join("\n");
  if (accepted.length === 0) {
    setState("done");
    setStatus("No file was added.");
    showError(note);
    return;
  }
  const here = active?.record.id === base.id;
  entries = [...(here ? entries : []), ...accepted];
  setState("idle");
  await continueRecord(base, here ? active!.sources : base.inputs.map(() => null), accepted, note);
}

/** On load: offer the newest stored run, to resume (unfinished) or to add to (finished). */
async function offerStoredRun(): Promise<void> {
  const serial = runSerial;
  // Checked after each wait too: an offer must never cover a run started meanwhile.
  const busy = (): boolean => state === "running" || serial !== runSerial || Boolean(offered || appendBase);
  await storeReady;
  const db = store;
  if (!db || busy()) return;
  const newest = (await db.runs())[0];
  if (!newest || busy()) return;
  const elsewhere = await runningElsewhere(newest.id);
  if (busy()) return;
  if (elsewhere) {
    checkpointPanel.say(`A run of ${recipeLabel(newest.spec.recipe)} is under way in another tab of this browser: it is offered here once that tab finishes it or closes.`);
    // The lock is granted when the other tab lets it go (a closing tab may take a moment).
    void navigator.locks
      .request(runLockName(newest.id), () => undefined)
      .then(() => {
        if (busy()) return;
        checkpointPanel.hide();
        return offerStoredRun();
      })
      .catch(() => undefined);
    return;
  }
  if (newest.status === "running") {
    await offerResume(newest, false, serial);
    return;
  }
  appendBase = newest;
  const refusal = appendRefusal(newest);
  checkpointPanel.offerStored(
    recipeLabel(newest.spec.recipe),
    newest.inputs.map((i) => i.identity.name),
    () => {
      if (state !== "running") void continueRecord(newest, newest.inputs.map(() => null), []);
    },
    refusal === true ? () => checkpointPanel.appendInput.click() : null,
    () => {
      appendBase = null;
      void db.remove(newest.id).then(() => {
        focusFromPanel(ui.dropzone);
        checkpointPanel.hide();
      });
    },
  );
}

// ---------- input wiring ----------

function setupInput(): void {
  const openPicker = (): void => ui.fileInput.click();
  ui.pickFiles.addEventListener("click", openPicker);
  ui.pickFolder.addEventListener("click", () => ui.folderInput.click());
  ui.dropzone.addEventListener("click", openPicker);
  ui.dropzone.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openPicker();
    }
  });
  // The inputs keep their files while they are taken (in slices: see drop.SLICE).
  ui.fileInput.addEventListener("change", () => {
    void filesFromInput(ui.fileInput.files, false).then((picked) => {
      ui.fileInput.value = "";
      return takeFiles(picked);
    });
  });
  ui.folderInput.addEventListener("change", () => {
    void filesFromInput(ui.folderInput.files, true).then((picked) => {
      ui.folderInput.value = "";
      return takeFiles(picked);
    });
  });
  checkpointPanel.appendInput.addEventListener("change", () => {
    const files = [...(checkpointPanel.appendInput.files ?? [])];
    checkpointPanel.appendInput.value = "";
    void addFiles(files);
  });
  ui.demo.addEventListener("click", () => void loadDemo("tweets"));
  ui.demoEngagement.addEventListener("click", () => void loadDemo("engagement"));

  // Dropping outside the zone must not make the browser open the file instead.
  window.addEventListener("dragover", (event) => event.preventDefault());
  window.addEventListener("drop", (event) => event.preventDefault());
  let depth = 0;
  ui.dropzone.addEventListener("dragenter", (event) => {
    event.preventDefault();
    depth++;
    ui.dropzone.classList.add("over");
  });
  ui.dropzone.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) ui.dropzone.classList.remove("over");
  });
  ui.dropzone.addEventListener("dragover", (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
  });
  ui.dropzone.addEventListener("drop", (event) => {
    event.preventDefault();
    depth = 0;
    ui.dropzone.classList.remove("over");
    if (!event.dataTransfer) return;
    filesFromDrop(event.dataTransfer).then(
      (picked) => takeFiles(picked),
      (err: unknown) => {
        setState("error");
        setStatus("Error: the dropped files could not be read.");
        showError(errorMessage(err));
      },
    );
  });

  ui.settings.addEventListener("submit", (event) => {
    event.preventDefault();
    void startRun();
  });
  ui.cancel.addEventListener("click", cancel);
  ui.memory.addEventListener("input", checkMemory);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state === "running") cancel();
  });
}

setupSettings();
setupParams();
setupSentiment();
setupRecipes();
setRecipe("tweets");
setupInput();
mountSql(byId<HTMLElement>("sql"));
const combinePanel = new CombinePanel(byId<HTMLElement>("combine"));
setState("idle");
replace(ui.status, "Choose files to begin, or try the demo data.");
void offerStoredRun();
