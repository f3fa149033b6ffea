"""Reads the network from the database as crm.graph records: all of it, or what changed.

`load_records` reads every node and link for a rebuild; `load_delta` turns the change
log of some revisions (`graph_change`) into the records to upsert and remove, so a
cached graph can catch up with `crm.graph.build.apply_changes`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Collection,
    Iterable,
    Mapping,
    Sequence,
)
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.queries import graph_rows as q
from crm.graph.build import build_graph
from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT, LinkRecord, NodeRecord

__all__ = [
    "Delta",
    "load_delta",
    "load_graph",
    "load_nodes",
    "load_records",
    "records_of",
    "row_of",
    "withdrawn_people",
]

#: node tables and the node type of their rows
NODE_TABLES = {"person": PERSON, "organization": ORGANIZATION, "event": EVENT, "project": PROJECT}
#: tables whose rows are one link each, keyed "table:id"
LINK_TABLES = ("affiliation", "relationship", "attendance", "participation", "introduction")
#: tables whose rows fan out into one link per pair, keyed "table:id/a/b"
PAIR_TABLES = ("agreement", "interaction")


def _key(type_name: str, key: int) -> str:
    return f"{type_name}:{key}"


def row_of(link_key: str) -> str:
    """The row a link came from: "agreement:3/Person:1/Person:2" → "agreement:3"."""
    return link_key.partition("/")[0]


def _value(value: Any) -> Any:
    """Enum members as their values; lists as tuples (records are immutable)."""
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    if isinstance(value, list):
        return tuple(value)
    return value


def _facts(row: Any, *names: str) -> dict[str, object]:
    return {name: _value(getattr(row, name)) for name in names if getattr(row, name) is not None}


def _person(r: Any) -> NodeRecord:
    attrs = _facts(r, "name", "name_latin", "country", "city", "hometown_province")
    attrs.update(expertise=tuple(r.expertise or ()), honours=tuple(r.honours or ()))
    return NodeRecord(_key(PERSON, r.id), PERSON, r.name, attrs)


def _organization(r: Any) -> NodeRecord:
    attrs = _facts(r, "name", "name_en", "kind", "country")
    return NodeRecord(_key(ORGANIZATION, r.id), ORGANIZATION, r.name, attrs)


def _event(r: Any) -> NodeRecord:
    return NodeRecord(_key(EVENT, r.id), EVENT, r.name, _facts(r, "name", "starts_on"))


def _project(r: Any) -> NodeRecord:
    return NodeRecord(_key(PROJECT, r.id), PROJECT, r.name, _facts(r, "name", "field"))


def _parent(r: Any) -> LinkRecord:
    return LinkRecord(
        _key(ORGANIZATION, r.id),
        _key(ORGANIZATION, r.parent_id),
        "parent",
        {},
        key=f"parent:{r.id}",
    )


def _affiliation(r: Any) -> LinkRecord:
    return LinkRecord(
        _key(PERSON, r.person_id),
        _key(ORGANIZATION, r.organization_id),
        "affiliation",
        _facts(r, "role", "title", "starts_on", "ends_on", "degree", "field_of_study"),
        key=f"affiliation:{r.id}",
    )


def _relationship(r: Any) -> LinkRecord:
    return LinkRecord(
        _key(PERSON, r.person_a_id),
        _key(PERSON, r.person_b_id),
        "relationship",
        _facts(r, "kind", "strength", "since", "source"),
        key=f"relationship:{r.id}",
    )


def _attendance(r: Any) -> LinkRecord:
    return LinkRecord(
        _key(PERSON, r.person_id),
        _key(EVENT, r.event_id),
        "attendance",
        _facts(r, "role"),
        key=f"attendance:{r.id}",
    )


def _participation(r: Any) -> LinkRecord:
    member = (
        _key(PERSON, r.person_id)
        if r.person_id is not None
        else _key(ORGANIZATION, r.organization_id)
    )
    return LinkRecord(
        member,
        _key(PROJECT, r.project_id),
        "participation",
        _facts(r, "role"),
        key=f"participation:{r.id}",
    )


def _agreement_pair(r: Any) -> LinkRecord:
    a, b = _party(r.a_person, r.a_organization), _party(r.b_person, r.b_organization)
    facts = {"title": r.title, **_facts(r, "status", "signed_on")}
    return LinkRecord(a, b, "agreement_party", facts, key=f"agreement:{r.id}/{a}/{b}")


def _introduction(r: Any) -> LinkRecord:
    target = (
        _key(PERSON, r.target_person_id)
        if r.target_person_id is not None
        else _key(ORGANIZATION, r.target_organization_id)
    )
    facts = _facts(r, "status")
    if r.broker_name is not None:
        facts["broker"] = r.broker_name
    facts["made_on"] = r.status_changed_at
    return LinkRecord(
        _key(PERSON, r.seeker_id), target, "introduction", facts, key=f"introduction:{r.id}"
    )


def _interaction_pair(r: Any) -> LinkRecord:
    a, b = _key(PERSON, r.a_person), _key(PERSON, r.b_person)
    return LinkRecord(
        a, b, "interaction", _facts(r, "kind", "occurred_at"), key=f"interaction:{r.id}/{a}/{b}"
    )


def _party(person_id: int | None, organization_id: int | None) -> str:
    if person_id is not None:
        return _key(PERSON, person_id)
    assert organization_id is not None  # a CHECK guarantees one of the two
    return _key(ORGANIZATION, organization_id)


Reader = Callable[[AsyncSession, Collection[int] | None], Awaitable[Sequence[Any]]]

_NODE_READERS: dict[str, tuple[Reader, Callable[[Any], NodeRecord]]] = {
    "person": (q.people, _person),
    "organization": (q.organizations, _organization),
    "event": (q.events, _event),
    "project": (q.projects, _project),
}
_LINK_READERS: dict[str, tuple[Reader, Callable[[Any], LinkRecord]]] = {
    "affiliation": (q.affiliations, _affiliation),
    "relationship": (q.relationships, _relationship),
    "attendance": (q.attendances, _attendance),
    "participation": (q.participations, _participation),
    "introduction": (q.introductions, _introduction),
    "agreement": (q.agreement_party_pairs, _agreement_pair),
    "interaction": (q.interaction_pairs, _interaction_pair),
}


def records_of(
    rows: Mapping[str, Sequence[Any]],
) -> tuple[list[NodeRecord], list[LinkRecord]]:
    """The records of rows read elsewhere, by table (each row with the columns the
    readers above select, under their names; pairs as their pair readers name them)."""
    nodes: list[NodeRecord] = []
    links: list[LinkRecord] = []
    for table, (_, make) in _NODE_READERS.items():
        found = rows.get(table, ())
        nodes.extend(make(r) for r in found)
        if table == "organization":
            links.extend(_parent(r) for r in found if r.parent_id is not None)
    for table, (_, make_link) in _LINK_READERS.items():
        links.extend(make_link(r) for r in rows.get(table, ()))
    return nodes, links


async def load_nodes(session: AsyncSession) -> list[NodeRecord]:
    """Every node, with the attributes filters and evidence use (no links)."""
    nodes: list[NodeRecord] = []
    for read, make in _NODE_READERS.values():
        nodes.extend(make(r) for r in await read(session, None))
    return nodes


async def load_records(session: AsyncSession) -> tuple[list[NodeRecord], list[LinkRecord]]:
    """Every node and link of the network (read in the caller's transaction)."""
    nodes: list[NodeRecord] = []
    organizations: Sequence[Any] = ()
    for table, (read, make) in _NODE_READERS.items():
        rows = await read(session, None)
        nodes.extend(make(r) for r in rows)
        if table == "organization":
            organizations = rows
    links = [link async for link in _links(session)]
    links.extend(_parent(r) for r in organizations if r.parent_id is not None)
    return nodes, links


async def _links(session: AsyncSession) -> AsyncIterator[LinkRecord]:
    for read, make in _LINK_READERS.values():
        for row in await read(session, None):
            yield make(row)


async def withdrawn_people(session: AsyncSession) -> set[str]:
    """Keys of the people who withdrew consent to processing or network analysis."""
    return {_key(PERSON, p) for p in await q.withdrawn_consent(session)}


async def load_graph(
    session: AsyncSession, *, today: date, exclude_withdrawn: bool = True
) -> nx.Graph:
    """The whole network as a graph (people who withdrew consent left out if asked)."""
    nodes, links = await load_records(session)
    exclude = await withdrawn_people(session) if exclude_withdrawn else set()
    return build_graph(nodes, links, today=today, exclude=exclude)


@dataclass
class Delta:
    """What changed rows mean for the graph, in `apply_changes` terms.

    `replaced_rows` are the rows ("agreement:3") whose pair links are all re-read: the
    caller removes every link it holds from them before upserting `links`.
    """

    nodes: list[NodeRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    removed_nodes: list[str] = field(default_factory=list)
    removed_links: list[str] = field(default_factory=list)
    replaced_rows: list[str] = field(default_factory=list)
    #: consent records changed: who is excluded must be read again
    consent_changed: bool = False


async def load_delta(session: AsyncSession, changes: Iterable[tuple[str, int]]) -> Delta:
    """The current state of the changed rows (entity table, id), as records.

    A row that no longer exists is removed; one that exists is upserted, whatever
    the logged operation was: the log says what to look at, the database what is
    true now. Unknown tables are ignored.
    """
    wanted: dict[str, set[int]] = defaultdict(set)
    for entity, entity_id in changes:
        wanted[entity].add(entity_id)
    delta = Delta(consent_changed="consent" in wanted)
    for table, (read, make) in _NODE_READERS.items():
        ids = wanted.get(table)
        if not ids:
            continue
        rows = await read(session, ids)
        found = {r.id for r in rows}
        delta.nodes.extend(make(r) for r in rows)
        delta.removed_nodes.extend(_key(NODE_TABLES[table], i) for i in ids - found)
        if table == "organization":
            delta.links.extend(_parent(r) for r in rows if r.parent_id is not None)
            delta.removed_links.extend(f"parent:{r.id}" for r in rows if r.parent_id is None)
    for table in LINK_TABLES:
        ids = wanted.get(table)
        if not ids:
            continue
        read_links, make_link = _LINK_READERS[table]
        rows = await read_links(session, ids)
        found = {r.id for r in rows}
        delta.links.extend(make_link(r) for r in rows)
        delta.removed_links.extend(f"{table}:{i}" for i in ids - found)
    for table in PAIR_TABLES:
        ids = wanted.get(table)
        if not ids:
            continue
        read_pairs, make_pair = _LINK_READERS[table]
        delta.replaced_rows.extend(f"{table}:{i}" for i in sorted(ids))
        delta.links.extend(make_pair(r) for r in await read_pairs(session, ids))
    return delta
