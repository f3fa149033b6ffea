"""Erasure: delete a person everywhere, leave a tombstone of hashed keys, and match it.

The tombstone (`erasure`, `erasure_key`) holds only SHA-256 hashes of normalised keys
that would match the person again: each full-name form (汉字 simplified, pinyin and the
person's own Latin spelling, either order) with the birth year, the email and the phone
(its last digits, as duplicate detection compares them). `erased_match` tells the
mutations and the importer that a person they are about to create was erased.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Required, TypedDict, Unpack

from sqlalchemy import String, cast, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from crm.db import models
from crm.db.queries.common import table_of
from crm.db.tables import erasure as _erasure
from crm.db.tables import erasure_key as _erasure_key
from crm.db.tables import merge_record as _merge
from crm.names import PersonName, blocking_keys, normalize, person_keys

__all__ = [
    "ErasedRows",
    "erase_person_rows",
    "erased_match",
    "erased_on",
    "erasure_key_hashes",
    "expired_ids",
    "write_tombstone",
]


#: links deleted with a person: model → the columns naming the person
_LINKS: tuple[tuple[type[SQLModel], tuple[str, ...]], ...] = (
    (models.Affiliation, ("person_id",)),
    (models.Relationship, ("person_a_id", "person_b_id")),
    (models.Attendance, ("person_id",)),
    (models.Participation, ("person_id",)),
    (models.AgreementParty, ("person_id",)),
    (models.Application, ("person_id",)),
    (models.Consent, ("person_id",)),
    (models.PersonShare, ("person_id",)),
)


def erasure_keys(
    *,
    name: str,
    name_latin: str | None,
    birth_year: int | None,
    email: str | None,
    phone: str | None,
) -> set[str]:
    """The normalised keys that identify this person again (before hashing).

    >>> keys = erasure_keys(name="陳建國", name_latin=None, birth_year=1968,
    ...                     email=" Chen@Example.org", phone="+86 138 0000 1234")
    >>> sorted(k for k in keys if not k.startswith("person:"))
    ['email:chen@example.org', 'phone:00001234']
    >>> "person:chen jianguo:1968" in keys and "person:陈建国:1968" in keys
    True
    """
    keys: set[str] = set()
    if name and name.strip():
        derived = person_keys(name, latin=name_latin)
        forms = {derived.simplified, *derived.full}
        forms.update(normalize(text) for text in (name, name_latin) if text)
        year = str(birth_year) if birth_year is not None else "?"
        keys.update(f"person:{form}:{year}" for form in forms if form)
    record = PersonName(
        name=name or "-", emails=(email,) if email else (), phones=(phone,) if phone else ()
    )
    keys.update(k for k in blocking_keys(record) if k.startswith(("email:", "phone:")))
    return keys


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def erasure_key_hashes(
    *,
    name: str,
    name_latin: str | None = None,
    birth_year: int | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> set[str]:
    """SHA-256 (hex) of each key of `erasure_keys`: all a tombstone keeps."""
    keys = erasure_keys(
        name=name, name_latin=name_latin, birth_year=birth_year, email=email, phone=phone
    )
    return {_hash(key) for key in keys}


class PersonKeys(TypedDict, total=False):
    """What a person is recognised by after erasure (the arguments of erasure_key_hashes)."""

    name: Required[str]
    name_latin: str | None
    birth_year: int | None
    email: str | None
    phone: str | None


async def erased_on(session: AsyncSession, **keys: Unpack[PersonKeys]) -> datetime | None:
    """When the latest erased person matching any of these keys was erased (None: never)."""
    hashes = erasure_key_hashes(**keys)
    if not hashes:
        return None
    statement = (
        select(func.max(_erasure.c.erased_at))
        .join(_erasure_key, _erasure_key.c.erasure_id == _erasure.c.id)
        .where(_erasure_key.c.key_hash.in_(sorted(hashes)))
    )
    found: datetime | None = (await session.execute(statement)).scalar()
    return found


async def erased_match(session: AsyncSession, **keys: Unpack[PersonKeys]) -> bool:
    """Was a person with any of these keys erased? (For createPerson and the importer.)"""
    return await erased_on(session, **keys) is not None


async def write_tombstone(
    session: AsyncSession,
    person: models.Person,
    *,
    erased_by_id: int | None,
    reason: str | None,
    former_names: Iterable[tuple[str, str | None]] = (),
) -> models.Erasure:
    """The Erasure row and the hashes of the person's keys (and of names merged into them)."""
    hashes = erasure_key_hashes(
        name=person.name,
        name_latin=person.name_latin,
        birth_year=person.birth_year,
        email=person.email,
        phone=person.phone,
    )
    for name, latin in former_names:
        hashes |= erasure_key_hashes(name=name, name_latin=latin, birth_year=person.birth_year)
    erasure = models.Erasure(erased_by_id=erased_by_id, reason=reason)
    session.add(erasure)
    await session.flush()
    assert erasure.id is not None
    session.add_all(models.ErasureKey(erasure_id=erasure.id, key_hash=h) for h in sorted(hashes))
    await session.flush()
    return erasure


@dataclass
class ErasedRows:
    """What an erasure removed: table → keys of the deleted rows."""

    deleted: dict[str, list[int]] = field(default_factory=dict)
    #: introductions of others whose path no longer names the person
    paths_scrubbed: list[int] = field(default_factory=list)

    def add(self, table: str, key: int | None) -> None:
        if key is not None:
            self.deleted.setdefault(table, []).append(key)

    def counts(self) -> dict[str, int]:
        return {table: len(keys) for table, keys in sorted(self.deleted.items()) if keys}


async def _orm_rows(session: AsyncSession, model: type[Any], *where: Any) -> list[Any]:
    statement = select(model).where(*where).order_by(table_of(model).c.id)
    return list((await session.execute(statement)).scalars())


async def erase_person_rows(
    session: AsyncSession, person: models.Person, *, global_id: str
) -> ErasedRows:
    """Delete the person and everything about them, in the session's transaction.

    Rows are deleted through the ORM, so the graph change log, the name keys and the
    data-layer checks see each of them: links, introductions they were party to
    (seeker, target or broker), interactions where they were the only participant (they
    leave the others), computed metrics, merge records pointing to them, and the person.
    Introductions of others whose path passed through them (`global_id`) keep the path
    without them.
    """
    assert person.id is not None
    key = person.id
    out = ErasedRows()
    c = table_of(models.Introduction).c
    for row in await _orm_rows(
        session,
        models.Introduction,
        or_(c.seeker_id == key, c.target_person_id == key, c.broker_id == key),
    ):
        out.add("introduction", row.id)
        await session.delete(row)
    # The JSON text holds the ID in quotes on both databases; the loop checks exactly.
    through = cast(c.path, String).like(f'%"{global_id}"%')
    for row in await _orm_rows(session, models.Introduction, through):
        if row.id not in out.deleted.get("introduction", []) and global_id in row.path:
            row.path = [node for node in row.path if node != global_id]
            out.paths_scrubbed.append(row.id)
    await _erase_interactions(session, key, out)
    for model, columns in _LINKS:
        table = table_of(model)
        where = or_(*(table.c[column] == key for column in columns))
        for row in await _orm_rows(session, model, where):
            out.add(table.name, row.id)
            await session.delete(row)
    metric = table_of(models.ComputedMetric)
    gone = await session.execute(
        delete(metric)
        .where(metric.c.node_type == "person", metric.c.node_id == key)
        .returning(metric.c.id)
    )
    out.deleted["computed_metric"] = list(gone.scalars())
    gone = await session.execute(
        delete(_merge)
        .where(
            _merge.c.entity == "person",
            or_(_merge.c.survivor_id == key, _merge.c.absorbed_id == key),
        )
        .returning(_merge.c.id)
    )
    out.deleted["merge_record"] = list(gone.scalars())
    out.add("person", key)
    await session.delete(person)
    await session.flush()
    name_key = table_of(models.NameKey)
    # The flush listener drops the keys of a deleted person; this is belt and braces.
    await session.execute(
        delete(name_key).where(name_key.c.entity == "person", name_key.c.entity_id == key)
    )
    return out


async def _erase_interactions(session: AsyncSession, key: int, out: ErasedRows) -> None:
    participant = table_of(models.InteractionParticipant)
    theirs = select(participant.c.interaction_id).where(participant.c.person_id == key)
    counts = await session.execute(
        select(participant.c.interaction_id, func.count())
        .where(participant.c.interaction_id.in_(theirs))
        .group_by(participant.c.interaction_id)
    )
    alone = sorted(interaction for interaction, n in counts if n == 1)
    for row in await _orm_rows(
        session, models.InteractionParticipant, participant.c.person_id == key
    ):
        out.add("interaction_participant", row.id)
        await session.delete(row)
    if alone:
        interaction = table_of(models.Interaction)
        for row in await _orm_rows(session, models.Interaction, interaction.c.id.in_(alone)):
            out.add("interaction", row.id)
            await session.delete(row)


#: records with a retention date that `crm purge` deletes outright (people are erased)
RETAINED: tuple[type[SQLModel], ...] = (
    models.Interaction,
    models.Introduction,
    models.Application,
)


async def expired_ids(session: AsyncSession, model: type[SQLModel], today: date) -> Sequence[int]:
    """Keys of the records of `model` kept past their retention date (before `today`)."""
    table = table_of(model)
    statement = (
        select(table.c.id)
        .where(table.c.retention_until.is_not(None), table.c.retention_until < today)
        .order_by(table.c.id)
    )
    return (await session.execute(statement)).scalars().all()
