"""Moving every link of absorbed people or organisations to the survivor, inside one transaction.

Rows move through the ORM, so the flush listeners log each moved link for the graph revision
and bump its version. A link the survivor already has (same unique key) is not moved: its
facts are merged into the survivor's row and the absorbed row is deleted. The caller checks
versions, deletes the absorbed records and writes the merge records.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col

from crm.db import models
from crm.db.enums import AttendanceRole, RelationshipKind
from crm.db.queries.common import table_of
from crm.db.queries.sql import contains

M = TypeVar("M", bound=SQLModel)


@dataclass
class LinkMoves:
    """What happened to one type of link: moved over, folded into the survivor's, dropped."""

    moved: int = 0
    merged: int = 0
    dropped: int = 0

    def to_json(self) -> dict[str, int]:
        return {"moved": self.moved, "merged": self.merged, "dropped": self.dropped}


@dataclass
class Moves:
    links: dict[str, LinkMoves] = field(default_factory=dict)

    def of(self, link: str) -> LinkMoves:
        return self.links.setdefault(link, LinkMoves())


async def _rows(session: AsyncSession, model: type[M], *where: ColumnElement[bool]) -> list[M]:
    statement = select(model).where(*where).order_by(col(model.id))  # type: ignore[attr-defined]
    return list((await session.execute(statement)).scalars())


def _fill(keep: Any, other: Any, names: Sequence[str]) -> None:
    for name in names:
        if getattr(keep, name) is None and getattr(other, name) is not None:
            setattr(keep, name, getattr(other, name))


#: folds an absorbed duplicate row into the survivor's
Fold = Callable[[Any, Any], Awaitable[None] | None]


def _fill_affiliation(keep: models.Affiliation, other: models.Affiliation) -> None:
    _fill(keep, other, ("title", "degree", "field_of_study"))


async def _move_unique(
    session: AsyncSession,
    moves: LinkMoves,
    model: type[M],
    column: str,
    absorbed: Sequence[int],
    survivor: int,
    *,
    key: Callable[[M], Hashable],
    fold: Fold | None = None,
) -> None:
    """Move the rows of `model` whose `column` names an absorbed record to the survivor,
    unless the survivor has one with the same key: then fold it into that one and delete it."""
    on = col(getattr(model, column))
    kept = {key(row): row for row in await _rows(session, model, on == survivor)}
    for row in await _rows(session, model, on.in_(list(absorbed))):
        existing = kept.get(key(row))
        if existing is None:
            setattr(row, column, survivor)
            kept[key(row)] = row
            moves.moved += 1
            continue
        if fold is not None and (folding := fold(existing, row)) is not None:
            await folding
        await session.delete(row)
        moves.merged += 1


# People -------------------------------------------------------------------------------


async def move_person_links(
    session: AsyncSession, survivor: int, absorbed: Sequence[int], global_ids: dict[str, str]
) -> Moves:
    """Move every link of the `absorbed` people to `survivor`; `global_ids` maps old → new."""
    moves, gone = Moves(), set(absorbed)
    A, S = list(gone), survivor  # noqa: N806 - the usual names in merge code

    def fold_attendance(keep: models.Attendance, other: models.Attendance) -> None:
        if keep.role == AttendanceRole.GUEST and other.role != AttendanceRole.GUEST:
            keep.role = other.role

    async def fold_application(keep: models.Application, other: models.Application) -> None:
        # Introductions that led to the absorbed application now led to the survivor's.
        intro = models.Introduction
        for row in await _rows(session, intro, col(intro.outcome_application_id) == other.id):
            row.outcome_application_id = keep.id

    # link, model, the key unique beside the person, folding a duplicate into the survivor's
    unique: list[tuple[str, type[Any], Callable[[Any], Hashable], Fold | None]] = [
        (
            "affiliation",
            models.Affiliation,
            lambda r: (r.organization_id, r.role, r.starts_on, r.ends_on),
            _fill_affiliation,
        ),
        ("attendance", models.Attendance, lambda r: r.event_id, fold_attendance),
        ("participation", models.Participation, lambda r: (r.project_id, r.role), None),
        ("agreement_party", models.AgreementParty, lambda r: r.agreement_id, None),
        ("interaction", models.InteractionParticipant, lambda r: r.interaction_id, None),
        ("application", models.Application, lambda r: r.position_id, fold_application),
        ("list_member", models.ListMember, lambda r: r.list_id, None),
    ]
    for link, model, key, fold in unique:
        await _move_unique(session, moves.of(link), model, "person_id", A, S, key=key, fold=fold)
    await _move_relationships(session, moves.of("relationship"), S, gone)
    await _move_introductions(session, moves.of("introduction"), S, gone, global_ids)
    consent = models.Consent
    for row in await _rows(session, consent, col(consent.person_id).in_(A)):
        row.person_id = S
        moves.of("consent").moved += 1
    moves.of("computed_metric").dropped += await _drop_metrics(session, "person", A)
    return moves


async def _move_relationships(
    session: AsyncSession, moves: LinkMoves, survivor: int, gone: set[int]
) -> None:
    rel = models.Relationship
    ids = [survivor, *gone]
    rows = await _rows(
        session, rel, or_(col(rel.person_a_id).in_(ids), col(rel.person_b_id).in_(ids))
    )
    kept: dict[Hashable, models.Relationship] = {}
    for row in rows:  # the survivor's own ties first: they are kept as they are
        if row.person_a_id not in gone and row.person_b_id not in gone:
            kept[(row.person_a_id, row.person_b_id, row.kind)] = row
    for row in rows:
        if row.person_a_id not in gone and row.person_b_id not in gone:
            continue
        a = survivor if row.person_a_id in gone else row.person_a_id
        b = survivor if row.person_b_id in gone else row.person_b_id
        if a == b:  # a tie between two of the merged people
            await session.delete(row)
            moves.dropped += 1
            continue
        if row.kind != RelationshipKind.MENTOR:
            a, b = min(a, b), max(a, b)
        existing = kept.get((a, b, row.kind))
        if existing is None:
            row.person_a_id, row.person_b_id = a, b
            kept[(a, b, row.kind)] = row
            moves.moved += 1
            continue
        existing.strength = max(existing.strength, row.strength)
        if row.since is not None and (existing.since is None or row.since < existing.since):
            existing.since = row.since
        _fill(existing, row, ("source",))
        await session.delete(row)
        moves.merged += 1


def _rewrite_path(path: list[str], global_ids: dict[str, str]) -> list[str]:
    rewritten: list[str] = []
    for node in path:
        node = global_ids.get(node, node)
        if not rewritten or rewritten[-1] != node:  # two merged hops become one
            rewritten.append(node)
    return rewritten


async def _rewrite_paths(
    session: AsyncSession, global_ids: dict[str, str], seen: set[int] | None = None
) -> None:
    intro = models.Introduction
    path = table_of(intro).c.path
    mentions = or_(*(contains(path, old) for old in global_ids))
    for row in await _rows(session, intro, mentions):
        if seen is None or row.id not in seen:
            row.path = _rewrite_path(list(row.path), global_ids)


async def _move_introductions(
    session: AsyncSession,
    moves: LinkMoves,
    survivor: int,
    gone: set[int],
    global_ids: dict[str, str],
) -> None:
    intro = models.Introduction
    ids = list(gone)
    rows = await _rows(
        session,
        intro,
        or_(
            col(intro.seeker_id).in_(ids),
            col(intro.target_person_id).in_(ids),
            col(intro.broker_id).in_(ids),
        ),
    )
    for row in rows:
        seeker = survivor if row.seeker_id in gone else row.seeker_id
        target = survivor if row.target_person_id in gone else row.target_person_id
        broker = survivor if row.broker_id in gone else row.broker_id
        if target is not None and target == seeker:  # between two of the merged people
            await session.delete(row)
            moves.dropped += 1
            continue
        row.seeker_id, row.target_person_id = seeker, target
        row.broker_id = None if broker == seeker else broker
        row.path = _rewrite_path(list(row.path), global_ids)
        moves.moved += 1
    await _rewrite_paths(session, global_ids, {row.id for row in rows if row.id is not None})


async def _drop_metrics(session: AsyncSession, node_type: str, ids: Sequence[int]) -> int:
    metric = models.ComputedMetric
    result = await session.execute(
        delete(metric).where(col(metric.node_type) == node_type, col(metric.node_id).in_(ids))
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def repoint_merge_records(
    session: AsyncSession, entity: str, survivor: int, absorbed: Sequence[int]
) -> None:
    """Records that led to an absorbed one now lead to the survivor (chains stay flat)."""
    record = models.MergeRecord
    await session.execute(
        update(record)
        .where(col(record.entity) == entity, col(record.survivor_id).in_(list(absorbed)))
        .values(survivor_id=survivor)
    )


# Organisations ------------------------------------------------------------------------


async def move_organization_links(
    session: AsyncSession, survivor: int, absorbed: Sequence[int], global_ids: dict[str, str]
) -> Moves:
    """Move every link and reference of the `absorbed` organisations to `survivor`."""
    moves, A, S = Moves(), list(absorbed), survivor  # noqa: N806

    unique: list[tuple[str, type[Any], Callable[[Any], Hashable], Fold | None]] = [
        (
            "affiliation",
            models.Affiliation,
            lambda r: (r.person_id, r.role, r.starts_on, r.ends_on),
            _fill_affiliation,
        ),
        ("participation", models.Participation, lambda r: (r.project_id, r.role), None),
        ("agreement_party", models.AgreementParty, lambda r: r.agreement_id, None),
        ("list_member", models.ListMember, lambda r: r.list_id, None),
    ]
    for link, model, key, fold in unique:
        await _move_unique(
            session, moves.of(link), model, "organization_id", A, S, key=key, fold=fold
        )
    for link, model, column in (
        ("position", models.Position, "organization_id"),
        ("interaction", models.Interaction, "organization_id"),
        ("introduction", models.Introduction, "target_organization_id"),
        ("event", models.Event, "organizer_id"),
        ("child_organization", models.Organization, "parent_id"),
    ):
        rows = await _rows(session, model, getattr(model, column).in_(A))
        for row in rows:
            if model is models.Organization and row.id in (S, *A):
                continue  # the survivor's own parent is settled by the caller
            setattr(row, column, S)
            moves.of(link).moved += 1
    await _rewrite_paths(session, global_ids)
    moves.of("computed_metric").dropped += await _drop_metrics(session, "organization", A)
    return moves
