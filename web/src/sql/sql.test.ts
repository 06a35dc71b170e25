import { describe, expect, it } from "vitest";
import { numericColumns, toNumber, xScaleOf } from "./chart";
import { cellValue, columnType, guessDelimiter, hasSqliteHeader, hasSqliteName, sqlFileKind, tableNameFor, uniqueColumns } from "./detect";
import { CsvParser, LineSplitter, isBlankRecord, jsonCell } from "./rows";
import { HISTORY_MAX, addToHistory, byteToCharIndex, errorSpan, lineColumn, parseHistory, showValue } from "./text";

const header = new TextEncoder().encode("SQLite format 3\0");

describe("detect", () => {
  it("knows a SQLite file by its header, whatever the name", () => {
    expect(hasSqliteHeader(header)).toBe(true);
    expect(hasSqliteHeader(header.slice(0, 15))).toBe(false);
    expect(hasSqliteHeader(new TextEncoder().encode("SQLite format 4\0"))).toBe(false);
    expect(sqlFileKind("data.bin", header)).toBe("sqlite");
    expect(sqlFileKind("chinook.db", new Uint8Array(16))).toBe("other");
    expect(sqlFileKind("a.csv", new Uint8Array(0))).toBe("csv");
    expect(sqlFileKind("a.TSV", new Uint8Array(0))).toBe("csv");
    expect(sqlFileKind("a.jsonl", new Uint8Array(0))).toBe("ndjson");
    expect(sqlFileKind("tracks.json.gz", new Uint8Array(0))).toBe("ndjson");
    expect(sqlFileKind("a.csv.gz", new Uint8Array(0))).toBe("csv");
    expect(sqlFileKind("a.json", new Uint8Array(0))).toBe("other");
    expect(hasSqliteName("x.sqlite3")).toBe(true);
    expect(hasSqliteName("x.SQLITE")).toBe(true);
    expect(hasSqliteName("x.db.csv")).toBe(false);
  });

  it("makes table names that are identifiers, unique", () => {
    const taken = new Set<string>();
    expect(tableNameFor("Sales 2024.csv", taken)).toBe("sales_2024");
    expect(tableNameFor("sales-2024.tsv", taken)).toBe("sales_2024_2");
    expect(tableNameFor("dir/2024.csv", taken)).toBe("t_2024");
    expect(tableNameFor("sqlite_master.csv", taken)).toBe("t_sqlite_master");
    expect(tableNameFor("???.csv", taken)).toBe("t");
  });

  it("names blank and repeated header cells", () => {
    expect(uniqueColumns(["id", "", "Id", " name ", "id"])).toEqual(["id", "col_2", "Id_2", "name", "id_3"]);
  });

  it("turns only canonical numbers into numbers", () => {
    expect(cellValue("42")).toBe(42);
    expect(cellValue("-3.5")).toBe(-3.5);
    expect(cellValue("1e3")).toBe(1000);
    expect(cellValue("")).toBe(null);
    for (const s of ["007", "+1", "1,5", " 12", "12 ", "0x1f", "NaN", "Infinity", ".5", "5.", "12345678901234567890"]) {
      expect(cellValue(s)).toBe(s);
    }
  });

  it("declares column types from a sample", () => {
    expect(columnType(["1", "2", null])).toBe("INTEGER");
    expect(columnType(["1", "2.5"])).toBe("REAL");
    expect(columnType(["1", "007"])).toBe("TEXT");
    expect(columnType([null, null])).toBe("TEXT");
    expect(columnType([3, 4])).toBe("INTEGER");
  });

  it("guesses the delimiter from the first line", () => {
    expect(guessDelimiter("a.csv", "a,b,c")).toBe(",");
    expect(guessDelimiter("a.csv", "a;b;c")).toBe(";");
    expect(guessDelimiter("a.csv", '"x;y",b')).toBe(",");
    expect(guessDelimiter("a.tsv", "a,b,c")).toBe("\t");
    expect(guessDelimiter("a.csv", "a|b|c")).toBe("|");
  });
});

describe("CsvParser", () => {
  const text = '\ufeffid,name,note\r\n1,"Smith, J","said ""hi""\r\nthen left"\r\n2,Ann,\n\n3,"",x"y\n4,last,no newline';
  const want = [
    ["id", "name", "note"],
    ["1", "Smith, J", 'said "hi"\r\nthen left'],
    ["2", "Ann", ""],
    [""],
    ["3", "", 'x"y'],
    ["4", "last", "no newline"],
  ];

  it("reads RFC 4180 records", () => {
    const p = new CsvParser(",");
    expect([...p.push(text), ...p.finish()]).toEqual(want);
  });

  it("gives the same records wherever the text is cut", () => {
    for (let cut = 0; cut <= text.length; cut++) {
      for (const step of [1, 2, 3]) {
        const p = new CsvParser(",");
        const got = [...p.push(text.slice(0, cut))];
        for (let i = cut; i < text.length; i += step) got.push(...p.push(text.slice(i, i + step)));
        got.push(...p.finish());
        expect(got, `cut ${cut} step ${step}`).toEqual(want);
      }
    }
  });

  it("ends cleanly after a final line break, and on empty input", () => {
    const p = new CsvParser(",");
    expect([...p.push("a,b\n"), ...p.finish()]).toEqual([["a", "b"]]);
    expect(new CsvParser(",").finish()).toEqual([]);
    expect(isBlankRecord([""])).toBe(true);
    expect(isBlankRecord(["", ""])).toBe(false);
  });

  it("reports an unterminated quote", () => {
    const p = new CsvParser(",");
    p.push('a,"open');
    expect(p.open).toBe(true);
  });

  it("uses other delimiters", () => {
    const p = new CsvParser("\t");
    expect([...p.push("a\tb,c\n"), ...p.finish()]).toEqual([["a", "b,c"]]);
  });
});

describe("LineSplitter and JSON cells", () => {
  it("splits lines across chunks, CRLF and BOM", () => {
    const s = new LineSplitter();
    const got = [...s.push('\ufeff{"a":1}\r\n{"a"'), ...s.push(':2}\n\n{"a":3}'), ...s.finish()];
    expect(got).toEqual(['{"a":1}', '{"a":2}', "", '{"a":3}']);
  });

  it("maps JSON values to SQL values", () => {
    expect(jsonCell(true)).toBe(1);
    expect(jsonCell(null)).toBe(null);
    expect(jsonCell({ a: [1] })).toBe('{"a":[1]}');
    expect(jsonCell("x")).toBe("x");
    expect(jsonCell(2.5)).toBe(2.5);
  });
});

describe("text", () => {
  it("maps UTF-8 byte offsets to string indexes", () => {
    const s = "SELECT 'é😀', nope";
    // bytes: SELECT ' = 8, é = 2, 😀 = 4, "', " = 3 -> nope at byte 17
    expect(byteToCharIndex(s, 17)).toBe(s.indexOf("nope"));
    expect(byteToCharIndex(s, 0)).toBe(0);
    expect(byteToCharIndex(s, 9)).toBe(8); // inside é
    expect(byteToCharIndex(s, 1000)).toBe(s.length);
  });

  it("highlights the token at an error", () => {
    const sql = 'SELECT nme, "odd col" FROM t';
    expect(errorSpan(sql, 7)).toEqual({ start: 7, end: 10 });
    expect(errorSpan(sql, 12)).toEqual({ start: 12, end: 21 });
    expect(errorSpan(sql, sql.length)).toEqual({ start: sql.length - 1, end: sql.length });
    expect(errorSpan("a + ", 2)).toEqual({ start: 2, end: 3 });
    expect(lineColumn("SELECT\n  x", 9)).toEqual({ line: 2, column: 3 });
  });

  it("keeps a history: newest first, no repeats, bounded", () => {
    let h: string[] = [];
    h = addToHistory(h, "select 1");
    h = addToHistory(h, " select 2 ");
    h = addToHistory(h, "select 1");
    h = addToHistory(h, "   ");
    expect(h).toEqual(["select 1", "select 2"]);
    for (let i = 0; i < 80; i++) h = addToHistory(h, `select ${i}`);
    expect(h.length).toBe(HISTORY_MAX);
    expect(parseHistory(JSON.stringify(h))).toEqual(h);
    expect(parseHistory("{bad")).toEqual([]);
    expect(parseHistory('[1,"a"]')).toEqual(["a"]);
  });

  it("shows values as text", () => {
    expect(showValue(null)).toBe("NULL");
    expect(showValue(12n)).toBe("12");
    expect(showValue(new Uint8Array([1, 255]))).toBe("x'01ff'");
    expect(showValue("<b>")).toBe("<b>");
  });
});

describe("chart helpers", () => {
  it("finds numeric columns and x scales", () => {
    const rows = [
      ["a", 1, "2024-01-01", null],
      ["b", 2.5, "2024-01-02", "x"],
    ];
    expect(numericColumns(["k", "v", "d", "m"], rows)).toEqual([1]);
    expect(xScaleOf(rows.map((r) => r[2]!))).toBe("date");
    expect(xScaleOf(rows.map((r) => r[1]!))).toBe("number");
    expect(xScaleOf(rows.map((r) => r[0]!))).toBe("text");
    expect(toNumber("3")).toBe(3);
    expect(toNumber("x")).toBe(null);
  });
});
