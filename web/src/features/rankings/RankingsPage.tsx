// Influencers and connectors: the last analysis's rankings as tables, filtered, paged,
// exported as CSV; each person links to their page. /influencers and /connectors are
// two tabs of this page.
import { useMemo } from "react";
import { Link, NavLink, useSearchParams } from "react-router-dom";
import { useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { graphql } from "../../gql";
import type { InfluenceMetric } from "../../gql/graphql";
import { Empty, ErrorState, Loading } from "../../components/States";
import { Name } from "../../components/Name";
import { AnalysisStatus } from "./AnalysisStatus";
import "./rankings.css";
import { RankingFiltersForm } from "./RankingFilters";
import { buildCsv, downloadCsv } from "./csv";
import type { Cell } from "./csv";
import { filtersFrom, networkFilter, pageWindow, paramsFrom } from "./filters";
import type { RankingFilters } from "./filters";

const InfluencersQuery = graphql(`
  query Influencers($metric: InfluenceMetric!, $first: Int!, $filter: NetworkFilter) {
    influencers(metric: $metric, first: $first, filter: $filter) {
      metric
      analysis { computedAt metricsRevision currentRevision stale updating ageSeconds }
      items { rank score community person { id name nameLatin country city expertise } }
    }
  }
`);

const ConnectorsQuery = graphql(`
  query Connectors($first: Int!, $filter: NetworkFilter) {
    connectors(first: $first, filter: $filter) {
      analysis { computedAt metricsRevision currentRevision stale updating ageSeconds }
      items {
        rank betweenness constraint effectiveSize community bridgedCommunities
        person { id name nameLatin country city expertise }
      }
    }
  }
`);

export const PAGE_SIZE = 25;
/** The server's page maximum (settings.max_page_size): the rankings go no deeper. */
export const MAX_ROWS = 100;
export const METRICS: InfluenceMetric[] = ["PAGERANK", "EIGENVECTOR", "DEGREE", "BETWEENNESS"];

interface PersonCells {
  id: string;
  name: string;
  nameLatin?: string | null;
  country?: string | null;
  city?: string | null;
  expertise: string[];
}

interface Row {
  rank: number;
  person: PersonCells | null | undefined;
  values: Cell[];
}

export default function RankingsPage({ kind }: { kind: "influencers" | "connectors" }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const page = Math.max(1, Number(params.get("page")) || 1);
  const metric = (METRICS.find((m) => m === params.get("metric")) ?? "PAGERANK") as InfluenceMetric;
  const { first, from } = pageWindow(page, PAGE_SIZE, MAX_ROWS);
  const filter = networkFilter(filters);
  const keep = (extra: Record<string, string>) =>
    paramsFrom(filters, { ...(kind === "influencers" ? { metric } : {}), ...extra });
  const apply = (next: RankingFilters) => setParams(paramsFrom(next, kind === "influencers" ? { metric } : {}));
  const setPage = (n: number) => setParams(keep({ page: String(n) }));

  return (
    <section className="rankings" aria-labelledby="rankings-title">
      <h1 id="rankings-title">{t("rankings.title")}</h1>
      <nav className="tabs" aria-label={t("rankings.tabs")}>
        <NavLink to={`/influencers?${paramsFrom(filters).toString()}`}>{t("rankings.influencers")}</NavLink>
        <NavLink to={`/connectors?${paramsFrom(filters).toString()}`}>{t("rankings.connectors")}</NavLink>
        <NavLink to="/communities">{t("communities.title")}</NavLink>
      </nav>
      <RankingFiltersForm key={params.toString()} value={filters} onApply={apply} />
      {kind === "influencers" ? (
        <Influencers metric={metric} first={first} from={from} filter={filter} page={page} onPage={setPage} onMetric={(m) => setParams(paramsFrom(filters, { metric: m }))} />
      ) : (
        <Connectors first={first} from={from} filter={filter} page={page} onPage={setPage} />
      )}
    </section>
  );
}

interface TableProps {
  first: number;
  from: number;
  page: number;
  filter: ReturnType<typeof networkFilter>;
  onPage(n: number): void;
}

function Influencers({ metric, onMetric, ...props }: TableProps & { metric: InfluenceMetric; onMetric(m: InfluenceMetric): void }) {
  const { t } = useTranslation();
  const [{ data, error }, reexecute] = useQuery({
    query: InfluencersQuery,
    variables: { metric, first: props.first, filter: props.filter },
    requestPolicy: "cache-and-network",
  });
  const ranking = data?.influencers;
  const rows: Row[] = (ranking?.items ?? []).map((i) => ({
    rank: i.rank,
    person: i.person,
    values: [i.score, i.community],
  }));
  return (
    <>
      <div className="field metric-choice">
        <label htmlFor="rk-metric">{t("rankings.metric")}</label>
        <select id="rk-metric" value={metric} onChange={(e) => onMetric(e.target.value as InfluenceMetric)} aria-describedby="rk-metric-meaning">
          {METRICS.map((m) => (
            <option key={m} value={m}>{t(`rankings.metricName.${m}`)}</option>
          ))}
        </select>
        <p id="rk-metric-meaning" className="hint">{t(`rankings.metricMeaning.${metric}`)}</p>
      </div>
      <RankedTable
        {...props}
        caption={t("rankings.influencersCaption", { metric: t(`rankings.metricName.${metric}`) })}
        columns={[t("rankings.score"), t("rankings.communityColumn")]}
        csvColumns={["score", "community"]}
        filename={`influencers-${metric.toLowerCase()}-page${props.page}.csv`}
        rows={rows}
        analysis={ranking?.analysis}
        error={error}
        loaded={Boolean(data)}
        onRetry={() => reexecute({ requestPolicy: "network-only" })}
      />
    </>
  );
}

function Connectors(props: TableProps) {
  const { t } = useTranslation();
  const [{ data, error }, reexecute] = useQuery({
    query: ConnectorsQuery,
    variables: { first: props.first, filter: props.filter },
    requestPolicy: "cache-and-network",
  });
  const ranking = data?.connectors;
  const rows: Row[] = (ranking?.items ?? []).map((c) => ({
    rank: c.rank,
    person: c.person,
    values: [c.betweenness, c.constraint, c.effectiveSize, c.community, c.bridgedCommunities],
  }));
  return (
    <>
      <p className="hint">{t("rankings.connectorsMeaning")}</p>
      <RankedTable
        {...props}
        caption={t("rankings.connectorsCaption")}
        columns={[t("rankings.betweenness"), t("rankings.constraint"), t("rankings.effectiveSize"), t("rankings.communityColumn"), t("rankings.bridged")]}
        csvColumns={["betweenness", "constraint", "effective_size", "community", "bridged_communities"]}
        filename={`connectors-page${props.page}.csv`}
        rows={rows}
        analysis={ranking?.analysis}
        error={error}
        loaded={Boolean(data)}
        onRetry={() => reexecute({ requestPolicy: "network-only" })}
      />
    </>
  );
}

/** Scores to 4 significant digits (they range from 1e-5 to tens). */
function formatScore(value: Cell, language: string): string {
  if (typeof value === "number") return value.toLocaleString(language, { maximumSignificantDigits: 4 });
  if (Array.isArray(value)) return value.join(", ") || "—";
  return value === null || value === undefined ? "—" : String(value);
}

function RankedTable({
  caption, columns, csvColumns, filename, rows, analysis, error, loaded, onRetry, first, from, page, onPage,
}: TableProps & {
  caption: string;
  columns: string[];
  csvColumns: string[];
  filename: string;
  rows: Row[];
  analysis: Parameters<typeof AnalysisStatus>[0]["analysis"] | undefined;
  error: Parameters<typeof ErrorState>[0]["error"] | undefined;
  loaded: boolean;
  onRetry(): void;
}) {
  const { t, i18n } = useTranslation();
  if (error && !loaded) return <ErrorState error={error} onRetry={onRetry} />;
  if (!loaded || !analysis) return <Loading />;
  const shown = rows.slice(from);
  const hasNext = rows.length === first && first < MAX_ROWS;
  const exportCsv = () => {
    const header = ["rank", "person_id", "name", "name_latin", "country", "city", "expertise", ...csvColumns];
    const body = shown.map((r) => [
      r.rank, r.person?.id, r.person?.name, r.person?.nameLatin, r.person?.country, r.person?.city, r.person?.expertise ?? [], ...r.values,
    ]);
    downloadCsv(filename, buildCsv(header, body));
  };
  return (
    <>
      <AnalysisStatus analysis={analysis} />
      {shown.length === 0 ? (
        <Empty>{analysis.computedAt ? t("rankings.empty") : t("rankings.emptyNever")}</Empty>
      ) : (
        <>
          <div className="actions">
            <button type="button" onClick={exportCsv}>{t("rankings.exportCsv")}</button>
          </div>
          <div className="table-scroll">
            <table className="table ranking-table">
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("rankings.rank")}</th>
                  <th scope="col">{t("rankings.person")}</th>
                  <th scope="col">{t("rankings.place")}</th>
                  <th scope="col">{t("rankings.expertise")}</th>
                  {columns.map((c) => <th scope="col" key={c}>{c}</th>)}
                </tr>
              </thead>
              <tbody>
                {shown.map((r) => (
                  <tr key={r.rank}>
                    <td>{r.rank}</td>
                    <th scope="row">
                      {r.person ? (
                        <Link to={`/people/${encodeURIComponent(r.person.id)}`}>
                          <Name name={r.person.name} latin={r.person.nameLatin} />
                        </Link>
                      ) : (
                        <span className="muted">{t("rankings.deleted")}</span>
                      )}
                    </th>
                    <td>{[r.person?.city, r.person?.country].filter(Boolean).join(", ") || "—"}</td>
                    <td>{r.person?.expertise.join("、") || "—"}</td>
                    {r.values.map((v, i) => <td key={i} className="num">{formatScore(v, i18n.language)}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {(page > 1 || hasNext) && (
        <nav className="pager" aria-label={t("rankings.pages")}>
          <button type="button" onClick={() => onPage(page - 1)} disabled={page <= 1}>{t("pager.previous")}</button>
          <span>{t("rankings.pageOf", { page, from: from + 1, to: from + shown.length })}</span>
          <button type="button" onClick={() => onPage(page + 1)} disabled={!hasNext}>{t("pager.next")}</button>
        </nav>
      )}
      {!hasNext && first >= MAX_ROWS && rows.length === MAX_ROWS && <p className="hint">{t("rankings.deepest", { max: MAX_ROWS })}</p>}
    </>
  );
}
