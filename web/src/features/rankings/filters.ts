// The rankings' filters as the page's address holds them (?country=GB,US&field=…&org=…
// &community=3&page=2), so a filtered table can be bookmarked and linked to.
import { splitList } from "../../components/format";

export interface RankingFilters {
  country: string[];
  field: string[];
  organization: { id: string; label: string } | null;
  community: number[];
}

export function filtersFrom(params: URLSearchParams): RankingFilters {
  const orgId = params.get("org");
  return {
    country: splitList(params.get("country") ?? "").map((c) => c.toUpperCase()),
    field: splitList(params.get("field") ?? ""),
    organization: orgId ? { id: orgId, label: params.get("orgName") ?? orgId } : null,
    community: splitList(params.get("community") ?? "")
      .map(Number)
      .filter((n) => Number.isInteger(n) && n >= 0),
  };
}

export function paramsFrom(filters: RankingFilters, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.country.length) params.set("country", filters.country.join(","));
  if (filters.field.length) params.set("field", filters.field.join(","));
  if (filters.organization) {
    params.set("org", filters.organization.id);
    params.set("orgName", filters.organization.label);
  }
  if (filters.community.length) params.set("community", filters.community.join(","));
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return params;
}

/** The API's NetworkFilter, or null for everyone. */
export function networkFilter(filters: RankingFilters) {
  const filter = {
    ...(filters.country.length ? { country: filters.country } : {}),
    ...(filters.field.length ? { field: filters.field } : {}),
    ...(filters.organization ? { memberOf: [filters.organization.id] } : {}),
    ...(filters.community.length ? { community: filters.community } : {}),
  };
  return Object.keys(filter).length ? filter : null;
}

/** A page of `size` rows out of the API's first `first` (it has no offset: it ranks from
 * the top, at most `max` at once). */
export function pageWindow(page: number, size: number, max: number): { first: number; from: number } {
  const last = Math.max(1, Math.min(page, Math.floor(max / size)));
  return { first: last * size, from: (last - 1) * size };
}

/** "3 minutes ago" style, in the reader's language. */
export function formatAge(seconds: number | null | undefined, language: string): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const rtf = new Intl.RelativeTimeFormat(language, { numeric: "auto" });
  const steps: [number, Intl.RelativeTimeFormatUnit][] = [
    [60, "second"],
    [60, "minute"],
    [24, "hour"],
    [Infinity, "day"],
  ];
  let value = seconds;
  for (const [size, unit] of steps) {
    if (Math.abs(value) < size) return rtf.format(-Math.round(value), unit);
    value /= size;
  }
  return rtf.format(-Math.round(value), "day");
}
