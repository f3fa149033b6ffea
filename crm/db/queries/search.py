"""Look-ups in the name keys: exact, prefix, substring and trigram-similar keys, and blocks.

Substring and similarity use a trigram index on both databases: pg_trgm's GIN index on
PostgreSQL (`LIKE '%…%'` and `%`), the FTS5 trigram table on SQLite (`MATCH`). Each
function returns at most `limit` rows, so a common key never floods the caller.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, literal_column, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db.models import NameKey, NameKeyKind, Person
from crm.db.name_index import FTS_TABLE
from crm.db.queries.common import table_of
from crm.db.queries.person import like_pattern

name_key = table_of(NameKey)
person = table_of(Person)

#: exact hits of a better kind come first
KIND_ORDER: tuple[NameKeyKind, ...] = (
    NameKeyKind.NAME,
    NameKeyKind.LATIN,
    NameKeyKind.FULL,
    NameKeyKind.ALIAS,
    NameKeyKind.FORMER,
    NameKeyKind.GIVEN,
    NameKeyKind.WESTERN,
    NameKeyKind.INITIALS,
    NameKeyKind.SURNAME,
    NameKeyKind.PART,
)
#: above every character a key can hold, so [prefix, prefix + _TOP) is "starts with prefix"
_TOP = "\U0010ffff"
#: trigram similarity below this is not worth showing (pg_trgm's default is 0.3)
SIMILARITY_FLOOR = 0.3


@dataclass(frozen=True, slots=True)
class KeyHit:
    entity: str
    entity_id: int
    key: str
    kind: NameKeyKind


def _searchable(entities: Sequence[str]) -> list[ColumnElement[bool]]:
    return [name_key.c.entity.in_(list(entities)), name_key.c.kind != NameKeyKind.BLOCK]


def _hits(rows: Sequence[Any]) -> list[KeyHit]:
    return [KeyHit(r.entity, r.entity_id, r.key, NameKeyKind(r.kind)) for r in rows]


def _columns() -> Select[Any]:
    return select(name_key.c.entity, name_key.c.entity_id, name_key.c.key, name_key.c.kind)


async def exact_keys(
    session: AsyncSession, *, keys: Sequence[str], entities: Sequence[str], limit: int
) -> list[KeyHit]:
    """Keys equal to one of `keys`, the best kinds first."""
    if not keys:
        return []
    kind_rank = case(
        {kind.value: index for index, kind in enumerate(KIND_ORDER)}, value=name_key.c.kind
    )
    statement = (
        _columns()
        .where(name_key.c.key.in_(sorted(set(keys))), *_searchable(entities))
        .order_by(kind_rank, name_key.c.entity, name_key.c.entity_id)
        .limit(limit)
    )
    return _hits((await session.execute(statement)).all())


async def prefix_keys(
    session: AsyncSession, *, prefix: str, entities: Sequence[str], limit: int
) -> list[KeyHit]:
    """Keys that start with `prefix` (a range on the key index), in key order."""
    statement = (
        _columns()
        .where(
            name_key.c.key >= prefix,
            name_key.c.key < prefix + _TOP,
            name_key.c.key != prefix,
            *_searchable(entities),
        )
        .order_by(name_key.c.key, name_key.c.entity, name_key.c.entity_id)
        .limit(limit)
    )
    return _hits((await session.execute(statement)).all())


async def substring_keys(
    session: AsyncSession, *, fragment: str, entities: Sequence[str], limit: int
) -> list[KeyHit]:
    """Keys that contain `fragment` (three characters or more), shortest first."""
    if len(fragment) < 3:
        return []
    if await _dialect(session) == "postgresql":
        found = name_key.c.key.like(like_pattern(fragment), escape="\\")
    else:
        found = name_key.c.id.in_(_fts_match(_phrase(fragment)))
    statement = (
        _columns()
        .where(found, *_searchable(entities))
        .order_by(func.length(name_key.c.key), name_key.c.entity, name_key.c.entity_id)
        .limit(limit)
    )
    return _hits((await session.execute(statement)).all())


async def similar_keys(
    session: AsyncSession, *, text_: str, entities: Sequence[str], limit: int
) -> list[KeyHit]:
    """Keys sharing many trigrams with `text_` (typos, missing letters), most similar first."""
    if len(text_) < 3:
        return []
    if await _dialect(session) == "postgresql":
        similarity = func.similarity(name_key.c.key, text_)
        statement = (
            _columns()
            .where(name_key.c.key.op("%")(text_), *_searchable(entities))
            .order_by(similarity.desc(), name_key.c.entity, name_key.c.entity_id)
            .limit(limit)
        )
    else:
        grams = sorted({text_[i : i + 3] for i in range(len(text_) - 2)})
        query = " OR ".join(_phrase(gram) for gram in grams)
        ranked: Select[Any] = (
            select(literal_column("rowid").label("id"))
            .select_from(text(FTS_TABLE))
            .where(literal_column(FTS_TABLE).op("MATCH")(query))
            .order_by(literal_column("rank"))
            .limit(limit * 4)
        )
        statement = _columns().where(name_key.c.id.in_(ranked), *_searchable(entities))
    return _hits((await session.execute(statement)).all())


async def block_keys(session: AsyncSession, *, keys: Sequence[str], limit: int) -> list[int]:
    """People that share a blocking key with `keys`."""
    if not keys:
        return []
    statement = (
        select(name_key.c.entity_id)
        .where(
            name_key.c.key.in_(sorted(set(keys))),
            name_key.c.entity == "person",
            name_key.c.kind == NameKeyKind.BLOCK,
        )
        .distinct()
        .order_by(name_key.c.entity_id)
        .limit(limit)
    )
    return list((await session.execute(statement)).scalars())


async def person_names(session: AsyncSession, *, ids: Sequence[int]) -> list[Any]:
    """id, name and Latin name of these people."""
    if not ids:
        return []
    statement = select(person.c.id, person.c.name, person.c.name_latin).where(
        person.c.id.in_(list(ids))
    )
    return list((await session.execute(statement)).all())


def _fts_match(query: str) -> Select[Any]:
    return (
        select(literal_column("rowid"))
        .select_from(text(FTS_TABLE))
        .where(literal_column(FTS_TABLE).op("MATCH")(query))
    )


def _phrase(fragment: str) -> str:
    """An FTS5 string literal: the fragment as one phrase, quotes doubled."""
    return '"' + fragment.replace('"', '""') + '"'


async def _dialect(session: AsyncSession) -> str:
    connection = await session.connection()
    return connection.dialect.name
