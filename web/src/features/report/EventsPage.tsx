// The events, most recent first, a page at a time, each with a link to its report.
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { EventsQuery } from "./queries";
import { usePager } from "../../components/pager";
import { Pager } from "../../components/Pager";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatDate } from "../../components/format";
import { displayName } from "./names";

export default function EventsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const pager = usePager();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: EventsQuery, variables: { after: pager.after }, requestPolicy: "cache-and-network" });
  const conn = data?.events;
  const name = (e: { name: string; nameEn?: string | null }) => displayName(e, lang);
  return (
    <section>
      <h1>{t("report.events")}</h1>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      ) : !conn ? (
        <Loading />
      ) : conn.edges.length === 0 ? (
        <Empty>{t("report.noEvents")}</Empty>
      ) : (
        <table className="table" aria-busy={fetching}>
          <caption className="visually-hidden">{t("report.events")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("report.eventName")}</th>
              <th scope="col">{t("report.kind")}</th>
              <th scope="col">{t("report.dates")}</th>
              <th scope="col">{t("report.city")}</th>
              <th scope="col">{t("report.partOf")}</th>
              <th scope="col">{t("report.report")}</th>
            </tr>
          </thead>
          <tbody>
            {conn.edges.map(({ node: e }) => (
              <tr key={e.id}>
                <th scope="row">{name(e)}</th>
                <td>{t(`report.eventKind.${e.kind}`)}</td>
                <td>{dates(e.startsOn, e.endsOn, lang)}</td>
                <td>{e.city ?? "—"}</td>
                <td>{e.parent ? name(e.parent) : "—"}</td>
                <td>
                  <Link to={`/events/${encodeURIComponent(e.id)}/report`} aria-label={t("report.reportOf", { name: name(e) })}>
                    {t("report.report")}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {conn && (
        <Pager page={pager.page} total={conn.totalCount} hasNext={conn.pageInfo.hasNextPage} onNext={() => pager.next(conn.pageInfo.endCursor)} onPrevious={pager.previous} label={t("report.events")} />
      )}
    </section>
  );
}

/** "21 Dec 2023 – 22 Dec 2023", one day once, a dash when undated. */
export function dates(startsOn: string | null | undefined, endsOn: string | null | undefined, lang: string): string {
  if (!startsOn) return "—";
  const start = formatDate(startsOn, lang);
  return endsOn && endsOn !== startsOn ? `${start} – ${formatDate(endsOn, lang)}` : start;
}
