import { describe, expect, it } from "vitest";
import { csvName, flatten, toCsv } from "./csv";

describe("toCsv", () => {
  it("writes RFC 4180: CRLF, quotes doubled, quoted when needed", () => {
    expect(toCsv(["a", "b"], [["x", 1], ['he said "hi"', "a,b"], ["line\nbreak", null], [" pad", true]])).toBe(
      'a,b\r\nx,1\r\n"he said ""hi""","a,b"\r\n"line\nbreak",\r\n" pad",true\r\n',
    );
  });

  it("keeps numbers as the document has them", () => {
    expect(toCsv(["v"], [[0.00001], [1e21], [Number.NaN]])).toBe("v\r\n0.00001\r\n1e+21\r\n\r\n");
  });

  it("names files by recipe, run and table", () => {
    expect(csvName("engagement", 2, "dau")).toBe("dropsight-engagement-run2-dau.csv");
  });
});

describe("flatten", () => {
  it("keeps scalars and lists of scalars, and leaves tables out", () => {
    expect(flatten({ a: 1, b: { c: "x", d: [1, 2], e: [{ f: 1 }] }, g: null }, "")).toEqual([
      ["a", 1],
      ["b.c", "x"],
      ["b.d", "1; 2"],
      ["g", null],
    ]);
  });
});
