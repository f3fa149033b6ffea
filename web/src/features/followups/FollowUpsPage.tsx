// Follow-ups due, most overdue first, each with a one-click "log an interaction".
import { useState } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { graphql } from "../../gql";
import { usePager } from "../../components/pager";
import { Pager } from "../../components/Pager";
import { Empty, ErrorState, Loading } from "../../components/States";
import { formatDate } from "../../components/format";
import { Name } from "../../components/Name";
import { INTERACTION_KINDS } from "../person/enums";
import { useSession } from "../../auth/SessionContext";

const FollowUpsQuery = graphql(`
  query FollowUps($after: String) {
    followUpsDue(first: 20, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { dueAt daysOverdue lastContactedAt contactCadenceDays
        owner { id username displayName }
        person { id name nameLatin city country } } }
    }
  }
`);

const LogInteraction = graphql(`
  mutation LogInteraction($input: CreateInteractionInput!) {
    createInteraction(input: $input) {
      interaction { id occurredAt }
      errors { field message code }
    }
  }
`);

export default function FollowUpsPage() {
  const { t, i18n } = useTranslation();
  const { role } = useSession();
  const pager = usePager();
  const [{ data, fetching, error }, reexecute] = useQuery({ query: FollowUpsQuery, variables: { after: pager.after }, requestPolicy: "cache-and-network" });
  const [logged, setLogged] = useState<string | null>(null);
  const refresh = () => reexecute({ requestPolicy: "network-only" });
  const conn = data?.followUpsDue;
  return (
    <section>
      <h1>{t("followUps.title")}</h1>
      <p className="muted">{t("followUps.hint")}</p>
      {logged && (
        <p className="notice" role="status">
          {t("followUps.logged", { name: logged })}
        </p>
      )}
      {error && !data ? (
        <ErrorState error={error} onRetry={refresh} />
      ) : !conn ? (
        <Loading />
      ) : conn.edges.length === 0 ? (
        <Empty>{t("followUps.empty")}</Empty>
      ) : (
        <table className="table" aria-busy={fetching}>
          <caption className="visually-hidden">{t("followUps.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("followUps.person")}</th>
              <th scope="col">{t("followUps.overdue")}</th>
              <th scope="col">{t("followUps.lastContacted")}</th>
              <th scope="col">{t("followUps.cadence")}</th>
              <th scope="col">{t("followUps.owner")}</th>
              <th scope="col">{t("followUps.action")}</th>
            </tr>
          </thead>
          <tbody>
            {conn.edges.map(({ node: f }) => (
              <tr key={f.person.id}>
                <td>
                  <Link to={`/people/${encodeURIComponent(f.person.id)}`}>
                    <Name name={f.person.name} latin={f.person.nameLatin} />
                  </Link>
                </td>
                <td className={f.daysOverdue > 0 ? "overdue" : undefined}>
                  {f.daysOverdue > 0 ? t("followUps.daysOverdue", { count: f.daysOverdue }) : t("followUps.dueOn", { date: formatDate(f.dueAt, i18n.language) })}
                </td>
                <td>{f.lastContactedAt ? formatDate(f.lastContactedAt, i18n.language) : t("followUps.never")}</td>
                <td>{t("followUps.everyDays", { count: f.contactCadenceDays })}</td>
                <td>{f.owner?.displayName || f.owner?.username || "—"}</td>
                <td>
                  {role !== "ANALYST" && (
                    <LogButton personId={f.person.id} name={f.person.name} onLogged={() => { setLogged(f.person.name); refresh(); }} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {conn && (
        <Pager page={pager.page} total={conn.totalCount} hasNext={conn.pageInfo.hasNextPage} onNext={() => pager.next(conn.pageInfo.endCursor)} onPrevious={pager.previous} label={t("followUps.title")} />
      )}
    </section>
  );
}

/** One click logs a call now; "more" opens the kind and a summary. */
function LogButton({ personId, name, onLogged }: { personId: string; name: string; onLogged(): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<string>("CALL");
  const [summary, setSummary] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, log] = useMutation(LogInteraction);
  const submit = async (withKind: string, text: string) => {
    setError(null);
    const result = await log({
      input: { kind: withKind as never, occurredAt: new Date().toISOString(), summary: text || t("followUps.defaultSummary", { kind: t(`interactionKind.${withKind}`) }), participants: [personId] },
    });
    if (result.error) return setError(result.error.message);
    const errors = result.data?.createInteraction.errors ?? [];
    if (errors.length) return setError(errors.map((e) => e.message).join("; "));
    setOpen(false);
    onLogged();
  };
  return (
    <div className="log-action">
      <button type="button" className="primary" disabled={fetching} onClick={() => void submit("CALL", "")} aria-label={t("followUps.logFor", { name })}>
        {t("followUps.log")}
      </button>
      <button type="button" className="link-button" aria-expanded={open} onClick={() => setOpen((o) => !o)} aria-label={t("followUps.logDetailsFor", { name })}>
        {t("followUps.details")}
      </button>
      {open && (
        <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void submit(kind, summary.trim()); }}>
          <label>
            {t("followUps.kind")}
            <select value={kind} onChange={(e) => setKind(e.target.value)}>
              {INTERACTION_KINDS.map((k) => <option key={k} value={k}>{t(`interactionKind.${k}`)}</option>)}
            </select>
          </label>
          <label>
            {t("followUps.summary")}
            <input value={summary} onChange={(e) => setSummary(e.target.value)} />
          </label>
          <button type="submit" disabled={fetching}>{t("form.save")}</button>
        </form>
      )}
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}
