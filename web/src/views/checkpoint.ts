// The stored-run panel: the notice that offers to resume an unfinished run (or
// to discard it), the inputs of a checkpointed run with which of them an earlier
// run already counted, and "Add files…" to append inputs to a finished run.
// Buttons only: everything here works from the keyboard. What a screen reader
// should hear is one line, statusLine, the panel's live region: the offers and
// the problems, not the whole panel again at every change.

import { formatBytes } from "../format";
import { append, el, replace } from "./dom";

export interface StoredInputRow {
  name: string;
  size: number;
  /** "counted": read by an earlier run (its partials are stored); "resumed": some
   *  ranges stored, the others read by this run; "new": read by this one;
   *  "needed": still to be read (an unfinished run). */
  status: "counted" | "resumed" | "new" | "needed";
}

export interface ResumeOffer {
  /** "An unfinished run of …": the recipe's label. */
  recipe: string;
  files: string[];
  tasksDone: number;
  tasksTotal: number;
  /** The inputs whose files the resume needs (the others are wholly stored). */
  needed: StoredInputRow[];
  /** Whether this page still holds the files (the run stopped in this page). */
  filesAtHand: boolean;
  /** The run stopped in this page by Cancel (rather than with a closed tab). */
  cancelled: boolean;
}

const STATUS_TEXT: Record<StoredInputRow["status"], string> = {
  counted: "counted earlier: not read again",
  resumed: "resumed: only its missing ranges read in this run",
  new: "new: read in this run",
  needed: "to read",
};

function list(names: string[]): string {
  if (names.length <= 3) return names.join(", ");
  return `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;
}

export class CheckpointPanel {
  readonly root: HTMLElement;
  /** The file picker of "Add files…". */
  readonly appendInput: HTMLInputElement;
  /** The panel's live region, visually hidden: placed by the page outside the
   *  panel, so it is in the accessibility tree before the panel shows. */
  readonly statusLine: HTMLElement;

  constructor(root: HTMLElement) {
    this.root = root;
    this.root.hidden = true;
    this.statusLine = el("p", { class: "visually-hidden", testid: "checkpoint-status", attrs: { role: "status", "aria-live": "polite" } });
    this.appendInput = el("input", {
      class: "visually-hidden",
      testid: "append-input",
      attrs: { type: "file", multiple: true, tabindex: -1, "aria-hidden": "true" },
    });
  }

  hide(): void {
    this.root.hidden = true;
    replace(this.root);
    this.statusLine.textContent = "";
  }

  /** The offer to resume an unfinished run. */
  offerResume(offer: ResumeOffer, onResume: () => void, onDiscard: () => void): void {
    const how = offer.filesAtHand
      ? "Resume reads only the ranges still missing."
      : "Drop or pick the same files to resume.";
    const resume = el("button", { class: "primary", testid: "resume", attrs: { type: "button" } }, offer.filesAtHand ? "Resume" : "Resume: pick the files…");
    const discard = el("button", { testid: "discard", attrs: { type: "button" } }, "Discard");
    resume.addEventListener("click", onResume);
    discard.addEventListener("click", onDiscard);
    const stopped = offer.cancelled ? "was cancelled at" : "stopped at";
    const notice = `An unfinished run of ${offer.recipe} over ${list(offer.files)} ${stopped} ${offer.tasksDone} of ${offer.tasksTotal} range${offer.tasksTotal === 1 ? "" : "s"}. ${how}`;
    this.show(
      notice,
      "Unfinished run",
      el("p", { testid: "resume-notice" }, notice),
      offer.filesAtHand
        ? null
        : el(
            "p",
            { class: "note" },
            "The browser forgets files when a page closes, so the page cannot open them again by itself; the finished ranges are kept in this browser. ",
            `Files needed: ${offer.needed.map((n) => `${n.name} (${formatBytes(n.size)})`).join(", ")}.`,
          ),
      el("div", { class: "actions" }, resume, discard),
    );
  }

  /** The inputs of the checkpointed run on screen, and "Add files…" once it is finished. */
  showRun(recipe: string, inputs: StoredInputRow[], canAppend: string | true | null, onAdd: () => void, note = ""): void {
    const rows = inputs.map((i) =>
      el(
        "li",
        { class: `stored-input ${i.status}` },
        el("span", { class: "name" }, i.name),
        ` · ${formatBytes(i.size)} · `,
        el("span", { class: "stored-status", testid: `stored-${i.status}` }, STATUS_TEXT[i.status]),
      ),
    );
    const add = el("button", { testid: "append", attrs: { type: "button" } }, "Add files…");
    add.addEventListener("click", onAdd);
    const counted = inputs.filter((i) => i.status === "counted").length;
    // The page's own status line says how the run goes: nothing to announce here.
    this.show(
      "",
      "This run's inputs",
      el(
        "p",
        { class: "note" },
        `${recipe}: kept in this browser, so files added later are read alone and merged with the counted ones.`,
        counted ? ` ${counted} input${counted === 1 ? " was" : "s were"} counted earlier and not read again.` : "",
      ),
      el("ul", { class: "stored-inputs", testid: "stored-inputs" }, ...rows),
      canAppend === true ? el("div", { class: "actions" }, add) : canAppend ? el("p", { class: "note" }, canAppend) : null,
      note ? el("p", { class: "note", testid: "checkpoint-note" }, note) : null,
    );
  }

  /** The last finished run stored in this browser (offered after a reload). */
  offerStored(recipe: string, files: string[], onShow: () => void, onAdd: (() => void) | null, onForget: () => void): void {
    const show = el("button", { testid: "stored-show", attrs: { type: "button" } }, "Show its results");
    const forget = el("button", { testid: "stored-forget", attrs: { type: "button" } }, "Forget it");
    show.addEventListener("click", onShow);
    forget.addEventListener("click", onForget);
    const add = onAdd ? el("button", { testid: "append", attrs: { type: "button" } }, "Add files…") : null;
    add?.addEventListener("click", onAdd!);
    const notice = `The last run, ${recipe} over ${list(files)}, is kept in this browser. Its results need no file; adding files reads only the new ones.`;
    this.show(
      notice,
      "Stored run",
      el("p", { testid: "stored-notice" }, notice),
      el("div", { class: "actions" }, show, add, forget),
    );
  }

  /** A line under whatever the panel shows (checkpointing stopped, a file refused). */
  say(text: string): void {
    this.root.hidden = false;
    append(this.root, el("p", { class: "problem", testid: "checkpoint-problem" }, text));
    this.statusLine.textContent = text;
  }

  /** Shows the panel; announce is what the status line says ("" for nothing). */
  private show(announce: string, title: string, ...body: (Node | null)[]): void {
    replace(this.root, el("h2", null, title), ...body, this.appendInput);
    this.root.hidden = false;
    this.statusLine.textContent = announce;
  }
}
