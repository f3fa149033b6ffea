// A person: profile, contact channels (where the viewer may see them), affiliations,
// relationships, timeline (live), introductions in every role, consents.
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useQuery, useSubscription } from "urql";
import { useTranslation } from "react-i18next";
import {
  PersonAffiliationsQuery,
  PersonConsentsQuery,
  PersonIntroductionsQuery,
  PersonQuery,
  PersonRelationshipsQuery,
  RecordTimelineQuery,
  TimelineAddedSubscription,
} from "./queries";
import { ProfileEditor } from "./ProfileEditor";
import { AffiliationForm, RelationshipForm } from "./LinkForms";
import { Name } from "../../components/Name";
import { PagedList } from "../../components/PagedList";
import { ErrorState, Loading } from "../../components/States";
import { formatDate, formatDateTime } from "../../components/format";
import { useSession } from "../../auth/SessionContext";

export default function PersonPage() {
  const { id = "" } = useParams();
  const { t, i18n } = useTranslation();
  const { role } = useSession();
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState<"relationship" | "affiliation" | null>(null);
  const [{ data, fetching, error }, reexecute] = useQuery({ query: PersonQuery, variables: { id } });
  const lang = i18n.language;

  if (error && !data) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading />;
  const person = data.node?.__typename === "Person" ? data.node : null;
  if (!person) return <ErrorState error={t("person.notFound")} />;

  const contactsVisible = role !== "ANALYST" && (person.email !== null || person.phone !== null || person.wechat !== null || role === "ADMIN");
  const hometown = [person.hometownProvince, person.hometownCity, person.hometownCounty].filter(Boolean).join(" · ");
  const reload = () => {
    setEditing(false);
    reexecute({ requestPolicy: "network-only" });
  };

  return (
    <article className="record-page" aria-busy={fetching}>
      <header className="record-head">
        <h1>
          <Name name={person.name} latin={person.nameLatin} />
        </h1>
        <p className="muted">
          {[person.city, person.country].filter(Boolean).join(", ")}
          {person.owner && ` · ${t("person.owner")}: ${person.owner.displayName || person.owner.username}`}
        </p>
        {!editing && role !== "ANALYST" && (
          <button type="button" onClick={() => setEditing(true)}>
            {t("person.edit")}
          </button>
        )}
      </header>

      <section aria-labelledby="profile-h" className="card">
        <h2 id="profile-h">{t("person.profile")}</h2>
        {editing ? (
          <ProfileEditor person={person} contactsVisible={contactsVisible} onDone={() => setEditing(false)} onReload={reload} />
        ) : (
          <dl className="facts">
            <dt>{t("person.hometown")}</dt>
            <dd>{hometown || "—"}</dd>
            <dt>{t("person.dialectGroup")}</dt>
            <dd>{person.dialectGroup ? t(`dialect.${person.dialectGroup}`) : "—"}</dd>
            <dt>{t("person.expertise")}</dt>
            <dd>{person.expertise.length ? person.expertise.join("、") : "—"}</dd>
            <dt>{t("person.honours")}</dt>
            <dd>{person.honours.length ? person.honours.map((h) => t(`honour.${h}`)).join("、") : "—"}</dd>
            <dt>{t("person.country")}</dt>
            <dd>{person.country ?? "—"}</dd>
            <dt>{t("person.birthYear")}</dt>
            <dd>{person.birthYear ?? "—"}</dd>
            <dt>{t("person.lastContacted")}</dt>
            <dd>{formatDate(person.lastContactedAt, lang)}</dd>
            <dt>{t("person.nextDue")}</dt>
            <dd>{formatDate(person.nextContactDue, lang)}</dd>
            <dt>{t("person.notes")}</dt>
            <dd>{person.notes || "—"}</dd>
          </dl>
        )}
      </section>

      <section aria-labelledby="contacts-h" className="card">
        <h2 id="contacts-h">{t("person.contacts")}</h2>
        {contactsVisible ? (
          <dl className="facts">
            <dt>{t("person.email")}</dt>
            <dd>{person.email ?? "—"}</dd>
            <dt>{t("person.phone")}</dt>
            <dd>{person.phone ?? "—"}</dd>
            <dt>{t("person.wechat")}</dt>
            <dd>{person.wechat ?? "—"}</dd>
          </dl>
        ) : (
          <p className="muted">{t(role === "ANALYST" ? "person.contactsHiddenRole" : "person.contactsHidden")}</p>
        )}
      </section>

      <section aria-labelledby="aff-h" className="card">
        <div className="section-head">
          <h2 id="aff-h">{t("person.affiliations")}</h2>
          {role !== "ANALYST" && adding !== "affiliation" && (
            <button type="button" onClick={() => setAdding("affiliation")}>{t("affiliation.add")}</button>
          )}
        </div>
        {adding === "affiliation" && <AffiliationForm personId={person.id} onDone={() => setAdding(null)} />}
        <PagedList
          query={PersonAffiliationsQuery}
          variables={{ id }}
          pick={(d) => (d.node && "affiliations" in d.node ? d.node.affiliations : null)}
          empty={t("person.affiliationsEmpty")}
          label={t("person.affiliations")}
        >
          {(nodes) => (
            <ul className="rows">
              {nodes.map((a) => (
                <li key={a.id}>
                  <Link to={`/organizations/${encodeURIComponent(a.organization.id)}`}>
                    <Name name={a.organization.name} latin={a.organization.nameEn} />
                  </Link>
                  <span className="tag">{t(`affiliationRole.${a.role}`)}</span>
                  {a.title && <span>{a.title}</span>}
                  {a.degree && <span className="muted">{t(`degree.${a.degree}`)} {a.fieldOfStudy}</span>}
                  <span className="muted">{[a.startsOn, a.endsOn].filter(Boolean).join(" – ")}</span>
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </section>

      <section aria-labelledby="rel-h" className="card">
        <div className="section-head">
          <h2 id="rel-h">{t("person.relationships")}</h2>
          {role !== "ANALYST" && adding !== "relationship" && (
            <button type="button" onClick={() => setAdding("relationship")}>{t("relationship.add")}</button>
          )}
        </div>
        {adding === "relationship" && <RelationshipForm personId={person.id} onDone={() => setAdding(null)} />}
        <PagedList
          query={PersonRelationshipsQuery}
          variables={{ id }}
          pick={(d) => (d.node && "relationships" in d.node ? d.node.relationships : null)}
          empty={t("person.relationshipsEmpty")}
          label={t("person.relationships")}
        >
          {(nodes) => (
            <ul className="rows">
              {nodes.map((r) => {
                const other = r.personA.id === person.id ? r.personB : r.personA;
                return (
                  <li key={r.id}>
                    <Link to={`/people/${encodeURIComponent(other.id)}`}>
                      <Name name={other.name} latin={other.nameLatin} />
                    </Link>
                    <span className="tag">{t(`relationshipKind.${r.kind}`)}</span>
                    <meter min={0} max={1} value={r.strength} aria-label={t("relationship.strength")} />
                    <span>{t("relationship.strengthValue", { value: r.strength.toFixed(2) })}</span>
                    {r.since && <span className="muted">{t("relationship.sinceValue", { date: r.since })}</span>}
                  </li>
                );
              })}
            </ul>
          )}
        </PagedList>
      </section>

      <Timeline id={id} />

      <section aria-labelledby="intro-h" className="card">
        <h2 id="intro-h">{t("person.introductions")}</h2>
        <PagedList
          query={PersonIntroductionsQuery}
          variables={{ filter: { or: [{ seeker: [id] }, { target: [id] }, { broker: [id] }] } }}
          pick={(d) => d.introductions}
          empty={t("person.introductionsEmpty")}
          label={t("person.introductions")}
        >
          {(nodes) => (
            <ul className="rows">
              {nodes.map((n) => {
                const personRole =
                  n.seeker.id === person.id ? "seeker" : n.broker?.id === person.id ? "broker" : "target";
                const target = n.targetPerson ?? n.targetOrganization;
                return (
                  <li key={n.id}>
                    <span className="tag">{t(`introduction.role.${personRole}`)}</span>
                    <span>
                      {n.seeker.name} → {target?.name ?? "—"}
                      {n.broker && ` (${t("introduction.via", { name: n.broker.name })})`}
                    </span>
                    <span className="status">{t(`introStatus.${n.status}`)}</span>
                    <span className="muted">{formatDate(n.requestedAt, lang)}</span>
                  </li>
                );
              })}
            </ul>
          )}
        </PagedList>
      </section>

      <section aria-labelledby="consent-h" className="card">
        <h2 id="consent-h">{t("person.consents")}</h2>
        <PagedList
          query={PersonConsentsQuery}
          variables={{ id }}
          pick={(d) => (d.node && "consents" in d.node ? d.node.consents : null)}
          empty={t("person.consentsEmpty")}
          label={t("person.consents")}
        >
          {(nodes) => (
            <ul className="rows">
              {nodes.map((c) => (
                <li key={c.id}>
                  <span>{t(`consentPurpose.${c.purpose}`)}</span>
                  <span className="muted">{t(`consentChannel.${c.channel}`)}</span>
                  <span>{formatDate(c.givenAt, lang)}</span>
                  <span className={c.active ? "tag ok" : "tag"}>
                    {c.active ? t("consent.active") : t("consent.withdrawn", { date: formatDate(c.withdrawnAt, lang) })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </section>
    </article>
  );
}

export function Timeline({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  // New entries arrive over the websocket; the list refetches so paging stays right.
  const [live] = useSubscription({ query: TimelineAddedSubscription, variables: { id } });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (live.data) setTick((n) => n + 1);
  }, [live.data]);
  return (
    <section aria-labelledby="timeline-h" className="card">
      <h2 id="timeline-h">{t("person.timeline")}</h2>
      <PagedList
        key={tick}
        query={RecordTimelineQuery}
        variables={{ id }}
        pick={(d) => (d.node && "timeline" in d.node ? d.node.timeline : null)}
        empty={t("person.timelineEmpty")}
        label={t("person.timeline")}
      >
        {(nodes) => (
          <ol className="timeline">
            {nodes.map((e, i) => (
              <li key={`${e.at}-${i}`}>
                <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>
                <span className="tag">{t(`timelineKind.${e.kind}`)}</span>
                <span>{e.summary}</span>
              </li>
            ))}
          </ol>
        )}
      </PagedList>
    </section>
  );
}
