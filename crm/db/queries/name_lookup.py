"""Exact look-ups of many name keys at once (the importer's duplicates and references).

On PostgreSQL, `key IN (…2,000 keys…) AND kind = 'name'` lets the planner pick the
trigram GIN index (its partial predicate covers kind 'name', and pg_trgm answers `=`),
which splits each short Han name into one or two trigrams and rechecks thousands of
rows per key: 14 s for 2,000 names on the freshly seeded demo, and minutes once a bulk
import has grown the index's pending list (every GIN scan reads all of it), so the
import was cancelled by the statement timeout. The keys are looked up one by one in a
LATERAL subquery instead, where the B-tree `ix_name_key_key (key, kind, entity,
entity_id)` answers each with an index-only scan (3 ms for the same 2,000 names).
SQLite has no trigram index on name_key (its FTS table is separate): a plain IN.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from crm.db import models
from crm.db.queries.common import table_of

__all__ = ["exact_name_keys"]

_name_key = table_of(models.NameKey)

# OFFSET 0 keeps the subquery from being flattened into a join (which the planner would
# run as a sequential scan and a sort); the cast gives unnest its element type.
_LATERAL = text(
    "SELECT found.entity_id, found.key, found.kind "
    "FROM unnest(CAST(:keys AS text[])) AS wanted(key) "
    "CROSS JOIN LATERAL ("
    " SELECT name_key.entity_id, name_key.key, name_key.kind FROM name_key"
    " WHERE name_key.key = wanted.key AND name_key.entity = :entity"
    " AND name_key.kind = ANY(CAST(:kinds AS text[])) OFFSET 0"
    ") AS found"
).bindparams(bindparam("keys"), bindparam("entity"), bindparam("kinds"))


async def exact_name_keys(
    session: AsyncSession, keys: Sequence[str], *, entity: str, kinds: Sequence[str]
) -> list[tuple[int, str, str]]:
    """(entity_id, key, kind) of the name keys equal to one of `keys`, of these kinds."""
    if not keys:
        return []
    wanted = sorted(set(keys))
    if (await session.connection()).dialect.name == "postgresql":
        result = await session.execute(
            _LATERAL, {"keys": wanted, "entity": entity, "kinds": list(kinds)}
        )
    else:
        result = await session.execute(
            select(_name_key.c.entity_id, _name_key.c.key, _name_key.c.kind).where(
                _name_key.c.key.in_(wanted),
                _name_key.c.entity == entity,
                _name_key.c.kind.in_(list(kinds)),
            )
        )
    return [(int(r[0]), str(r[1]), str(r[2])) for r in result]
