// A tiny element builder. Every string becomes a text node or an attribute
// value, so data from files is never parsed as HTML.

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  testid?: string;
  id?: string;
  title?: string;
  /** Other attributes, set with setAttribute. */
  attrs?: Record<string, string | number | boolean | undefined>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props) {
    if (props.class) node.className = props.class;
    if (props.testid) node.dataset.testid = props.testid;
    if (props.id) node.id = props.id;
    if (props.title) node.title = props.title;
    if (props.attrs) {
      for (const [name, value] of Object.entries(props.attrs)) {
        if (value === undefined || value === false) continue;
        node.setAttribute(name, value === true ? "" : String(value));
      }
    }
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

export function clear(node: Node): void {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export function replace(node: Node, ...children: Child[]): void {
  clear(node);
  append(node, ...children);
}

export interface Column {
  label: string;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
}

/** One figure of a results summary (inside a <dl>): its label, its value (with
 *  data-testid when given) and an optional smaller detail line. */
export function stat(label: string, value: string, detail?: string, testid?: string): HTMLElement {
  return el("div", { class: "stat" }, el("dt", null, label), el("dd", testid ? { testid } : null, value), detail ? el("dd", { class: "stat-detail" }, detail) : null);
}

/** A table with a caption-like label, column headers and cells built from text or nodes. */
export function table(testid: string, label: string, columns: Column[], rows: Child[][]): HTMLTableElement {
  const head = el("thead", null, el("tr", null, ...columns.map((c) => el("th", { class: c.numeric ? "num" : "", attrs: { scope: "col" } }, c.label))));
  const body = el(
    "tbody",
    null,
    ...rows.map((row) => el("tr", null, ...row.map((cell, i) => el("td", { class: columns[i]?.numeric ? "num" : "" }, cell)))),
  );
  return el("table", { testid, attrs: { "aria-label": label } }, head, body);
}

/** The result document as its "Download … (JSON)" button saves it: the page's
 *  copy, serialised at the click, so it holds what the page added after the
 *  engine wrote it (the run profile's render stage, metrics.stages.renderMs),
 *  as window.dropsight.results and the exported report do. */
export function documentJson(doc: object): string {
  return JSON.stringify(doc);
}

/** The button that saves the result document (documentJson) as fileName. */
export function downloadDocumentButton(doc: object, fileName: string, label = "Download result (JSON)"): HTMLElement {
  const button = el("button", { testid: "download-json", attrs: { type: "button" } }, label);
  button.addEventListener("click", () => download(fileName, new Blob([documentJson(doc)], { type: "application/json" })));
  return button;
}

/** Saves a Blob as a download with the given file name. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = el("a", { attrs: { href: url, download: name } });
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
