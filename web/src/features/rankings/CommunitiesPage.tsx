// The communities of the last analysis: size, leading members, dominant organisations,
// fields, countries and brokers of each, largest first.
import { useState } from "react";
import { Link, NavLink } from "react-router-dom";
import { useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { graphql } from "../../gql";
import type { NetworkNodeType } from "../../gql/graphql";
import { Empty, ErrorState, Loading } from "../../components/States";
import { AnalysisStatus } from "./AnalysisStatus";
import "./rankings.css";

const CommunitiesQuery = graphql(`
  query Communities($first: Int!) {
    communities(first: $first) {
      totalCount
      analysis { computedAt metricsRevision currentRevision stale updating ageSeconds }
      items {
        id size
        leadingMembers { id type label }
        dominantOrganizations { count node { id type label } }
        fields { value count }
        countries { value count }
        brokers { betweenness bridgedCommunities person { id type label } }
      }
    }
  }
`);

const PAGE = 20;
const MAX = 100;

/** Pages the app has for a network node; other kinds are shown as plain text. */
function nodePath(type: NetworkNodeType, id: string): string | null {
  if (type === "PERSON") return `/people/${encodeURIComponent(id)}`;
  if (type === "ORGANIZATION") return `/organizations/${encodeURIComponent(id)}`;
  return null;
}

function NodeLink({ node }: { node: { id: string; type: NetworkNodeType; label: string } }) {
  const path = nodePath(node.type, node.id);
  return path ? <Link to={path}>{node.label}</Link> : <span>{node.label}</span>;
}

export default function CommunitiesPage() {
  const { t, i18n } = useTranslation();
  const [first, setFirst] = useState(PAGE);
  const [{ data, error, fetching }, reexecute] = useQuery({ query: CommunitiesQuery, variables: { first }, requestPolicy: "cache-and-network" });
  const list = data?.communities;
  const number = (n: number, digits = 4) => n.toLocaleString(i18n.language, { maximumSignificantDigits: digits });
  return (
    <section className="rankings" aria-labelledby="communities-title">
      <h1 id="communities-title">{t("communities.title")}</h1>
      <nav className="tabs" aria-label={t("rankings.tabs")}>
        <NavLink to="/influencers">{t("rankings.influencers")}</NavLink>
        <NavLink to="/connectors">{t("rankings.connectors")}</NavLink>
        <NavLink to="/communities">{t("communities.title")}</NavLink>
      </nav>
      <p className="hint">{t("communities.meaning")}</p>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />
      ) : !list ? (
        <Loading />
      ) : (
        <>
          <AnalysisStatus analysis={list.analysis} />
          {list.items.length === 0 ? (
            <Empty>{list.analysis.computedAt ? t("communities.empty") : t("rankings.emptyNever")}</Empty>
          ) : (
            <>
              <p>{t("communities.count", { shown: list.items.length, total: list.totalCount })}</p>
              <ol className="cards community-list" aria-busy={fetching}>
                {list.items.map((c) => (
                  <li key={c.id} className="card community" aria-labelledby={`community-${c.id}`}>
                    <h2 id={`community-${c.id}`}>
                      {t("communities.name", { id: c.id })} <span className="count">{t("communities.size", { count: c.size })}</span>
                    </h2>
                    <dl className="facts">
                      <dt>{t("communities.leading")}</dt>
                      <dd>{c.leadingMembers.length ? c.leadingMembers.map((m, i) => <span key={m.id}>{i > 0 && "、"}<NodeLink node={m} /></span>) : "—"}</dd>
                      <dt>{t("communities.organizations")}</dt>
                      <dd>{c.dominantOrganizations.length ? c.dominantOrganizations.map((o, i) => <span key={o.node.id}>{i > 0 && "、"}<NodeLink node={o.node} /> ({o.count})</span>) : "—"}</dd>
                      <dt>{t("communities.fields")}</dt>
                      <dd>{c.fields.map((f) => `${f.value} (${f.count})`).join("、") || "—"}</dd>
                      <dt>{t("communities.countries")}</dt>
                      <dd>{c.countries.map((f) => `${f.value} (${f.count})`).join("、") || "—"}</dd>
                      <dt>{t("communities.brokers")}</dt>
                      <dd>
                        {c.brokers.length ? (
                          <ul className="rows">
                            {c.brokers.map((b) => {
                              const others = b.bridgedCommunities.filter((x) => x !== c.id);
                              return (
                                <li key={b.person.id}>
                                  <NodeLink node={b.person} />{" "}
                                  <span className="muted">
                                    {t("communities.brokerScore", { score: number(b.betweenness) })}
                                    {others.length > 0 && ` · ${t("communities.bridges", { list: others.join(", ") })}`}
                                  </span>
                                </li>
                              );
                            })}
                          </ul>
                        ) : (
                          t("communities.noBrokers")
                        )}
                      </dd>
                    </dl>
                    <p>
                      <Link to={`/influencers?community=${c.id}`}>{t("communities.rankPeople", { id: c.id })}</Link>
                    </p>
                  </li>
                ))}
              </ol>
              {list.items.length < list.totalCount && first < MAX && (
                <button type="button" onClick={() => setFirst((n) => Math.min(MAX, n + PAGE))}>
                  {t("communities.more")}
                </button>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}
