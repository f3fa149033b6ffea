"""The compiled read path answers byte for byte what the general executor answers.

Every query is sent to two apps on one database, one with `CRM_COMPILED_READS` and one
without, by four viewers (an administrator, a liaison officer, an analyst and an APP
token with scopes), and the two answers must be the same bytes. Queries come from
hypothesis-graphql over the part of the schema the compiled path covers (people,
organisations, affiliations, relationships: their plain fields, references and nested
lists, with page sizes and orders), and by hand (the benchmark's shapes, empty pages,
last/before, cursors handed out by one path used in the other, what must fall back).
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import httpx
import orjson
import pytest
from graphql import GraphQLObjectType, is_leaf_type, print_type
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes, queries
from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    Float,
    Integer,
    String,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from crm.app import create_app
from crm.db import models
from crm.db.enums import AuditAction, UserRole
from crm.db.paging import encode_cursor
from crm.db.queries.common import table_of
from crm.db.types import UTCDateTime
from crm.resolvers.listing import ChildList
from crm.resolvers.relationship import RelationshipsOf
from crm.schema.schema import schema
from crm.serving.compiled import extension, text
from crm.serving.compiled.answer import TEXT_COUNTS
from crm.serving.compiled.fast import Verdicts
from crm.serving.compiled.shape import LISTING, REFERENCE
from crm.settings import Settings
from tests.accounts import bearer, make_user
from tests.conftest import _empty_tables

#: the record types of the generated queries
TYPES = ("Person", "Organization", "Affiliation", "Relationship")
APP_SCOPES = ["Person", "Organization", "Affiliation", "Relationship"]
_BUILT_IN = {"String", "Int", "Float", "Boolean", "ID"}


# -- the covered part of the schema, as SDL for hypothesis-graphql -------------------------


def _covered_fields(type_: GraphQLObjectType) -> list[str]:
    lines = []
    for name, field in type_.fields.items():
        definition = field.extensions["strawberry-definition"]
        listing = definition.metadata.get(LISTING)
        reference = definition.metadata.get(REFERENCE)
        if listing is not None:
            node = definition.metadata["crm_node"]
            if isinstance(listing, ChildList | RelationshipsOf) and node in TYPES:
                order = f"[{node}Order!]"
                lines.append(f"  {name}(first: PageSize, last: PageSize, orderBy: {order}): ")
                lines[-1] += f"{node}Connection!"
        elif reference is not None:
            if reference[0] in TYPES:
                lines.append(f"  {name}: {field.type}")
        elif name == "id" or (definition.base_resolver is None and not field.args):
            lines.append(f"  {name}: {field.type}")
    return lines


def covered_sdl() -> str:
    graphql_schema = schema._schema
    parts = ["scalar PageSize", "scalar NodeId", "interface Node { id: ID! }"]
    printed: set[str] = set()
    for name in TYPES:
        type_ = graphql_schema.get_type(name)
        assert isinstance(type_, GraphQLObjectType)
        parts.append(
            f"type {name} implements Node {{\n" + "\n".join(_covered_fields(type_)) + "\n}"
        )
        parts.append(
            f"type {name}Connection {{ pageInfo: PageInfo! edges: [{name}Edge!]! "
            "totalCount: Int! }"
        )
        parts.append(f"type {name}Edge {{ cursor: String! node: {name}! }}")
        for extra in (f"{name}Order", f"{name}OrderField"):
            parts.append(print_type(graphql_schema.get_type(extra)))  # type: ignore[arg-type]
        for field in type_.fields.values():
            named: Any = field.type
            while hasattr(named, "of_type"):
                named = named.of_type
            if is_leaf_type(named) and named.name not in printed | _BUILT_IN:
                printed.add(named.name)
                parts.append(print_type(named))
    parts.append(print_type(graphql_schema.get_type("OrderDirection")))  # type: ignore[arg-type]
    parts.append(
        "type PageInfo { hasNextPage: Boolean! hasPreviousPage: Boolean! "
        "startCursor: String endCursor: String }"
    )
    parts.append(
        "type Query {\n"
        "  node(id: NodeId!): Node\n"
        "  people(first: PageSize, last: PageSize, orderBy: [PersonOrder!]): PersonConnection!\n"
        "  organizations(first: PageSize, last: PageSize, orderBy: [OrganizationOrder!]): "
        "OrganizationConnection!\n"
        "}"
    )
    return "\n\n".join(parts)


# -- the data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    people: list[int]
    organizations: list[int]

    def global_ids(self) -> list[str]:
        ids = [("Person", k) for k in self.people] + [
            ("Organization", k) for k in self.organizations
        ]
        return [base64.b64encode(f"{t}:{k}".encode()).decode() for t, k in ids]


def _moment(i: int) -> datetime:
    # ties every third row; whole seconds and fractions (PostgreSQL's JSON trims zeros)
    return datetime(2025, 1, 1 + i // 3, 9, 30, 0, (i % 2) * 120_000, tzinfo=UTC)


@pytest.fixture(scope="module")
async def world(settings: Settings) -> AsyncIterator[World]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        factory = app.state.session_factory
        async with factory() as session, session.begin():
            insert_org = insert(models.Organization).returning(models.Organization.id)  # type: ignore[arg-type]
            parents = list(
                (
                    await session.execute(
                        insert_org,
                        [
                            {
                                "name": "总会",
                                "kind": "overseas_chinese_federation",
                                "country": "CN",
                            },
                            {
                                "name": "基金",
                                "kind": "fund",
                                "fund_target_amount": "1000000.50",
                                "fund_committed_amount": "20.00",
                                "aliases": ["Fund", "基"],
                                "is_global500": True,
                                "founded_on": date(1999, 9, 9),
                            },
                        ],
                    )
                ).scalars()
            )
            children = list(
                (
                    await session.execute(
                        insert_org,
                        [
                            {
                                "name": f"分会{i % 4}",
                                "kind": "alumni_association",
                                "parent_id": parents[i % 2],
                                "city": None if i % 3 else "福州",
                                "created_at": _moment(i),
                            }
                            for i in range(8)
                        ],
                    )
                ).scalars()
            )
            organizations = parents + children
            people = list(
                (
                    await session.execute(
                        insert(models.Person).returning(models.Person.id),  # type: ignore[arg-type]
                        [
                            {
                                "name": f"会员{i % 9}",
                                "name_latin": None if i % 4 == 0 else f"Member {i}",
                                "country": [None, "CN", "SG", "US"][i % 4],
                                "birth_year": None if i % 5 == 0 else 1950 + i,
                                "gender": [None, "female", "male"][i % 3],
                                "expertise": ["AI", "材料"][: i % 3],
                                "honours": ["cas_academician"] if i % 7 == 0 else [],
                                "created_at": _moment(i),
                                "retention_until": date(2030, 1, 1) if i % 6 == 0 else None,
                                "email": f"p{i}@example.org",
                            }
                            for i in range(24)
                        ],
                    )
                ).scalars()
            )
            roles = ["member", "officer", "employee", "alumnus"]
            await session.execute(
                insert(models.Affiliation),
                [
                    {
                        "person_id": person,
                        "organization_id": organizations[(i + k) % len(organizations)],
                        "role": roles[(i + k) % 4],
                        "degree": "doctorate" if roles[(i + k) % 4] == "alumnus" and k else None,
                        "starts_on": None if (i + k) % 3 == 0 else date(2000 + k, 1, 1 + i),
                        "created_at": _moment(i + k),
                    }
                    for i, person in enumerate(people)
                    for k in range(i % 4)
                ],
            )
            kinds = ["classmate", "colleague", "friend", "mentor"]
            await session.execute(
                insert(models.Relationship),
                [
                    {
                        "person_a_id": min(people[i], people[j]),
                        "person_b_id": max(people[i], people[j]),
                        "kind": kinds[(i + j) % 4],
                        "strength": [0.5, 0.25, 1.0, 0.7][(i * j) % 4],
                        "since": None if (i + j) % 2 else date(2010, 1 + i % 12, 1),
                        "created_at": _moment(i + j),
                    }
                    for i in range(12)
                    for j in range(i + 1, min(i + 5, 24))
                ],
            )
    try:
        yield World(people, organizations)
    finally:
        await _empty_tables(app.state.session_factory)


# -- two servers, four viewers -----------------------------------------------------------------


@dataclass
class Servers:
    general: httpx.AsyncClient
    compiled: httpx.AsyncClient
    tokens: dict[str, str]
    #: the compiled app's verdicts (its answers in front of GraphQL)
    verdicts: Verdicts
    #: viewers' questions the compiled path answered (`same` counts each once)
    answered: int = 0
    #: PostgreSQL writes the nodes' JSON text (crm/serving/compiled/text.py)
    postgresql: bool = False

    async def same(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, bytes]:
        """Each viewer's answer, asserted equal from both paths (and the compiled path
        never failed and left it to the general executor). The compiled app is asked
        twice: an operation it compiled is answered again in front of GraphQL
        (crm/serving/compiled/fast.py), with the same bytes and headers."""
        failed = extension.COUNTS.failed, self.verdicts.failed
        answers = {}
        for viewer, token in self.tokens.items():
            body = {"query": query, "variables": variables or {}}
            general = await self.general.post("/graphql", json=body, headers=bearer(token))
            compiled_before, fast_before = extension.COUNTS.answered, self.verdicts.answered
            for _ in range(2):
                compiled = await self.compiled.post("/graphql", json=body, headers=bearer(token))
                assert compiled.status_code == general.status_code, (viewer, query)
                assert compiled.content == general.content, (viewer, query, variables)
                assert compiled.headers == general.headers, (viewer, query)
            fast = self.verdicts.answered - fast_before
            compiled_paths = extension.COUNTS.answered - compiled_before + fast
            assert compiled_paths in (0, 2), (viewer, query, variables)  # both or neither
            if compiled_paths:
                assert fast >= 1, "the second time, the fast path answers"
                self.answered += 1
            answers[viewer] = compiled.content
        now = extension.COUNTS.failed, self.verdicts.failed
        assert now == failed, "the compiled path raised: see the log"
        return answers


@pytest.fixture(scope="module")
async def servers(settings: Settings, world: World) -> AsyncIterator[Servers]:
    common = {"response_cache_size": 0, "token_budget_per_minute": 10**12}
    general = create_app(settings.model_copy(update={**common, "compiled_reads": False}))
    compiled = create_app(settings.model_copy(update={**common, "compiled_reads": True}))
    async with (
        general.router.lifespan_context(general),
        compiled.router.lifespan_context(compiled),
    ):
        if True:
            factory = general.state.session_factory
            tokens = {
                "admin": (await make_user(factory, UserRole.ADMIN))[1],
                "liaison": (await make_user(factory, UserRole.LIAISON))[1],
                "analyst": (await make_user(factory, UserRole.ANALYST))[1],
                "app": (await make_user(factory, UserRole.APP, scopes=APP_SCOPES))[1],
            }
            base = "http://crm.test"
            async with (
                httpx.AsyncClient(transport=httpx.ASGITransport(app=general), base_url=base) as a,
                httpx.AsyncClient(transport=httpx.ASGITransport(app=compiled), base_url=base) as b,
            ):
                dialect = factory.kw["bind"].dialect.name
                verdicts = compiled.state.compiled_verdicts
                yield Servers(a, b, tokens, verdicts, postgresql=dialect == "postgresql")


def _answered() -> int:
    return extension.COUNTS.answered


# -- generated queries -------------------------------------------------------------------------

SDL = covered_sdl()


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
async def test_generated_queries_get_the_same_answer(
    servers: Servers, world: World, data: st.DataObject
) -> None:
    strategy = queries(
        SDL,
        custom_scalars={
            "PageSize": st.integers(0, 6).map(nodes.Int),
            "NodeId": st.sampled_from(world.global_ids()).map(nodes.String),
        },
        allow_null=False,
    )
    query = data.draw(strategy)
    await servers.same(str(query))


def test_the_generated_schema_covers_every_kind_of_field() -> None:
    """The SDL the queries come from holds references, nested lists and leaves."""
    assert "organization: Organization!" in SDL
    assert "affiliations(first: PageSize" in SDL
    assert "relationships(first: PageSize" in SDL
    assert "createdAt: DateTime!" in SDL
    assert "fundTargetAmount: Decimal" in SDL
    assert "email" not in SDL  # contact channels: never compiled


# -- by hand -----------------------------------------------------------------------------------

Q2 = """query Q2($first: Int!) {
  people(first: $first) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      id __typename name nameLatin country birthYear gender expertise honours createdAt
      affiliations(first: 5, orderBy: [{field: CREATED_AT}]) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { role degree startsOn organization { id name kind parent { name } } } }
      }
    } }
  }
}"""
Q3 = """query Q3($id: ID!) {
  node(id: $id) {
    __typename
    ... on Person {
      id name nameLatin country city
      relationships(first: 10, orderBy: [{field: CREATED_AT, direction: DESC}]) {
        totalCount
        edges { cursor node { kind strength since personA { name } personB { name } } }
      }
    }
  }
}"""
ORGANIZATIONS = """query($first: Int, $last: Int, $after: String, $before: String) {
  organizations(first: $first, last: $last, after: $after, before: $before,
                orderBy: [{field: NAME, direction: DESC}]) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      id name nameEn aliases kind isGlobal500 foundedOn fundTargetAmount fundCommittedAmount
      members(last: 2) { edges { cursor node { role person { name } } } }
      subOrganizations(first: 3) { totalCount edges { node { name city createdAt } } }
    } }
  }
}"""


async def test_the_benchmark_shapes_are_compiled_and_the_same(
    servers: Servers, world: World
) -> None:
    before = servers.answered
    written = TEXT_COUNTS.written
    await servers.same(Q2, {"first": 10})
    await servers.same(Q3, {"id": world.global_ids()[0]})
    assert servers.answered - before == 2 * len(servers.tokens)
    if servers.postgresql:  # PostgreSQL wrote the nodes' text, twice per viewer
        assert TEXT_COUNTS.written - written == 2 * 2 * len(servers.tokens)
    else:
        assert TEXT_COUNTS.written == written
    await servers.same(ORGANIZATIONS, {"first": 4})
    assert servers.answered - before == 3 * len(servers.tokens)


async def test_pages_backwards_empty_and_past_the_end(servers: Servers) -> None:
    before = servers.answered
    await servers.same(ORGANIZATIONS, {"last": 3})
    await servers.same(ORGANIZATIONS, {"first": 0})
    await servers.same(ORGANIZATIONS, {"last": 0})
    await servers.same(ORGANIZATIONS, {"first": 100})
    assert servers.answered - before == 4 * len(servers.tokens)


async def test_cursors_of_one_path_walk_the_other(servers: Servers) -> None:
    """Walk all organisations forwards and backwards, two at a time, each page asked with
    the cursor the other path handed out."""
    token = servers.tokens["admin"]
    walks = []
    for first, second in ((servers.general, servers.compiled), (servers.compiled, servers.general)):
        cursor: str | None = None
        names = []
        for turn in range(20):
            client = first if turn % 2 == 0 else second
            body = {"query": ORGANIZATIONS, "variables": {"first": 2, "after": cursor}}
            page = (await client.post("/graphql", json=body, headers=bearer(token))).json()
            connection = page["data"]["organizations"]
            names += [e["node"]["name"] for e in connection["edges"]]
            await servers.same(ORGANIZATIONS, {"first": 2, "after": cursor})
            if not connection["pageInfo"]["hasNextPage"]:
                break
            cursor = connection["pageInfo"]["endCursor"]
        walks.append(names)
        await servers.same(ORGANIZATIONS, {"last": 2, "before": cursor})
    assert walks[0] == walks[1]
    assert len(walks[0]) == 10


async def test_nested_pages_with_cursors_and_orders(servers: Servers) -> None:
    query = """query($order: [AffiliationOrder!], $dir: OrderDirection!) {
      people(first: 24, orderBy: [{field: BIRTH_YEAR, direction: $dir}, {field: NAME}]) {
        edges { node { name birthYear
          affiliations(first: 2, orderBy: $order) {
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            edges { cursor node { role startsOn } }
          }
          last: affiliations(last: 1) { edges { cursor node { role } } }
          relationships(first: 3, orderBy: [{field: SINCE}, {field: KIND, direction: DESC}]) {
            totalCount edges { cursor node { kind since strength } }
          }
        } }
      }
    }"""
    for order in ([{"field": "STARTS_ON", "direction": "DESC"}], [{"field": "ROLE"}], None):
        for direction in ("ASC", "DESC"):
            await servers.same(query, {"order": order, "dir": direction})


async def test_what_is_not_covered_falls_back_and_is_the_same(
    servers: Servers, world: World, settings: Settings
) -> None:
    """Contact channels (audited), filters, directives, fragments on other types, an ID
    of no row, introspection: the general executor answers, with the audit entries it writes."""
    person = world.global_ids()[0]
    contacts = "query($id: ID!) { node(id: $id) { ... on Person { name email } } }"
    filtered = '{ people(filter: {nameContains: "会员1"}) { totalCount } }'
    directive = "query($x: Boolean!) { people(first: 2) @include(if: $x) { totalCount } }"
    other_type = "query($id: ID!) { node(id: $id) { ... on Organization { name } } }"
    missing = base64.b64encode(b"Person:999999").decode()
    before = servers.answered
    answers = await servers.same(contacts, {"id": person})
    assert b"p0@example.org" in answers["admin"]
    await servers.same(filtered)
    await servers.same(directive, {"x": True})
    await servers.same(other_type, {"id": person})  # a Person: the fragment selects nothing
    await servers.same(Q3, {"id": missing})
    await servers.same(Q3, {"id": "not a global id"})
    await servers.same(ORGANIZATIONS, {"first": 2, "after": "bm90IGEgY3Vyc29y"})
    await servers.same(ORGANIZATIONS, {"first": -1})
    await servers.same("{ __schema { queryType { name } } }")  # GraphiQL's first request
    await servers.same('{ __type(name: "Person") { name } people(first: 1) { totalCount } }')
    # only `other_type` is covered (for each viewer)
    assert servers.answered - before == len(servers.tokens)
    # both apps wrote an audit entry for each of the administrator's contact reads (the
    # compiled app was asked twice)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        audit = table_of(models.AuditEntry)
        async with app.state.session_factory() as session:
            reads = await session.scalar(
                select(func.count())
                .select_from(audit)
                .where(audit.c.action == AuditAction.READ_CONTACT)
            )
    assert reads == 3


async def test_switched_off_nothing_is_compiled(settings: Settings, world: World) -> None:
    app = create_app(settings.model_copy(update={"compiled_reads": False}))
    async with app.router.lifespan_context(app):
        _, token = await make_user(app.state.session_factory, UserRole.ADMIN)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://crm.test") as client:
            before = _answered()
            response = await client.post(
                "/graphql", json={"query": Q2, "variables": {"first": 3}}, headers=bearer(token)
            )
    assert "errors" not in json.loads(response.content)
    assert _answered() == before


async def test_records_seen_per_viewer_are_left_to_the_general_executor(
    servers: Servers,
) -> None:
    """A list is seen by its owner, its shares and administrators (its own
    `resolve_nodes`): another liaison officer's `node` must stay null."""
    create = """mutation { createList(input: {name: "私人名单", kind: PERSON}) {
      list { id } errors { message } } }"""
    owner = servers.tokens["liaison"]
    response = await servers.general.post("/graphql", json={"query": create}, headers=bearer(owner))
    list_id = response.json()["data"]["createList"]["list"]["id"]
    query = "query($id: ID!) { node(id: $id) { id ... on List { name } } }"
    before = servers.answered
    answers = await servers.same(query, {"id": list_id})
    assert json.loads(answers["analyst"])["data"]["node"] is None
    assert json.loads(answers["liaison"])["data"]["node"] == {"id": list_id, "name": "私人名单"}
    assert servers.answered == before


# -- the answer's text written by PostgreSQL (crm/serving/compiled/text.py) -------------------

WRITTEN = """query($first: Int!) {
  people(first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor __typename node {
      __typename id name nameLatin country birthYear gender createdAt retentionUntil
      affiliations(first: 2, orderBy: [{field: CREATED_AT}]) {
        __typename totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor __typename }
        edges { cursor node { id role degree startsOn
          organization { id name isGlobal500 foundedOn createdAt } } }
      }
      back: affiliations(last: 1) {
        pageInfo { startCursor endCursor hasPreviousPage hasNextPage }
        edges { node { role } cursor }
      }
      none: affiliations(first: 0) { totalCount pageInfo { startCursor } edges { cursor } }
      relationships(first: 2, orderBy: [{field: CREATED_AT, direction: DESC}]) {
        edges { cursor node { kind strength since personA { name } personB { id } } }
      }
    } }
  }
}"""

#: nested cursors ordered by Chinese names: the cursor encoder escapes them, SQL does not
ESCAPED_CURSORS = """{
  organizations(first: 10) { edges { node { name
    subOrganizations(first: 3, orderBy: [{field: NAME}]) { edges { cursor node { name } } }
  } } }
}"""


async def test_answers_written_by_postgresql_are_the_same(servers: Servers) -> None:
    """Unicode names, nulls, dates, timestamps with and without fractions, enums, floats,
    empty and backward nested pages with their cursors and page info, counts: the same
    bytes as the general executor's, written by PostgreSQL (SQLite: by Python)."""
    written, fallback = TEXT_COUNTS.written, TEXT_COUNTS.fallback
    for first in (24, 5, 0):
        await servers.same(WRITTEN, {"first": first})
    assert TEXT_COUNTS.fallback == fallback
    expected = 3 * 2 * len(servers.tokens) if servers.postgresql else 0
    assert TEXT_COUNTS.written - written == expected


async def test_a_row_sql_cannot_spell_falls_back_to_python(servers: Servers) -> None:
    written, fallback = TEXT_COUNTS.written, TEXT_COUNTS.fallback
    answers = await servers.same(ESCAPED_CURSORS)
    edges = json.loads(answers["admin"])["data"]["organizations"]["edges"]
    below = [e["node"]["name"] for o in edges for e in o["node"]["subOrganizations"]["edges"]]
    assert len(below) == 6
    assert all(name.startswith("分会") for name in below)
    assert TEXT_COUNTS.written == written
    expected = 2 * len(servers.tokens) if servers.postgresql else 0
    assert TEXT_COUNTS.fallback - fallback == expected


FLOATS = [0.5, 0.25, 1.0, 0.7, 0.1 + 0.2, -0.0, 0.0, 1e-4, -3.5, 12345678.125, 1 / 3]
FLOATS += [99999999999999.0, 123456789012345.6, 2.5e-4, 1e15, 1e16, 1e-5, 1e300, -2.5e-7]
MOMENTS = [
    datetime(2025, 1, 1, 9, 30, tzinfo=UTC),
    datetime(2025, 1, 1, 9, 30, 0, 120_000, tzinfo=UTC),
    datetime(1999, 12, 31, 23, 59, 59, 5, tzinfo=UTC),
    datetime(2030, 6, 1, 0, 0, 1, 999_999, tzinfo=UTC),
]


async def test_postgresql_spells_values_and_cursors_as_python_does(
    settings: Settings, engine: AsyncEngine
) -> None:
    """Floats where PostgreSQL's digits are orjson's (NULL elsewhere: Python answers),
    `datetime.isoformat()` and `encode_cursor` of tagged sort values."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite answers with the Python builder")
    async with engine.connect() as connection:
        for value in FLOATS:
            spelled = await connection.scalar(select(text._float(literal(value, Float()))))
            in_range = value == 0 or 1e-4 <= abs(value) < 1e15
            assert spelled == (orjson.dumps(value).decode() if in_range else None), value
        for moment in MOMENTS:
            spelled = await connection.scalar(
                select(text._timestamp(literal(moment, UTCDateTime())))
            )
            assert spelled == moment.isoformat()
        keys: list[tuple[Any, Any, Any]] = [
            (MOMENTS[1], UTCDateTime(), 17),
            (date(2001, 2, 3), Date(), -4),
            ('a "quoted"\\ \x01\tname/', String(), 2**40),
            (None, String(), 1),
            (True, Boolean(), 0),
        ]
        for value, type_, key in keys:
            columns: list[Any] = [literal(value, type_), literal(key, BigInteger())]
            spelled = await connection.scalar(select(text._cursor(columns)))
            assert spelled == orjson.dumps(encode_cursor((value, key))).decode(), value
        non_ascii: list[Any] = [literal("会员", String()), literal(1, Integer())]
        assert await connection.scalar(select(text._cursor(non_ascii))) is None
