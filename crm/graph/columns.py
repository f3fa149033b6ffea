"""The network's rows as typed columns: what the compact builder reads.

One row per node and per link, appended into typed arrays (`array.array`: 8 bytes a
number, no Python object per value), so ten million links fit in a few hundred MB
while they are read. Each link row carries the parts of its tie strength that depend
on the row alone (crm.graph.strength: the role, recorded strength or status as
`base`, the date that ages it as `day`, the recency floor); what depends on other
rows (hub sizes, the pair's latest contact, cohorts) is computed by
crm.graph.compact_build over the whole columns.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from crm.graph.compact import KINDS, NODE_TYPES
from crm.graph.records import HUB_KIND, LinkRecord, NodeRecord, fact_date, hub_end, key_type
from crm.graph.strength import (
    AFFILIATION_ROLE,
    AGREEMENT_STATUS,
    ATTENDANCE_ROLE,
    INTERACTION_EACH,
    INTRODUCTION_STATUS,
    PARENT_STRENGTH,
    PARTICIPATION_ROLE,
    RELATIONSHIP_DEFAULT,
)

__all__ = ["NO_DAY", "Alumnus", "NetworkColumns", "columns_from_records", "day_of"]

#: `day` of a row without a date
NO_DAY = -1
KIND_CODE = {kind: i for i, kind in enumerate(KINDS)}
TYPE_CODE = {name: i for i, name in enumerate(NODE_TYPES)}


def day_of(value: date | None) -> int:
    return NO_DAY if value is None else value.toordinal()


@dataclass(frozen=True, slots=True)
class Alumnus:
    """An alumni affiliation with a start: what cohort ties are derived from."""

    person: int
    organization: int
    starts_on: date
    ends_on: date | None
    field: str
    #: the affiliation row (0: not known, as for records)
    row: int = 0


@dataclass
class NetworkColumns:
    """Nodes and links as columns. Node ends are (type code, database id)."""

    node_type: array[int] = field(default_factory=lambda: array("B"))
    node_id: array[int] = field(default_factory=lambda: array("q"))
    #: declared size of a hub (0: none declared)
    node_declared: array[int] = field(default_factory=lambda: array("q"))
    #: when an event was held (attendance ages with it)
    node_day: array[int] = field(default_factory=lambda: array("q"))
    labels: list[str] = field(default_factory=list)
    kind: array[int] = field(default_factory=lambda: array("B"))
    #: for a membership (affiliation, attendance, participation) a is the member, b the hub
    a_type: array[int] = field(default_factory=lambda: array("B"))
    a_id: array[int] = field(default_factory=lambda: array("q"))
    b_type: array[int] = field(default_factory=lambda: array("B"))
    b_id: array[int] = field(default_factory=lambda: array("q"))
    base: array[float] = field(default_factory=lambda: array("d"))
    day: array[int] = field(default_factory=lambda: array("q"))
    floor: array[float] = field(default_factory=lambda: array("d"))
    alumni: list[Alumnus] = field(default_factory=list)
    #: cohort ties given ready-made (person id, person id, strength), instead of
    #: deriving them from `alumni`: for a part of the network whose alumni are not all here
    cohorts: list[tuple[int, int, float]] | None = None

    def add_node(
        self, type_name: str, node_id: int, label: str, *, declared: int = 0, day: int = NO_DAY
    ) -> None:
        self.node_type.append(TYPE_CODE[type_name])
        self.node_id.append(node_id)
        self.node_declared.append(declared)
        self.node_day.append(day)
        self.labels.append(label)

    def add_link(
        self,
        kind: str,
        a: tuple[int, int],
        b: tuple[int, int],
        *,
        base: float,
        day: int = NO_DAY,
        floor: float = 0.0,
    ) -> None:
        self.kind.append(KIND_CODE[kind])
        self.a_type.append(a[0])
        self.a_id.append(a[1])
        self.b_type.append(b[0])
        self.b_id.append(b[1])
        self.base.append(base)
        self.day.append(day)
        self.floor.append(floor)

    def extend_nodes(
        self,
        type_name: str,
        ids: Sequence[int],
        labels: Sequence[str],
        *,
        days: Sequence[int] | None = None,
    ) -> None:
        """Many nodes of one type at once (no declared sizes)."""
        count = len(ids)
        self.node_type.frombytes(bytes([TYPE_CODE[type_name]]) * count)
        self.node_id.extend(ids)
        self.node_declared.frombytes(bytes(8 * count))
        self.node_day.extend([NO_DAY] * count if days is None else days)
        self.labels.extend(labels)

    def extend_links(
        self,
        kind: str,
        a_type: np.ndarray,
        a_id: np.ndarray,
        b_type: np.ndarray,
        b_id: np.ndarray,
        *,
        base: np.ndarray,
        day: np.ndarray,
        floor: np.ndarray,
    ) -> None:
        """Many links of one kind at once, each with its row's part of the strength
        already worked out (what the per-fact methods below compute one at a time)."""
        self.kind.frombytes(np.full(len(a_id), KIND_CODE[kind], dtype=np.uint8).tobytes())
        for column, values, dtype in (
            (self.a_type, a_type, np.uint8),
            (self.a_id, a_id, np.int64),
            (self.b_type, b_type, np.uint8),
            (self.b_id, b_id, np.int64),
            (self.base, base, np.float64),
            (self.day, day, np.int64),
            (self.floor, floor, np.float64),
        ):
            column.frombytes(np.ascontiguousarray(values, dtype=dtype).tobytes())

    # -- one method per kind of fact: the row's own part of the tie strength ------------

    def relationship(
        self,
        a: tuple[int, int],
        b: tuple[int, int],
        *,
        kind: str | None,
        strength: object,
        seen: Iterable[date | None],
    ) -> None:
        default = RELATIONSHIP_DEFAULT.get(str(kind), 0.5)
        recorded = (
            float(strength)
            if isinstance(strength, int | float) and not isinstance(strength, bool)
            else default
        )
        known = [d for d in seen if d is not None]
        self.add_link(
            "relationship",
            a,
            b,
            base=min(1.0, max(0.0, recorded)),
            day=day_of(max(known)) if known else NO_DAY,
            floor=0.9 if kind == "family" else 0.5,
        )

    def introduction(
        self, a: tuple[int, int], b: tuple[int, int], *, status: str | None, made_on: date | None
    ) -> None:
        base = INTRODUCTION_STATUS.get(str(status), 0.0)
        if base > 0.0:  # a declined or pending introduction makes no tie
            self.add_link("introduction", a, b, base=base, day=day_of(made_on), floor=0.4)

    def interaction(self, a: tuple[int, int], b: tuple[int, int], *, on: date | None) -> None:
        self.add_link("interaction", a, b, base=INTERACTION_EACH, day=day_of(on))

    def agreement_party(
        self,
        a: tuple[int, int],
        b: tuple[int, int],
        *,
        status: str | None,
        signed_on: date | None,
    ) -> None:
        base = AGREEMENT_STATUS.get(str(status), 0.3)
        self.add_link("agreement_party", a, b, base=base, day=day_of(signed_on), floor=0.5)

    def parent(self, child: tuple[int, int], parent: tuple[int, int]) -> None:
        self.add_link("parent", child, parent, base=PARENT_STRENGTH)

    def affiliation(
        self,
        member: tuple[int, int],
        organization: tuple[int, int],
        *,
        role: str | None,
        starts_on: date | None,
        ends_on: date | None,
        field_of_study: str | None,
        row: int = 0,
    ) -> None:
        base = AFFILIATION_ROLE.get(str(role or ""), 0.5)
        self.add_link("affiliation", member, organization, base=base, day=day_of(ends_on))
        if role == "alumnus" and starts_on is not None:
            self.alumni.append(
                Alumnus(member[1], organization[1], starts_on, ends_on, field_of_study or "", row)
            )

    def attendance(self, member: tuple[int, int], event: tuple[int, int], *, role: str) -> None:
        base = ATTENDANCE_ROLE.get(role, 0.4)
        self.add_link("attendance", member, event, base=base)

    def participation(
        self, member: tuple[int, int], project: tuple[int, int], *, role: str
    ) -> None:
        base = PARTICIPATION_ROLE.get(role, 0.6)
        self.add_link("participation", member, project, base=base)


def _end(key: str) -> tuple[int, int]:
    type_name, _, raw = key.partition(":")
    return TYPE_CODE[type_name], int(raw)


def _declared(attrs: Mapping[str, object]) -> int:
    value = attrs.get("member_count", attrs.get("attendee_count"))
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def columns_from_records(
    nodes: Iterable[NodeRecord], links: Iterable[LinkRecord]
) -> NetworkColumns:
    """The columns of the records crm.graph.build reads (keys "Type:<integer id>")."""
    out = NetworkColumns()
    for node in nodes:
        type_name, node_id = node.key.partition(":")[0], int(node.key.partition(":")[2])
        starts_on = fact_date(node.attrs, "starts_on")
        out.add_node(
            type_name, node_id, node.label, declared=_declared(node.attrs), day=day_of(starts_on)
        )
    for link in links:
        _add_record(out, link)
    return out


def _add_record(out: NetworkColumns, link: LinkRecord) -> None:
    facts, kind = link.facts, link.kind
    a, b = _end(link.source), _end(link.target)
    if kind in HUB_KIND:
        hub = hub_end(link)
        member = link.source if hub == link.target else link.target
        a, b = _end(member), _end(hub)
        if key_type(hub) != HUB_KIND[kind]:
            return  # not a membership of a hub: it weighs nothing in the model either
    if kind == "relationship":
        seen = (fact_date(facts, n) for n in ("since", "recorded_on", "last_contact_on"))
        out.relationship(
            a, b, kind=_text(facts.get("kind")), strength=facts.get("strength"), seen=seen
        )
    elif kind == "introduction":
        made = fact_date(facts, "made_on")
        out.introduction(a, b, status=_text(facts.get("status")), made_on=made)
    elif kind == "interaction":
        out.interaction(a, b, on=fact_date(facts, "occurred_at"))
    elif kind == "agreement_party":
        signed = fact_date(facts, "signed_on")
        out.agreement_party(a, b, status=_text(facts.get("status")), signed_on=signed)
    elif kind == "parent":
        out.parent(a, b)
    elif kind == "affiliation":
        out.affiliation(
            a,
            b,
            role=_text(facts.get("role")),
            starts_on=fact_date(facts, "starts_on"),
            ends_on=fact_date(facts, "ends_on"),
            field_of_study=_text(facts.get("field_of_study")),
        )
    elif kind == "attendance":
        out.attendance(a, b, role=str(facts.get("role", "")))
    elif kind == "participation":
        out.participation(a, b, role=str(facts.get("role", "")))
    else:
        raise ValueError(f"unknown link kind {kind!r}")


def _text(value: object) -> str | None:
    return None if value is None else str(value)
