// The page: choose files, detect them, run the tweets recipe in the worker pool,
// show the result document.
//
// For automation the page exposes
//   window.dropsight.results: ResultDocument[]  the result document of every
//       completed run of this session, latest last (the same JSON as
//       "Download result (JSON)", parsed);
//   document.body.dataset.state: "idle" | "running" | "done" | "cancelled" | "error"
//       ("running" covers detection and the run itself).

import "./style.css";
import { filesFromDrop, filesFromInput, type Picked } from "./drop";
import { estimateRemainingMs, formatBytes, formatCount, formatEta, formatPercent, formatPerSecond, formatRate, formatSeconds } from "./format";
import { fullyDetected } from "./plan";
import { CancelledError, EngineStartError, Pool, defaultPoolSize } from "./pool";
import type { ResultDocument, TweetFields, TweetParams } from "./protocol";
import { runTweets, type RunInput, type RunProgress } from "./run";
import { el, replace } from "./views/dom";
import { entryProblem, renderFiles, withName, type FileEntry } from "./views/files";
import { renderMetrics, type RunRecord } from "./views/metrics";
import { ResultsView, renderRejects } from "./views/results";

declare global {
  interface Window {
    dropsight: { results: ResultDocument[] };
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
  settings: byId<HTMLFormElement>("settings"),
  mentions: byId<HTMLSelectElement>("mentions"),
  timezone: byId<HTMLSelectElement>("timezone"),
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

window.dropsight = { results: [] };

const cores = defaultPoolSize();
const pool = new Pool({ wasmUrl: new URL("engine.wasm", document.baseURI).href, size: cores });
const resultsView = new ResultsView(ui.results);

let entries: FileEntry[] = [];
let skipped: string[] = [];
let state: PageState = "idle";
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
  return entries.filter((e) => !entryProblem(e));
}

function updateButtons(): void {
  const running = state === "running";
  ui.cancel.disabled = !running;
  ui.run.disabled = running || runnableEntries().length === 0 || !validZone(selectedZone());
  ui.workers.disabled = running;
}

function renderFileList(): void {
  renderFiles(ui.files, entries, skipped, state === "running", (index, field, value) => {
    const entry = entries[index];
    if (!entry) return;
    entry.fields = { ...entry.fields, [field]: value } as TweetFields;
    renderFileList();
    updateButtons();
  });
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
  if (state === "running") pool.cancel();
  const gen = ++generation;
  showError(null);
  skipped = picked.skipped;
  entries = picked.files.map((p) => ({
    file: p.file,
    name: p.name,
    status: "detecting",
    sniff: null,
    error: "",
    fields: { date: "", user: "", text: "", mentions: "" },
  }));
  if (entries.length === 0) {
    setState("idle");
    renderFileList();
    setStatus(skipped.length ? "No data files found in the folder (see the skipped files)." : "No files were chosen.");
    return;
  }
  setState("running");
  resetProgress();
  renderFileList();
  setStatus(`Detecting ${entries.length} file${entries.length === 1 ? "" : "s"}…`);

  const answers = await Promise.allSettled(entries.map((e) => pool.sniff(e.file, e.name)));
  if (gen !== generation) return;
  let cancelled = false;
  let engineDown: EngineStartError | null = null;
  answers.forEach((answer, i) => {
    const entry = entries[i]!;
    if (answer.status === "fulfilled") {
      entry.status = "ready";
      entry.sniff = answer.value;
      entry.fields = { ...answer.value.fields };
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
  const allDetected = entries.every((e) => e.sniff && fullyDetected(e.sniff));
  setState(failed.length === entries.length ? "error" : "idle");
  renderFileList();
  if (failed.length > 0) {
    showError(failed.map((e) => withName(e.name, e.error)).join("\n"));
  }
  if (allDetected) {
    void startRun();
    return;
  }
  if (failed.length === entries.length) {
    setStatus(`Error: ${failed.length === 1 ? "the file" : "no file"} could not be read (see below).`);
  } else if (runnableEntries().length > 0) {
    setStatus("Check the field mapping below, then press “Run tweet insights”.");
  } else {
    setStatus("Pick the date, user and text fields below, then press “Run tweet insights”.");
  }
}

async function loadDemo(): Promise<void> {
  if (state === "running") pool.cancel();
  const gen = ++generation;
  const url = new URL("demo/tweets-demo.jsonl", document.baseURI);
  showError(null);
  setState("running");
  setStatus("Loading the demo data…");
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const blob = await response.blob();
    if (gen !== generation) return;
    const file = new File([blob], "tweets-demo.jsonl", { type: "application/x-ndjson" });
    await takeFiles({ files: [{ file, name: file.name }], skipped: [] });
  } catch (err) {
    if (gen !== generation) return;
    setState("error");
    setStatus("Error: the demo data could not be loaded.");
    showError(`tweets-demo.jsonl: could not be loaded (${errorMessage(err)}).`);
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
  const gen = ++generation;
  const excluded = entries.length - chosen.length;
  showError(null);
  setState("running");
  renderFileList();
  resetProgress();
  const workers = pool.size;
  setStatus(`Running on ${workers} worker${workers === 1 ? "" : "s"}: starting the engine…`);
  const inputs: RunInput[] = chosen.map((e) => ({
    file: e.file,
    name: e.name,
    size: e.file.size,
    sniff: e.sniff!,
    fields: { ...e.fields },
  }));
  const settings = { mentions: ui.mentions.value as TweetParams["mentions"], timeZone: selectedZone() };
  let announced = false;
  try {
    const outcome = await runTweets(pool, inputs, settings, (p) => {
      if (gen !== generation) return;
      if (!announced) {
        announced = true;
        setStatus(
          `Running on ${workers} worker${workers === 1 ? "" : "s"}: ${p.tasksTotal} range${p.tasksTotal === 1 ? "" : "s"} of ${chosen.length} file${chosen.length === 1 ? "" : "s"}…`,
        );
      }
      showProgress(p);
    });
    if (gen !== generation) return;
    const doc = outcome.document;
    const record: RunRecord = { number: runs.length + 1, document: doc, tasks: outcome.plan.tasks, startedAt: outcome.startedAt };
    runs.push(record);
    window.dropsight.results.push(doc);
    resultsView.show(doc, outcome.json, record.number);
    renderRejects(ui.rejects, doc, record.number);
    renderMetrics(ui.metrics, runs);
    const m = doc.metrics;
    setState("done");
    renderFileList();
    setStatus(
      `Done: ${formatCount(m.records)} records, ${formatCount(doc.rejectedTotal)} rejected, in ${formatSeconds(m.seconds)} s (${formatRate(m.bytesPerSecond ?? 0)}) on ${m.workers} worker${m.workers === 1 ? "" : "s"}.` +
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
  ui.demo.addEventListener("click", () => void loadDemo());

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
setupInput();
setState("idle");
replace(ui.status, "Choose files to begin, or try the demo data.");
