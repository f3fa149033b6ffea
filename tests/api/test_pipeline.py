"""projectPipeline, applicationFunnel and fundCommitments on small hand-built data whose
figures are counted by hand, on both databases; every filter; bad filter input; and a
constant number of SQL statements."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from strawberry.relay import to_base64

from crm.app import create_app
from crm.db import models
from crm.db.enums import (
    AgreementKind,
    AgreementStatus,
    ApplicationStage,
    EventKind,
    OrganizationKind,
    ParticipationRole,
    PositionKind,
    ProjectKind,
    ProjectStage,
)
from crm.db.queries.common import table_of
from crm.settings import Settings
from tests import factories
from tests.accounts import admin_headers
from tests.api.conftest import GraphQLClient
from tests.statements import counting

T0 = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


PIPELINE = """
query($filter: ProjectPipelineFilter) {
  projectPipeline(filter: $filter) {
    projects
    intendedAmounts { amount currency }
    signedAmounts { amount currency }
    stages {
      stage projects reached conversionToNext
      intendedAmounts { amount currency }
      signedAmounts { amount currency }
      finishedStays averageDaysInStage medianDaysInStage
    }
  }
}"""

FUNNEL = """
query($filter: ApplicationFunnelFilter) {
  applicationFunnel(filter: $filter) {
    applications
    stages {
      stage applications reached shareOfSubmitted conversionToNext
      finishedStays averageDaysInStage medianDaysInStage
    }
  }
}"""

FUNDS = """
query($filter: FundCommitmentFilter) {
  fundCommitments(filter: $filter) {
    funds {
      fund { id name }
      target { amount currency }
      committed { amount currency }
      shareInPlace investments signedInvestments investmentAgreements
    }
    totals { currency funds target committed shareInPlace }
  }
}"""


def gid(type_name: str, row_key: int | None) -> str:
    return to_base64(type_name, str(row_key))


def key(row: Any) -> int:
    """The key of a flushed row."""
    assert row.id is not None
    return int(row.id)


@dataclass
class World:
    """The keys of the hand-built records, as global IDs."""

    conference: str
    session: str
    fair: str
    park: str
    park_branch: str
    employer: str
    fund: str
    usd_fund: str
    person: str


async def _project(
    session: AsyncSession,
    name: str,
    stage: ProjectStage,
    moves: list[tuple[ProjectStage, float]],
    created: datetime = T0,
    **values: Any,
) -> int:
    """A project created at `created` and moved at the given days after T0; bulk inserted,
    so the only history is the one written here."""
    values.setdefault("kind", ProjectKind.COOPERATION)
    project_key: int = (
        await session.execute(
            insert(models.Project).returning(table_of(models.Project).c.id),
            {"name": name, "stage": stage, "created_at": created, **values},
        )
    ).scalar_one()
    before: ProjectStage | None = None
    for to_stage, at in moves:
        session.add(
            models.ProjectStageChange(
                project_id=project_key, from_stage=before, to_stage=to_stage, changed_at=day(at)
            )
        )
        before = to_stage
    return project_key


async def _application(
    session: AsyncSession,
    person_id: int | None,
    position_id: int | None,
    stage: ApplicationStage,
    moves: list[tuple[ApplicationStage, float]],
    **values: Any,
) -> int:
    received: int = (
        await session.execute(
            insert(models.Application).returning(table_of(models.Application).c.id),
            {
                "person_id": person_id,
                "position_id": position_id,
                "stage": stage,
                "submitted_at": T0,
                **values,
            },
        )
    ).scalar_one()
    before: ApplicationStage | None = None
    for to_stage, at in moves:
        session.add(
            models.ApplicationStageChange(
                application_id=received, from_stage=before, to_stage=to_stage, changed_at=day(at)
            )
        )
        before = to_stage
    return received


@pytest.fixture
async def world(session: AsyncSession) -> World:
    S = ProjectStage  # noqa: N806 - reads like the enum
    conference = await factories.event(session, kind=EventKind.CONFERENCE)
    talks = await factories.event(session, parent_id=conference.id)
    fair = await factories.event(session, kind=EventKind.RECRUITMENT_FAIR)
    fair_session = await factories.event(session, parent_id=fair.id)
    other = await factories.event(session)
    park = await factories.organization(session, kind=OrganizationKind.INDUSTRIAL_PARK)
    branch = await factories.organization(
        session, kind=OrganizationKind.INDUSTRIAL_PARK, parent_id=park.id
    )
    singapore_co = await factories.organization(
        session, kind=OrganizationKind.COMPANY, country="SG"
    )
    fund = await factories.organization(
        session,
        name="侨商基金",
        kind=OrganizationKind.FUND,
        fund_target_amount=Decimal(1000),
        fund_committed_amount=Decimal(250),
    )
    usd_fund = await factories.organization(
        session,
        name="Dollar Fund",
        kind=OrganizationKind.FUND,
        currency="USD",
        country="SG",
        fund_target_amount=Decimal(100),
        fund_committed_amount=Decimal(120),
    )
    await factories.organization(session, name="空基金", kind=OrganizationKind.FUND)
    singaporean = await factories.person(session, country="SG")

    p1 = await _project(
        session, "P1", S.LEAD, [], intended_amount=100, field="ai", event_id=talks.id
    )
    p2 = await _project(
        session,
        "P2",
        S.NEGOTIATING,
        [(S.LEAD, 0), (S.CONTACTED, 2), (S.NEGOTIATING, 5)],
        intended_amount=200,
        field="ai",
    )
    p3 = await _project(
        session,
        "P3",
        S.SIGNED,
        [(S.LEAD, 0), (S.SIGNED, 10)],
        intended_amount=300,
        signed_amount=300,
        event_id=conference.id,
    )
    p4 = await _project(
        session, "P4", S.SIGNED, [], intended_amount=50, signed_amount=40, currency="USD"
    )
    await _project(session, "P5", S.DROPPED, [(S.LEAD, 0), (S.CONTACTED, 1), (S.DROPPED, 5)])
    p6 = await _project(
        session,
        "P6",
        S.COMPLETED,
        [],
        field="bio",
        event_id=other.id,
        created=datetime(2023, 6, 1, tzinfo=UTC),
    )
    role = ParticipationRole
    for project, who, as_ in (
        (p2, park.id, role.HOST),
        (p3, branch.id, role.PARTNER),
        (p6, singapore_co.id, role.PARTNER),
        (p3, fund.id, role.INVESTOR),
        (p2, fund.id, role.INVESTOR),
        (p4, usd_fund.id, role.INVESTOR),
    ):
        session.add(models.Participation(project_id=project, organization_id=who, role=as_))
    session.add(models.Participation(project_id=p4, person_id=singaporean.id, role=role.LEAD))
    investment = models.Agreement(
        title="基金设立协议",
        kind=AgreementKind.INVESTMENT,
        status=AgreementStatus.SIGNED,
        signed_on=date(2024, 1, 2),
        event_id=conference.id,
        amount=Decimal(250),
    )
    session.add(investment)
    await session.flush()
    session.add(models.AgreementParty(agreement_id=key(investment), organization_id=fund.id))
    session.add(models.Agreement(title="p1", kind=AgreementKind.COOPERATION, project_id=p1))

    # the funnel
    A = ApplicationStage  # noqa: N806
    employer = await factories.organization(session, kind=OrganizationKind.COMPANY)
    subsidiary = await factories.organization(
        session, kind=OrganizationKind.COMPANY, parent_id=employer.id
    )
    other_employer = await factories.organization(session, kind=OrganizationKind.COMPANY)
    positions = []
    for org, kind in (
        (employer, PositionKind.FULL_TIME),
        (subsidiary, PositionKind.FLEXIBLE),
        (other_employer, PositionKind.PROJECT_BASED),
    ):
        positions.append(
            await factories.add(
                session, models.Position(organization_id=key(org), title="工程师", kind=kind)
            )
        )
    pos1, pos2, pos3 = (p.id for p in positions)
    cn = await factories.person(session, country="CN")
    gb = await factories.person(session, country="GB")
    us = await factories.person(session, country="US")
    nowhere = await factories.person(session)
    await _application(session, cn.id, pos1, A.SUBMITTED, [], event_id=fair.id)
    await _application(
        session,
        gb.id,
        pos1,
        A.HIRED,
        [
            (A.SUBMITTED, 0),
            (A.SCREENING, 1),
            (A.PRELIMINARY_INTENTION, 3),
            (A.OFFER, 6),
            (A.HIRED, 10),
        ],
        event_id=fair_session.id,
    )
    await _application(
        session,
        us.id,
        pos2,
        A.DECLINED,
        [(A.SUBMITTED, 0), (A.SCREENING, 2), (A.OFFER, 5), (A.DECLINED, 7)],
    )
    await _application(
        session,
        nowhere.id,
        pos3,
        A.WITHDRAWN,
        [],
        submitted_at=datetime(2023, 3, 1, tzinfo=UTC),
    )
    await _application(session, cn.id, pos3, A.SCREENING, [(A.SUBMITTED, 0), (A.SCREENING, 4)])
    await session.commit()
    return World(
        conference=gid("Event", conference.id),
        session=gid("Event", talks.id),
        fair=gid("Event", fair.id),
        park=gid("Organization", park.id),
        park_branch=gid("Organization", branch.id),
        employer=gid("Organization", employer.id),
        fund=gid("Organization", fund.id),
        usd_fund=gid("Organization", usd_fund.id),
        person=gid("Person", singaporean.id),
    )


def _money(items: list[dict[str, Any]]) -> dict[str, Decimal]:
    return {m["currency"]: Decimal(m["amount"]) for m in items}


def _by_stage(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["stage"]: s for s in report["stages"]}


async def _pipeline(gql: GraphQLClient, **filter_: Any) -> dict[str, Any]:
    data = await gql(PIPELINE, filter=filter_ or None)
    result: dict[str, Any] = data["projectPipeline"]
    return result


async def test_the_pipeline_counts_every_stage_in_order_with_amounts_per_currency(
    gql: GraphQLClient, world: World
) -> None:
    report = await _pipeline(gql)
    assert report["projects"] == 6
    assert _money(report["intendedAmounts"]) == {"CNY": 600, "USD": 50}
    assert _money(report["signedAmounts"]) == {"CNY": 300, "USD": 40}
    assert [s["stage"] for s in report["stages"]] == [
        "LEAD", "CONTACTED", "NEGOTIATING", "PRELIMINARY_INTENTION", "SIGNED", "IN_PROGRESS",
        "COMPLETED", "DROPPED",
    ]  # fmt: skip
    table = [(s["projects"], s["reached"], s["conversionToNext"]) for s in report["stages"]]
    assert table == [
        (1, 6, round(5 / 6, 4)),
        (0, 5, 0.8),
        (1, 4, 0.75),
        (0, 3, 1.0),
        (2, 3, round(1 / 3, 4)),
        (0, 1, 1.0),
        (1, 1, None),
        (1, 1, None),
    ]
    stages = _by_stage(report)
    signed = stages["SIGNED"]
    assert _money(signed["intendedAmounts"]) == {"CNY": 300, "USD": 50}
    assert _money(signed["signedAmounts"]) == {"CNY": 300, "USD": 40}
    # largest first, currencies never added together
    assert [m["currency"] for m in signed["intendedAmounts"]] == ["CNY", "USD"]
    assert stages["CONTACTED"]["intendedAmounts"] == []


async def test_the_pipeline_times_finished_stays_from_the_stage_history(
    gql: GraphQLClient, world: World
) -> None:
    stages = _by_stage(await _pipeline(gql))
    stays = {
        name: (s["finishedStays"], s["averageDaysInStage"], s["medianDaysInStage"])
        for name, s in stages.items()
    }
    # LEAD: 2, 10 and 1 days; CONTACTED: 3 and 4 days; the rest are still under way
    assert stays["LEAD"] == (3, round(13 / 3, 2), 2.0)
    assert stays["CONTACTED"] == (2, 3.5, 3.5)
    assert stays["NEGOTIATING"] == (0, None, None)
    assert stays["SIGNED"] == (0, None, None)
    assert stays["DROPPED"] == (0, None, None)


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"field": ["ai"]}, {"LEAD": 1, "NEGOTIATING": 1}),
        ({"kind": ["COOPERATION"], "region": ["nowhere"]}, {}),
        ({"event": ["$conference"]}, {"LEAD": 1, "SIGNED": 1}),  # a session counts too
        ({"organization": ["$park"]}, {"NEGOTIATING": 1, "SIGNED": 1}),  # with its branch
        ({"organization": ["$park"], "organizationRole": ["HOST"]}, {"NEGOTIATING": 1}),
        # any organisation as an investor
        ({"organizationRole": ["INVESTOR"]}, {"NEGOTIATING": 1, "SIGNED": 2}),
        (
            {"organization": ["$fund"], "organizationRole": ["INVESTOR"]},
            {"NEGOTIATING": 1, "SIGNED": 1},
        ),
        ({"country": ["sg"]}, {"SIGNED": 1, "COMPLETED": 1}),  # a person or an organisation
        ({"period": {"from": "2023-05-01", "to": "2023-06-30"}}, {"COMPLETED": 1}),
        # moved on those days (created earlier)
        (
            {"period": {"from": "2024-01-06", "to": "2024-01-06"}},
            {"NEGOTIATING": 1, "DROPPED": 1},
        ),
        ({"period": {"from": "2024-01-12"}}, {}),
        ({"period": {"to": "2023-12-31"}}, {"COMPLETED": 1}),
    ],
)
async def test_the_pipeline_filters(
    gql: GraphQLClient, world: World, filter_: dict[str, Any], expected: dict[str, int]
) -> None:
    known = {"$conference": world.conference, "$park": world.park, "$fund": world.fund}
    filter_ = {k: [known.get(v, v) for v in vs] if isinstance(vs, list) else vs
               for k, vs in filter_.items()}  # fmt: skip
    report = await _pipeline(gql, **filter_)
    counts = {s["stage"]: s["projects"] for s in report["stages"] if s["projects"]}
    assert counts == expected
    assert report["projects"] == sum(expected.values())


async def _funnel(gql: GraphQLClient, **filter_: Any) -> dict[str, Any]:
    data = await gql(FUNNEL, filter=filter_ or None)
    result: dict[str, Any] = data["applicationFunnel"]
    return result


async def test_the_funnel_counts_how_far_applications_got(gql: GraphQLClient, world: World) -> None:
    report = await _funnel(gql)
    assert report["applications"] == 5
    table = [
        (s["stage"], s["applications"], s["reached"], s["shareOfSubmitted"],
         s["conversionToNext"])
        for s in report["stages"]
    ]  # fmt: skip
    assert table == [
        ("SUBMITTED", 1, 5, 1.0, 0.6),
        ("SCREENING", 1, 3, 0.6, round(2 / 3, 4)),
        # the declined application skipped this stage on its way to an offer
        ("PRELIMINARY_INTENTION", 0, 2, 0.4, 1.0),
        ("OFFER", 0, 2, 0.4, 0.5),
        ("HIRED", 1, 1, 0.2, None),
        ("DECLINED", 1, 1, 0.2, None),
        ("WITHDRAWN", 1, 1, 0.2, None),
    ]
    stays = {
        s["stage"]: (s["finishedStays"], s["averageDaysInStage"], s["medianDaysInStage"])
        for s in report["stages"]
    }
    assert stays["SUBMITTED"] == (3, round(7 / 3, 2), 2.0)  # 1, 2 and 4 days
    assert stays["SCREENING"] == (2, 2.5, 2.5)  # 2 and 3 days
    assert stays["PRELIMINARY_INTENTION"] == (1, 3.0, 3.0)
    assert stays["OFFER"] == (2, 3.0, 3.0)  # 4 and 2 days
    assert stays["HIRED"] == (0, None, None)


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [
        ({"employer": ["$employer"]}, {"SUBMITTED": 1, "HIRED": 1, "DECLINED": 1}),
        (
            {"positionKind": ["FLEXIBLE", "PROJECT_BASED"]},
            {"SCREENING": 1, "DECLINED": 1, "WITHDRAWN": 1},
        ),
        ({"overseas": True}, {"HIRED": 1, "DECLINED": 1}),
        ({"overseas": False}, {"SUBMITTED": 1, "SCREENING": 1}),
        ({"applicantCountry": ["GB", "US"]}, {"HIRED": 1, "DECLINED": 1}),
        ({"event": ["$fair"]}, {"SUBMITTED": 1, "HIRED": 1}),
        ({"period": {"from": "2023-01-01", "to": "2023-12-31"}}, {"WITHDRAWN": 1}),
        ({"period": {"from": "2024-01-09"}}, {"HIRED": 1}),  # hired on day 10
    ],
)
async def test_the_funnel_filters(
    gql: GraphQLClient, world: World, filter_: dict[str, Any], expected: dict[str, int]
) -> None:
    known = {"$employer": world.employer, "$fair": world.fair}
    filter_ = {k: [known.get(v, v) for v in vs] if isinstance(vs, list) else vs
               for k, vs in filter_.items()}  # fmt: skip
    report = await _funnel(gql, **filter_)
    counts = {s["stage"]: s["applications"] for s in report["stages"] if s["applications"]}
    assert counts == expected


async def test_fund_commitments_show_each_fund_and_totals_per_currency(
    gql: GraphQLClient, world: World
) -> None:
    report = (await gql(FUNDS))["fundCommitments"]
    funds = [
        (f["fund"]["name"], f["target"], f["committed"], f["shareInPlace"], f["investments"],
         f["signedInvestments"], f["investmentAgreements"])
        for f in report["funds"]
    ]  # fmt: skip
    cny = {"currency": "CNY"}
    assert funds == [
        ("侨商基金", {"amount": "1000.00", **cny}, {"amount": "250.00", **cny}, 0.25, 2, 1, 1),
        ("空基金", None, None, None, 0, 0, 0),
        ("Dollar Fund", {"amount": "100.00", "currency": "USD"},
         {"amount": "120.00", "currency": "USD"}, 1.2, 1, 1, 0),
    ]  # fmt: skip
    totals = [
        (t["currency"], t["funds"], t["target"], t["committed"], t["shareInPlace"])
        for t in report["totals"]
    ]
    assert totals == [("CNY", 2, "1000.00", "250.00", 0.25), ("USD", 1, "100.00", "120.00", 1.2)]


@pytest.mark.parametrize(
    ("filter_", "names"),
    [
        ({"event": ["$conference"]}, ["侨商基金"]),
        ({"country": ["SG"]}, ["Dollar Fund"]),
        ({"fund": ["$usd_fund", "$park"]}, ["Dollar Fund"]),  # not a fund: not listed
        ({"region": ["Fujian"]}, []),
    ],
)
async def test_fund_commitments_filter(
    gql: GraphQLClient, world: World, filter_: dict[str, Any], names: list[str]
) -> None:
    known = {"$conference": world.conference, "$usd_fund": world.usd_fund, "$park": world.park}
    filter_ = {k: [known.get(v, v) for v in vs] for k, vs in filter_.items()}
    report = (await gql(FUNDS, filter=filter_))["fundCommitments"]
    assert [f["fund"]["name"] for f in report["funds"]] == names
    assert sum(t["funds"] for t in report["totals"]) == len(names)


@pytest.mark.parametrize(
    ("query", "filter_", "message"),
    [
        (PIPELINE, {"period": {"from": "2024-02-01", "to": "2024-01-01"}}, "starts"),
        (PIPELINE, {"event": ["$person"]}, "`event` takes IDs of Event, not of Person"),
        (PIPELINE, {"event": ["$unknown_event"]}, "`event` names no Event"),
        (PIPELINE, {"organization": ["$unknown_org"]}, "`organization` names no Organization"),
        (PIPELINE, {"country": ["Singapore", "XX"]}, "not a country: 'XX'"),
        (FUNNEL, {"employer": ["$person"]}, "`employer` takes IDs of Organization"),
        (FUNNEL, {"period": {"from": "2024-02-01", "to": "2024-01-01"}}, "starts"),
        (FUNNEL, {"event": ["$unknown_event"]}, "`event` names no Event"),
        (FUNDS, {"fund": ["$unknown_org"]}, "`fund` names no Organization"),
        (FUNDS, {"country": ["ZZ"]}, "not a country: 'ZZ'"),
    ],
)
async def test_bad_filter_input_is_a_clear_error(
    gql: GraphQLClient, world: World, query: str, filter_: dict[str, Any], message: str
) -> None:
    known = {
        "$person": world.person,
        "$unknown_event": gid("Event", 999_999),
        "$unknown_org": gid("Organization", 999_999),
    }
    filter_ = {k: [known.get(v, v) for v in vs] if isinstance(vs, list) else vs
               for k, vs in filter_.items()}  # fmt: skip
    body = await gql.execute(query, filter=filter_)
    assert not body["data"] or set(body["data"].values()) == {None}  # nullable root fields
    (error,) = body["errors"]
    assert message in error["message"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


async def test_an_invalid_id_is_a_graphql_error(gql: GraphQLClient, world: World) -> None:
    body = await gql.execute(PIPELINE, filter={"event": ["not an id"]})
    assert not body["data"] or set(body["data"].values()) == {None}
    assert body["errors"]


@pytest.fixture
async def counted(settings: Settings) -> AsyncIterator[tuple[GraphQLClient, AsyncEngine]]:
    """A client on an app whose engine the test can watch."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        headers = await admin_headers(app.state.session_factory)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://crm.test", headers=headers
        ) as http:
            yield GraphQLClient(http), app.state.engine


@pytest.mark.parametrize(
    ("query", "filter_", "expected"),
    [
        # stage counts, stays
        (PIPELINE, None, 2),
        # the same and one look-up of the IDs, whatever the filter holds
        (
            PIPELINE,
            {
                "event": ["$conference"],
                "organization": ["$park"],
                "field": ["ai"],
                "country": ["SG"],
                "period": {"from": "2024-01-01"},
            },
            3,
        ),
        (FUNNEL, None, 2),
        (FUNNEL, {"event": ["$fair"], "employer": ["$employer"], "overseas": True}, 3),
        (FUNDS, None, 1),
        (FUNDS, {"event": ["$conference"], "fund": ["$fund"]}, 2),
    ],
)
async def test_each_report_takes_a_constant_number_of_statements(
    counted: tuple[GraphQLClient, AsyncEngine],
    world: World,
    query: str,
    filter_: dict[str, Any] | None,
    expected: int,
) -> None:
    gql, engine = counted
    known = {
        "$conference": world.conference,
        "$park": world.park,
        "$fair": world.fair,
        "$employer": world.employer,
        "$fund": world.fund,
    }
    if filter_:
        filter_ = {k: [known.get(v, v) for v in vs] if isinstance(vs, list) else vs
                   for k, vs in filter_.items()}  # fmt: skip
    with counting(engine) as statements:
        await gql(query, filter=filter_)
    assert len(statements) == expected, statements
