// Dates and numbers in the reader's language.

export function formatDate(value: string | null | undefined, language: string): string {
  if (!value) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleDateString(language, { year: "numeric", month: "short", day: "numeric" });
}

export function formatDateTime(value: string | null | undefined, language: string): string {
  if (!value) return "—";
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return date.toLocaleString(language, { dateStyle: "medium", timeStyle: "short" });
}

/** Whole days from `due` until `now` (positive: overdue). */
export function daysOverdue(due: string, now: Date = new Date()): number {
  return Math.floor((now.getTime() - new Date(due).getTime()) / 86_400_000);
}

/** "a, b ,c" → ["a", "b", "c"]; Chinese commas and 、 too. */
export function splitList(text: string): string[] {
  return text
    .split(/[,，、;；\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
