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
import type { RecipeName, ResultDocument, TweetParams } from "./protocol";
import {
  DEFAULT_LABELS,
  ENGAGEMENT_DEFAULTS,
  RECIPES,
  SENTIMENT_FIELDS,
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
  runLabel,
  settingsProblem,
  type EngagementSettings,
  type SentimentSettings,
} from "./recipes";
import { runRecipe, type RunInput, type RunProgress } from "./run";
import { el, replace } from "./views/dom";
import { entryProblem, renderFiles, withName, type FileChange, type FileEntry } from "./views/files";
import { renderMetrics, type RunRecord } from "./views/metrics";
import { ResultsView, renderRejects } from "./views/results";
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
}

declare global {
  interface Window {
    dropsight: { results: ResultDocument[]; runs: RunTiming[] };
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

const cores = defaultPoolSize();
const pool = new Pool({ wasmUrl: new URL("engine.wasm", document.baseURI).href, size: cores });
const resultsView = new ResultsView(ui.results);
const reportPanel = new ReportPanel(ui.results);

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
  return "";
}

function updateButtons(): void {
  const running = state === "running";
  ui.cancel.disabled = !running;
  ui.run.disabled = running || Boolean(runProblem()) || !validZone(selectedZone());
  ui.workers.disabled = running;
  ui.recipe.disabled = running;
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
}

/** What the user should do next, for the status line. */
function nextStepText(): string {
  const problem = runProblem();
  const label = runLabel(recipe);
  if (!problem && recipe === "profile") return `Press “${label}” to profile every column.`;
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
    const parts = [
      `${formatBytes(q.doneBytes)} of ${formatBytes(q.totalBytes)} (${formatPercent(q.doneBytes, q.totalBytes)})`,
      seconds > 0 ? formatRate(q.doneBytes / seconds) : "",
      // Without the engine's progress(handle), records are known as ranges finish.
      q.records > 0 ? `${formatCount(q.records)} records` : "",
      seconds > 0 && q.records > 0 ? formatPerSecond(q.records / seconds) : "",
      `${q.tasksDone} of ${q.tasksTotal} range${q.tasksTotal === 1 ? "" : "s"} done`,
      q.doneBytes < q.totalBytes ? formatEta(estimateRemainingMs(q.doneBytes, q.totalBytes, q.elapsedMs)) : "",
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
  const fresh = (file: File, name: string, size: number): FileEntry => ({
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
  });
  entries = [
    ...groups.map((g): FileEntry => {
      if (g.sized) return { ...fresh(g.members[0]!.file, g.name, g.members.reduce((n, m) => n + m.file.size, 0)), members: g.members };
      // A big folder: its size estimated from its first files (see drop.SIZE_CHECK_MAX).
      const sample = g.members.slice(0, 16).map((m) => m.file.size);
      const mean = sample.reduce((a, b) => a + b, 0) / Math.max(1, sample.length);
      return { ...fresh(g.members[0]!.file, g.name, Math.round(mean * g.members.length)), members: g.members, sizeEstimated: true };
    }),
    ...singles.map((p) => fresh(p.file, p.name, p.file.size)),
  ];
  if (entries.length === 0) {
    setState("idle");
    renderFileList();
    setStatus(skipped.length ? "No data files found in the folder (see the skipped files)." : "No files were chosen.");
    return;
  }
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
      const sniff = answer.value;
      entry.status = "ready";
      entry.sniff = sniff;
      entry.fields = { ...sniff.fields };
      entry.kind = kindOf(sniff);
      entry.role = defaultRole(entry.kind);
      entry.columns = detectInteractionColumns(sniff);
      entry.metaColumns = detectMetadataColumns(sniff);
      entry.sentimentFields = detectSentimentFields(sniff);
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
  if (unambiguous()) {
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
  const gen = ++generation;
  const runRecipeName = recipe;
  const excluded = entries.length - chosen.length;
  showError(null);
  setState("running");
  renderFileList();
  resetProgress();
  const workers = pool.size;
  setStatus(`Running on ${workers} worker${workers === 1 ? "" : "s"}: starting the engine…`);
  // Engagement reads the interaction logs first, then the metadata tables, as the
  // native command does (`--metadata` files come after the logs): the first row of
  // a duplicated user_id wins, so the order is part of the answer.
  const ordered =
    runRecipeName === "engagement"
      ? [...chosen.filter((e) => e.role === "interactions"), ...chosen.filter((e) => e.role === "metadata")]
      : chosen;
  const inputs: RunInput[] = ordered.map((e) => ({
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
  }));
  const settings = {
    recipe: runRecipeName,
    mentions: ui.mentions.value as TweetParams["mentions"],
    timeZone: selectedZone(),
    engagement: engagementSettings(),
    sentiment: sentimentSettings(),
  };
  let announced = false;
  let merging = false;
  try {
    const outcome = await runRecipe(pool, inputs, settings, (p) => {
      if (gen !== generation) return;
      if (!announced) {
        announced = true;
        setStatus(
          `Running on ${workers} worker${workers === 1 ? "" : "s"}: ${p.tasksTotal} range${p.tasksTotal === 1 ? "" : "s"} of ${chosen.length} file${chosen.length === 1 ? "" : "s"}…`,
        );
      }
      if (p.merging && !merging) {
        merging = true;
        setStatus(`Merging the partial results of ${p.tasksTotal} range${p.tasksTotal === 1 ? "" : "s"}…`);
      }
      showProgress(p);
    });
    if (gen !== generation) return;
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
    });
    const drawStart = performance.now();
    resultsView.show(doc, outcome.json, record.number, outcome.tables);
    reportPanel.setRun(doc, inputs);
    renderRejects(ui.rejects, doc, record.number);
    renderMetrics(ui.metrics, runs);
    // How long drawing the result took, for profiling (performance.getEntriesByName).
    performance.measure("dropsight:render", { start: drawStart });
    const m = doc.metrics;
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
  ui.fileInput.addEventListener("change", () => {
    const picked = filesFromInput(ui.fileInput.files, false);
    ui.fileInput.value = "";
    void takeFiles(picked);
  });
  ui.folderInput.addEventListener("change", () => {
    const picked = filesFromInput(ui.folderInput.files, true);
    ui.folderInput.value = "";
    void takeFiles(picked);
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
