// An organisation: members, sub-organisations, positions, projects, agreements, timeline.
import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { OrgAgreementsQuery, OrgChildrenQuery, OrgMembersQuery, OrgPositionsQuery, OrgProjectsQuery, OrganizationQuery } from "./queries";
import { Name } from "../../components/Name";
import { PagedList } from "../../components/PagedList";
import { ErrorState, Loading } from "../../components/States";
import { formatDate } from "../../components/format";
import { Timeline } from "../person/PersonPage";
import { AffiliationForm } from "../person/LinkForms";
import { useSession } from "../../auth/SessionContext";

function amount(value: string | null | undefined, currency: string | null | undefined, lang: string): string {
  if (value == null) return "—";
  const n = Number(value);
  return Number.isFinite(n) ? `${n.toLocaleString(lang)} ${currency ?? ""}`.trim() : value;
}

export default function OrganizationPage() {
  const { id = "" } = useParams();
  const { t, i18n } = useTranslation();
  const { role } = useSession();
  const lang = i18n.language;
  const [adding, setAdding] = useState(false);
  const [{ data, error }, reexecute] = useQuery({ query: OrganizationQuery, variables: { id } });
  if (error && !data) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading />;
  const org = data.node?.__typename === "Organization" ? data.node : null;
  if (!org) return <ErrorState error={t("organization.notFound")} />;
  return (
    <article className="record-page">
      <header className="record-head">
        <h1>
          <Name name={org.name} latin={org.nameEn} />
        </h1>
        <p className="muted">
          {t(`orgKind.${org.kind}`)} · {[org.city, org.region, org.country].filter(Boolean).join(", ")}
          {org.parent && (
            <>
              {" · "}
              {t("organization.parent")}:{" "}
              <Link to={`/organizations/${encodeURIComponent(org.parent.id)}`}>{org.parent.name}</Link>
            </>
          )}
        </p>
      </header>
      <section className="card" aria-labelledby="org-facts-h">
        <h2 id="org-facts-h">{t("organization.facts")}</h2>
        <dl className="facts">
          <dt>{t("organization.aliases")}</dt>
          <dd>{org.aliases.length ? org.aliases.join("、") : "—"}</dd>
          <dt>{t("organization.flags")}</dt>
          <dd>
            {[org.isGlobal500 && t("organization.global500"), org.isStateOwned && t("organization.stateOwned")].filter(Boolean).join("、") || "—"}
          </dd>
          {org.kind === "FUND" && (
            <>
              <dt>{t("organization.fundTarget")}</dt>
              <dd>{amount(org.fundTargetAmount, org.currency, lang)}</dd>
              <dt>{t("organization.fundCommitted")}</dt>
              <dd>{amount(org.fundCommittedAmount, org.currency, lang)}</dd>
            </>
          )}
          <dt>{t("organization.founded")}</dt>
          <dd>{formatDate(org.foundedOn, lang)}</dd>
          <dt>{t("organization.description")}</dt>
          <dd>{org.description || "—"}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="members-h">
        <div className="section-head">
          <h2 id="members-h">{t("organization.members")}</h2>
          {role !== "ANALYST" && !adding && (
            <button type="button" onClick={() => setAdding(true)}>{t("affiliation.addMember")}</button>
          )}
        </div>
        {adding && <AffiliationForm organization={{ id: org.id, label: org.name }} onDone={() => setAdding(false)} />}
        <PagedList query={OrgMembersQuery} variables={{ id }} pick={(d) => (d.node && "members" in d.node ? d.node.members : null)} empty={t("organization.membersEmpty")} label={t("organization.members")}>
          {(nodes) => (
            <ul className="rows">
              {nodes.map((m) => (
                <li key={m.id}>
                  <Link to={`/people/${encodeURIComponent(m.person.id)}`}>
                    <Name name={m.person.name} latin={m.person.nameLatin} />
                  </Link>
                  <span className="tag">{t(`affiliationRole.${m.role}`)}</span>
                  {m.title && <span>{m.title}</span>}
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </section>
      <section className="card" aria-labelledby="children-h">
        <h2 id="children-h">{t("organization.children")}</h2>
        <PagedList query={OrgChildrenQuery} variables={{ id }} pick={(d) => (d.node && "subOrganizations" in d.node ? d.node.subOrganizations : null)} empty={t("organization.childrenEmpty")} label={t("organization.children")}>
          {(nodes) => (
            <ul className="rows">
              {nodes.map((o) => (
                <li key={o.id}>
                  <Link to={`/organizations/${encodeURIComponent(o.id)}`}>
                    <Name name={o.name} latin={o.nameEn} />
                  </Link>
                  <span className="tag">{t(`orgKind.${o.kind}`)}</span>
                  <span className="muted">{o.city}</span>
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </section>
      <section className="card" aria-labelledby="positions-h">
        <h2 id="positions-h">{t("organization.positions")}</h2>
        <PagedList query={OrgPositionsQuery} variables={{ id }} pick={(d) => (d.node && "positions" in d.node ? d.node.positions : null)} empty={t("organization.positionsEmpty")} label={t("organization.positions")}>
          {(nodes) => (
            <ul className="rows">
              {nodes.map((p) => (
                <li key={p.id}>
                  <span>{p.title}</span>
                  <span className="muted">{[p.field, p.place].filter(Boolean).join(" · ")}</span>
                  <span className="tag">{t(`positionKind.${p.kind}`)}</span>
                  <span>{t("organization.openings", { count: p.openings ?? 0 })}</span>
                  <span className="status">{t(`positionStatus.${p.status}`)}</span>
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </section>
      <section className="card" aria-labelledby="projects-h">
        <h2 id="projects-h">{t("organization.projects")}</h2>
        <PagedList query={OrgProjectsQuery} variables={{ id }} pick={(d) => (d.node && "projects" in d.node ? d.node.projects : null)} empty={t("organization.projectsEmpty")} label={t("organization.projects")}>
          {(nodes) => (
            <ul className="rows">
              {nodes.map((p) => (
                <li key={p.id}>
                  <Name name={p.project.name} latin={p.project.nameEn} />
                  <span className="tag">{t(`participationRole.${p.role}`)}</span>
                  <span className="status">{t(`projectStage.${p.project.stage}`)}</span>
                  <span>{amount(p.project.signedAmount ?? p.project.intendedAmount, p.project.currency, lang)}</span>
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </section>
      <section className="card" aria-labelledby="agreements-h">
        <h2 id="agreements-h">{t("organization.agreements")}</h2>
        <PagedList query={OrgAgreementsQuery} variables={{ id }} pick={(d) => (d.node && "agreements" in d.node ? d.node.agreements : null)} empty={t("organization.agreementsEmpty")} label={t("organization.agreements")}>
          {(nodes) => (
            <ul className="rows">
              {nodes.map((a) => (
                <li key={a.id}>
                  <span>{a.agreement.title}</span>
                  <span className="tag">{t(`agreementKind.${a.agreement.kind}`)}</span>
                  <span className="status">{t(`agreementStatus.${a.agreement.status}`)}</span>
                  <span>{amount(a.agreement.amount, a.agreement.currency, lang)}</span>
                  <span className="muted">{formatDate(a.agreement.signedOn, lang)}</span>
                </li>
              ))}
            </ul>
          )}
        </PagedList>
      </section>
      <Timeline id={id} />
    </article>
  );
}
