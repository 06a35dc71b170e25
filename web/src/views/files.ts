// The list of chosen files: size, what sniffing found, and the field mapping.

import { formatBytes, formatCount } from "../format";
import { fullyDetected, unrunnableReason } from "../plan";
import type { Sniff, TweetFields } from "../protocol";
import { append, clear, el } from "./dom";

export interface FileEntry {
  file: File;
  name: string;
  status: "detecting" | "ready" | "error";
  sniff: Sniff | null;
  error: string;
  fields: TweetFields;
}

/** Field mappings the user opened, kept open across re-renders (by file name). */
const openMappings = new Set<string>();

export const FIELD_NAMES: (keyof TweetFields)[] = ["date", "user", "text", "mentions"];

const FIELD_HELP: Record<keyof TweetFields, string> = {
  date: "date (required)",
  user: "user",
  text: "text",
  mentions: "mentions list",
};

export function emptyFields(): TweetFields {
  return { date: "", user: "", text: "", mentions: "" };
}

/** The message prefixed with the file name, unless it already starts with it. */
export function withName(name: string, message: string): string {
  return message.startsWith(`${name}:`) ? message : `${name}: ${message}`;
}

/** Whether the entry can take part in a run, and if not, why. */
export function entryProblem(entry: FileEntry): string {
  if (entry.status === "detecting") return "still being detected";
  if (entry.status === "error" || !entry.sniff) return entry.error || "cannot be read";
  return unrunnableReason({ name: entry.name, size: entry.file.size, sniff: entry.sniff, fields: entry.fields });
}

function fieldSelect(
  entryIndex: number,
  entry: FileEntry,
  field: keyof TweetFields,
  disabled: boolean,
  onChange: (index: number, field: keyof TweetFields, value: string) => void,
): HTMLElement {
  const id = `file${entryIndex}-${field}`;
  const keys = entry.sniff?.keys ?? [];
  const current = entry.fields[field];
  const options = [...new Set([...(current ? [current] : []), ...keys])];
  const select = el(
    "select",
    { id, testid: `field-${field}-${entryIndex}`, attrs: { disabled } },
    el("option", { attrs: { value: "" } }, field === "mentions" ? "(none: use @ in text)" : "(none)"),
    ...options.map((k) => el("option", { attrs: { value: k } }, k)),
  );
  select.value = current;
  select.addEventListener("change", () => onChange(entryIndex, field, select.value));
  return el("div", { class: "field" }, el("label", { attrs: { for: id } }, FIELD_HELP[field]), select);
}

export function renderFiles(
  root: HTMLElement,
  entries: FileEntry[],
  skipped: string[],
  disabled: boolean,
  onChange: (index: number, field: keyof TweetFields, value: string) => void,
): void {
  clear(root);
  root.hidden = entries.length === 0 && skipped.length === 0;
  if (root.hidden) return;
  const total = entries.reduce((s, e) => s + e.file.size, 0);
  append(root, el("h2", null, `Files (${entries.length}, ${formatBytes(total)})`));
  const list = el("ul", { class: "files", testid: "file-list" });
  entries.forEach((entry, i) => {
    const s = entry.sniff;
    const meta = el(
      "div",
      { class: "file-meta" },
      el("span", { class: "file-name", title: entry.name }, entry.name),
      el("span", { class: "badge", title: `${formatCount(entry.file.size)} bytes` }, formatBytes(entry.file.size)),
      s ? el("span", { class: "badge", testid: `format-${i}` }, s.format === "unknown" ? "unknown format" : s.format) : null,
      s ? el("span", { class: "badge" }, s.gzip ? "gzip" : "not compressed") : null,
      s && s.format !== "unknown" ? el("span", { class: "badge" }, s.splittable && !s.gzip ? "splittable" : "one task") : null,
    );
    const item = el("li", { class: `file file-${entry.status}`, testid: `file-${i}` }, meta);
    if (entry.status === "detecting") {
      append(item, el("p", { class: "note" }, "Detecting format and fields…"));
    } else if (entry.status === "error" || !s) {
      append(item, el("p", { class: "problem" }, withName(entry.name, entry.error || "cannot be read")));
    } else {
      append(item, el("p", { class: "shape" }, s.shape || "unknown shape", s.message ? ` — ${s.message}` : ""));
      if (s.format !== "unknown") {
        const detected = fullyDetected(s);
        const chosen = Boolean(entry.fields.date && entry.fields.user && entry.fields.text);
        if (!detected && !chosen) {
          append(
            item,
            el(
              "p",
              { class: "problem" },
              "The fields could not all be detected. Pick the date, user and text fields below, then press “Run tweet insights”.",
            ),
          );
        }
        const mapping = FIELD_NAMES.map((f) => `${f}: ${entry.fields[f] || "–"}`).join(" · ");
        const open = !detected || openMappings.has(entry.name);
        const details = el(
          "details",
          { class: "mapping", attrs: { open } },
          el("summary", null, `Fields ${detected ? "(detected)" : "(chosen)"} — ${mapping}`),
          el("div", { class: "fields" }, ...FIELD_NAMES.map((f) => fieldSelect(i, entry, f, disabled, onChange))),
        );
        // Re-rendering must not close what the user opened.
        details.addEventListener("toggle", () => {
          if (details.open) openMappings.add(entry.name);
          else openMappings.delete(entry.name);
        });
        append(item, details);
        const problem = entryProblem(entry);
        if (problem) append(item, el("p", { class: "problem" }, `Not run: ${problem}.`));
      } else {
        append(item, el("p", { class: "problem" }, "Not run: not NDJSON or a JSON array of objects."));
      }
    }
    list.appendChild(item);
  });
  append(root, list);
  if (skipped.length > 0) {
    const shown = skipped.slice(0, 50);
    append(
      root,
      el(
        "details",
        { class: "skipped", testid: "skipped-files" },
        el("summary", null, `${skipped.length} file${skipped.length === 1 ? "" : "s"} in the folder skipped (not .json, .jsonl, .ndjson, .gz or .txt)`),
        el("ul", null, ...shown.map((name) => el("li", null, name))),
        skipped.length > shown.length ? el("p", { class: "note" }, `and ${skipped.length - shown.length} more`) : null,
      ),
    );
  }
}
