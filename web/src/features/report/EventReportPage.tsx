// The report of one event and its sessions, as the organisers publish it: guests,
// projects, agreements with their amounts, funds, employment demands, recruitment,
// introductions and outreach. Printable: the print stylesheet keeps only the report.
import { Link, useParams } from "react-router-dom";
import { useQuery } from "urql";
import { useTranslation } from "react-i18next";
import { EventReportQuery } from "./queries";
import { dates } from "./EventsPage";
import { formatAmount, formatAmounts, formatCount } from "../dashboard/amounts";
import { Empty, ErrorState, Loading } from "../../components/States";
import { displayName } from "./names";
import "./report.css";
import "./print.css";

interface Row {
  key: string;
  value: string;
}

function Figures({ id, title, rows, children }: { id: string; title: string; rows: readonly Row[]; children?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <section className="card report-section" aria-labelledby={`report-${id}`}>
      <h2 id={`report-${id}`}>{title}</h2>
      <table className="table report-figures">
        <caption className="visually-hidden">{title}</caption>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{t(`report.figure.${r.key}`)}</th>
              <td>{r.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {children}
    </section>
  );
}

export default function EventReportPage() {
  const { id = "" } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [{ data, error }, reexecute] = useQuery({ query: EventReportQuery, variables: { event: id } });
  if (error && !data) return <ErrorState error={error} onRetry={() => reexecute({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading />;
  const r = data.eventReport;
  if (!r) {
    return (
      <section>
        <h1>{t("report.notFound")}</h1>
        <p><Link to="/events">{t("report.backToEvents")}</Link></p>
      </section>
    );
  }
  const n = (value: number) => formatCount(value, lang);
  const name = (x: { name: string; nameEn?: string | null }) => displayName(x, lang);
  const e = r.event;
  return (
    <article className="report">
      <header className="report-head">
        <p className="no-print"><Link to="/events">{t("report.backToEvents")}</Link></p>
        <h1>{t("report.title", { name: name(e) })}</h1>
        {lang.startsWith("zh") && e.nameEn && <p className="muted">{e.nameEn}</p>}
        <p>
          {t(`report.eventKind.${e.kind}`)} · {dates(e.startsOn, e.endsOn, lang)}
          {e.city ? ` · ${e.city}` : ""}
          {e.place ? ` · ${e.place}` : ""}
        </p>
        <button type="button" className="no-print" onClick={() => window.print()}>{t("report.print")}</button>
      </header>

      <Figures id="guests" title={t("report.section.guests")} rows={[
        { key: "guests", value: n(r.guests.total) },
        { key: "attendees", value: n(r.guests.attendees) },
        { key: "academicians", value: n(r.guests.academicians) },
        { key: "acfrocExperts", value: n(r.guests.acfrocExperts) },
        { key: "overseas", value: n(r.guests.overseas) },
        { key: "employerRepresentatives", value: n(r.guests.employerRepresentatives) },
        { key: "talentWall", value: n(r.guests.talentWall) },
        { key: "sessions", value: n(r.sessions) },
        { key: "newTies", value: r.newTies === null || r.newTies === undefined ? "—" : n(r.newTies) },
      ]} />

      <Figures id="projects" title={t("report.section.projects")} rows={[
        { key: "projectLeads", value: n(r.projects.projectLeads) },
        { key: "entrepreneurialProjects", value: n(r.projects.entrepreneurialProjects) },
        { key: "highTechAchievements", value: n(r.projects.highTechAchievements) },
        { key: "cooperationProjects", value: n(r.projects.cooperationProjects) },
        { key: "investmentProjects", value: n(r.projects.investmentProjects) },
        { key: "negotiated", value: n(r.projects.negotiated) },
        { key: "projectsTotal", value: n(r.projects.total) },
      ]}>
        {r.projects.bySession.length > 0 && (
          <table className="table report-sessions">
            <caption>{t("report.bySession")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("report.eventName")}</th>
                <th scope="col">{t("report.figure.projectLeads")}</th>
                <th scope="col">{t("report.figure.entrepreneurialProjects")}</th>
                <th scope="col">{t("report.figure.highTechAchievements")}</th>
                <th scope="col">{t("report.figure.negotiated")}</th>
                <th scope="col">{t("report.figure.projectsTotal")}</th>
              </tr>
            </thead>
            <tbody>
              {r.projects.bySession.map((s) => (
                <tr key={s.event.id}>
                  <th scope="row">{name(s.event)}</th>
                  <td>{n(s.projectLeads)}</td>
                  <td>{n(s.entrepreneurialProjects)}</td>
                  <td>{n(s.highTechAchievements)}</td>
                  <td>{n(s.negotiated)}</td>
                  <td>{n(s.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Figures>

      <Figures id="agreements" title={t("report.section.agreements")} rows={[
        { key: "signed", value: n(r.agreements.signed) },
        { key: "preliminaryIntentions", value: n(r.agreements.preliminaryIntentions) },
        { key: "agreementAmounts", value: formatAmounts(r.agreements.amounts, lang) },
      ]}>
        {r.agreements.mechanismAgreements.length > 0 && (
          <>
            <h3>{t("report.mechanismAgreements")}</h3>
            <ul className="rows">
              {r.agreements.mechanismAgreements.map((m) => (
                <li key={m.agreement.id}>
                  <strong>{m.title}</strong>
                  <span>{m.parties.map((p) => `${name(p)}（${t(`report.partyRole.${p.role}`)}）`).join(t("report.listSeparator"))}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </Figures>

      <section className="card report-section" aria-labelledby="report-funds">
        <h2 id="report-funds">{t("report.section.funds")}</h2>
        {r.fundsEstablished.length === 0 ? (
          <Empty>{t("report.noFunds")}</Empty>
        ) : (
          <table className="table">
            <caption className="visually-hidden">{t("report.section.funds")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("report.fund")}</th>
                <th scope="col">{t("report.figure.fundTarget")}</th>
                <th scope="col">{t("report.figure.fundCommitted")}</th>
              </tr>
            </thead>
            <tbody>
              {r.fundsEstablished.map((f) => (
                <tr key={f.fund.id}>
                  <th scope="row">{name(f)}</th>
                  <td>{f.targetAmount ? formatAmount(f.targetAmount, lang) : "—"}</td>
                  <td>{f.committedAmount ? formatAmount(f.committedAmount, lang) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <Figures id="employment" title={t("report.section.employment")} rows={[
        { key: "highLevelDemands", value: n(r.employment.highLevelDemands) },
        { key: "positionsOffered", value: n(r.employment.positionsOffered) },
        { key: "openings", value: n(r.employment.openings) },
        { key: "flexiblePositions", value: n(r.employment.flexiblePositions) },
        { key: "employersOffering", value: n(r.employment.employersOffering) },
        { key: "global500Employers", value: n(r.employment.global500Employers) },
        { key: "stateOwnedEmployers", value: n(r.employment.stateOwnedEmployers) },
      ]} />

      <Figures id="recruitment" title={t("report.section.recruitment")} rows={[
        { key: "resumesReceived", value: n(r.recruitment.resumesReceived) },
        { key: "applicants", value: n(r.recruitment.applicants) },
        { key: "overseasApplicants", value: n(r.recruitment.overseasApplicants) },
        { key: "talentsWithIntentions", value: n(r.recruitment.talentsWithPreliminaryIntentions) },
      ]} />

      <Figures id="introductions" title={t("report.section.introductions")} rows={[
        { key: "introductionsMade", value: n(r.introductions.made) },
        { key: "talentsIntroduced", value: n(r.introductions.talentsIntroduced) },
        { key: "talentsIntroducedToEmployers", value: n(r.introductions.talentsIntroducedToEmployers) },
        { key: "employersIntroduced", value: n(r.introductions.employersIntroduced) },
      ]} />

      <Figures id="outreach" title={t("report.section.outreach")} rows={[
        { key: "offlineRegions", value: n(r.outreach.offlineRegions) },
        { key: "offlineParticipants", value: n(r.outreach.offlineParticipants) },
        { key: "onlineVisits", value: n(r.outreach.onlineVisits) },
      ]} />
    </article>
  );
}
