"""Reads the network from the database as crm.graph records, and builds the graph."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import networkx as nx
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.queries import graph_rows as q
from crm.graph.build import build_graph
from crm.graph.records import EVENT, ORGANIZATION, PERSON, PROJECT, LinkRecord, NodeRecord

__all__ = ["load_graph", "load_records"]


def _key(type_name: str, key: int) -> str:
    return f"{type_name}:{key}"


def _value(value: Any) -> Any:
    """Enum members as their values; lists as tuples (records are immutable)."""
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    if isinstance(value, list):
        return tuple(value)
    return value


def _facts(row: Any, *names: str) -> dict[str, object]:
    return {name: _value(getattr(row, name)) for name in names if getattr(row, name) is not None}


async def load_records(session: AsyncSession) -> tuple[list[NodeRecord], list[LinkRecord]]:
    """Every node and link of the network, in one read transaction."""
    nodes: list[NodeRecord] = []
    for r in await q.people(session):
        attrs = _facts(r, "name", "name_latin", "country", "city", "hometown_province")
        attrs.update(expertise=tuple(r.expertise or ()), honours=tuple(r.honours or ()))
        nodes.append(NodeRecord(_key(PERSON, r.id), PERSON, r.name, attrs))
    organizations = await q.organizations(session)
    for r in organizations:
        attrs = _facts(r, "name", "name_en", "kind", "country")
        nodes.append(NodeRecord(_key(ORGANIZATION, r.id), ORGANIZATION, r.name, attrs))
    for r in await q.events(session):
        nodes.append(NodeRecord(_key(EVENT, r.id), EVENT, r.name, _facts(r, "name", "starts_on")))
    for r in await q.projects(session):
        nodes.append(NodeRecord(_key(PROJECT, r.id), PROJECT, r.name, _facts(r, "name", "field")))
    links = [link async for link in _links(session, organizations)]
    return nodes, links


async def _links(session: AsyncSession, organizations: Any) -> AsyncIterator[LinkRecord]:
    for r in await q.affiliations(session):
        yield LinkRecord(
            _key(PERSON, r.person_id),
            _key(ORGANIZATION, r.organization_id),
            "affiliation",
            _facts(r, "role", "title", "starts_on", "ends_on", "degree", "field_of_study"),
            key=f"affiliation:{r.id}",
        )
    for r in await q.relationships(session):
        yield LinkRecord(
            _key(PERSON, r.person_a_id),
            _key(PERSON, r.person_b_id),
            "relationship",
            _facts(r, "kind", "strength", "since", "source"),
            key=f"relationship:{r.id}",
        )
    for r in await q.attendances(session):
        yield LinkRecord(
            _key(PERSON, r.person_id),
            _key(EVENT, r.event_id),
            "attendance",
            _facts(r, "role"),
            key=f"attendance:{r.id}",
        )
    for r in await q.participations(session):
        member = (
            _key(PERSON, r.person_id)
            if r.person_id is not None
            else _key(ORGANIZATION, r.organization_id)
        )
        yield LinkRecord(
            member,
            _key(PROJECT, r.project_id),
            "participation",
            _facts(r, "role"),
            key=f"participation:{r.id}",
        )
    for r in await q.agreement_party_pairs(session):
        a, b = _party(r.a_person, r.a_organization), _party(r.b_person, r.b_organization)
        facts = {"title": r.title, **_facts(r, "status", "signed_on")}
        yield LinkRecord(a, b, "agreement_party", facts, key=f"agreement:{r.id}/{a}/{b}")
    for r in await q.introductions(session):
        target = (
            _key(PERSON, r.target_person_id)
            if r.target_person_id is not None
            else _key(ORGANIZATION, r.target_organization_id)
        )
        facts = _facts(r, "status")
        if r.broker_name is not None:
            facts["broker"] = r.broker_name
        facts["made_on"] = r.status_changed_at
        yield LinkRecord(
            _key(PERSON, r.seeker_id), target, "introduction", facts, key=f"introduction:{r.id}"
        )
    for r in await q.interaction_pairs(session):
        a, b = _key(PERSON, r.a_person), _key(PERSON, r.b_person)
        yield LinkRecord(
            a,
            b,
            "interaction",
            _facts(r, "kind", "occurred_at"),
            key=f"interaction:{r.id}/{a}/{b}",
        )
    for r in organizations:
        if r.parent_id is not None:
            yield LinkRecord(
                _key(ORGANIZATION, r.id),
                _key(ORGANIZATION, r.parent_id),
                "parent",
                {},
                key=f"parent:{r.id}",
            )


def _party(person_id: int | None, organization_id: int | None) -> str:
    if person_id is not None:
        return _key(PERSON, person_id)
    assert organization_id is not None  # a CHECK guarantees one of the two
    return _key(ORGANIZATION, organization_id)


async def load_graph(
    session: AsyncSession, *, today: date, exclude_withdrawn: bool = True
) -> nx.Graph:
    """The whole network as a graph (people who withdrew consent left out if asked)."""
    nodes, links = await load_records(session)
    exclude = (
        {_key(PERSON, p) for p in await q.withdrawn_consent(session)}
        if exclude_withdrawn
        else set()
    )
    return build_graph(nodes, links, today=today, exclude=exclude)
