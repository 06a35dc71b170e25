// Consolidation in the page: a dropped folder shows the plan (which files go
// to which <subfolder>.json.gz, their formats, every column's type); the
// Consolidate button writes each output in turn through the combine worker
// (one output at a time), to a folder chosen with the File System Access API
// when the browser has it, else as one download per output (a Blob of the
// compressed parts), then reads each output back to check its row count.

import type { Picked } from "../drop";
import { formatBytes, formatCount, formatMiB } from "../format";
import { append, clear, download, el, table } from "../views/dom";
import type {
  CombineHead,
  CombineParams,
  CombinePlan,
  CombineTarget,
  CombineVerification,
  CombineWritten,
  FromCombineWorker,
  ToCombineWorker,
} from "./protocol";

/** How much of each file (decompressed) the plan looks at, as core/combine.HeadBytes. */
export const HEAD_BYTES = 64 * 1024;
/** Folders of more files are left to the native command (each file's head is read for the plan). */
export const MAX_PLAN_FILES = 5000;

/** The first HEAD_BYTES of a file, decompressed when it is gzip; atEOF when that is all of it. */
export async function readHead(file: Blob): Promise<{ data: Uint8Array; gzip: boolean; atEOF: boolean }> {
  const magic = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  const gzip = magic.length === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  if (!gzip) {
    const data = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
    return { data, gzip, atEOF: file.size <= HEAD_BYTES };
  }
  const reader = file.stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  const parts: Uint8Array[] = [];
  let n = 0;
  let atEOF = false;
  try {
    while (n < HEAD_BYTES) {
      const { done, value } = await reader.read();
      if (done) {
        atEOF = true;
        break;
      }
      parts.push(value);
      n += value.byteLength;
    }
  } catch {
    atEOF = true; // a broken stream: what came before it is the head
  }
  void reader.cancel().catch(() => undefined);
  const data = new Uint8Array(Math.min(n, HEAD_BYTES));
  let at = 0;
  for (const p of parts) {
    const take = Math.min(p.byteLength, data.length - at);
    data.set(p.subarray(0, take), at);
    at += take;
    if (at >= data.length) break;
  }
  return { data, gzip, atEOF: atEOF && n <= HEAD_BYTES };
}

export function base64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** The folder's name and each file's path inside it ("raw_data/orders/a.csv" -> raw_data, orders/a.csv). */
export function folderPaths(names: string[]): { root: string; paths: string[] } {
  const firsts = new Set(names.map((n) => (n.includes("/") ? n.slice(0, n.indexOf("/")) : "")));
  if (firsts.size === 1 && !firsts.has("")) {
    const root = [...firsts][0]!;
    return { root, paths: names.map((n) => n.slice(root.length + 1)) };
  }
  return { root: "folder", paths: names };
}

interface DirectoryHandle {
  getFileHandle(name: string, options: { create: boolean }): Promise<{
    createWritable(): Promise<{ write(data: Uint8Array<ArrayBuffer>): Promise<void>; close(): Promise<void>; abort(): Promise<void> }>;
    getFile(): Promise<File>;
  }>;
}

type PickerWindow = Window & { showDirectoryPicker?: (options?: { mode?: string }) => Promise<DirectoryHandle> };

interface Outcome {
  target: CombineTarget;
  rejectedTotal: number;
  verification: CombineVerification;
  /** The combine worker's wasm memory after this output (its peak so far), bytes. */
  peakMemory: number;
}

export class CombinePanel {
  private readonly root: HTMLElement;
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<number, (msg: FromCombineWorker) => void>();
  private files: Blob[] = [];
  private paths: string[] = [];
  private plan: CombinePlan | null = null;
  private params: CombineParams = { types: {}, nulls: [], emptyAsNull: false };
  private generation = 0;
  /** The last plan's folder, heads and skipped files, to plan again after a type change. */
  private planInput: { root: string; heads: CombineHead[]; skipped: { path: string; reason: string }[] } | null = null;
  private busy = false;

  constructor(root: HTMLElement) {
    this.root = root;
    this.root.hidden = true;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "classic", name: "dropsight-combine" });
    w.onmessage = (event: MessageEvent<FromCombineWorker>) => this.waiting.get(event.data.id)?.(event.data);
    const init: ToCombineWorker = { type: "init", wasmUrl: new URL(ENGINE_WASM_PATH, document.baseURI).href };
    w.postMessage(init);
    this.worker = w;
    return w;
  }

  /** Sends a message; onMessage sees every answer until it returns true (the last). */
  private ask(msg: Exclude<ToCombineWorker, { type: "init" }>, onMessage: (m: FromCombineWorker) => boolean): void {
    this.waiting.set(msg.id, (m) => {
      if (onMessage(m)) this.waiting.delete(msg.id);
    });
    this.ensureWorker().postMessage(msg);
  }

  private request(msg: Exclude<ToCombineWorker, { type: "init" }>, want: FromCombineWorker["type"]): Promise<FromCombineWorker> {
    return new Promise((resolve, reject) =>
      this.ask(msg, (m) => {
        if (m.type === "error") reject(new Error(m.message));
        else if (m.type === want) resolve(m);
        else return false;
        return true;
      }),
    );
  }

  /** Shows the plan for a dropped folder; hides the panel for loose files. */
  async show(picked: Picked): Promise<void> {
    const gen = ++this.generation;
    const inFolder = picked.files.filter((f) => f.name.includes("/"));
    if (inFolder.length === 0 || this.busy) {
      if (!this.busy) this.root.hidden = true;
      return;
    }
    if (inFolder.length > MAX_PLAN_FILES) {
      this.root.hidden = false;
      this.render([el("p", { class: "note" }, `${formatCount(inFolder.length)} files: the page consolidates folders of up to ${formatCount(MAX_PLAN_FILES)} files (the native command \`dropsight combine\` has no limit).`)]);
      return;
    }
    const { root, paths } = folderPaths(inFolder.map((f) => f.name));
    this.files = inFolder.map((f) => f.file);
    this.paths = paths;
    this.root.hidden = false;
    this.root.dataset.state = "planning";
    this.render([el("p", { class: "note" }, `Planning the consolidation of ${formatCount(inFolder.length)} files…`)]);
    try {
      const heads: CombineHead[] = [];
      for (let i = 0; i < this.files.length; i++) {
        const h = await readHead(this.files[i]!);
        heads.push({ path: paths[i]!, bytes: this.files[i]!.size, gzip: h.gzip, data: base64(h.data), atEOF: h.atEOF });
      }
      const skipped = picked.skipped.map((p) => ({ path: folderPaths([p]).paths[0] ?? p, reason: "hidden file or folder (its name starts with '.' or '_')" }));
      this.params = { types: {}, nulls: [], emptyAsNull: false };
      this.planInput = { root, heads, skipped };
      await this.replan(gen);
    } catch (err) {
      if (gen !== this.generation) return;
      this.root.dataset.state = "error";
      this.render([el("p", { class: "problem", testid: "combine-error" }, `The folder could not be planned: ${err instanceof Error ? err.message : String(err)}`)]);
    }
  }

  /** Plans (again) with the current parameters. */
  private async replan(gen: number): Promise<void> {
    const request = JSON.stringify({ ...this.planInput!, params: this.params });
    const answer = await this.request({ type: "plan", id: this.nextId++, request }, "plan");
    if (gen !== this.generation || answer.type !== "plan") return;
    this.plan = JSON.parse(answer.json) as CombinePlan;
    this.root.dataset.state = "planned";
    this.renderPlan(this.plan);
  }

  /** A column's type as a choice (CSV columns only: JSON values pass through unchanged). */
  private typeCell(t: CombineTarget, c: CombineTarget["columns"][number]): HTMLElement | string {
    if (c.csvFiles === 0) return `${c.type} (JSON, kept as written)`;
    const pick = el(
      "select",
      { testid: "combine-type", attrs: { "aria-label": `Type of ${t.name}/${c.name}`, "data-column": `${t.name}/${c.name}` } },
      ...["string", "integer", "number", "boolean"].map((x) => el("option", { attrs: { value: x, selected: x === c.type } }, x)),
    );
    pick.disabled = this.busy;
    pick.addEventListener("change", () => {
      this.params.types[`${t.name}/${c.name}`] = pick.value;
      this.root.dataset.state = "planning";
      const gen = ++this.generation;
      this.replan(gen).catch((err: unknown) => {
        this.root.dataset.state = "error";
        this.status(`Error: ${err instanceof Error ? err.message : String(err)}`);
      });
    });
    return pick;
  }

  private render(children: (HTMLElement | null)[]): void {
    clear(this.root);
    append(this.root, el("h2", null, "Consolidate the folder"), ...children);
  }

  private renderPlan(plan: CombinePlan): void {
    const canPick = typeof (window as PickerWindow).showDirectoryPicker === "function";
    const save = el(
      "select",
      { testid: "combine-save" },
      canPick ? el("option", { attrs: { value: "folder" } }, "to a folder I choose") : null,
      el("option", { attrs: { value: "downloads" } }, "as downloads (one per output)"),
    );
    const go = el("button", { class: "primary", testid: "combine-run", attrs: { type: "button" } }, "Consolidate");
    go.addEventListener("click", () => void this.run(plan, save.value === "folder"));
    const outputs = plan.outputs.map((t) =>
      el(
        "section",
        { class: "card", testid: "combine-output", attrs: { "data-output": t.file } },
        el("h3", null, t.file),
        el("p", { class: "note" }, `${formatCount(t.files.length)} file${t.files.length === 1 ? "" : "s"}, ${formatCount(t.columns.length)} columns`),
        table(
          "combine-files",
          `Files of ${t.file}`,
          [{ label: "File" }, { label: "Format" }, { label: "Size", numeric: true }],
          t.files.map((f) => [
            f.path,
            `${f.format === "csv" && f.csv ? `CSV (${f.csv.delimiter === "\t" ? "tab" : f.csv.delimiter})` : f.format}${f.gzip ? ", gzip" : ""}${f.message ? ` — ${f.message}` : ""}`,
            formatBytes(f.bytes),
          ]),
        ),
        el(
          "details",
          { class: "table-details" },
          el("summary", null, "Columns and types"),
          table(
            "combine-columns",
            `Columns of ${t.file}`,
            [{ label: "Column" }, { label: "Type" }, { label: "Why" }],
            t.columns.map((c) => [c.name, this.typeCell(t, c), c.reason]),
          ),
        ),
      ),
    );
    this.render([
      el(
        "p",
        { class: "note" },
        `${plan.root}: ${formatCount(plan.outputs.length)} output${plan.outputs.length === 1 ? "" : "s"} of NDJSON, gzip. Each subfolder becomes <subfolder>.json.gz; loose files one output named after the folder.`,
      ),
      el("div", { class: "cards", testid: "combine-plan" }, ...outputs),
      plan.skipped.length ? el("p", { class: "note" }, `Skipped: ${plan.skipped.map((s) => `${s.path} (${s.reason})`).join("; ")}`) : null,
      el("p", null, el("label", null, "Save the outputs ", save), " ", go),
      el("p", { class: "note", testid: "combine-status" }, ""),
      el("div", { testid: "combine-summary-host" }),
    ]);
  }

  private status(text: string): void {
    const node = this.root.querySelector('[data-testid="combine-status"]');
    if (node) node.textContent = text;
  }

  private async run(plan: CombinePlan, toFolder: boolean): Promise<void> {
    if (this.busy) return;
    let dir: DirectoryHandle | null = null;
    if (toFolder) {
      try {
        dir = await (window as PickerWindow).showDirectoryPicker!({ mode: "readwrite" });
      } catch {
        this.status("No folder chosen: nothing was written.");
        return;
      }
    }
    this.busy = true;
    this.root.dataset.state = "running";
    const outcomes: Outcome[] = [];
    try {
      for (const [n, t] of plan.outputs.entries()) {
        this.status(`Writing ${t.file} (${n + 1} of ${plan.outputs.length})…`);
        const byPath = new Map(this.paths.map((p, i) => [p, this.files[i]!]));
        const files = t.files.map((f) => byPath.get(f.path)!);
        const parts: Uint8Array<ArrayBuffer>[] = [];
        const writable = dir ? await (await dir.getFileHandle(t.file, { create: true })).createWritable() : null;
        let pending = Promise.resolve();
        const written = await new Promise<CombineWritten>((resolve, reject) =>
          this.ask({ type: "write", id: this.nextId++, target: JSON.stringify(t), params: JSON.stringify(this.params), files }, (m) => {
            if (m.type === "chunk") {
              if (writable) pending = pending.then(() => writable.write(m.data));
              else parts.push(m.data);
              return false;
            }
            if (m.type === "progress") return false;
            if (m.type === "written") resolve(JSON.parse(m.json) as CombineWritten);
            else if (m.type === "error") reject(new Error(`${t.file}: ${m.message}`));
            else return false;
            return true;
          }),
        );
        await pending;
        let blob: Blob;
        if (writable && dir) {
          await writable.close();
          blob = await (await dir.getFileHandle(t.file, { create: false })).getFile();
        } else {
          blob = new Blob(parts, { type: "application/gzip" });
          download(t.file, blob);
        }
        written.target.bytesOut = blob.size;
        this.status(`Verifying ${t.file}…`);
        const v = await this.request({ type: "verify", id: this.nextId++, blob, rows: written.target.rowsOut }, "verified");
        if (v.type !== "verified") throw new Error(`${t.file}: the combine worker answered ${v.type} to a verification`);
        const verification = JSON.parse(v.json) as CombineVerification;
        outcomes.push({ target: written.target, rejectedTotal: written.rejectedTotal, verification, peakMemory: v.peakMemory });
      }
      const ok = outcomes.every((o) => o.verification.ok);
      this.status(ok ? `Done: ${outcomes.length} output${outcomes.length === 1 ? "" : "s"} written and verified.` : "Done, but an output did not verify (see the summary).");
      this.root.dataset.state = "done";
    } catch (err) {
      this.root.dataset.state = "error";
      this.status(`Error: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.busy = false;
    }
    (window as Window & { dropsight?: { combine?: Outcome[][] } }).dropsight!.combine ??= [];
    (window as Window & { dropsight?: { combine?: Outcome[][] } }).dropsight!.combine!.push(outcomes);
    const host = this.root.querySelector('[data-testid="combine-summary-host"]');
    if (host) {
      clear(host);
      append(
        host,
        table(
          "combine-summary",
          "Consolidation summary",
          [
            { label: "Output" },
            { label: "Files", numeric: true },
            { label: "Rows in", numeric: true },
            { label: "Rows out", numeric: true },
            { label: "Empty", numeric: true },
            { label: "Rejects", numeric: true },
            { label: "Bytes in", numeric: true },
            { label: "Bytes out", numeric: true },
            { label: "Columns" },
            { label: "Verified" },
            { label: "Peak wasm memory", numeric: true },
          ],
          outcomes.map((o) => [
            o.target.file,
            formatCount(o.target.files.length),
            formatCount(o.target.rowsIn),
            formatCount(o.target.rowsOut),
            formatCount(o.target.empty),
            formatCount(o.rejectedTotal),
            formatBytes(o.target.files.reduce((a, f) => a + f.bytes, 0)),
            formatBytes(o.target.bytesOut),
            o.target.columns.map((c) => `${c.name}: ${c.type}`).join(", "),
            o.verification.ok ? `OK, ${formatCount(o.verification.rows)} rows` : `FAILED: ${o.verification.message ?? ""}`,
            formatMiB(o.peakMemory),
          ]),
        ),
        el(
          "p",
          { class: "note" },
          "Peak wasm memory: the combine worker's wasm memory after writing the output and reading it back. One worker consolidates the outputs in turn, and its memory never shrinks, so this is its peak so far.",
        ),
      );
    }
  }
}
