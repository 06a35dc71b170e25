import { describe, expect, it } from "vitest";
import { SLICE, sortInSlices } from "./drop";

/** A deterministic shuffle (a fixed linear congruential generator). */
function shuffled(n: number, keys: number): { key: string; at: number }[] {
  let seed = 12345;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
  return Array.from({ length: n }, (_, at) => ({ key: `dir/tweet_${String(next() % keys).padStart(6, "0")}.json`, at }));
}

describe("sortInSlices", () => {
  const byKey = (a: { key: string }, b: { key: string }): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

  it("sorts as Array.prototype.sort does, ties in their first order, for sizes around the slice", async () => {
    for (const n of [0, 1, SLICE - 1, SLICE, SLICE + 1, 3 * SLICE + 17, 5 * SLICE]) {
      // Few keys: many ties, which must keep their order (both sorts are stable).
      const items = shuffled(n, Math.max(1, Math.floor(n / 3)));
      const want = items.slice().sort(byKey);
      const got = await sortInSlices(items.slice(), byKey);
      expect(got.map((x) => x.at)).toEqual(want.map((x) => x.at));
    }
  });

  it("lets other tasks run while it sorts a big list", async () => {
    const items = shuffled(6 * SLICE, 1_000_000);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const sorting = sortInSlices(items, byKey);
    // A macrotask queued now runs before the sort ends: the sort yields.
    const between = new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 0));
    const first = await Promise.race([sorting.then(() => false), between]);
    await sorting;
    clearInterval(timer);
    expect(first).toBe(true);
    expect(ticks).toBeGreaterThan(0);
  });
});
