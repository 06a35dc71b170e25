// "Export report", "Publish" and "My published reports": the page side of the
// static report (html.ts) and of the share service (wasm/share). Nothing leaves
// the machine until the person confirms a publish.

import { buildReport, type ReportChart, type ReportInput } from "./html";
import { hashBlob } from "./sha256";
import { el, replace } from "../views/dom";
import "./panel.css";

/** What main.ts hands over after a run: its document and the files it read. */
export interface ReportRunInput {
  name: string;
  file: Blob;
  members?: { file: Blob; name: string }[];
}

export interface PublishedReport {
  id: string;
  url: string;
  deleteToken: string;
  title: string;
  publishedAt: string;
  bytes: number;
}

export const STORAGE_KEY = "dropsight.publishedReports";
/** Folder inputs list each member's hash up to this many files. */
const MAX_MEMBER_HASHES = 100;
const APP_VERSION = "0.1.0";

const SVG_TAGS = new Set([
  "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "title", "desc",
  "defs", "clippath", "lineargradient", "radialgradient", "stop", "marker", "pattern", "use", "symbol", "mask", "style",
]);

/** A copy of a rendered chart that can only draw: unknown elements (script,
 *  foreignObject, ...), event handlers and external links are removed. */
export function cleanSvg(svg: SVGSVGElement): SVGSVGElement {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const all = [copy, ...copy.querySelectorAll("*")];
  for (const node of all) {
    if (!SVG_TAGS.has(node.localName.toLowerCase()) || node.namespaceURI !== "http://www.w3.org/2000/svg") {
      node.remove();
      continue;
    }
    for (const attr of [...node.attributes]) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim().toLowerCase();
      if (name.startsWith("on")) node.removeAttribute(attr.name);
      else if ((name === "href" || name === "xlink:href") && !value.startsWith("#")) node.removeAttribute(attr.name);
      else if (value.includes("url(") && !/url\(\s*["']?#/.test(value)) node.removeAttribute(attr.name);
    }
    if (node.localName === "style" && /@import|url\(\s*["']?[^#"'\s]/i.test(node.textContent ?? "")) node.remove();
  }
  return copy;
}

/** The charts drawn in the results section, serialized. */
export function collectCharts(results: HTMLElement): ReportChart[] {
  const out: ReportChart[] = [];
  const serializer = new XMLSerializer();
  for (const svg of results.querySelectorAll<SVGSVGElement>("svg")) {
    if (svg.parentElement?.closest("svg")) continue;
    const box = svg.getBoundingClientRect();
    // Legend swatches and icons are not charts.
    if (box.width < 60 || box.height < 40) continue;
    const holder = svg.closest("section, figure, .card");
    const title =
      holder?.querySelector("h3, h4, figcaption")?.textContent?.trim() || svg.getAttribute("aria-label") || `Chart ${out.length + 1}`;
    out.push({ title, svg: serializer.serializeToString(cleanSvg(svg)) });
  }
  return out;
}

const hashes = new WeakMap<Blob, string>();

async function hashOnce(blob: Blob, onProgress: (done: number) => void): Promise<string> {
  const known = hashes.get(blob);
  if (known) return known;
  const h = await hashBlob(blob, onProgress);
  hashes.set(blob, h);
  return h;
}

/** SHA-256 of every input file, streamed in 4 MiB slices. */
export async function hashInputs(inputs: ReportRunInput[], onProgress: (done: number, total: number) => void): Promise<ReportInput[]> {
  const blobs = inputs.flatMap((i) => (i.members ? (i.members.length <= MAX_MEMBER_HASHES ? i.members.map((m) => m.file) : []) : [i.file]));
  const total = blobs.reduce((n, b) => n + b.size, 0);
  let before = 0;
  const out: ReportInput[] = [];
  const hash = async (b: Blob): Promise<string> => {
    const h = await hashOnce(b, (d) => onProgress(before + d, total));
    before += b.size;
    onProgress(before, total);
    return h;
  };
  for (const input of inputs) {
    if (!input.members) {
      out.push({ name: input.name, sha256: await hash(input.file) });
    } else if (input.members.length > MAX_MEMBER_HASHES) {
      out.push({ name: input.name, sha256: "", note: `A folder of ${input.members.length.toLocaleString("en-US")} files; hashes are listed for folders of up to ${MAX_MEMBER_HASHES} files.` });
    } else {
      const members = [];
      for (const m of input.members) members.push({ name: m.name, bytes: m.file.size, sha256: await hash(m.file) });
      out.push({ name: input.name, sha256: "", note: "A folder: each file's hash is listed.", members });
    }
  }
  return out;
}

export function loadPublished(): PublishedReport[] {
  try {
    const v = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

function savePublished(list: PublishedReport[]): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
}

function button(label: string, testid: string, cls = "small"): HTMLButtonElement {
  return el("button", { class: cls, testid, attrs: { type: "button" } }, label);
}

function downloadHtml(html: string, name: string): void {
  const url = URL.createObjectURL(new Blob([html], { type: "text/html;charset=utf-8" }));
  const a = el("a", { attrs: { href: url, download: name } });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** The report panel, placed right after the results section. */
export class ReportPanel {
  private readonly root: HTMLElement;
  private readonly results: HTMLElement;
  private readonly status: HTMLParagraphElement;
  private readonly exportButton: HTMLButtonElement;
  private readonly publishButton: HTMLButtonElement;
  private readonly publishedBox: HTMLDivElement;
  private readonly mine: HTMLDivElement;
  private readonly dialog: HTMLDialogElement;
  private doc: Record<string, unknown> | null = null;
  private inputs: ReportRunInput[] = [];
  private busy = false;

  constructor(results: HTMLElement) {
    this.results = results;
    this.status = el("p", { class: "note", testid: "report-status", attrs: { role: "status", "aria-live": "polite" } });
    this.exportButton = button("Export report", "export-report", "");
    this.publishButton = button("Publish…", "publish-report", "");
    this.publishedBox = el("div", { testid: "published" });
    this.mine = el("div", { testid: "my-reports" });
    this.dialog = el("dialog", { testid: "publish-dialog", class: "publish-dialog" });
    this.root = el(
      "section",
      { class: "panel report-panel", testid: "report-panel", attrs: { "aria-label": "Report" } },
      el("h2", null, "Report"),
      el(
        "p",
        { class: "note" },
        "Export the result as one HTML file (charts, top rows of each table, parameters, inputs with their SHA-256, the result document), which opens offline without Dropsight. Publish uploads that file, and only it, to get a link.",
      ),
      el("div", { class: "actions" }, this.exportButton, this.publishButton),
      this.status,
      this.publishedBox,
      el("h3", null, "My published reports"),
      this.mine,
      this.dialog,
    );
    this.root.hidden = true;
    results.after(this.root);
    this.exportButton.addEventListener("click", () => void this.export());
    this.publishButton.addEventListener("click", () => void this.confirmPublish());
    this.renderMine();
    this.updateButtons();
  }

  /** A new result: the report now describes it. */
  setRun(doc: unknown, inputs: ReportRunInput[]): void {
    this.doc = doc as Record<string, unknown>;
    this.inputs = inputs;
    this.root.hidden = false;
    replace(this.publishedBox);
    this.status.textContent = "";
    this.updateButtons();
  }

  private updateButtons(): void {
    this.exportButton.disabled = this.busy || !this.doc;
    this.publishButton.disabled = this.busy || !this.doc;
  }

  private fileName(): string {
    const day = new Date().toISOString().slice(0, 10);
    return `dropsight-${String(this.doc?.recipe ?? "result")}-report-${day}.html`;
  }

  /** Builds the report of the current result. */
  private async build(): Promise<string> {
    const doc = this.doc!;
    const charts = collectCharts(this.results);
    const inputs = await hashInputs(this.inputs, (done, total) => {
      this.status.textContent = `Computing SHA-256 of the inputs: ${total ? Math.floor((done / total) * 100) : 100}%…`;
    });
    return buildReport(doc, { charts, inputs, generatedAt: new Date(), appVersion: APP_VERSION });
  }

  private async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = true;
    this.updateButtons();
    try {
      return await work();
    } catch (err) {
      this.status.textContent = `Error: ${err instanceof Error ? err.message : String(err)}`;
      return undefined;
    } finally {
      this.busy = false;
      this.updateButtons();
    }
  }

  async export(): Promise<void> {
    await this.run(async () => {
      const html = await this.build();
      downloadHtml(html, this.fileName());
      this.status.textContent = `Report saved as ${this.fileName()} (${Math.ceil(html.length / 1024)} KB).`;
    });
  }

  private async confirmPublish(): Promise<void> {
    const html = await this.run(() => this.build());
    if (html === undefined) return;
    this.status.textContent = "";
    const size = new Blob([html]).size;
    const target = new URL("/api/reports", document.baseURI);
    const rejects = Array.isArray(this.doc?.rejects) ? (this.doc!.rejects as unknown[]).length : 0;
    const ok = button("Publish this report", "publish-confirm", "primary");
    const cancel = button("Cancel", "publish-cancel", "");
    replace(
      this.dialog,
      el("h3", null, "Publish this report?"),
      el("p", null, `This uploads one HTML file of ${(size / 1024).toFixed(0)} KB to ${target.origin}. What leaves this machine:`),
      el(
        "ul",
        null,
        el("li", null, "the charts and the top rows of every result table (names, mentions, emojis, dates and counts as shown);"),
        el("li", null, "the parameters, and each input's file name, size, record count and SHA-256;"),
        el("li", null, `the whole result document (all of its tables${rejects ? `, and ${rejects} rejected records with their raw text` : ""}).`),
      ),
      el("p", null, "Your data files themselves are not uploaded. Anyone who has the link can read the report until you delete it."),
      el("div", { class: "actions" }, ok, cancel),
    );
    cancel.addEventListener("click", () => this.dialog.close());
    ok.addEventListener("click", () => {
      this.dialog.close();
      void this.run(() => this.publish(html));
    });
    this.dialog.showModal();
  }

  private async publish(html: string): Promise<void> {
    this.status.textContent = "Publishing…";
    let res: Response;
    try {
      res = await fetch(new URL("/api/reports", document.baseURI), {
        method: "POST",
        headers: { "content-type": "text/html; charset=utf-8" },
        body: html,
      });
    } catch {
      throw new Error("the share service could not be reached.");
    }
    if (!res.ok) {
      const why = await res.json().then((j: { error?: string }) => j.error, () => "");
      if (res.status === 404 || res.status === 405) throw new Error("this server has no share service (npm start runs it under wrangler).");
      throw new Error(`the share service refused the report (HTTP ${res.status}${why ? `: ${why}` : ""}).`);
    }
    const p = (await res.json()) as { id: string; url: string; deleteToken: string };
    const entry: PublishedReport = {
      ...p,
      title: `${String(this.doc?.recipe ?? "")} report`,
      publishedAt: new Date().toISOString(),
      bytes: new Blob([html]).size,
    };
    savePublished([entry, ...loadPublished()]);
    this.status.textContent = "Published.";
    replace(this.publishedBox, this.linkRow(entry, true));
    this.renderMine();
  }

  private linkRow(p: PublishedReport, fresh: boolean): HTMLElement {
    const link = el("a", { testid: fresh ? "published-link" : "my-report-link", attrs: { href: p.url, target: "_blank", rel: "noopener noreferrer" } }, p.url);
    const copy = button("Copy link", fresh ? "copy-link" : "my-report-copy");
    const del = button("Delete", fresh ? "delete-published" : "my-report-delete");
    const note = el("span", { class: "note" });
    copy.addEventListener("click", async () => {
      note.textContent = (await copyText(p.url)) ? " Copied." : " Copy failed: select the link and copy it.";
    });
    del.addEventListener("click", () => void this.remove(p, note));
    return el("p", { class: "published-row" }, link, " ", copy, " ", del, note);
  }

  private async remove(p: PublishedReport, note: HTMLElement): Promise<void> {
    if (!confirm(`Delete the published report at ${p.url}? The link will stop working.`)) return;
    let res: Response;
    try {
      res = await fetch(new URL(`/api/reports/${encodeURIComponent(p.id)}`, p.url), {
        method: "DELETE",
        headers: { authorization: `Bearer ${p.deleteToken}` },
      });
    } catch {
      note.textContent = " The share service could not be reached.";
      return;
    }
    if (res.status === 204 || res.status === 404) {
      savePublished(loadPublished().filter((q) => q.id !== p.id));
      if (this.publishedBox.textContent?.includes(p.url)) replace(this.publishedBox, el("p", { class: "note" }, "Deleted."));
      this.renderMine();
      this.status.textContent = res.status === 204 ? "The report was deleted." : "The report was already gone.";
    } else {
      note.textContent = ` Not deleted (HTTP ${res.status}).`;
    }
  }

  private renderMine(): void {
    const list = loadPublished();
    if (list.length === 0) {
      replace(this.mine, el("p", { class: "note" }, "None yet. Reports you publish from this browser are listed here, with what is needed to delete them."));
      return;
    }
    replace(
      this.mine,
      el(
        "ul",
        { class: "my-reports" },
        ...list.map((p) =>
          el("li", null, el("span", null, `${p.title}, ${new Date(p.publishedAt).toLocaleString()}, ${Math.ceil(p.bytes / 1024)} KB: `), this.linkRow(p, false)),
        ),
      ),
    );
  }
}
