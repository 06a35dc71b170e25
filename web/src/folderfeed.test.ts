import { describe, expect, it } from "vitest";
import { FolderFeed, PART_FILES, PARTS_AHEAD } from "./folderfeed";
import { SMALL_FILE } from "./plan";
import type { FilesPart } from "./protocol";

const text = (s: string): Blob => new Blob([s]);

/** The files of the parts, in the order sent: [name, bytes as text or the reason]. */
function unpack(parts: FilesPart[]): [string, string][] {
  const out: [string, string][] = [];
  for (const p of parts) {
    const data = new Uint8Array(p.data);
    let at = 0;
    p.names.forEach((name, i) => {
      const bad = p.unreadable.find((u) => u.index === i);
      if (bad) {
        out.push([name, `!${bad.reason}`]);
        return;
      }
      out.push([name, new TextDecoder().decode(data.subarray(at, at + p.sizes[i]!))]);
      at += p.sizes[i]!;
    });
    if (p.big) out.push([p.big.name, `big ${p.big.file.size}`]);
  }
  return out;
}

describe("FolderFeed", () => {
  it("sends every file in the folder's order, in parts of up to PART_FILES, the last marked", async () => {
    const n = 2 * PART_FILES + 7;
    const names = Array.from({ length: n }, (_, i) => `f${i}.json`);
    const parts: FilesPart[] = [];
    const feed = new FolderFeed(names.map((name) => text(`{"n":"${name}"}`)), names, (part) => {
      parts.push(part);
      feed.taken(parts.length);
    });
    await feed.start();
    expect(unpack(parts)).toEqual(names.map((name) => [name, `{"n":"${name}"}`]));
    expect(parts.map((p) => p.names.length)).toEqual([PART_FILES, PART_FILES, 7]);
    expect(parts.map((p) => p.last)).toEqual([false, false, true]);
  });

  it("reads no further while PARTS_AHEAD parts wait for the worker", async () => {
    const n = 10 * PART_FILES;
    const names = Array.from({ length: n }, (_, i) => `f${i}`);
    const parts: FilesPart[] = [];
    const feed = new FolderFeed(names.map(() => text("{}")), names, (part) => parts.push(part));
    const started = feed.start();
    await new Promise((r) => setTimeout(r, 200));
    // Nothing taken: at most PARTS_AHEAD parts, plus the one whose reads were in flight.
    expect(parts.length).toBeGreaterThanOrEqual(PARTS_AHEAD);
    expect(parts.length).toBeLessThanOrEqual(PARTS_AHEAD + 1);
    feed.taken(parts.length);
    await new Promise((r) => setTimeout(r, 200));
    expect(parts.length).toBeGreaterThan(PARTS_AHEAD + 1);
    feed.stop();
    await started;
  });

  it("hands a big file over as a file, and names a file that cannot be read", async () => {
    const unreadable = {
      size: 10,
      arrayBuffer: () => Promise.reject(new Error("gone")),
    } as unknown as Blob;
    const big = new Blob([new Uint8Array(SMALL_FILE + 1)]);
    const files = [text("a"), unreadable, text("b"), big, text("c")];
    const names = ["a", "gone", "b", "big", "c"];
    const parts: FilesPart[] = [];
    const feed = new FolderFeed(files, names, (part) => {
      parts.push(part);
      feed.taken(parts.length);
    });
    await feed.start();
    expect(unpack(parts)).toEqual([
      ["a", "a"],
      ["gone", "!cannot read the file (gone)"],
      ["b", "b"],
      ["big", `big ${SMALL_FILE + 1}`],
      ["c", "c"],
    ]);
    expect(parts.at(-1)!.last).toBe(true);
    expect(parts.filter((p) => p.last).length).toBe(1);
  });

  it("sends one empty last part for no files", async () => {
    const parts: FilesPart[] = [];
    await new FolderFeed([], [], (part) => parts.push(part)).start();
    expect(parts).toHaveLength(1);
    expect(parts[0]!.last).toBe(true);
    expect(parts[0]!.names).toEqual([]);
  });
});
