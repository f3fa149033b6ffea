"""The network's rows for the compact graph: streamed in batches, or those among some nodes.

Lean statements (only what the tie-strength model and the labels need), streamed with
`yield_per` so ten million rows never sit in memory as row objects at once. Each can be
limited to the rows whose ends are all among given nodes: how a cached graph re-reads
the part of the network a change touched.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection, Mapping, Sequence
from typing import Any, Final

from sqlalchemy import ColumnElement, Select, and_, distinct, func, not_, or_, select, true
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

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

__all__ = [
    "BATCH",
    "Among",
    "alumni_of",
    "alumni_orgs_of",
    "hub_member_counts",
    "hub_members",
    "rows_of",
    "stream_rows",
]

#: rows per batch when streaming a whole table
BATCH: Final = 50_000
#: the most ids in one IN list (SQLite's parameter limit is 32,766)
_CHUNK: Final = 10_000

#: node table → ids; None reads everything
Among = Mapping[str, Collection[int]] | None
#: the node tables a link table's rows need among the given nodes (both ends)
_NEEDS: Final[Mapping[str, frozenset[str]]] = {
    "person": frozenset({"person"}),
    "organization": frozenset({"organization"}),
    "event": frozenset({"event"}),
    "project": frozenset({"project"}),
    "affiliation": frozenset({"person", "organization"}),
    "relationship": frozenset({"person"}),
    "attendance": frozenset({"person", "event"}),
    "participation": frozenset({"project"}),
    "introduction": frozenset({"person"}),
    "interaction": frozenset({"person"}),
}


def _in(column: ColumnElement[Any], ids: Collection[int]) -> ColumnElement[bool]:
    values = sorted(ids)
    if not values:
        return column.in_([])
    return or_(*(column.in_(values[i : i + _CHUNK]) for i in range(0, len(values), _CHUNK)))


def _party_in(among: Mapping[str, Collection[int]], pid: Any, oid: Any) -> ColumnElement[bool]:
    return or_(
        _in(pid, among.get("person", ())),
        _in(oid, among.get("organization", ())),
    )


def statements(among: Among = None) -> dict[str, Select[Any]]:
    """One statement per table; with `among`, only rows whose ends are all in it."""
    return {table: build() for table, build in _builders(among).items()}


def table_statement(table: str, among: Among = None) -> Select[Any]:
    """`table`'s statement alone (building every table's costs milliseconds a query)."""
    return _builders(among)[table]()


def _builders(among: Among) -> dict[str, Callable[[], Select[Any]]]:
    m: Mapping[str, Collection[int]] = among or {}
    limit = among is not None

    def only(table: str, column: Any) -> ColumnElement[bool]:
        return _in(column, m.get(table, ())) if limit else true()

    def parties(person_id: Any, organization_id: Any) -> ColumnElement[bool]:
        return _party_in(m, person_id, organization_id) if limit else true()

    return {
        "person": lambda: select(person.c.id, person.c.name).where(only("person", person.c.id)),
        "organization": lambda: select(
            organization.c.id, organization.c.name, organization.c.parent_id
        ).where(only("organization", organization.c.id)),
        "event": lambda: select(event.c.id, event.c.name, event.c.starts_on).where(
            only("event", event.c.id)
        ),
        "project": lambda: select(project.c.id, project.c.name).where(
            only("project", project.c.id)
        ),
        **_link_statements(only, parties),
    }


def _agreements(parties: Callable[[Any, Any], ColumnElement[bool]]) -> Select[Any]:
    a, b = aliased(party), aliased(party)
    return (
        select(
            agreement.c.id,
            agreement.c.status,
            agreement.c.signed_on,
            a.c.person_id,
            a.c.organization_id,
            b.c.person_id,
            b.c.organization_id,
        )
        .join(a, a.c.agreement_id == agreement.c.id)
        .join(b, and_(b.c.agreement_id == agreement.c.id, b.c.id > a.c.id))
        .where(
            parties(a.c.person_id, a.c.organization_id),
            parties(b.c.person_id, b.c.organization_id),
        )
    )


def _interactions(only: Callable[[str, Any], ColumnElement[bool]]) -> Select[Any]:
    pa, pb = aliased(participant), aliased(participant)
    return (
        select(interaction.c.id, interaction.c.occurred_at, pa.c.person_id, pb.c.person_id)
        .join(pa, pa.c.interaction_id == interaction.c.id)
        .join(pb, and_(pb.c.interaction_id == interaction.c.id, pb.c.person_id > pa.c.person_id))
        .where(only("person", pa.c.person_id), only("person", pb.c.person_id))
    )


def _link_statements(
    only: Callable[[str, Any], ColumnElement[bool]],
    parties: Callable[[Any, Any], ColumnElement[bool]],
) -> dict[str, Callable[[], Select[Any]]]:
    """The statements of the links (each built when asked for): `only` keeps rows whose
    end of a table is among the nodes read, `parties` those whose person-or-organisation
    end is."""
    return {
        "affiliation": lambda: select(
            affiliation.c.id,
            affiliation.c.person_id,
            affiliation.c.organization_id,
            affiliation.c.role,
            affiliation.c.starts_on,
            affiliation.c.ends_on,
            affiliation.c.field_of_study,
        ).where(
            only("person", affiliation.c.person_id),
            only("organization", affiliation.c.organization_id),
        ),
        "relationship": lambda: select(
            relationship.c.id,
            relationship.c.person_a_id,
            relationship.c.person_b_id,
            relationship.c.kind,
            relationship.c.strength,
            relationship.c.since,
        ).where(
            only("person", relationship.c.person_a_id), only("person", relationship.c.person_b_id)
        ),
        "attendance": lambda: select(
            attendance.c.id, attendance.c.person_id, attendance.c.event_id, attendance.c.role
        ).where(only("person", attendance.c.person_id), only("event", attendance.c.event_id)),
        "participation": lambda: select(
            participation.c.id,
            participation.c.project_id,
            participation.c.person_id,
            participation.c.organization_id,
            participation.c.role,
        ).where(
            only("project", participation.c.project_id),
            parties(participation.c.person_id, participation.c.organization_id),
        ),
        "introduction": lambda: select(
            introduction.c.id,
            introduction.c.seeker_id,
            introduction.c.target_person_id,
            introduction.c.target_organization_id,
            introduction.c.status,
            introduction.c.status_changed_at,
        ).where(
            only("person", introduction.c.seeker_id),
            parties(introduction.c.target_person_id, introduction.c.target_organization_id),
        ),
        "agreement": lambda: _agreements(parties),
        "interaction": lambda: _interactions(only),
    }


async def stream_rows(
    session: AsyncSession, table: str, among: Among = None
) -> AsyncIterator[Sequence[Any]]:
    """The rows of `table`'s statement, in batches of up to BATCH (all at once among
    given nodes: a server-side cursor would cost round trips for a few rows)."""
    if among is not None:
        if table in _NEEDS and not _NEEDS[table] <= {t for t, ids in among.items() if ids}:
            return  # an end's table has no node here: no row can qualify
        yield list((await session.execute(table_statement(table, among))).all())
        return
    streamed = table_statement(table, among).execution_options(yield_per=BATCH)
    result = await session.stream(streamed)
    async for part in result.partitions(BATCH):
        yield part


async def rows_of(session: AsyncSession, table: str, ids: Collection[int]) -> Sequence[Row[Any]]:
    """The rows of `table`'s statement with these row ids (the agreement or interaction
    id for their pairs)."""
    statement = table_statement(table)
    key = {"agreement": agreement.c.id, "interaction": interaction.c.id}.get(table)
    column = key if key is not None else statement.selected_columns[0]
    return list((await session.execute(statement.where(_in(column, ids)))).all())


async def hub_members(
    session: AsyncSession, hubs: Mapping[str, Collection[int]]
) -> dict[str, set[str]]:
    """The members of each hub: "Organization:3" → {"Person:1", …}."""
    found: dict[str, set[str]] = {}
    for table, hub, member_columns in _HUB_MEMBERS:
        ids = hubs.get(table)
        if not ids:
            continue
        for type_name, column in member_columns:
            statement = select(hub, column).where(_in(hub, ids), column.is_not(None)).distinct()
            for hub_id, member in (await session.execute(statement)).all():
                key = f"{table.capitalize()}:{hub_id}"
                found.setdefault(key, set()).add(f"{type_name}:{member}")
    return found


async def hub_member_counts(
    session: AsyncSession,
    hubs: Mapping[str, Collection[int]],
    *,
    excluded_people: Collection[int] = (),
) -> dict[str, int]:
    """How many distinct members each hub has, people in `excluded_people` not counted:
    "Organization:3" → 4,967 (the counting is the database's: one row per hub)."""
    found: dict[str, int] = {}
    for table, hub, member_columns in _HUB_MEMBERS:
        ids = hubs.get(table)
        if not ids:
            continue
        for type_name, column in member_columns:
            where = [_in(hub, ids), column.is_not(None)]
            if type_name == "Person" and excluded_people:
                where.append(not_(_in(column, excluded_people)))
            statement = select(hub, func.count(distinct(column))).where(*where).group_by(hub)
            for hub_id, count in (await session.execute(statement)).all():
                key = f"{table.capitalize()}:{hub_id}"
                found[key] = found.get(key, 0) + int(count)
    return found


_HUB_MEMBERS: Final[tuple[tuple[str, Any, tuple[tuple[str, Any], ...]], ...]] = (
    ("organization", affiliation.c.organization_id, (("Person", affiliation.c.person_id),)),
    ("event", attendance.c.event_id, (("Person", attendance.c.person_id),)),
    (
        "project",
        participation.c.project_id,
        (
            ("Person", participation.c.person_id),
            ("Organization", participation.c.organization_id),
        ),
    ),
)


async def alumni_of(session: AsyncSession, organizations: Collection[int]) -> Sequence[Row[Any]]:
    """The alumni affiliations (with a start) of these organisations."""
    c = affiliation.c
    statement = table_statement("affiliation").where(
        _in(c.organization_id, organizations),
        c.role == AffiliationRole.ALUMNUS,
        c.starts_on.is_not(None),
    )
    return list((await session.execute(statement)).all())


async def alumni_orgs_of(session: AsyncSession, people: Collection[int]) -> dict[int, set[int]]:
    """Person id → the organisations they are alumni of (with a start)."""
    c = affiliation.c
    statement = select(c.person_id, c.organization_id).where(
        _in(c.person_id, people), c.role == AffiliationRole.ALUMNUS, c.starts_on.is_not(None)
    )
    found: dict[int, set[int]] = {}
    for person_id, organization_id in (await session.execute(statement)).all():
        found.setdefault(int(person_id), set()).add(int(organization_id))
    return found
