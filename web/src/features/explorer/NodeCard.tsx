// The card of the chosen node: who or what it is, its organisations, its metrics, a link
// to its page, and what to do with it here (expand its neighbours, use it as a path end).
import { useState } from "react";
import { Link } from "react-router-dom";
import { useClient, useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { Name } from "../../components/Name";
import { ErrorState, Loading } from "../../components/States";
import { recordPath } from "../../components/paths";
import type { Picked } from "../../components/RecordPicker";
import { ExplorerCardQuery, ExplorerEgoQuery } from "./queries";
import { egoInput } from "./ego";
import { mergeInto } from "./graph";
import type { ShownGraph } from "./graph";

interface Props {
  graph: ShownGraph;
  id: string;
  /** a generated test graph: no records behind the nodes */
  generated: boolean;
  onExpanded(added: string[]): void;
  onPathEnd(end: "from" | "to", picked: Picked): void;
}

export function NodeCard({ graph, id, generated, onExpanded, onPathEnd }: Props) {
  const { t, i18n } = useTranslation();
  const client = useClient();
  const [{ data, fetching, error }] = useQuery({ query: ExplorerCardQuery, variables: { id }, pause: generated });
  const [expanding, setExpanding] = useState(false);
  const [expandError, setExpandError] = useState<Error | null>(null);
  const [expanded, setExpanded] = useState<number | null>(null);
  const a = graph.getNodeAttributes(id);
  const record = data?.node;
  const number = (v: number | null) => (v == null ? t("explorer.metric.none") : v.toLocaleString(i18n.language, { maximumSignificantDigits: 3 }));

  const expand = async () => {
    setExpanding(true);
    setExpandError(null);
    const answer = await client.query(ExplorerEgoQuery, { id, radius: 1 }, { requestPolicy: "network-only" }).toPromise();
    setExpanding(false);
    if (answer.error || !answer.data?.egoNetwork) {
      setExpandError(answer.error ?? new Error(t("explorer.notInNetwork")));
      return;
    }
    const { nodes, edges } = egoInput(answer.data.egoNetwork);
    const added = mergeInto(graph, nodes, edges, id);
    setExpanded(added.length);
    onExpanded(added);
  };

  return (
    <section className="card explorer-card" aria-labelledby="explorer-card-title">
      <h2 id="explorer-card-title">
        {record?.__typename === "Person" ? (
          <Name name={record.name} latin={record.nameLatin} />
        ) : record?.__typename === "Organization" ? (
          <Name name={record.name} latin={record.nameEn} />
        ) : (
          a.label
        )}
      </h2>
      <p className="muted">
        {t(`explorer.kind.${a.kind}`)}
        {a.country ? ` · ${a.country}` : ""}
        {record?.__typename === "Organization" ? ` · ${t(`orgKind.${record.kind}`)}` : ""}
      </p>
      {fetching && !record && <Loading />}
      {error && <ErrorState error={error} />}
      {record?.__typename === "Person" && (
        <>
          {record.expertise.length > 0 && <p>{record.expertise.join("、")}</p>}
          <h3>{t("explorer.organizations")}</h3>
          {record.affiliations.edges.length === 0 ? (
            <p className="state state-empty">{t("explorer.noOrganizations")}</p>
          ) : (
            <ul className="plain">
              {record.affiliations.edges.map(({ node: f }) => (
                <li key={f.id}>
                  <Link to={recordPath("Organization", f.organization.id)}>{f.organization.name}</Link>
                  {" · "}
                  {t(`affiliationRole.${f.role}`)}
                  {f.title ? ` · ${f.title}` : ""}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <dl className="explorer-metrics">
        <dt>{t("explorer.metric.pagerank")}</dt>
        <dd>{number(a.pagerank)}</dd>
        <dt>{t("explorer.metric.betweenness")}</dt>
        <dd>{number(a.betweenness)}</dd>
        <dt>{t("explorer.metric.community")}</dt>
        <dd>{a.community == null ? t("explorer.metric.none") : a.community}</dd>
        <dt>{t("explorer.metric.ties")}</dt>
        <dd>{graph.degree(id)}</dd>
      </dl>
      {!generated && (
        <div className="actions">
          <button type="button" onClick={() => void expand()} disabled={expanding}>
            {expanding ? t("explorer.expanding") : t("explorer.expand")}
          </button>
          {a.kind === "PERSON" && (
            <>
              <button type="button" onClick={() => onPathEnd("from", { id, label: a.label })}>
                {t("explorer.pathFromHere")}
              </button>
              <button type="button" onClick={() => onPathEnd("to", { id, label: a.label })}>
                {t("explorer.pathToHere")}
              </button>
            </>
          )}
          {(a.kind === "PERSON" || a.kind === "ORGANIZATION") && (
            <Link to={recordPath(a.kind === "PERSON" ? "Person" : "Organization", id)}>{t("explorer.openPage")}</Link>
          )}
        </div>
      )}
      {expandError && <ErrorState error={expandError} />}
      {expanded !== null && (
        <p role="status" className="notice">
          {t("explorer.expanded", { count: expanded })}
        </p>
      )}
    </section>
  );
}
