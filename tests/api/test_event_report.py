"""eventReport: every figure of the seed text from the demo conference, on both databases;
a session's smaller report; a hand-built event whose report is counted by hand; ID errors;
and a constant number of SQL statements."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from strawberry.relay import to_base64

from crm.app import create_app
from crm.db import models
from crm.seed import keys
from crm.seed.figures import DEMO_FIGURES, EXPECTATIONS, Expectation, Figure
from crm.settings import Settings
from tests.accounts import admin_headers
from tests.api.conftest import GraphQLClient
from tests.conftest import DatabaseFactory
from tests.seed.conftest import SeededDemos
from tests.statements import counting

REPORT = """
query($event: ID!) {
  eventReport(event: $event) {
    event { id name nameEn startsOn }
    sessions
    guests {
      total attendees academicians acfrocExperts overseas employerRepresentatives talentWall
    }
    projects {
      projectLeads entrepreneurialProjects highTechAchievements cooperationProjects
      investmentProjects negotiated total
      bySession {
        event { id nameEn }
        projectLeads entrepreneurialProjects highTechAchievements negotiated total
      }
    }
    agreements {
      signed preliminaryIntentions
      amounts { amount currency }
      mechanismAgreements {
        title
        agreement { id kind status signedOn event { nameEn } }
        parties { name nameEn role }
      }
    }
    fundsEstablished {
      name nameEn
      fund { id kind }
      targetAmount { amount currency }
      committedAmount { amount currency }
    }
    employment {
      positionsOffered openings highLevelDemands flexiblePositions employersOffering
      global500Employers stateOwnedEmployers
    }
    recruitment { resumesReceived applicants overseasApplicants talentsWithPreliminaryIntentions }
    introductions { made talentsIntroduced talentsIntroducedToEmployers employersIntroduced }
    outreach { offlineRegions offlineParticipants onlineVisits }
    newTies
  }
}"""

EVENT_BY_NAME = """
query($name: String!) {
  events(filter: {nameContains: $name}) { edges { node { id name } } }
}"""

#: SQL statements a whole report takes: the event, every one-row figure, projects per
#: session, cooperation agreements, mechanism agreements, funds
REPORT_STATEMENTS = 6

Report = dict[str, Any]


# --- the demo conference ---------------------------------------------------------------


class DemoClient:
    """A GraphQL client on an app serving the demo data, and the app's engine."""

    def __init__(self, http: httpx.AsyncClient, engine: AsyncEngine) -> None:
        self.http = http
        self.engine = engine

    async def execute(self, query: str, **variables: Any) -> dict[str, Any]:
        response = await self.http.post("/graphql", json={"query": query, "variables": variables})
        body: dict[str, Any] = response.json()
        return body

    async def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        body = await self.execute(query, **variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def event_id(self, name: str) -> str:
        data = await self(EVENT_BY_NAME, name=name)
        (found,) = [e["node"]["id"] for e in data["events"]["edges"] if e["node"]["name"] == name]
        return str(found)

    async def report(self, event_id: str) -> Report:
        report: Report = (await self(REPORT, event=event_id))["eventReport"]
        return report


@pytest.fixture(scope="session")
async def report_demos(databases: DatabaseFactory) -> AsyncIterator[SeededDemos]:
    # Its own demo databases, so no other test's writes or counts are disturbed.
    demos = SeededDemos(databases)
    yield demos
    await demos.close()


@pytest.fixture(scope="session")
async def demo_client(backend: str, report_demos: SeededDemos) -> AsyncIterator[DemoClient]:
    demo = await report_demos.get(backend)
    # No response cache: the statement counts below measure a report being computed.
    url = demo.engine.url.render_as_string(False)
    app = create_app(Settings(database_url=url, response_cache_size=0))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = await admin_headers(app.state.session_factory)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://crm.test", headers=headers
        ) as http:
            yield DemoClient(http, app.state.engine)


@pytest.fixture(scope="session")
async def conference(demo_client: DemoClient) -> Report:
    """The report of the demo conference (computed once per backend)."""
    return await demo_client.report(await demo_client.event_id(keys.CONFERENCE_NAME))


def _cny(report: Report) -> Decimal:
    (amount,) = report["agreements"]["amounts"]
    assert amount["currency"] == "CNY"
    return Decimal(amount["amount"])


def _fund(report: Report) -> dict[str, Any]:
    (fund,) = [f for f in report["fundsEstablished"] if f["nameEn"] == keys.FUND_NAME_EN]
    return fund


def _fund_amount(which: str) -> Callable[[Report], Figure]:
    def amount(report: Report) -> Figure:
        value = _fund(report)[which]
        assert value["currency"] == "CNY"
        return Decimal(value["amount"])

    return amount


def _negotiated_in_beijing(report: Report) -> Figure:
    (beijing,) = [
        s
        for s in report["projects"]["bySession"]
        if s["event"]["nameEn"] == keys.BEIJING_SESSION_NAME_EN
    ]
    return int(beijing["negotiated"])


FEDERATIONS = {keys.BEIJING_FEDERATION_NAME_EN, keys.FUJIAN_FEDERATION_NAME_EN}


def _federations_mechanisms(report: Report) -> Figure:
    return sum(
        1
        for m in report["agreements"]["mechanismAgreements"]
        if {p["nameEn"] for p in m["parties"]} >= FEDERATIONS
    )


#: where the report shows each figure of the seed text (names of `crm.seed.figures`)
REPORT_FIGURES: dict[str, Callable[[Report], Figure]] = {
    "guests": lambda r: r["guests"]["total"],
    "academicians": lambda r: r["guests"]["academicians"],
    "acfroc_experts": lambda r: r["guests"]["acfrocExperts"],
    "project_leads": lambda r: r["projects"]["projectLeads"],
    "entrepreneurial_items": lambda r: r["projects"]["entrepreneurialProjects"],
    "high_level_demands": lambda r: r["employment"]["highLevelDemands"],
    "introduced_talents": lambda r: r["introductions"]["talentsIntroducedToEmployers"],
    "introduced_employers": lambda r: r["introductions"]["employersIntroduced"],
    "high_tech_achievements": lambda r: r["projects"]["highTechAchievements"],
    "signed_cooperation_projects": lambda r: r["agreements"]["signed"],
    "cooperation_intentions": lambda r: r["agreements"]["preliminaryIntentions"],
    "cooperation_amount": _cny,
    "fund_target_amount": _fund_amount("targetAmount"),
    "fund_committed_amount": _fund_amount("committedAmount"),
    "beijing_negotiated_projects": _negotiated_in_beijing,
    "mechanism_agreements": _federations_mechanisms,
    "talent_wall": lambda r: r["guests"]["talentWall"],
    "offline_regions": lambda r: r["outreach"]["offlineRegions"],
    "offline_participants": lambda r: r["outreach"]["offlineParticipants"],
    "online_visits": lambda r: r["outreach"]["onlineVisits"],
    "resumes": lambda r: r["recruitment"]["resumesReceived"],
    "overseas_applicants": lambda r: r["recruitment"]["overseasApplicants"],
    "preliminary_intentions": lambda r: r["recruitment"]["talentsWithPreliminaryIntentions"],
    "positions": lambda r: r["employment"]["positionsOffered"],
    "employers": lambda r: r["employment"]["employersOffering"],
    "global500_employers": lambda r: r["employment"]["global500Employers"],
    "state_owned_employers": lambda r: r["employment"]["stateOwnedEmployers"],
    "flexible_positions": lambda r: r["employment"]["flexiblePositions"],
}

SEED_TEXT_FIGURES = [e for e in EXPECTATIONS if e.name in REPORT_FIGURES]


def test_every_report_figure_is_a_figure_of_the_seed_text() -> None:
    assert {e.name for e in SEED_TEXT_FIGURES} == set(REPORT_FIGURES)


@pytest.mark.slow
@pytest.mark.parametrize("expectation", SEED_TEXT_FIGURES, ids=lambda e: e.name)
def test_the_conference_report_states_each_figure_of_the_seed_text(
    conference: Report, expectation: Expectation
) -> None:
    value = REPORT_FIGURES[expectation.name](conference)
    assert expectation.holds(value), (
        f"{expectation.name} = {value}, outside [{expectation.minimum}, {expectation.maximum}];"
        f" the seed text says: {expectation.quote}"
    )
    # …and exactly the demo's planned value (a bound alone would hide a miscount)
    assert value == DEMO_FIGURES[expectation.name]


# The seed text in its own words, figure by figure, for the reader of this file.
SEED_TEXT: list[tuple[str, Callable[[Report], Figure], Callable[[Figure], bool]]] = [
    ("1,023 guests", REPORT_FIGURES["guests"], lambda v: v == 1_023),
    ("47 academicians", REPORT_FIGURES["academicians"], lambda v: v == 47),
    ("over 100 ACFROC experts", REPORT_FIGURES["acfroc_experts"], lambda v: v > 100),
    ("85 project leads", REPORT_FIGURES["project_leads"], lambda v: v == 85),
    ("205 entrepreneurial items", REPORT_FIGURES["entrepreneurial_items"], lambda v: v == 205),
    ("3,600 high-level demands", REPORT_FIGURES["high_level_demands"], lambda v: v == 3_600),
    ("over 1,500 talents introduced", REPORT_FIGURES["introduced_talents"], lambda v: v > 1_500),
    ("100 employers introduced", REPORT_FIGURES["introduced_employers"], lambda v: v == 100),
    ("45 high-tech achievements", REPORT_FIGURES["high_tech_achievements"], lambda v: v == 45),
    ("9 signed agreements", REPORT_FIGURES["signed_cooperation_projects"], lambda v: v == 9),
    ("17 preliminary intentions", REPORT_FIGURES["cooperation_intentions"], lambda v: v == 17),
    (
        "over 7.019 billion yuan",
        REPORT_FIGURES["cooperation_amount"],
        lambda v: Decimal("7.019e9") < v < Decimal("7.020e9"),
    ),
    ("fund target 10 billion", REPORT_FIGURES["fund_target_amount"], lambda v: v == 10**10),
    ("fund 3 billion in place", REPORT_FIGURES["fund_committed_amount"], lambda v: v == 3 * 10**9),
    ("10 negotiated in Beijing", REPORT_FIGURES["beijing_negotiated_projects"], lambda v: v == 10),
    ("the federations' mechanism", REPORT_FIGURES["mechanism_agreements"], lambda v: v == 1),
    ("132 talent-wall talents", REPORT_FIGURES["talent_wall"], lambda v: v == 132),
    ("5 offline regions", REPORT_FIGURES["offline_regions"], lambda v: v == 5),
    (
        "nearly ten thousand offline",
        REPORT_FIGURES["offline_participants"],
        lambda v: 9_000 <= v < 10_000,
    ),
    ("over 26,000 online visits", REPORT_FIGURES["online_visits"], lambda v: 26_000 < v < 27_000),
    ("more than 3,600 resumes", REPORT_FIGURES["resumes"], lambda v: v > 3_600),
    ("over 350 from overseas", REPORT_FIGURES["overseas_applicants"], lambda v: v > 350),
    ("1,480 with intentions", REPORT_FIGURES["preliminary_intentions"], lambda v: v == 1_480),
    ("over 20,000 positions", REPORT_FIGURES["positions"], lambda v: v > 20_000),
    ("1,000 organizations", REPORT_FIGURES["employers"], lambda v: v == 1_000),
    ("some Global 500 companies", REPORT_FIGURES["global500_employers"], lambda v: v > 0),
    ("state-owned enterprises", REPORT_FIGURES["state_owned_employers"], lambda v: v > 0),
    ("over 500 flexible positions", REPORT_FIGURES["flexible_positions"], lambda v: v > 500),
]


@pytest.mark.slow
@pytest.mark.parametrize(("claim", "figure", "holds"), SEED_TEXT, ids=[c for c, _, _ in SEED_TEXT])
def test_the_conference_report_says_what_the_seed_text_says(
    conference: Report,
    claim: str,
    figure: Callable[[Report], Figure],
    holds: Callable[[Figure], bool],
) -> None:
    value = figure(conference)
    assert holds(value), f"the seed text says {claim}; the report says {value}"


@pytest.mark.slow
def test_the_federations_signed_the_mechanism_agreement_at_the_beijing_session(
    conference: Report,
) -> None:
    (mechanism,) = conference["agreements"]["mechanismAgreements"]
    assert mechanism["title"] == keys.MECHANISM_TITLE
    assert {p["nameEn"] for p in mechanism["parties"]} == FEDERATIONS
    assert {p["role"] for p in mechanism["parties"]} == {"SIGNATORY"}
    agreement = mechanism["agreement"]
    assert (agreement["kind"], agreement["status"]) == ("MECHANISM", "SIGNED")
    assert agreement["signedOn"] == keys.CONFERENCE_CLOSING_DAY.isoformat()
    assert agreement["event"]["nameEn"] == keys.BEIJING_SESSION_NAME_EN


@pytest.mark.slow
def test_the_fund_is_the_one_fund_established(conference: Report) -> None:
    (fund,) = conference["fundsEstablished"]
    assert fund["nameEn"] == keys.FUND_NAME_EN
    assert fund["fund"]["kind"] == "FUND"
    assert fund["targetAmount"] == {"amount": "10000000000.00", "currency": "CNY"}
    assert fund["committedAmount"] == {"amount": "3000000000.00", "currency": "CNY"}


@pytest.mark.slow
def test_the_conference_report_describes_the_whole_tree(conference: Report) -> None:
    assert conference["event"]["name"] == keys.CONFERENCE_NAME
    # four sessions, the online platform and its five offline fairs
    assert conference["sessions"] == 10
    guests = conference["guests"]
    assert guests["attendees"] > guests["total"]  # the sessions' candidates came too
    assert guests["employerRepresentatives"] > 0
    assert guests["overseas"] > 0
    projects = conference["projects"]
    by_session = projects["bySession"]
    assert sum(s["negotiated"] for s in by_session) == projects["negotiated"]
    assert sum(s["total"] for s in by_session) == projects["total"]
    assert [s["negotiated"] for s in by_session] == sorted(
        (s["negotiated"] for s in by_session), reverse=True
    )
    assert conference["introductions"]["made"] >= conference["introductions"]["talentsIntroduced"]
    # no relationship in the demo is dated after the conference began
    assert conference["newTies"] == 0


def _counts(value: Any, path: str = "") -> Iterator[tuple[str, int]]:
    """Every integer figure of a report, by its path (lists left out)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _counts(inner, f"{path}.{key}" if path else key)
    elif isinstance(value, int) and not isinstance(value, bool):
        yield path, value


@pytest.mark.slow
async def test_a_session_report_is_smaller_than_the_conference_report(
    demo_client: DemoClient, conference: Report
) -> None:
    beijing = await demo_client.report(await demo_client.event_id(keys.BEIJING_SESSION_NAME))
    assert beijing["event"]["nameEn"] == keys.BEIJING_SESSION_NAME_EN
    ours, whole = dict(_counts(beijing)), dict(_counts(conference))
    assert ours.keys() == whole.keys()
    assert all(ours[k] <= whole[k] for k in ours), {
        k: (ours[k], whole[k]) for k in ours if ours[k] > whole[k]
    }
    assert sum(ours.values()) < sum(whole.values())
    assert beijing["sessions"] == 0
    assert 0 < beijing["guests"]["total"] < conference["guests"]["total"]
    assert beijing["projects"]["negotiated"] == 10
    assert [s["event"]["nameEn"] for s in beijing["projects"]["bySession"]] == [
        keys.BEIJING_SESSION_NAME_EN
    ]
    assert (
        beijing["agreements"]["mechanismAgreements"]
        == (conference["agreements"]["mechanismAgreements"])
    )
    assert beijing["agreements"]["amounts"] == []
    assert beijing["fundsEstablished"] == []

    talent = await demo_client.report(await demo_client.event_id(keys.TALENT_SESSION_NAME))
    assert talent["guests"]["talentWall"] == conference["guests"]["talentWall"]
    assert talent["guests"]["total"] == talent["guests"]["attendees"]
    assert talent["guests"]["total"] < conference["guests"]["attendees"]


@pytest.mark.slow
async def test_a_report_takes_the_same_few_statements_for_a_conference_and_a_session(
    demo_client: DemoClient,
) -> None:
    conference_id = await demo_client.event_id(keys.CONFERENCE_NAME)
    beijing_id = await demo_client.event_id(keys.BEIJING_SESSION_NAME)
    await demo_client.report(conference_id)  # connections are open, caches warm
    counts = {}
    for name, event_id in (("conference", conference_id), ("session", beijing_id)):
        with counting(demo_client.engine) as statements:
            await demo_client.report(event_id)
        counts[name] = len(statements)
    with counting(demo_client.engine) as statements:
        assert (await demo_client(REPORT, event=to_base64("Event", 10**9)))["eventReport"] is None
    counts["unknown"] = len(statements)
    # REPORT also asks for the mechanism agreements' events: one more (batched) statement
    expected = REPORT_STATEMENTS + 1
    assert counts == {"conference": expected, "session": expected, "unknown": 1}


# --- IDs -------------------------------------------------------------------------------


async def test_an_id_of_another_type_is_a_clear_error(gql: GraphQLClient) -> None:
    body = await gql.execute(REPORT, event=to_base64("Person", 1))
    assert body["data"] == {"eventReport": None}
    (error,) = body["errors"]
    assert error["message"] == "`event` takes IDs of Event, not of Person"
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["path"] == ["eventReport"]


async def test_an_id_of_no_event_gives_no_report(gql: GraphQLClient) -> None:
    assert await gql(REPORT, event=to_base64("Event", 424242)) == {"eventReport": None}


async def test_an_event_id_that_is_not_a_key_is_a_clear_error(gql: GraphQLClient) -> None:
    body = await gql.execute(REPORT, event=to_base64("Event", "x"))
    (error,) = body["errors"]
    assert error["message"] == "`event` holds an invalid ID"
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


# --- a hand-built event ----------------------------------------------------------------


@dataclass
class Rows:
    """Inserts rows and hands back their keys."""

    session: AsyncSession

    async def add(self, model: type[Any], **values: Any) -> int:
        result = await self.session.execute(insert(model).values(**values).returning(model.id))
        return int(result.scalar_one())


@dataclass(frozen=True)
class SmallWorld:
    conference: int
    talks: int
    fair: int
    campaign: int


async def _small_world(session_factory: async_sessionmaker[AsyncSession]) -> SmallWorld:
    """A conference C (from 2024-05-01) with a session T, T's fair F1, a fair F2 and an
    undated online campaign O; an unrelated event X whose records must not count."""
    async with session_factory() as session, session.begin():
        r = Rows(session)
        conf = await r.add(models.Event, name="C", kind="conference", starts_on=date(2024, 5, 1))
        talks = await r.add(
            models.Event, name="T", kind="session", parent_id=conf, starts_on=date(2024, 5, 2)
        )
        fair1 = await r.add(
            models.Event,
            name="F1",
            kind="recruitment_fair",
            parent_id=talks,
            region="Xiamen",
            reported_participants=300,
        )
        fair2 = await r.add(
            models.Event,
            name="F2",
            kind="recruitment_fair",
            parent_id=conf,
            region="Zhangzhou",
            reported_participants=200,
        )
        campaign = await r.add(
            models.Event,
            name="O",
            kind="online_campaign",
            parent_id=conf,
            online_visits=1000,
            reported_participants=50,  # not a fair: not offline participants
        )
        other = await r.add(models.Event, name="X", kind="conference", starts_on=date(2024, 5, 1))

        # People: p1 CAS academician in US, p2 CAE academician in CN, p3 ACFROC expert on the
        # talent wall in GB, p4 employer representative in CN, p5 of unknown country, p6 in
        # SG (only at X), p7 in US (at nothing).
        def person(name: str, country: str | None, *honours: str) -> Any:
            return r.add(models.Person, name=name, country=country, honours=list(honours))

        p1 = await person("甲", "US", "cas_academician")
        p2 = await person("乙", "CN", "cae_academician", "national_talent_program")
        p3 = await person("丙", "GB", "acfroc_expert", "talent_wall")
        p4 = await person("丁", "CN")
        p5 = await person("戊", None)
        p6 = await person("己", "SG", "cas_academician")
        p7 = await person("庚", "US")
        for who, where, role in (
            (p1, conf, "speaker"),
            (p2, conf, "guest"),
            (p2, talks, "guest"),
            (p3, talks, "expert"),
            (p4, fair1, "employer_representative"),
            (p6, other, "guest"),
            (p7, other, "employer_representative"),
        ):
            await r.add(models.Attendance, person_id=who, event_id=where, role=role)

        # Ties among attendees (p1..p4) since the start date: p1–p3 and p2–p4 (on the day).
        for a, b, since in (
            (p1, p3, date(2024, 5, 2)),
            (p2, p4, date(2024, 5, 1)),
            (p1, p2, date(2020, 1, 1)),  # older
            (p3, p6, date(2024, 6, 1)),  # p6 did not attend
        ):
            await r.add(
                models.Relationship,
                person_a_id=min(a, b),
                person_b_id=max(a, b),
                kind="friend",
                strength=0.5,
                since=since,
            )

        def org(name: str, kind: str = "company", **more: Any) -> Any:
            return r.add(models.Organization, name=name, kind=kind, **more)

        e1 = await org("E1", is_global500=True)
        e2 = await org("E2", is_state_owned=True)
        e3 = await org("E3", name_en="Employer Three")
        e4 = await org("E4")
        fund = await org(
            "F",
            "fund",
            name_en="Fund F",
            fund_target_amount=Decimal("500.00"),
            fund_committed_amount=Decimal("100.00"),
        )
        other_fund = await org("G", "fund")

        # Projects: C 2 leads (1 negotiating); T 2 entrepreneurial (1 signed, 1 preliminary
        # intention) and a dropped achievement; F1 a completed achievement; X a negotiating lead.
        for name, kind, stage, where in (
            ("lead 1", "project_lead", "lead", conf),
            ("lead 2", "project_lead", "negotiating", conf),
            ("startup 1", "entrepreneurial", "signed", talks),
            ("startup 2", "entrepreneurial", "preliminary_intention", talks),
            ("achievement 1", "high_tech_achievement", "dropped", talks),
            ("achievement 2", "high_tech_achievement", "completed", fair1),
            ("elsewhere", "project_lead", "negotiating", other),
        ):
            await r.add(models.Project, name=name, kind=kind, stage=stage, event_id=where)

        day = date(2024, 5, 2)
        for title, kind, status, amount, currency, where in (
            ("co 1", "cooperation", "signed", "100.50", "CNY", talks),
            ("co 2", "cooperation", "intention", "200.00", "CNY", conf),
            ("co 3", "cooperation", "intention", "10.00", "USD", fair1),
            ("co 4", "cooperation", "intention", None, "CNY", conf),
            ("co 5", "cooperation", "ended", "999.00", "CNY", conf),  # ended: not counted
            ("co 6", "cooperation", "signed", "5000.00", "CNY", other),  # elsewhere
        ):
            await r.add(
                models.Agreement,
                title=title,
                kind=kind,
                status=status,
                amount=None if amount is None else Decimal(amount),
                currency=currency,
                signed_on=day if status != "intention" else None,
                event_id=where,
            )
        mou = await r.add(
            models.Agreement,
            title="MoU",
            kind="mechanism",
            status="signed",
            signed_on=day,
            event_id=talks,
        )
        await r.add(models.AgreementParty, agreement_id=mou, organization_id=e3, role="signatory")
        await r.add(models.AgreementParty, agreement_id=mou, person_id=p1, role="witness")
        founding = await r.add(
            models.Agreement,
            title="Fund F founded",
            kind="investment",
            status="signed",
            signed_on=day,
            event_id=conf,
        )
        await r.add(
            models.AgreementParty, agreement_id=founding, organization_id=fund, role="signatory"
        )
        await r.add(
            models.AgreementParty, agreement_id=founding, organization_id=e1, role="signatory"
        )
        planned = await r.add(
            models.Agreement,
            title="Fund G planned",
            kind="investment",
            status="intention",
            event_id=conf,
        )
        await r.add(
            models.AgreementParty,
            agreement_id=planned,
            organization_id=other_fund,
            role="signatory",
        )

        positions = {}
        for key, employer, kind, high, openings, where in (
            ("c", e1, "full_time", True, 2, conf),
            ("t", e2, "flexible", False, 1, talks),
            ("f1", e2, "project_based", True, 3, fair1),
            ("f2", e3, "part_time", False, 1, fair2),
            ("x", e4, "flexible", True, 5, other),
        ):
            positions[key] = await r.add(
                models.Position,
                organization_id=employer,
                title=f"job {key}",
                kind=kind,
                is_high_level=high,
                openings=openings,
                status="open",
                event_id=where,
            )
        now = datetime(2024, 5, 2, tzinfo=UTC)
        for who, key, stage, where in (
            (p1, "c", "submitted", conf),
            (p1, "t", "offer", talks),
            (p5, "f1", "hired", fair1),
            (p6, "f2", "preliminary_intention", fair2),
            (p7, "x", "hired", other),
        ):
            await r.add(
                models.Application,
                person_id=who,
                position_id=positions[key],
                stage=stage,
                event_id=where,
                submitted_at=now,
            )
        for seeker, to_person, to_org, status, where in (
            (p1, None, e1, "made", conf),
            (p1, None, e2, "outcome", talks),
            (p3, p2, None, "made", talks),
            (p5, None, e3, "requested", conf),  # not made yet
            (p6, None, e3, "made", other),  # elsewhere
        ):
            await r.add(
                models.Introduction,
                seeker_id=seeker,
                target_person_id=to_person,
                target_organization_id=to_org,
                status=status,
                event_id=where,
                requested_at=now,
                status_changed_at=now,
            )
    return SmallWorld(conference=conf, talks=talks, fair=fair1, campaign=campaign)


async def test_the_report_of_a_small_event_is_what_counting_by_hand_gives(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    world = await _small_world(session_factory)
    report = (await gql(REPORT, event=to_base64("Event", world.conference)))["eventReport"]
    assert report["event"]["name"] == "C"
    assert report["sessions"] == 4  # T, F1, F2, O
    assert report["guests"] == {
        "total": 2,  # p1, p2 at C itself
        "attendees": 4,  # and p3 at T, p4 at F1
        "academicians": 2,  # p1, p2 (p6 was at X)
        "acfrocExperts": 1,  # p3
        "overseas": 2,  # p1 (US), p3 (GB)
        "employerRepresentatives": 1,  # p4 (p7 was at X)
        "talentWall": 1,  # p3
    }
    projects = report["projects"]
    assert {k: v for k, v in projects.items() if k != "bySession"} == {
        "projectLeads": 2,
        "entrepreneurialProjects": 2,
        "highTechAchievements": 2,
        "cooperationProjects": 0,
        "investmentProjects": 0,
        "negotiated": 4,  # lead 2, startup 1, startup 2, achievement 2
        "total": 6,
    }
    # most negotiated first, then earliest (undated last)
    assert [(s["event"]["id"], s["negotiated"], s["total"]) for s in projects["bySession"]] == [
        (to_base64("Event", world.talks), 2, 3),
        (to_base64("Event", world.conference), 1, 2),
        (to_base64("Event", world.fair), 1, 1),
    ]
    agreements = report["agreements"]
    assert (agreements["signed"], agreements["preliminaryIntentions"]) == (1, 3)
    assert agreements["amounts"] == [
        {"amount": "300.50", "currency": "CNY"},
        {"amount": "10.00", "currency": "USD"},
    ]
    (mou,) = agreements["mechanismAgreements"]
    assert mou["title"] == "MoU"
    assert mou["parties"] == [
        {"name": "E3", "nameEn": "Employer Three", "role": "SIGNATORY"},
        {"name": "甲", "nameEn": None, "role": "WITNESS"},
    ]
    assert report["fundsEstablished"] == [
        {
            "name": "F",
            "nameEn": "Fund F",
            "fund": {"id": report["fundsEstablished"][0]["fund"]["id"], "kind": "FUND"},
            "targetAmount": {"amount": "500.00", "currency": "CNY"},
            "committedAmount": {"amount": "100.00", "currency": "CNY"},
        }
    ]
    assert report["employment"] == {
        "positionsOffered": 4,
        "openings": 7,
        "highLevelDemands": 2,
        "flexiblePositions": 2,  # flexible at T, project-based at F1
        "employersOffering": 3,  # E1, E2, E3
        "global500Employers": 1,
        "stateOwnedEmployers": 1,
    }
    assert report["recruitment"] == {
        "resumesReceived": 4,
        "applicants": 3,  # p1, p5, p6
        "overseasApplicants": 2,  # p1 (US), p6 (SG); p5's country is unknown
        "talentsWithPreliminaryIntentions": 3,  # p1 offer, p5 hired, p6 intention
    }
    assert report["introductions"] == {
        "made": 3,
        "talentsIntroduced": 2,  # p1, p3
        "talentsIntroducedToEmployers": 1,  # p1
        "employersIntroduced": 2,  # E1, E2
    }
    assert report["outreach"] == {
        "offlineRegions": 2,
        "offlineParticipants": 500,
        "onlineVisits": 1000,
    }
    assert report["newTies"] == 2  # p1–p3 and p2–p4


async def test_the_report_of_a_session_counts_only_its_own_tree(
    gql: GraphQLClient, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    world = await _small_world(session_factory)
    report = (await gql(REPORT, event=to_base64("Event", world.talks)))["eventReport"]
    assert report["sessions"] == 1  # F1
    assert report["guests"]["total"] == 2  # p2, p3
    assert report["guests"]["attendees"] == 3  # and p4 at F1
    assert report["guests"]["academicians"] == 1
    assert (report["projects"]["negotiated"], report["projects"]["total"]) == (3, 4)
    assert (report["agreements"]["signed"], report["agreements"]["preliminaryIntentions"]) == (
        1,
        1,
    )
    assert report["fundsEstablished"] == []
    assert report["employment"]["positionsOffered"] == 2
    assert report["outreach"] == {
        "offlineRegions": 1,
        "offlineParticipants": 300,
        "onlineVisits": 0,
    }
    # T began on 2024-05-02: p1–p3 is new but p1 did not attend T; p2–p4 is older than T
    assert report["newTies"] == 0

    undated = (await gql(REPORT, event=to_base64("Event", world.campaign)))["eventReport"]
    assert undated["newTies"] is None
    assert undated["outreach"]["onlineVisits"] == 1000
    assert undated["outreach"]["offlineParticipants"] == 0
    assert undated["guests"]["total"] == 0
    assert undated["agreements"]["amounts"] == []
    assert undated["projects"]["bySession"] == []
