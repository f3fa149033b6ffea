// The dashboard's period picker: all the data (the API's own default when no period is
// sent: every record, activity over the months the data covers), a calendar year of the
// data, or days from–to. Kept in the URL (?period=2023, ?period=2023-03-01..2023-06-30).

export type PeriodChoice =
  | { kind: "all" }
  | { kind: "year"; year: number }
  | { kind: "range"; from: string | null; to: string | null };

export interface DatePeriod {
  from: string | null;
  to: string | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function isDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The choice a URL parameter names; anything unreadable is an error the page shows. */
export function parsePeriod(param: string | null): PeriodChoice {
  if (param === null || param === "" || param === "all") return { kind: "all" };
  if (/^\d{4}$/.test(param)) return { kind: "year", year: Number(param) };
  const [from, to, ...rest] = param.split("..");
  if (to !== undefined && rest.length === 0 && (from === "" || isDay(from)) && (to === "" || isDay(to))) {
    if (from && to && from > to) throw new Error(`the period ends (${to}) before it starts (${from})`);
    return { kind: "range", from: from || null, to: to || null };
  }
  throw new Error(`not a period: ${JSON.stringify(param)} (a year such as 2023, or YYYY-MM-DD..YYYY-MM-DD)`);
}

/** The URL parameter of a choice (null: none, the default). */
export function periodParam(choice: PeriodChoice): string | null {
  if (choice.kind === "all") return null;
  if (choice.kind === "year") return String(choice.year);
  return `${choice.from ?? ""}..${choice.to ?? ""}`;
}

/** What the API is sent: null for all the data. */
export function toDatePeriod(choice: PeriodChoice): DatePeriod | null {
  if (choice.kind === "all") return null;
  if (choice.kind === "year") return { from: `${choice.year}-01-01`, to: `${choice.year}-12-31` };
  return { from: choice.from, to: choice.to };
}

/** The calendar years the data covers (from the unfiltered dashboard's activity span). */
export function yearsCovered(activityFrom: string, activityTo: string): number[] {
  const first = Number(activityFrom.slice(0, 4));
  const last = Number(activityTo.slice(0, 4));
  if (!Number.isInteger(first) || !Number.isInteger(last) || last < first) return [];
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
