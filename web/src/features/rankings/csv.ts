// CSV built in the browser for the rows a table shows, with the rules of the server's
// list export (crm/resolvers/list_export.py): UTF-8 with a byte order mark so
// spreadsheet programs read Chinese, CRLF line ends, RFC 4180 quoting, lists joined by
// "; ", and a cell a spreadsheet would run as a formula kept as text.

export type Cell = string | number | boolean | null | undefined | readonly (string | number)[];

const BOM = "\ufeff";
const FORMULA_START = ["=", "+", "-", "@", "\t", "\r"];
const NUMBER = /^[+-]?\d[\d ().-]*$/;

/** One cell as text: empty for nothing, quoted when it holds a comma, quote or line end. */
export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (Array.isArray(value)) text = value.join("; ");
  else if (typeof value === "number") text = Number.isFinite(value) ? String(value) : "";
  else text = String(value);
  if (typeof value !== "number" && FORMULA_START.some((s) => text.startsWith(s)) && !NUMBER.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: the byte order mark, the header, then each row, every line CRLF-ended. */
export function buildCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  for (const row of rows) {
    if (row.length !== header.length) {
      throw new Error(`a CSV row has ${row.length} cells for ${header.length} columns`);
    }
  }
  return BOM + [header, ...rows].map((row) => row.map(csvCell).join(",") + "\r\n").join("");
}

/** Offer `text` to the browser as a download named `filename` (UTF-8 CSV). */
export function downloadCsv(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
