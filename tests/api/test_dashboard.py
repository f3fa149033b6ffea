"""dashboard on small hand-built data counted by hand, on both databases: totals,
breakdowns, activity by month, every part of the filter; bad input; statement counts.
Then every report on the demo data, checked against the list queries and the seed figures."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from crm.app import create_app
from crm.db import models
from crm.db.enums import (
    AffiliationRole,
    AgreementKind,
    AgreementStatus,
    EventKind,
    InteractionKind,
    IntroductionStatus,
    OrganizationKind,
    ParticipationRole,
    ProjectKind,
)
from crm.resolvers.dashboard import today
from crm.seed import keys
from crm.seed.figures import DEMO_FIGURES
from crm.settings import Settings
from tests import factories
from tests.accounts import admin_headers
from tests.api.conftest import GraphQLClient
from tests.api.test_pipeline import FUNDS, FUNNEL, PIPELINE, gid, key
from tests.conftest import DatabaseFactory
from tests.seed.conftest import SeededDemos
from tests.statements import counting

DASHBOARD = """
query($filter: DashboardFilter, $top: Int! = 20) {
  dashboard(filter: $filter, top: $top) {
    totals {
      people organizations events projects positions openings applications
      introductionsMade interactions
    }
    agreements {
      signed preliminaryIntentions
      signedAmounts { amount currency }
      intendedAmounts { amount currency }
    }
    peopleByCountry { ...breakdown }
    peopleByField { ...breakdown }
    peopleByHometownProvince { ...breakdown }
    organizationsByKind { ...breakdown }
    organizationsByCountry { ...breakdown }
    projectsByField { ...breakdown }
    projectsByRegion { ...breakdown }
    activityFrom activityTo
    activity { month newPeople interactions agreementsSigned introductionsMade }
  }
}
fragment breakdown on Breakdown { items { key count } others unknown }
"""


def at(y: int, m: int, d: int) -> datetime:
    return datetime(y, m, d, 12, tzinfo=UTC)


@dataclass
class World:
    conference: str
    federation: str
    person: str


@pytest.fixture
async def world(session: AsyncSession) -> World:
    add = factories.add
    jan = at(2024, 1, 1)
    federation = await factories.organization(
        session, kind=OrganizationKind.OVERSEAS_CHINESE_FEDERATION, country="CN", created_at=jan
    )
    branch = await factories.organization(
        session,
        kind=OrganizationKind.OVERSEAS_CHINESE_FEDERATION,
        country="CN",
        parent_id=key(federation),
        created_at=jan,
    )
    company = await factories.organization(
        session, kind=OrganizationKind.COMPANY, country="SG", created_at=jan
    )
    await factories.organization(
        session, kind=OrganizationKind.FUND, country="CN", created_at=at(2023, 1, 1)
    )
    conference = await factories.event(
        session,
        kind=EventKind.CONFERENCE,
        country="CN",
        starts_on=date(2024, 1, 15),
        organizer_id=key(federation),
    )
    talks = await factories.event(
        session, country="CN", starts_on=date(2024, 1, 15), parent_id=key(conference)
    )
    fair = await factories.event(
        session, kind=EventKind.RECRUITMENT_FAIR, country="SG", starts_on=date(2023, 6, 1)
    )
    p1 = await factories.person(
        session,
        country="SG",
        expertise=["ai", "robotics"],
        hometown_province="Fujian",
        created_at=at(2024, 1, 10),
    )
    p2 = await factories.person(
        session,
        country="CN",
        expertise=["ai"],
        hometown_province="Guangdong",
        created_at=at(2024, 2, 5),
    )
    p3 = await factories.person(session, country="GB", created_at=at(2024, 2, 20))
    await factories.person(
        session, expertise=["bio"], hometown_province="Fujian", created_at=at(2023, 5, 1)
    )
    await add(session, models.Attendance(person_id=key(p1), event_id=key(talks)))
    await add(session, models.Attendance(person_id=key(p2), event_id=key(conference)))
    await add(
        session,
        models.Affiliation(
            person_id=key(p1), organization_id=key(branch), role=AffiliationRole.MEMBER
        ),
    )
    pr1 = await add(
        session,
        models.Project(
            name="福州人工智能项目",
            kind=ProjectKind.COOPERATION,
            field="ai",
            region="Fuzhou",
            event_id=key(talks),
            created_at=at(2024, 1, 20),
        ),
    )
    pr2 = await add(
        session,
        models.Project(
            name="生物项目", kind=ProjectKind.PROJECT_LEAD, field="bio", created_at=at(2023, 7, 1)
        ),
    )
    await add(
        session,
        models.Participation(
            project_id=key(pr1), organization_id=key(branch), role=ParticipationRole.HOST
        ),
    )
    await add(
        session,
        models.Participation(
            project_id=key(pr2), organization_id=key(company), role=ParticipationRole.PARTNER
        ),
    )
    pos1 = await add(
        session,
        models.Position(
            organization_id=key(company),
            title="算法工程师",
            openings=3,
            event_id=key(conference),
            created_at=at(2024, 1, 15),
        ),
    )
    pos2 = await add(
        session,
        models.Position(
            organization_id=key(branch),
            title="秘书",
            openings=2,
            event_id=key(fair),
            created_at=at(2023, 6, 1),
        ),
    )
    await add(
        session,
        models.Application(
            person_id=key(p1),
            position_id=key(pos1),
            event_id=key(talks),
            submitted_at=at(2024, 1, 15),
        ),
    )
    await add(
        session,
        models.Application(person_id=key(p3), position_id=key(pos2), submitted_at=at(2024, 2, 21)),
    )
    signed = AgreementStatus.SIGNED
    ag1 = await add(
        session,
        models.Agreement(
            title="合作协议",
            kind=AgreementKind.COOPERATION,
            status=signed,
            amount=Decimal(1000),
            signed_on=date(2024, 1, 16),
            event_id=key(talks),
        ),
    )
    ag2 = await add(
        session,
        models.Agreement(
            title="合作意向",
            kind=AgreementKind.COOPERATION,
            amount=Decimal(500),
            event_id=key(fair),
            created_at=at(2024, 2, 1),
        ),
    )
    ag3 = await add(
        session,
        models.Agreement(
            title="Employment",
            kind=AgreementKind.EMPLOYMENT,
            status=signed,
            amount=Decimal(70),
            currency="USD",
            signed_on=date(2024, 2, 10),
        ),
    )
    await add(
        session,
        models.Agreement(
            title="旧协议",
            kind=AgreementKind.COOPERATION,
            status=AgreementStatus.ENDED,
            amount=Decimal(9),
        ),
    )
    for agreement, party in ((ag1, federation), (ag1, company), (ag2, branch)):
        await add(
            session, models.AgreementParty(agreement_id=key(agreement), organization_id=key(party))
        )
    await add(session, models.AgreementParty(agreement_id=key(ag3), person_id=key(p3)))
    made = IntroductionStatus.MADE
    for seeker, target_person, target_org, status, changed, event_id in (
        (p1, None, company, made, at(2024, 1, 16), key(talks)),
        (p2, p3, None, IntroductionStatus.REQUESTED, at(2024, 1, 16), None),
        (p3, p2, None, IntroductionStatus.OUTCOME, at(2024, 2, 22), None),
    ):
        await add(
            session,
            models.Introduction(
                seeker_id=key(seeker),
                target_person_id=key(target_person) if target_person else None,
                target_organization_id=key(target_org) if target_org else None,
                status=status,
                status_changed_at=changed,
                event_id=event_id,
            ),
        )
    for who, occurred, event_id, org_id in (
        (p1, at(2024, 1, 15), key(talks), None),
        (p2, at(2024, 2, 3), None, key(branch)),
    ):
        interaction = await add(
            session,
            models.Interaction(
                kind=InteractionKind.MEETING,
                occurred_at=occurred,
                summary="见面",
                event_id=event_id,
                organization_id=org_id,
            ),
        )
        await add(
            session,
            models.InteractionParticipant(interaction_id=key(interaction), person_id=key(who)),
        )
    await session.commit()
    return World(
        conference=gid("Event", key(conference)),
        federation=gid("Organization", key(federation)),
        person=gid("Person", key(p1)),
    )


async def _dashboard(gql: GraphQLClient, top: int | None = None, **filter_: Any) -> Any:
    variables: dict[str, Any] = {"filter": filter_ or None}
    if top is not None:
        variables["top"] = top
    return (await gql(DASHBOARD, **variables))["dashboard"]


def _items(breakdown: dict[str, Any]) -> list[tuple[str, int]]:
    return [(i["key"], i["count"]) for i in breakdown["items"]]


async def test_the_dashboard_totals_everything(gql: GraphQLClient, world: World) -> None:
    d = await _dashboard(gql)
    assert d["totals"] == {
        "people": 4,
        "organizations": 4,
        "events": 3,
        "projects": 2,
        "positions": 2,
        "openings": 5,
        "applications": 2,
        "introductionsMade": 2,
        "interactions": 2,
    }
    assert d["agreements"] == {
        "signed": 2,
        "preliminaryIntentions": 1,
        "signedAmounts": [
            {"amount": "1000.00", "currency": "CNY"},
            {"amount": "70.00", "currency": "USD"},
        ],
        "intendedAmounts": [{"amount": "500.00", "currency": "CNY"}],
    }


async def test_the_dashboard_breaks_records_down(gql: GraphQLClient, world: World) -> None:
    d = await _dashboard(gql)
    assert _items(d["peopleByCountry"]) == [("CN", 1), ("GB", 1), ("SG", 1)]
    assert d["peopleByCountry"]["unknown"] == 1
    # a person counts under each of their fields
    assert _items(d["peopleByField"]) == [("ai", 2), ("bio", 1), ("robotics", 1)]
    assert d["peopleByField"]["unknown"] == 1  # lists no field
    assert _items(d["peopleByHometownProvince"]) == [("Fujian", 2), ("Guangdong", 1)]
    assert d["peopleByHometownProvince"]["unknown"] == 1
    assert _items(d["organizationsByKind"]) == [
        ("OVERSEAS_CHINESE_FEDERATION", 2),
        ("COMPANY", 1),
        ("FUND", 1),
    ]
    assert _items(d["organizationsByCountry"]) == [("CN", 3), ("SG", 1)]
    assert _items(d["projectsByField"]) == [("ai", 1), ("bio", 1)]
    assert (_items(d["projectsByRegion"]), d["projectsByRegion"]["unknown"]) == (
        [("Fuzhou", 1)],
        1,
    )
    top = await _dashboard(gql, top=1)
    assert (_items(top["peopleByField"]), top["peopleByField"]["others"]) == ([("ai", 2)], 2)


async def test_activity_by_month_covers_the_period(gql: GraphQLClient, world: World) -> None:
    d = await _dashboard(gql, period={"from": "2024-01-01", "to": "2024-02-29"})
    assert (d["activityFrom"], d["activityTo"]) == ("2024-01-01", "2024-02-29")
    assert d["activity"] == [
        {"month": "2024-01", "newPeople": 1, "interactions": 1, "agreementsSigned": 1,
         "introductionsMade": 1},
        {"month": "2024-02", "newPeople": 2, "interactions": 1, "agreementsSigned": 1,
         "introductionsMade": 1},
    ]  # fmt: skip
    assert d["totals"] == {
        "people": 3,
        "organizations": 3,
        "events": 2,
        "projects": 1,
        "positions": 1,
        "openings": 3,
        "applications": 2,
        "introductionsMade": 2,
        "interactions": 2,
    }
    assert (d["agreements"]["signed"], d["agreements"]["preliminaryIntentions"]) == (2, 1)


async def test_activity_without_a_period_covers_the_months_of_the_data(
    gql: GraphQLClient, world: World
) -> None:
    # the data lies in the past (as the 2023 demo does): show it, not the last twelve months
    d = await _dashboard(gql)
    months = [m["month"] for m in d["activity"]]
    assert (months[0], months[-1], len(months)) == ("2023-05", "2024-02", 10)
    assert (d["activityFrom"], d["activityTo"]) == ("2023-05-01", "2024-02-29")
    assert d["activity"][0]["newPeople"] == 1
    assert sum(m["interactions"] for m in d["activity"]) == d["totals"]["interactions"]
    up_to = await _dashboard(gql, period={"to": "2024-02-29"})
    months = [m["month"] for m in up_to["activity"]]
    assert (months[0], months[-1], len(months)) == ("2023-03", "2024-02", 12)
    assert [m["newPeople"] for m in up_to["activity"]][-2:] == [1, 2]
    assert up_to["activity"][2]["newPeople"] == 1  # 2023-05
    long = await _dashboard(gql, period={"from": "2000-01-01", "to": "2024-02-29"})
    assert (len(long["activity"]), long["activityFrom"]) == (120, "2014-03-01")


async def test_activity_of_an_empty_database_is_the_last_twelve_months(
    gql: GraphQLClient,
) -> None:
    now = today()
    d = await _dashboard(gql)
    assert len(d["activity"]) == 12
    assert d["activity"][-1]["month"] == f"{now.year:04d}-{now.month:02d}"
    assert d["activityTo"] == now.isoformat()


@pytest.mark.parametrize(
    ("filter_", "totals", "signed"),
    [
        # conference and its session
        ({"event": ["$conference"]}, (2, 2, 2, 1, 1, 3, 1, 1, 1), 1),
        ({"country": ["sg"]}, (1, 1, 1, 1, 1, 3, 1, 1, 1), 1),
        # the federation and its branch
        ({"organization": ["$federation"]}, (1, 2, 1, 1, 1, 2, 1, 0, 1), 1),
        ({"event": ["$conference"], "country": ["CN"]}, (1, 1, 2, 1, 0, 0, 0, 0, 0), 1),
    ],
)
async def test_the_dashboard_filters(
    gql: GraphQLClient,
    world: World,
    filter_: dict[str, Any],
    totals: tuple[int, ...],
    signed: int,
) -> None:
    known = {"$conference": world.conference, "$federation": world.federation}
    filter_ = {k: [known.get(v, v) for v in vs] for k, vs in filter_.items()}
    d = await _dashboard(gql, **filter_)
    assert tuple(d["totals"].values()) == totals
    assert d["agreements"]["signed"] == signed


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"top": 0}, "`top` must lie between 1 and 100"),
        ({"filter": {"period": {"from": "2024-03-01", "to": "2024-02-01"}}}, "starts"),
        ({"filter": {"organization": ["$person"]}}, "takes IDs of Organization"),
        ({"filter": {"organization": ["$unknown"]}}, "`organization` names no Organization"),
        ({"filter": {"country": ["Atlantis"]}}, "not a country: 'Atlantis'"),
    ],
)
async def test_bad_dashboard_input_is_a_clear_error(
    gql: GraphQLClient, world: World, arguments: dict[str, Any], message: str
) -> None:
    known = {"$person": world.person, "$unknown": gid("Organization", 999_999)}
    for value in arguments.get("filter", {}).values():
        if isinstance(value, list):
            value[:] = [known.get(v, v) for v in value]
    body = await gql.execute(DASHBOARD, **arguments)
    assert body["data"] == {"dashboard": None}  # root fields are nullable (docs/api.md)
    (error,) = body["errors"]
    assert message in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


@pytest.fixture
async def counted(settings: Settings) -> AsyncIterator[tuple[GraphQLClient, AsyncEngine]]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = await admin_headers(app.state.session_factory)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://crm.test", headers=headers
        ) as http:
            yield GraphQLClient(http), app.state.engine


async def test_the_dashboard_takes_four_statements_and_one_to_check_ids(
    counted: tuple[GraphQLClient, AsyncEngine], world: World
) -> None:
    gql, engine = counted
    with counting(engine) as statements:
        await gql(DASHBOARD, filter={"period": {"from": "2023-01-01"}, "country": ["CN"]})
    assert len(statements) == 4, statements
    full = {"event": [world.conference], "organization": [world.federation], "country": ["CN"]}
    with counting(engine) as statements:
        await gql(DASHBOARD, filter=full)
    assert len(statements) == 5, statements


# --- the demo data ---------------------------------------------------------------------


@pytest.fixture(scope="session")
async def reports_demos(databases: DatabaseFactory) -> AsyncIterator[SeededDemos]:
    # Its own demo databases, so no other test's writes disturb the counts.
    demos = SeededDemos(databases)
    yield demos
    await demos.close()


@pytest.fixture(scope="session")
async def demo(backend: str, reports_demos: SeededDemos) -> AsyncIterator[GraphQLClient]:
    seeded = await reports_demos.get(backend)
    app = create_app(Settings(database_url=seeded.engine.url.render_as_string(False)))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = await admin_headers(app.state.session_factory)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://crm.test", headers=headers
        ) as http:
            yield GraphQLClient(http)


async def _total(demo: GraphQLClient, field: str, filter_: str = "") -> int:
    data = await demo(f"{{ {field}{f'(filter: {filter_})' if filter_ else ''} {{ totalCount }} }}")
    return int(data[field]["totalCount"])


async def _conference(demo: GraphQLClient) -> str:
    data = await demo(
        "query($n: String!) { events(filter: {nameContains: $n, kind: [CONFERENCE]}) "
        "{ edges { node { id } } } }",
        n=keys.CONFERENCE_NAME,
    )
    (edge,) = data["events"]["edges"]
    return str(edge["node"]["id"])


@pytest.mark.slow
async def test_the_demo_dashboard_agrees_with_the_lists(demo: GraphQLClient) -> None:
    d = await _dashboard(demo)
    t = d["totals"]
    assert t["people"] == await _total(demo, "people") > 1_000
    assert t["organizations"] == await _total(demo, "organizations")
    assert t["projects"] == await _total(demo, "projects")
    assert t["positions"] == await _total(demo, "positions")
    assert d["agreements"]["signed"] == await _total(demo, "agreements", "{status: [SIGNED]}")
    kinds = dict(_items(d["organizationsByKind"]))
    assert kinds["FUND"] == await _total(demo, "organizations", "{kind: [FUND]}")
    conference = await _conference(demo)
    at_conference = await _dashboard(demo, event=[conference])
    report = (
        await demo(
            "query($e: ID!) { eventReport(event: $e) { guests { attendees } "
            "recruitment { resumesReceived } employment { positionsOffered } } }",
            e=conference,
        )
    )["eventReport"]
    assert at_conference["totals"]["people"] == report["guests"]["attendees"]
    assert at_conference["totals"]["applications"] == report["recruitment"]["resumesReceived"]
    assert at_conference["totals"]["positions"] == report["employment"]["positionsOffered"]
    assert report["employment"]["positionsOffered"] == DEMO_FIGURES["positions"]


@pytest.mark.slow
async def test_the_demo_pipeline_agrees_with_the_projects_list(demo: GraphQLClient) -> None:
    pipeline = (await demo(PIPELINE))["projectPipeline"]
    assert pipeline["projects"] == await _total(demo, "projects")
    for stage in pipeline["stages"]:
        listed = await _total(demo, "projects", f"{{stage: [{stage['stage']}]}}")
        assert stage["projects"] == listed, stage["stage"]
    signed = {s["stage"]: s for s in pipeline["stages"]}["SIGNED"]
    assert signed["projects"] == DEMO_FIGURES["signed_cooperation_projects"] == 9
    agreements = await demo(
        "{ agreements(first: 50, filter: {status: [SIGNED], kind: [COOPERATION]}) "
        "{ edges { node { amount currency project { stage } } } } }"
    )
    deals = [e["node"] for e in agreements["agreements"]["edges"]]
    assert {d["project"]["stage"] for d in deals} == {"SIGNED"}
    assert signed["signedAmounts"] == [
        {"amount": str(sum(Decimal(d["amount"]) for d in deals)), "currency": "CNY"}
    ]


@pytest.mark.slow
async def test_the_demo_funnel_and_fund(demo: GraphQLClient) -> None:
    conference = await _conference(demo)
    funnel = (await demo(FUNNEL, filter={"event": [conference]}))["applicationFunnel"]
    assert funnel["applications"] == DEMO_FIGURES["resumes"]
    reached = {s["stage"]: s["reached"] for s in funnel["stages"]}
    # applications, not applicants: at least as many as the talents with intentions
    assert reached["PRELIMINARY_INTENTION"] >= DEMO_FIGURES["preliminary_intentions"]
    funds = (await demo(FUNDS, filter={"event": [conference]}))["fundCommitments"]
    (fund,) = funds["funds"]
    assert Decimal(fund["target"]["amount"]) == DEMO_FIGURES["fund_target_amount"]
    assert Decimal(fund["committed"]["amount"]) == DEMO_FIGURES["fund_committed_amount"]
    share = Decimal(DEMO_FIGURES["fund_committed_amount"]) / DEMO_FIGURES["fund_target_amount"]
    assert fund["shareInPlace"] == round(float(share), 4)
    assert fund["investmentAgreements"] == 1
