"""EventReport: the figures of an event and all its sessions, grouped as a conference report.

`eventReport(event: ID!)` answers what an analyst hands to the federation after a
conference: guests, projects, agreements, funds, employment demands, recruitment,
introductions, outreach and new ties. "The tree" below means the event and its sessions
at any depth. The counting rules are in `crm.db.queries.event_report`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import strawberry
from sqlalchemy.engine import Row
from strawberry import relay

from crm.db.queries import event_report as q
from crm.resolvers import event_report as report
from crm.schema.agreement import Agreement
from crm.schema.enums import PartyRole
from crm.schema.event import Event
from crm.schema.info import Info
from crm.schema.inputs import described, plain
from crm.schema.organization import Organization
from crm.schema.values import from_attributes


@strawberry.type(name="EventReportAmount", description="An amount of money in one currency.")
class ReportAmount:
    amount: Decimal = described("In major units of `currency`.")
    currency: str = described("ISO 4217, e.g. CNY.")


@strawberry.type(
    name="EventReportGuests",
    description="People recorded at the event. `total` counts the event itself; every "
    "other figure counts distinct people recorded at the event or any of its sessions.",
)
class ReportGuests:
    total: int = described("Distinct people recorded at the event itself.")
    attendees: int = described("Distinct people recorded at the event or any of its sessions.")
    academicians: int = described(
        "Attendees who are CAS or CAE academicians (domestic and overseas)."
    )
    acfroc_experts: int = described("Attendees who are ACFROC experts.")
    overseas: int = described(
        "Attendees residing outside China (CN); an unknown country is not counted."
    )
    employer_representatives: int = described(
        "Attendees recorded in the role of an employer's representative."
    )
    talent_wall: int = described(
        "Attendees listed on the Overseas Talent Wall (honour TALENT_WALL)."
    )


@strawberry.type(
    name="EventReportEventProjects",
    description="The projects collected at one event of the tree.",
)
class ReportEventProjects:
    event: Event = described("The event itself or one of its sessions.")
    project_leads: int = described("Projects of kind PROJECT_LEAD.")
    entrepreneurial_projects: int = described(
        "Pieces of entrepreneurial information (kind ENTREPRENEURIAL)."
    )
    high_tech_achievements: int = described("Projects of kind HIGH_TECH_ACHIEVEMENT.")
    negotiated: int = described(
        "Projects negotiated and discussed: at stage NEGOTIATING or later "
        "(PRELIMINARY_INTENTION, SIGNED, IN_PROGRESS, COMPLETED)."
    )
    total: int = described("Projects of any kind and stage.")


@strawberry.type(
    name="EventReportProjects",
    description="Projects collected, shown or negotiated at the event or any of its sessions.",
)
class ReportProjects:
    project_leads: int = described("Projects of kind PROJECT_LEAD.")
    entrepreneurial_projects: int = described(
        "Pieces of entrepreneurial information (kind ENTREPRENEURIAL)."
    )
    high_tech_achievements: int = described(
        "High-tech achievements promoted and displayed (kind HIGH_TECH_ACHIEVEMENT)."
    )
    cooperation_projects: int = described("Projects of kind COOPERATION.")
    investment_projects: int = described("Projects of kind INVESTMENT.")
    negotiated: int = described("Projects at stage NEGOTIATING or later (not DROPPED).")
    total: int = described("Projects of any kind and stage.")
    by_session: list[ReportEventProjects] = described(
        "Per event of the tree that collected any project (the event itself "
        "included): its projects, most negotiated first, then earliest (undated last)."
    )


@strawberry.type(name="EventReportParty", description="A party to an agreement, by name.")
class ReportParty:
    name: str = described("The name as the party writes it.")
    name_en: str | None = described(
        "An organisation's English name, or a person's own Latin spelling."
    )
    role: PartyRole = described("Signatory, witness or guarantor.")  # type: ignore[valid-type]


@strawberry.type(
    name="EventReportMechanismAgreement",
    description="A mechanism agreement (memorandum of understanding) made in the tree.",
)
class ReportMechanismAgreement:
    agreement: Agreement = described("The agreement itself.")
    title: str = described("The agreement's title.")
    parties: list[ReportParty] = described("Every party, in the order recorded.")


@strawberry.type(
    name="EventReportAgreements",
    description="Agreements made at the event or any of its sessions.",
)
class ReportAgreements:
    signed: int = described("Cooperation agreements SIGNED.")
    preliminary_intentions: int = described(
        "Cooperation agreements at preliminary intention (status INTENTION)."
    )
    amounts: list[ReportAmount] = described(
        "The signed and intended amounts of those cooperation agreements, "
        "summed per currency, largest first (empty when none has an amount)."
    )
    mechanism_agreements: list[ReportMechanismAgreement] = described(
        "Agreements of kind MECHANISM, any status, earliest signed first."
    )


@strawberry.type(
    name="EventReportFund",
    description="A fund established: party to an investment agreement signed in the tree.",
)
class ReportFund:
    fund: Organization = described("The fund itself.")
    name: str = described("The fund's name as it writes it.")
    name_en: str | None = described("The fund's English name.")
    target_amount: ReportAmount | None = described("The fund's targeted total, if recorded.")
    committed_amount: ReportAmount | None = described("What is already in place, if recorded.")


@strawberry.type(
    name="EventReportEmployment",
    description="Job demands (positions) collected at the event or any of its sessions.",
)
class ReportEmployment:
    positions_offered: int = described("Positions of any kind.")
    openings: int = described("People sought: the positions' openings.")
    high_level_demands: int = described("High-level positions (doctorate, senior expert).")
    flexible_positions: int = described("Positions of kind FLEXIBLE or PROJECT_BASED.")
    employers_offering: int = described("Distinct organisations offering those positions.")
    global500_employers: int = described("…of which Global 500 companies.")
    state_owned_employers: int = described("…of which state-owned.")


@strawberry.type(
    name="EventReportRecruitment",
    description="Applications (résumés) received at the event or any of its sessions.",
)
class ReportRecruitment:
    resumes_received: int = described("Applications received.")
    applicants: int = described("Distinct people who applied.")
    overseas_applicants: int = described("Distinct applicants residing outside China (CN).")
    talents_with_preliminary_intentions: int = described(
        "Distinct applicants who reached a preliminary intention, an offer or were hired."
    )


@strawberry.type(
    name="EventReportIntroductions",
    description="Introductions made (status MADE or OUTCOME) at the event or its sessions.",
)
class ReportIntroductions:
    made: int = described("Introductions made, to people or organisations.")
    talents_introduced: int = described("Distinct seekers of those introductions.")
    talents_introduced_to_employers: int = described(
        "Distinct seekers introduced to an organisation (an employer)."
    )
    employers_introduced: int = described("Distinct organisations the seekers were introduced to.")


@strawberry.type(
    name="EventReportOutreach",
    description="Crowds the organisers report: offline recruitment fairs and online visits.",
)
class ReportOutreach:
    offline_regions: int = described("Distinct regions of the recruitment fairs in the tree.")
    offline_participants: int = described("The participants those fairs reported, summed.")
    online_visits: int = described("The online visits reported by any event of the tree, summed.")


@strawberry.type(
    description="The figures of an event and all its sessions at any depth: what was "
    "collected, offered, applied for, introduced and signed at any of them."
)
class EventReport:
    event: Event = described("The event reported on.")
    sessions: int = described("The event's sessions, at any depth.")
    guests: ReportGuests = described("Guests, in total and by kind.")
    projects: ReportProjects = described(
        "Project leads, entrepreneurial projects, high-tech achievements, and "
        "the projects negotiated at each session."
    )
    agreements: ReportAgreements = described(
        "Cooperation agreements signed and intended, their amounts, and mechanism agreements."
    )
    funds_established: list[ReportFund] = described(
        "Funds party to an investment agreement signed in the tree, by name."
    )
    employment: ReportEmployment = described(
        "Employment demands and the organisations offering them."
    )
    recruitment: ReportRecruitment = described(
        "Résumés received and the talents who reached intentions."
    )
    introductions: ReportIntroductions = described(
        "Talents and employers brought together by introductions."
    )
    outreach: ReportOutreach = described(
        "Offline promotion regions, their participants, and online visits."
    )
    new_ties: int | None = described(
        "Relationships whose `since` is on or after the event's start date and "
        "whose two people both attended the event or a session (each recorded "
        "relationship counts once); null when the event has no start date."
    )

    @classmethod
    def of(cls, r: report.EventReport) -> EventReport:
        f = r.figures
        return cls(
            event=Event.from_row(r.event),
            sessions=f.events.sessions,
            guests=from_attributes(ReportGuests, f.guests),
            projects=ReportProjects(
                project_leads=r.projects.leads,
                entrepreneurial_projects=r.projects.entrepreneurial,
                high_tech_achievements=r.projects.high_tech_achievements,
                cooperation_projects=r.projects.cooperation,
                investment_projects=r.projects.investment,
                negotiated=r.projects.negotiated,
                total=r.projects.total,
                by_session=[_event_projects(p) for p in r.projects_by_event],
            ),
            agreements=ReportAgreements(
                signed=r.cooperation.signed,
                preliminary_intentions=r.cooperation.intentions,
                amounts=[ReportAmount(amount=a, currency=c) for a, c in r.cooperation.amounts],
                mechanism_agreements=[_mechanism(m) for m in r.mechanism_agreements],
            ),
            funds_established=[_fund(row) for row in r.funds],
            employment=ReportEmployment(
                positions_offered=f.employment.positions,
                openings=f.employment.openings,
                high_level_demands=f.employment.high_level,
                flexible_positions=f.employment.flexible,
                employers_offering=f.employment.employers,
                global500_employers=f.employment.global500_employers,
                state_owned_employers=f.employment.state_owned_employers,
            ),
            recruitment=ReportRecruitment(
                resumes_received=f.applications.resumes,
                applicants=f.applications.applicants,
                overseas_applicants=f.applications.overseas_applicants,
                talents_with_preliminary_intentions=f.applications.with_preliminary_intentions,
            ),
            introductions=ReportIntroductions(
                made=f.introductions.made,
                talents_introduced=f.introductions.talents,
                talents_introduced_to_employers=f.introductions.talents_to_employers,
                employers_introduced=f.introductions.employers,
            ),
            outreach=ReportOutreach(
                offline_regions=f.events.offline_regions,
                offline_participants=f.events.offline_participants,
                online_visits=f.events.online_visits,
            ),
            new_ties=f.guests.new_ties,
        )


def _event_projects(p: q.EventProjects) -> ReportEventProjects:
    return ReportEventProjects(
        event=Event.from_row(p.event),
        project_leads=p.leads,
        entrepreneurial_projects=p.entrepreneurial,
        high_tech_achievements=p.high_tech_achievements,
        negotiated=p.negotiated,
        total=p.total,
    )


def _mechanism(m: q.MechanismAgreement) -> ReportMechanismAgreement:
    return ReportMechanismAgreement(
        agreement=Agreement.from_row(m.agreement),
        title=m.agreement.title,
        parties=[ReportParty(name=p.name, name_en=p.name_en, role=p.role) for p in m.parties],
    )


def _amount(value: Decimal | None, currency: str) -> ReportAmount | None:
    return None if value is None else ReportAmount(amount=value, currency=currency)


def _fund(row: Row[Any]) -> ReportFund:
    return ReportFund(
        fund=Organization.from_row(row),
        name=row.name,
        name_en=row.name_en,
        target_amount=_amount(row.fund_target_amount, row.currency),
        committed_amount=_amount(row.fund_committed_amount, row.currency),
    )


@strawberry.type
class EventReportQuery:
    @strawberry.field(
        description="The report of an event and all its sessions: guests, projects, "
        "agreements, funds, employment demands, recruitment, introductions, outreach and "
        "new ties. Null when no event has this ID; an ID of another type is an error."
    )
    async def event_report(
        self,
        info: Info,
        event: Annotated[
            relay.GlobalID,
            strawberry.argument(description="The ID of the event (a conference or a session)."),
        ],
    ) -> EventReport | None:
        found = await report.event_report(info.context, plain(event))
        return EventReport.of(found) if found else None
