import { describe, expect, it } from "vitest";
import { base64, folderPaths } from "./view";

describe("consolidation helpers", () => {
  it("splits the dropped folder's name from the paths in it", () => {
    expect(folderPaths(["raw_data/orders/a.csv", "raw_data/b.json"])).toEqual({ root: "raw_data", paths: ["orders/a.csv", "b.json"] });
    expect(folderPaths(["x/a.csv", "y/b.csv"])).toEqual({ root: "folder", paths: ["x/a.csv", "y/b.csv"] });
  });
  it("encodes heads as base64 for the plan request", () => {
    expect(base64(new TextEncoder().encode("a,b\n1,2\n"))).toBe("YSxiCjEsMgo=");
    const big = new Uint8Array(70_000).map((_, i) => i % 256);
    const back = Uint8Array.from(atob(base64(big)), (c) => c.charCodeAt(0));
    expect(back).toEqual(big);
  });
});
