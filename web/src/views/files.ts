// The list of chosen files: size, what sniffing found, and per recipe what the
// file is used for: the tweet field mapping, or the engagement role (interaction
// log or user metadata) with its column mapping.

import { formatBytes, formatCount } from "../format";
import { unrunnableReason } from "../plan";
import type { EngagementColumns, MetadataColumns, RecipeName, SentimentFields, Sniff, TweetFields } from "../protocol";
import {
  INTERACTION_FIELDS,
  METADATA_FIELDS,
  REQUIRED_INTERACTION_FIELDS,
  SENTIMENT_FIELDS,
  columnsOf,
  dimensionsOf,
  fullyDetected,
  runLabel,
  sentimentKeys,
  type Kind,
  type RoleChoice,
} from "../recipes";
import { append, clear, el } from "./dom";

export interface FileEntry {
  file: File;
  name: string;
  status: "detecting" | "ready" | "error";
  sniff: Sniff | null;
  error: string;
  fields: TweetFields;
  /** What the file looks like (set after sniffing). */
  kind: Kind;
  /** Its role in an engagement run, and the columns for each role. */
  role: RoleChoice;
  columns: EngagementColumns;
  metaColumns: MetadataColumns;
  /** The sentiment pipeline's fields. */
  sentimentFields: SentimentFields;
  /** A folder's small files, read whole in batches (one entry for all of them;
   *  file is then the first of them). */
  members?: { file: File; name: string }[];
  /** Bytes: the file's, or the sum of the members'. */
  size: number;
  /** size is estimated from the first members (a big folder: see drop.SIZE_CHECK_MAX). */
  sizeEstimated?: boolean;
}

/** What the user changed in the file list. */
export type FileChange =
  | { kind: "field"; index: number; field: keyof TweetFields; value: string }
  | { kind: "role"; index: number; role: RoleChoice }
  | { kind: "column"; index: number; field: keyof EngagementColumns; value: string }
  | { kind: "metaColumn"; index: number; field: keyof MetadataColumns; value: string }
  | { kind: "sentimentField"; index: number; field: keyof SentimentFields; value: string };

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

/** Whether the entry can take part in a run of the recipe, and if not, why. */
export function entryProblem(entry: FileEntry, recipe: RecipeName = "tweets"): string {
  if (entry.status === "detecting") return "still being detected";
  if (entry.status === "error" || !entry.sniff) return entry.error || "cannot be read";
  return unrunnableReason(
    {
      name: entry.name,
      size: entry.size,
      sniff: entry.sniff,
      fields: entry.fields,
      role: entry.role,
      columns: entry.columns,
      metaColumns: entry.metaColumns,
      sentimentFields: entry.sentimentFields,
      ...(entry.members ? { memberSizes: [] } : {}),
    },
    recipe,
  );
}

function fieldSelect(
  entryIndex: number,
  entry: FileEntry,
  field: keyof TweetFields,
  disabled: boolean,
  onChange: (change: FileChange) => void,
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
  select.addEventListener("change", () => onChange({ kind: "field", index: entryIndex, field, value: select.value }));
  return el("div", { class: "field" }, el("label", { attrs: { for: id } }, FIELD_HELP[field]), select);
}

/** A column picker: the file's columns, and "(none)" when nothing is chosen. */
function columnSelect(
  id: string,
  testid: string,
  label: string,
  columns: string[],
  current: string,
  disabled: boolean,
  onPick: (value: string) => void,
): HTMLElement {
  const options = [...new Set([...(current ? [current] : []), ...columns])];
  const select = el(
    "select",
    { id, testid, attrs: { disabled } },
    current ? null : el("option", { attrs: { value: "" } }, "(none)"),
    ...options.map((c) => el("option", { attrs: { value: c } }, c)),
  );
  select.value = current;
  select.addEventListener("change", () => onPick(select.value));
  return el("div", { class: "field" }, el("label", { attrs: { for: id } }, label), select);
}

const ROLE_LABELS: Record<RoleChoice, string> = {
  interactions: "Interaction log",
  metadata: "User metadata",
  none: "Not used",
};

const KIND_TEXT: Record<Kind, string> = {
  interactions: "looks like an interaction log",
  metadata: "looks like a user metadata table",
  tweets: "looks like tweets",
  labelled: "looks like labelled tweets",
  predictions: "looks like labels and predictions",
  unknown: "shape not recognised",
};

const SENTIMENT_HELP: Record<keyof SentimentFields, string> = {
  date: "date",
  user: "user",
  text: "text (required)",
  sentiment: "sentiment (given label)",
  prediction: "prediction",
};

/** An entry's sentiment part: the date, user, text and label fields. */
function sentimentControls(i: number, entry: FileEntry, s: Sniff, disabled: boolean, onChange: (change: FileChange) => void): HTMLElement {
  const keys = sentimentKeys(s);
  const f = entry.sentimentFields;
  const mapping = SENTIMENT_FIELDS.map((k) => `${k}: ${f[k] || "–"}`).join(" · ");
  return mappingDetails(
    entry.name,
    !f.text,
    `Fields — ${mapping}`,
    SENTIMENT_FIELDS.map((k) => {
      const id = `file${i}-sent-${k}`;
      const current = f[k] ?? "";
      const options = [...new Set([...(current ? [current] : []), ...keys])];
      const select = el(
        "select",
        { id, testid: `sentiment-field-${k}-${i}`, attrs: { disabled } },
        el("option", { attrs: { value: "" } }, "(none)"),
        ...options.map((c) => el("option", { attrs: { value: c } }, c)),
      );
      select.value = current;
      select.addEventListener("change", () => onChange({ kind: "sentimentField", index: i, field: k, value: select.value }));
      return el("div", { class: "field" }, el("label", { attrs: { for: id } }, SENTIMENT_HELP[k]), select);
    }),
    "fields",
  );
}

/** An entry's engagement part: its role, and the column mapping of that role. */
function engagementControls(i: number, entry: FileEntry, s: Sniff, disabled: boolean, onChange: (change: FileChange) => void): HTMLElement[] {
  const out: HTMLElement[] = [];
  const roleId = `file${i}-role`;
  const role = el(
    "select",
    { id: roleId, testid: `role-${i}`, attrs: { disabled } },
    ...(["interactions", "metadata", "none"] as RoleChoice[]).map((r) => el("option", { attrs: { value: r } }, ROLE_LABELS[r])),
  );
  role.value = entry.role;
  role.addEventListener("change", () => onChange({ kind: "role", index: i, role: role.value as RoleChoice }));
  out.push(
    el(
      "div",
      { class: "role" },
      el("label", { attrs: { for: roleId } }, "Role"),
      role,
      el("span", { class: "note" }, `detected: ${KIND_TEXT[entry.kind]}`),
    ),
  );
  const cols = columnsOf(s);
  if (entry.role === "interactions") {
    const missing = REQUIRED_INTERACTION_FIELDS.filter((f) => !entry.columns[f]);
    const mapping = INTERACTION_FIELDS.map((f) => `${f}: ${entry.columns[f] || "–"}`).join(" · ");
    out.push(
      mappingDetails(
        entry.name,
        missing.length > 0,
        `Columns — ${mapping}`,
        INTERACTION_FIELDS.map((f) =>
          columnSelect(
            `file${i}-col-${f}`,
            `column-${f}-${i}`,
            REQUIRED_INTERACTION_FIELDS.includes(f) ? `${f} (required)` : f,
            cols,
            entry.columns[f],
            disabled,
            (value) => onChange({ kind: "column", index: i, field: f, value }),
          ),
        ),
        "fields fields-6",
      ),
    );
  } else if (entry.role === "metadata") {
    const mapping = METADATA_FIELDS.map((f) => `${f}: ${entry.metaColumns[f] || "–"}`).join(" · ");
    const dims = dimensionsOf(s, entry.metaColumns);
    out.push(
      mappingDetails(
        entry.name,
        !entry.metaColumns.user_id,
        `Columns — ${mapping}`,
        [
          ...METADATA_FIELDS.map((f) =>
            columnSelect(
              `file${i}-meta-${f}`,
              `meta-column-${f}-${i}`,
              f === "user_id" ? "user_id (required)" : f,
              cols,
              entry.metaColumns[f],
              disabled,
              (value) => onChange({ kind: "metaColumn", index: i, field: f, value }),
            ),
          ),
          el("p", { class: "note dims" }, `Breakdown dimensions: ${dims.length ? dims.join(", ") : "none"}.`),
        ],
        "fields fields-3",
      ),
    );
  }
  return out;
}

/** A collapsible mapping that stays open across re-renders once the user opened it. */
function mappingDetails(name: string, forceOpen: boolean, summary: string, body: HTMLElement[], cls: string): HTMLElement {
  const open = forceOpen || openMappings.has(name);
  const details = el("details", { class: "mapping", attrs: { open } }, el("summary", null, summary), el("div", { class: cls }, ...body));
  details.addEventListener("toggle", () => {
    if (details.open) openMappings.add(name);
    else openMappings.delete(name);
  });
  return details;
}

export function renderFiles(
  root: HTMLElement,
  entries: FileEntry[],
  skipped: string[],
  disabled: boolean,
  recipe: RecipeName,
  onChange: (change: FileChange) => void,
): void {
  clear(root);
  root.hidden = entries.length === 0 && skipped.length === 0;
  if (root.hidden) return;
  const total = entries.reduce((s, e) => s + e.size, 0);
  const files = entries.reduce((s, e) => s + (e.members ? e.members.length : 1), 0);
  const about = entries.some((e) => e.sizeEstimated) ? "~" : "";
  append(root, el("h2", null, `Files (${formatCount(files)}, ${about}${formatBytes(total)})`));
  const list = el("ul", { class: "files", testid: "file-list" });
  entries.forEach((entry, i) => {
    const s = entry.sniff;
    const meta = el(
      "div",
      { class: "file-meta" },
      el("span", { class: "file-name", title: entry.name }, entry.name),
      entry.members ? el("span", { class: "badge", testid: `files-${i}` }, `${formatCount(entry.members.length)} files`) : null,
      el(
        "span",
        { class: "badge", title: `${entry.sizeEstimated ? "about " : ""}${formatCount(entry.size)} bytes${entry.sizeEstimated ? " (estimated from the first files)" : ""}` },
        `${entry.sizeEstimated ? "~" : ""}${formatBytes(entry.size)}`,
      ),
      s ? el("span", { class: "badge", testid: `format-${i}` }, s.format === "unknown" ? "unknown format" : s.format) : null,
      s ? el("span", { class: "badge" }, s.gzip ? "gzip" : "not compressed") : null,
      s && s.format !== "unknown"
        ? el("span", { class: "badge" }, entry.members ? "read in batches of files" : s.splittable && !s.gzip ? "splittable" : "one task")
        : null,
    );
    const item = el("li", { class: `file file-${entry.status}`, testid: `file-${i}` }, meta);
    if (entry.status === "detecting") {
      append(item, el("p", { class: "note" }, "Detecting format and fields…"));
    } else if (entry.status === "error" || !s) {
      append(item, el("p", { class: "problem" }, withName(entry.name, entry.error || "cannot be read")));
    } else {
      append(item, el("p", { class: "shape" }, s.shape || "unknown shape", s.message ? ` — ${s.message}` : ""));
      if (s.format === "unknown") {
        append(item, el("p", { class: "problem" }, "Not run: not CSV, NDJSON or a JSON array of objects."));
      } else if (recipe === "sentiment") {
        append(item, sentimentControls(i, entry, s, disabled, onChange));
        const problem = entryProblem(entry, recipe);
        if (problem) append(item, el("p", { class: "problem" }, `Not run: ${problem}.`));
      } else if (recipe === "engagement") {
        append(item, ...engagementControls(i, entry, s, disabled, onChange));
        const problem = entryProblem(entry, recipe);
        if (entry.role === "none") append(item, el("p", { class: "note" }, "Left out of this run: pick a role to use it."));
        else if (problem) append(item, el("p", { class: "problem" }, `Not run: ${problem}.`));
      } else if (recipe === "profile") {
        append(item, el("p", { class: "note" }, "Every column is profiled."));
      } else if (recipe === "evaluate") {
        append(item, el("p", { class: "note" }, "The label and prediction columns picked in the settings are evaluated."));
      } else if (s.format === "csv") {
        append(item, el("p", { class: "note" }, "Not used by tweet insights (a CSV file). Choose the engagement recipe to use it."));
      } else {
        const detected = fullyDetected(s);
        const chosen = Boolean(entry.fields.date && entry.fields.user && entry.fields.text);
        if (!detected && !chosen) {
          append(
            item,
            el(
              "p",
              { class: "problem" },
              `The fields could not all be detected. Pick the date, user and text fields below, then press “${runLabel("tweets")}”.`,
            ),
          );
        }
        const mapping = FIELD_NAMES.map((f) => `${f}: ${entry.fields[f] || "–"}`).join(" · ");
        append(
          item,
          mappingDetails(
            entry.name,
            !detected,
            `Fields ${detected ? "(detected)" : "(chosen)"} — ${mapping}`,
            FIELD_NAMES.map((f) => fieldSelect(i, entry, f, disabled, onChange)),
            "fields",
          ),
        );
        const problem = entryProblem(entry, recipe);
        if (problem) append(item, el("p", { class: "problem" }, `Not run: ${problem}.`));
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
        el("summary", null, `${skipped.length} file${skipped.length === 1 ? "" : "s"} in the folder skipped (not .json, .jsonl, .ndjson, .csv, .tsv, .gz or .txt)`),
        el("ul", null, ...shown.map((name) => el("li", null, name))),
        skipped.length > shown.length ? el("p", { class: "note" }, `and ${skipped.length - shown.length} more`) : null,
      ),
    );
  }
}
