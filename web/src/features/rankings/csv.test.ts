import { describe, expect, it } from "vitest";
import { buildCsv, csvCell } from "./csv";

describe("csvCell", () => {
  it("leaves plain text and numbers as they are", () => {
    expect(csvCell("王小明")).toBe("王小明");
    expect(csvCell(0.125)).toBe("0.125");
    expect(csvCell(-3)).toBe("-3");
  });

  it("writes nothing for a missing value", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("quotes commas, quotes and line ends, doubling quotes", () => {
    expect(csvCell("Zhang, Wei")).toBe('"Zhang, Wei"');
    expect(csvCell('the "bridge"')).toBe('"the ""bridge"""');
    expect(csvCell("line one\nline two")).toBe('"line one\nline two"');
    expect(csvCell("a\r\nb")).toBe('"a\r\nb"');
  });

  it("joins lists with semicolons", () => {
    expect(csvCell(["physics", "semiconductors"])).toBe("physics; semiconductors");
    expect(csvCell([1, 2])).toBe("1; 2");
    expect(csvCell([])).toBe("");
  });

  it("keeps what a spreadsheet would run as a formula as text, but not a number", () => {
    expect(csvCell("=HYPERLINK(\"x\")")).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("+86 138 0000 0000")).toBe("+86 138 0000 0000");
    expect(csvCell("-cmd")).toBe("'-cmd");
  });
});

describe("buildCsv", () => {
  it("starts with a byte order mark and ends every line with CRLF", () => {
    const text = buildCsv(["rank", "name"], [[1, "李伟"], [2, "Chen, Jie"]]);
    expect(text).toBe('\ufeffrank,name\r\n1,李伟\r\n2,"Chen, Jie"\r\n');
    expect(new TextEncoder().encode(text).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it("is the header alone without rows", () => {
    expect(buildCsv(["a", "b"], [])).toBe("\ufeffa,b\r\n");
  });

  it("refuses a row that does not fit the header", () => {
    expect(() => buildCsv(["a", "b"], [["x"]])).toThrow(/1 cells for 2 columns/);
  });
});
