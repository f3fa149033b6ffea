"""The rows behind a few paths' evidence, read in ONE statement.

A path's evidence needs the rows of its nodes, the links among them of the kinds its
hops carry, and the alumni studies of the people a cohort ties. Each of those used to be
a statement of its own, and the links were then read again by id (8–10 round trips an
answer). Here they are the branches of one UNION ALL: every branch fills the same typed
slots (`SLOTS`), a tag says which table a row came from, and `split_rows` hands each
table its rows back under the column names the record builders read
(crm.network.source), so the records are those a read by id would give.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache
from types import SimpleNamespace
from typing import Any, Final

from sqlalchemy import (
    JSON,
    Boolean,
    ColumnElement,
    Date,
    Float,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    cast,
    literal_column,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.types import TypeEngine

from crm.db.enums import AffiliationRole
from crm.db.queries.graph_rows import (
    affiliation,
    agreement,
    attendance,
    event,
    interaction,
    introduction,
    organization,
    participant,
    participation,
    party,
    person,
    project,
    relationship,
)
from crm.db.types import UTCDateTime

__all__ = ["LINK_TABLES", "SLOTS", "evidence_rows", "evidence_statement", "split_rows"]

#: the typed slots every branch fills, in order (a branch leaves the others NULL)
SLOTS: Final[Mapping[str, TypeEngine[Any]]] = {
    "tag": String(),
    "id": Integer(),
    **{f"i{n}": Integer() for n in range(1, 5)},
    **{f"s{n}": String() for n in range(1, 6)},
    "d1": Date(),
    "d2": Date(),
    "t1": UTCDateTime(),
    "f1": Float(),
    **{f"j{n}": JSON().with_variant(JSONB(), "postgresql") for n in (1, 2)},
}

#: table → (slot, column name the record builders read), beyond tag and id
_FIELDS: Final[Mapping[str, Sequence[tuple[str, str]]]] = {
    "person": (
        ("s1", "name"),
        ("s2", "name_latin"),
        ("s3", "country"),
        ("s4", "city"),
        ("s5", "hometown_province"),
        ("j1", "expertise"),
        ("j2", "honours"),
    ),
    "organization": (
        ("s1", "name"),
        ("s2", "name_en"),
        ("s3", "kind"),
        ("s4", "country"),
        ("i1", "parent_id"),
    ),
    "event": (("s1", "name"), ("d1", "starts_on")),
    "project": (("s1", "name"), ("s2", "field")),
    "affiliation": (
        ("i1", "person_id"),
        ("i2", "organization_id"),
        ("s1", "role"),
        ("s2", "title"),
        ("d1", "starts_on"),
        ("d2", "ends_on"),
        ("s3", "degree"),
        ("s4", "field_of_study"),
    ),
    "relationship": (
        ("i1", "person_a_id"),
        ("i2", "person_b_id"),
        ("s1", "kind"),
        ("f1", "strength"),
        ("d1", "since"),
        ("s2", "source"),
    ),
    "attendance": (("i1", "person_id"), ("i2", "event_id"), ("s1", "role")),
    "participation": (
        ("i1", "project_id"),
        ("i2", "person_id"),
        ("i3", "organization_id"),
        ("s1", "role"),
    ),
    "introduction": (
        ("i1", "seeker_id"),
        ("i2", "target_person_id"),
        ("i3", "target_organization_id"),
        ("s1", "status"),
        ("t1", "status_changed_at"),
        ("s2", "broker_name"),
    ),
    "agreement": (
        ("s1", "title"),
        ("s2", "status"),
        ("d1", "signed_on"),
        ("i1", "a_person"),
        ("i2", "a_organization"),
        ("i3", "b_person"),
        ("i4", "b_organization"),
    ),
    "interaction": (
        ("s1", "kind"),
        ("t1", "occurred_at"),
        ("i1", "a_person"),
        ("i2", "b_person"),
    ),
}
#: the link tables a branch can read
LINK_TABLES: Final = frozenset(_FIELDS) - {"person", "organization", "event", "project"}

Branch = Callable[[], Select[Any]]


def _branch(tag: str, row_id: Any, columns: Mapping[str, Any]) -> list[ColumnElement[Any]]:
    """The select list of one branch: its columns in their slots, NULL elsewhere (every
    slot typed, so each database hands back dates, times and JSON as the columns would)."""
    filled = {"tag": literal_column(f"'{tag}'", String()), "id": row_id, **columns}
    return [
        type_coerce(filled[slot], kind).label(slot)
        if slot in filled
        # typed: PostgreSQL takes an untyped NULL of a first branch for text
        else cast(null(), kind).label(slot)
        for slot, kind in SLOTS.items()
    ]


def _slots(table: str, *columns: Any) -> dict[str, Any]:
    return {slot: column for (slot, _), column in zip(_FIELDS[table], columns, strict=True)}


def _in(column: ColumnElement[Any], table: str) -> ColumnElement[bool]:
    """`column` among the ids of the nodes of `table` ("cohort": the cohort's people),
    bound when the statement runs."""
    return column.in_(bindparam(table, expanding=True))


def _party_in(pid: Any, oid: Any) -> ColumnElement[bool]:
    """A person-or-organisation end among the nodes."""
    return or_(_in(pid, "person"), _in(oid, "organization"))


def _node_branches() -> list[Select[Any]]:
    """The nodes' rows, and those of the organisations the cohort's people studied at."""
    c = person.c
    columns = (c.name, c.name_latin, c.country, c.city, c.hometown_province)
    branch = _slots("person", *columns, c.expertise, c.honours)
    branches = [select(*_branch("person", c.id, branch)).where(_in(c.id, "person"))]
    c = organization.c
    branch = _slots("organization", c.name, c.name_en, c.kind, c.country, c.parent_id)
    branches.append(select(*_branch("organization", c.id, branch)).where(_in(c.id, "organization")))
    # apart: an OR of the two would scan the whole table
    studied = c.id.in_(_alumni().with_only_columns(affiliation.c.organization_id))
    branches.append(select(*_branch("organization", c.id, branch)).where(studied))
    c = event.c
    branch = _slots("event", c.name, c.starts_on)
    branches.append(select(*_branch("event", c.id, branch)).where(_in(c.id, "event")))
    c = project.c
    branch = _slots("project", c.name, c.field)
    branches.append(select(*_branch("project", c.id, branch)).where(_in(c.id, "project")))
    return branches


def _alumni() -> Select[Any]:
    """The alumni affiliations of the cohort's people (every study, with a start or not)."""
    c = affiliation.c
    return select(c.id).where(_in(c.person_id, "cohort"), c.role == AffiliationRole.ALUMNUS)


def _affiliations() -> Select[Any]:
    """Affiliations among the nodes (when read), and the cohort's alumni studies."""
    c = affiliation.c
    among = (_in(c.person_id, "person"), _in(c.organization_id, "organization"))
    studies = (_in(c.person_id, "cohort"), c.role == AffiliationRole.ALUMNUS)
    columns = (c.person_id, c.organization_id, c.role, c.title, c.starts_on, c.ends_on)
    branch = _slots("affiliation", *columns, c.degree, c.field_of_study)
    return select(*_branch("affiliation", c.id, branch)).where(
        or_(and_(_read("affiliation"), *among), and_(*studies))
    )


def _relationships() -> Select[Any]:
    c = relationship.c
    columns = (c.person_a_id, c.person_b_id, c.kind, c.strength, c.since, c.source)
    return select(*_branch("relationship", c.id, _slots("relationship", *columns))).where(
        _in(c.person_a_id, "person"), _in(c.person_b_id, "person")
    )


def _attendances() -> Select[Any]:
    c = attendance.c
    branch = _slots("attendance", c.person_id, c.event_id, c.role)
    return select(*_branch("attendance", c.id, branch)).where(
        _in(c.person_id, "person"), _in(c.event_id, "event")
    )


def _participations() -> Select[Any]:
    c = participation.c
    branch = _slots("participation", c.project_id, c.person_id, c.organization_id, c.role)
    return select(*_branch("participation", c.id, branch)).where(
        _in(c.project_id, "project"), _party_in(c.person_id, c.organization_id)
    )


def _introductions() -> Select[Any]:
    c, broker = introduction.c, aliased(person)
    columns = (c.seeker_id, c.target_person_id, c.target_organization_id, c.status)
    branch = _slots("introduction", *columns, c.status_changed_at, broker.c.name)
    return (
        select(*_branch("introduction", c.id, branch))
        .select_from(introduction.outerjoin(broker, broker.c.id == c.broker_id))
        .where(
            _in(c.seeker_id, "person"),
            _party_in(c.target_person_id, c.target_organization_id),
        )
    )


def _agreements() -> Select[Any]:
    """Each pair of parties of an agreement (the lower party row first), both among."""
    a, b, c = aliased(party), aliased(party), agreement.c
    parties = (a.c.person_id, a.c.organization_id, b.c.person_id, b.c.organization_id)
    branch = _slots("agreement", c.title, c.status, c.signed_on, *parties)
    return (
        select(*_branch("agreement", c.id, branch))
        .select_from(
            agreement.join(a, a.c.agreement_id == c.id).join(
                b, and_(b.c.agreement_id == c.id, b.c.id > a.c.id)
            )
        )
        .where(
            _party_in(a.c.person_id, a.c.organization_id),
            _party_in(b.c.person_id, b.c.organization_id),
        )
    )


def _interactions() -> Select[Any]:
    """Each pair of people of an interaction (the lower id first), both among."""
    a, b, c = aliased(participant), aliased(participant), interaction.c
    branch = _slots("interaction", c.kind, c.occurred_at, a.c.person_id, b.c.person_id)
    return (
        select(*_branch("interaction", c.id, branch))
        .select_from(
            interaction.join(a, a.c.interaction_id == c.id).join(
                b, and_(b.c.interaction_id == c.id, b.c.person_id > a.c.person_id)
            )
        )
        .where(_in(a.c.person_id, "person"), _in(b.c.person_id, "person"))
    )


#: the link tables read apart from affiliations (those also carry the cohorts' studies)
_LINKS: Final[Mapping[str, Branch]] = {
    "relationship": _relationships,
    "attendance": _attendances,
    "participation": _participations,
    "introduction": _introductions,
    "agreement": _agreements,
    "interaction": _interactions,
}


_NODE_TABLES: Final = frozenset({"person", "organization", "event", "project"})


def _read(table: str) -> ColumnElement[bool]:
    """Whether the link table's rows are read this time (a false one is folded away by
    the planner): the statement stays one, so it is built and compiled once."""
    return bindparam(f"read_{table}", type_=Boolean())


@cache
def _statement() -> Select[Any]:
    """Every branch, built once: the ids and which link tables are read bound when it
    runs (an empty list of ids selects nothing)."""
    branches = [*_node_branches(), _affiliations()]
    branches += [_LINKS[table]().where(_read(table)) for table in sorted(_LINKS)]
    return union_all(*branches)  # type: ignore[return-value]


def evidence_statement(
    among: Mapping[str, Collection[int]], tables: Collection[str], cohort: Collection[int]
) -> tuple[Select[Any], dict[str, object]]:
    """One statement, and its parameters, for the rows of the nodes `among` (node table
    → ids), the rows of the link `tables` whose ends are all among them, and the alumni
    affiliations (with their organisations) of the `cohort` people."""
    values: dict[str, object] = {t: sorted(among.get(t, ())) for t in sorted(_NODE_TABLES)}
    values["cohort"] = sorted(cohort)
    values.update({f"read_{t}": t in tables for t in sorted(LINK_TABLES)})
    return _statement(), values


def split_rows(rows: Sequence[Any]) -> dict[str, list[SimpleNamespace]]:
    """The statement's rows by table, each under its table's column names."""
    found: dict[str, list[SimpleNamespace]] = {}
    nodes: set[tuple[str, int]] = set()
    for row in rows:
        tag = row.tag
        if tag in _NODE_TABLES:
            if (tag, row.id) in nodes:  # an organisation on a path and studied at
                continue
            nodes.add((tag, row.id))
        fields = {name: getattr(row, slot) for slot, name in _FIELDS[tag]}
        found.setdefault(tag, []).append(SimpleNamespace(id=row.id, **fields))
    return found


async def evidence_rows(
    session: AsyncSession,
    among: Mapping[str, Collection[int]],
    tables: Collection[str],
    cohort: Collection[int],
) -> dict[str, list[SimpleNamespace]]:
    """The rows of `evidence_statement`, by table (one round trip, no ORM objects)."""
    statement, values = evidence_statement(among, tables, cohort)
    connection = await session.connection()
    return split_rows((await connection.execute(statement, values)).all())
