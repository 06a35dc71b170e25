import { describe, expect, it } from "vitest";
import { escapeXml } from "../views/timeline";
import { buildReport, jsonForScript } from "./html";

const evil = `</script><script>alert(1)</script><svg onload=alert(2)><img src=x onerror=alert(3)>`;

const doc = {
  recipe: "tweets",
  version: "0.1.0",
  parameters: { mentions: "auto", timeZone: "UTC", fields: { text: evil } },
  inputs: [{ name: `a<b>.jsonl`, bytes: 1234, records: 3, rejected: 1, format: "ndjson", gzip: false }],
  results: {
    records: 3,
    topMentions: Array.from({ length: 60 }, (_, i) => ({ username: i === 0 ? evil : `u${i}`, count: 60 - i })),
    emojis: { total: 2, distinct: 1 },
  },
  rejects: [{ input: "a", line: 2, reason: "bad", text: evil }],
  rejectedTotal: 1,
  metrics: { engine: "wasm", workers: 2, seconds: 0.5, tasks: [{ worker: 0 }] },
};

describe("buildReport", () => {
  const html = buildReport(doc, {
    charts: [{ title: `chart ${evil}`, svg: "<svg><text>ok</text></svg>" }],
    inputs: [{ name: "a<b>.jsonl", sha256: "ab".repeat(32) }],
    generatedAt: new Date("2026-01-02T03:04:05Z"),
    appVersion: "0.1.0",
  });

  it("escapes every data string: no markup from the data survives", () => {
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<svg onload");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&#60;/script&#62;&#60;script&#62;alert(1)");
    // Exactly one script element, the JSON one, and it is never closed early.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html.match(/<\/script>/g)).toHaveLength(1);
  });

  it("embeds the document as JSON that reads back", () => {
    const m = html.match(/<script type="application\/json" id="dropsight-result">([\s\S]*?)<\/script>/);
    expect(m).not.toBeNull();
    expect(m![1]).not.toContain("<");
    expect(JSON.parse(m![1]!)).toEqual(doc);
  });

  it("cuts long tables with a note, and lists inputs with their hash", () => {
    expect(html).toContain("Showing the first 50 of 60 rows");
    expect(html).toContain("ab".repeat(32));
    expect(html).toContain("a&#60;b&#62;.jsonl");
    expect(html).toContain("2026-01-02 03:04:05 UTC");
    expect(html).toContain("@media print");
  });
});

describe("escaping", () => {
  it("escapeXml covers text and attributes", () => {
    expect(escapeXml(`<a href="x" title='y'>&`)).toBe("&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;");
  });
  it("jsonForScript leaves no <", () => {
    expect(jsonForScript({ a: "</script><!--" })).toBe('{"a":"\\u003c/script>\\u003c!--"}');
  });
});
